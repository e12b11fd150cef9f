// SPDX-License-Identifier: GPL-3.0-or-later

#include "ui/activitytimeline.h"

#include "ui/models/findingsmodel.h"

#include "core/analysissession.h"

#include "core/common/timeutil.h"
#include "core/report/reporttext.h"

#include <QBarCategoryAxis>
#include <QBarSet>
#include <QChart>
#include <QChartView>
#include <QComboBox>
#include <QDateTime>
#include <QDateTimeAxis>
#include <QDockWidget>
#include <QHBoxLayout>
#include <QItemSelectionModel>
#include <QLabel>
#include <QLegend>
#include <QLegendMarker>
#include <QLineSeries>
#include <QLocale>
#include <QStackedBarSeries>
#include <QVBoxLayout>
#include <QValueAxis>

#include <unordered_set>

using namespace Qt::StringLiterals;

namespace tw {

namespace {

// Distinguishable in light and dark palettes; the last is for "Other APIs" / "other findings".
const QList<QColor> kColors = {QColor(0x2f, 0x6d, 0xb3), QColor(0xe0, 0x8a, 0x1e), QColor(0x3b, 0x9e, 0x5a),
                               QColor(0xc2, 0x3b, 0x3b), QColor(0x8a, 0x5c, 0xc2), QColor(0x1f, 0xa3, 0xa8),
                               QColor(0xb5, 0x6b, 0x8f)};
const QColor kOther(0x9a, 0xa5, 0xb1);

} // namespace

QDockWidget* ActivityTimeline::createDock(AnalysisSession& session, QItemSelectionModel* findingsSelection,
                                          QWidget* parent)
{
    auto* timeline = new ActivityTimeline;
    timeline->setObjectName(u"activityTimeline"_s);
    auto* dock = new QDockWidget(tr("Activity Timeline"), parent);
    dock->setObjectName(u"activityTimelineDock"_s);
    dock->setWidget(timeline);
    AnalysisSession* s = &session;
    connect(s, &AnalysisSession::resultChanged, timeline,
            [s, timeline] { timeline->setSnapshot(s->store(), s->result()); });
    connect(findingsSelection, &QItemSelectionModel::currentRowChanged, timeline,
            [timeline](const QModelIndex& current) {
                timeline->setUser(current.isValid() ? std::optional<std::uint32_t>(
                                                          current.data(FindingsModel::UserIdRole).toUInt())
                                                    : std::nullopt);
            });
    return dock;
}

ActivityTimeline::ActivityTimeline(QWidget* parent)
    : QWidget(parent)
{
    m_title = new QLabel;
    m_title->setTextFormat(Qt::PlainText);
    m_splitBox = new QComboBox;
    m_splitBox->addItem(tr("By API"), int(ActivitySplit::Api));
    m_splitBox->addItem(tr("Read / write"), int(ActivitySplit::ReadWrite));
    m_splitBox->addItem(tr("Total"), int(ActivitySplit::Total));
    m_splitBox->setToolTip(tr("How the selected finding's events are stacked"));
    m_bucketBox = new QComboBox;
    m_bucketBox->addItem(tr("Auto"), int(Bucket::Auto));
    m_bucketBox->addItem(tr("Per hour"), int(Bucket::Hour));
    m_bucketBox->addItem(tr("Per day"), int(Bucket::Day));
    m_bucketBox->setToolTip(tr("Events per hour or per day (UTC)"));
    connect(m_splitBox, &QComboBox::activated, this,
            [this] { setSplit(ActivitySplit(m_splitBox->currentData().toInt())); });
    connect(m_bucketBox, &QComboBox::activated, this,
            [this] { setBucket(Bucket(m_bucketBox->currentData().toInt())); });

    auto makeView = [this](int minHeight) {
        auto* chart = new QChart;
        chart->setBackgroundRoundness(0);
        chart->setMargins(QMargins(4, 4, 4, 4));
        chart->setTheme(palette().color(QPalette::Window).lightness() < 128 ? QChart::ChartThemeDark
                                                                            : QChart::ChartThemeLight);
        auto* view = new QChartView(chart);
        view->setRenderHint(QPainter::Antialiasing);
        view->setMinimumHeight(minHeight);
        return view;
    };
    m_findingView = makeView(200);
    m_overviewView = makeView(110);
    m_overviewView->setMaximumHeight(150);
    m_overviewView->setToolTip(tr("All findings' events; the selected finding's share highlighted"));

    auto* bar = new QHBoxLayout;
    bar->addWidget(m_title, 1);
    bar->addWidget(m_splitBox);
    bar->addWidget(m_bucketBox);
    m_range = new QLabel;
    m_range->setTextFormat(Qt::PlainText);
    m_range->setWordWrap(true);
    m_range->setForegroundRole(QPalette::PlaceholderText);
    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(4, 4, 4, 4);
    layout->addLayout(bar);
    layout->addWidget(m_range);
    layout->addWidget(m_findingView, 3);
    layout->addWidget(m_overviewView, 1);
    rebuildOverview();
    rebuildFinding();
}

ActivityTimeline::~ActivityTimeline() = default;

QChart* ActivityTimeline::findingChart() const
{
    return m_findingView->chart();
}

QChart* ActivityTimeline::overviewChart() const
{
    return m_overviewView->chart();
}

QString ActivityTimeline::rangeText() const
{
    return m_range->text();
}

void ActivityTimeline::setSnapshot(std::shared_ptr<const EventStore> store,
                                   std::shared_ptr<const DetectionResult> result)
{
    m_store = std::move(store);
    m_result = std::move(result);
    m_findingsEvents =
        m_store && m_result ? eventsOfFindings(*m_store, *m_result) : std::vector<std::uint32_t>{};
    // The selected user may have been approved away.
    if (m_user && m_result &&
        std::none_of(m_result->findings.begin(), m_result->findings.end(),
                     [this](const UserActivity& a) { return a.user == *m_user; }))
        m_user.reset();
    rebuildOverview();
    rebuildFinding();
}

void ActivityTimeline::setUser(std::optional<std::uint32_t> user)
{
    if (user == m_user)
        return;
    m_user = user;
    rebuildOverview();
    rebuildFinding();
}

void ActivityTimeline::setSplit(ActivitySplit split)
{
    m_split = split;
    m_splitBox->setCurrentIndex(m_splitBox->findData(int(split)));
    rebuildFinding();
}

void ActivityTimeline::setBucket(Bucket bucket)
{
    m_bucket = bucket;
    m_bucketBox->setCurrentIndex(m_bucketBox->findData(int(bucket)));
    rebuildOverview();
    rebuildFinding();
}

qint64 ActivityTimeline::bucketMs(TimeMs first, TimeMs last) const
{
    switch (m_bucket) {
    case Bucket::Hour:
        // An hour a bar over months would be tens of thousands of bars: cap to what can be drawn.
        return last - first > 31LL * 24 * kHourMs ? 24 * kHourMs : kHourMs;
    case Bucket::Day:
        return 24 * kHourMs;
    case Bucket::Auto:
        break;
    }
    return autoBucketMs(first, last);
}

void ActivityTimeline::rebuildOverview()
{
    m_overview = {};
    QString range;
    if (m_store && !m_findingsEvents.empty()) {
        const auto& time = m_store->events.time;
        const auto [lo, hi] = std::minmax_element(m_findingsEvents.begin(), m_findingsEvents.end(),
                                                  [&time](auto a, auto b) { return time[a] < time[b]; });
        const qint64 size = bucketMs(time[*lo], time[*hi]);
        m_overview = activitySeries(*m_store, m_findingsEvents, ActivitySplit::Total, size);
        range = tr("Findings' events from %1 to %2 UTC, per %3")
                    .arg(formatSplunkTime(time[*lo]), formatSplunkTime(time[*hi]),
                         bucketUnit(m_overview.bucketMs));
        // One forged eventTime is enough to stretch the axis over centuries: say so, in words.
        constexpr qint64 kYearMs = 36524LL * 24 * kHourMs / 100;
        if (time[*hi] - time[*lo] > 10 * kYearMs) {
            range += u' ' + tr("— a span of %1 years: check for forged or mistyped eventTime values")
                                .arg(QLocale().toString(qint64((time[*hi] - time[*lo]) / kYearMs)));
            m_range->setForegroundRole(QPalette::WindowText);
        } else {
            m_range->setForegroundRole(QPalette::PlaceholderText);
        }
        m_overview.names = {tr("Other findings")};
        if (m_user) {
            // Split the one series into the selected user's share and the rest.
            const auto& users =
                m_result->rules == RuleSet::Ta7 ? m_store->events.userTa7 : m_store->events.userLegacy;
            std::vector<std::uint32_t> mine;
            for (auto e : m_findingsEvents)
                if (users[e] == *m_user)
                    mine.push_back(e);
            const ActivitySeries selected =
                activitySeries(*m_store, mine, ActivitySplit::Total, m_overview.bucketMs, 0, m_overview.start,
                               m_overview.start + m_overview.bucketMs * m_overview.buckets - 1);
            auto& others = m_overview.counts[0];
            for (std::size_t b = 0; b < others.size(); ++b)
                others[b] -= selected.counts[0][b];
            m_overview.names.prepend(tr("Selected finding"));
            m_overview.counts.insert(m_overview.counts.begin(), selected.counts[0]);
        }
    }
    m_range->setText(range);
    fillChart(m_overviewView->chart(), m_overview, true);
}

void ActivityTimeline::rebuildFinding()
{
    m_finding = {};
    QString title = tr("Select a finding to see its timeline");
    if (m_store && m_result && m_user) {
        const auto events = eventsOfUser(*m_store, m_result->rules, *m_user);
        if (!events.empty()) {
            const auto& time = m_store->events.time;
            m_finding = activitySeries(*m_store, events, m_split,
                                       bucketMs(time[events.front()], time[events.back()]));
            // The name is log text: shown plain (QLabel::PlainText) and with invisible characters made
            // visible.
            title = tr("%1 — %n event(s), per %2 (UTC)", nullptr, int(m_finding.total))
                        .arg(ReportText::visible(m_store->qstr(*m_user)), bucketUnit(m_finding.bucketMs));
        }
    }
    m_title->setText(title);
    fillChart(m_findingView->chart(), m_finding, false);
}

// Stacked bars on a hidden category axis (one category a bucket), with a date-time axis over the
// same span for the labels: bar i covers [start + i*bucket, start + (i+1)*bucket), which is where
// the category axis's default range [-0.5, n-0.5] puts it, so the two axes line up exactly.
void ActivityTimeline::fillChart(QChart* chart, const ActivitySeries& series, bool compact) const
{
    chart->removeAllSeries();
    const auto axes = chart->axes();
    for (QAbstractAxis* axis : axes) {
        chart->removeAxis(axis);
        delete axis;
    }
    chart->legend()->setVisible(!compact && series.names.size() > 1);
    chart->legend()->setAlignment(Qt::AlignRight);
    if (series.buckets == 0)
        return;

    // Padded with empty buckets to a multiple of the label intervals, so that every date-time label
    // falls on a bucket boundary (a whole hour or day) rather than at 19:12.
    const int intervals = compact ? 2 : 6;
    const int buckets = (series.buckets + intervals - 1) / intervals * intervals;
    auto* bars = new QStackedBarSeries;
    bars->setBarWidth(0.9);
    const bool twoTone = compact && series.names.size() == 2;
    for (qsizetype s = 0; s < series.names.size(); ++s) {
        // Series names can be API names from the log, and Qt Charts renders legend labels as HTML:
        // escaped, with invisible characters made visible, so "<b>Get</b>" reads as written.
        auto* set = new QBarSet(ReportText::html(series.names[s]));
        const bool other = series.names[s] == tr("Other APIs") || series.names[s] == tr("Other findings");
        set->setColor(twoTone && s == 0 ? kColors[0] : other ? kOther : kColors[s % kColors.size()]);
        set->setBorderColor(set->color());
        QList<qreal> values;
        values.reserve(buckets);
        for (quint32 c : series.counts[std::size_t(s)])
            values << c;
        while (values.size() < buckets)
            values << 0;
        set->append(values);
        bars->append(set);
    }
    chart->addSeries(bars);
    QStringList categories;
    categories.reserve(buckets);
    for (int i = 0; i < buckets; ++i)
        categories << QString::number(i);
    auto* categoryAxis = new QBarCategoryAxis;
    categoryAxis->append(categories);
    categoryAxis->setVisible(false);
    chart->addAxis(categoryAxis, Qt::AlignBottom);
    bars->attachAxis(categoryAxis);

    // Whole numbers only: a peak of 1 with five ticks would read 0, 0, 0, 0, 1.
    const quint32 peak = std::max<quint32>(1, series.peak);
    auto* counts = new QValueAxis;
    counts->setRange(0, peak);
    counts->setLabelFormat(u"%d"_s);
    if (compact) {
        counts->setTickCount(2);
    } else if (peak <= 4) {
        counts->setTickCount(int(peak) + 1);
    } else {
        counts->setTickCount(5);
        counts->applyNiceNumbers();
    }
    chart->addAxis(counts, Qt::AlignLeft);
    bars->attachAxis(counts);

    // An invisible two-point line gives the date-time axis its span. QDateTimeAxis (Qt 6.4) labels
    // in local time only, so the span is shifted by the local offset to make the labels read UTC.
    auto* span = new QLineSeries;
    const TimeMs end = series.start + series.bucketMs * buckets;
    const qint64 offset = QDateTime::fromMSecsSinceEpoch(series.start).offsetFromUtc() * 1000LL;
    span->append(qreal(series.start - offset), 0);
    span->append(qreal(end - offset), 0);
    span->setPen(Qt::NoPen);
    chart->addSeries(span);
    chart->legend()->markers(span).value(0)->setVisible(false);
    auto* times = new QDateTimeAxis;
    times->setRange(QDateTime::fromMSecsSinceEpoch(series.start - offset),
                    QDateTime::fromMSecsSinceEpoch(end - offset));
    times->setFormat(series.bucketMs < 24 * kHourMs ? u"MM-dd HH:mm"_s : u"yyyy-MM-dd"_s);
    times->setTickCount(intervals + 1);
    chart->addAxis(times, Qt::AlignBottom);
    span->attachAxis(times);
    span->attachAxis(counts);
}

} // namespace tw
