// SPDX-License-Identifier: GPL-3.0-or-later

#include "core/report/htmlreport.h"

#include "core/detection/detectioninfo.h"
#include "core/detection/risk.h"
#include "core/report/reporttext.h"

#include <QLocale>

#include <algorithm>

using namespace Qt::StringLiterals;

namespace tw {

namespace {

using ReportText::html;

// Kept to what both a browser and QTextDocument understand where it matters (colours, fonts,
// borders via attributes); layout niceties are browser-only and degrade to plain tables.
constexpr char16_t kCss[] = uR"(
body { font-family: "DejaVu Sans", "Segoe UI", Helvetica, Arial, sans-serif; font-size: 10pt; color: #1d2530; }
h1 { font-size: 18pt; margin: 0 0 4px 0; color: #14304f; }
h2 { font-size: 13pt; margin: 22px 0 6px 0; color: #14304f; border-bottom: 2px solid #c9d6e4; padding-bottom: 2px; }
h3 { font-size: 11pt; margin: 16px 0 4px 0; color: #14304f; }
p.sub { color: #4d5b6a; margin: 0 0 12px 0; }
table { border-collapse: collapse; margin: 4px 0 8px 0; }
th { background-color: #e8eef5; text-align: left; font-weight: bold; }
th, td { border: 1px solid #c9d6e4; padding: 3px 6px; vertical-align: top; }
td.num, th.num { text-align: right; white-space: nowrap; }
.mono, td.time { font-family: "DejaVu Sans Mono", monospace; font-size: 9pt; }
.hash { font-family: "DejaVu Sans Mono", monospace; font-size: 7.5pt; }
.muted { color: #5f6d7c; }
.warn { color: #a4161a; font-weight: bold; }
.more { color: #5f6d7c; font-style: italic; }
pre { background-color: #f3f6f9; border: 1px solid #d5dde6; padding: 6px; font-size: 8.5pt; white-space: pre-wrap; }
.cards td { border: none; padding: 0 18px 0 0; }
.card-n { font-size: 15pt; font-weight: bold; color: #14304f; }
.card-l { color: #4d5b6a; font-size: 9pt; }
a { color: #1f5fa8; text-decoration: none; }
)";

// On paper (QTextDocument): names a little smaller, so that the findings table's columns hold their
// longest words (API names); Qt would wrap every cell anywhere otherwise.
constexpr char16_t kPaperCss[] = uR"(
.mono, td.time { font-size: 8pt; }
)";

// Layout that only a browser does (QTextDocument would take the body margin literally).
constexpr char16_t kBrowserCss[] = uR"(
body { margin: 24px auto; max-width: 1180px; padding: 0 16px; }
td { unicode-bidi: isolate; overflow-wrap: anywhere; }
table.findings td { overflow-wrap: break-word; }
td.user { overflow-wrap: normal; }
table.findings, table.kv { width: 100%; }
table.kv th { width: 150px; }
svg { display: block; }
div.axis { display: flex; justify-content: space-between; font-size: 8pt; color: #5f6d7c; margin-bottom: 6px; }
@media print { body { margin: 0; max-width: none; } section.finding { break-inside: avoid; } }
)";

constexpr int kTableApis = 6; // API names in the findings table before "+N more"

// A name in a browser's table: line breaks only where a reader sees a word end (userHtml).
constexpr int kUnbrokenRun = 40;

bool breaksAfter(QChar c)
{
    return c == u'-' || c == u'_' || c == u'.' || c == u':' || c == u'/' || c == u'@';
}

// A user name for a browser, with <wbr/> where it may wrap: after the separators above and where
// a lower-case letter meets an upper-case one ("OrganizationAccount|AccessRole"). Its cell does not
// break words otherwise (td.user), where overflow-wrap: anywhere broke "OrganizationAccountAcc|ess".
// A run of kUnbrokenRun characters without any word end (a forged name) may still wrap, so that it
// cannot push the table off the page.
QString userHtml(const QString& user)
{
    const QString shown = ReportText::visible(user);
    QString out;
    QString piece;
    const auto flush = [&] {
        if (!piece.isEmpty())
            out += html(piece) % u"<wbr/>";
        piece.clear();
    };
    for (qsizetype i = 0; i < shown.size(); ++i) {
        const QChar c = shown[i];
        const bool camel = i > 0 && c.isUpper() && shown[i - 1].isLower();
        if ((camel || piece.size() >= kUnbrokenRun) && !c.isLowSurrogate())
            flush();
        piece += c;
        if (breaksAfter(c))
            flush();
    }
    out += html(piece);
    if (out.endsWith(u"<wbr/>"))
        out.chop(6);
    return out;
}

QString time(TimeMs t)
{
    return formatSplunkTime(t);
}

// A space instead of the "T", so that a narrow table column (on paper) can wrap date and time.
QString cellTime(TimeMs t)
{
    return formatSplunkTime(t).replace(u'T', u' ');
}

QString joinHtml(const QStringList& values, int limit = -1)
{
    QString out;
    const qsizetype n = limit < 0 ? values.size() : std::min<qsizetype>(limit, values.size());
    for (qsizetype i = 0; i < n; ++i) {
        if (i)
            out += u", ";
        out += u"<span class=\"mono\">" % html(values[i]) % u"</span>";
    }
    if (n < values.size())
        out += u" <span class=\"more\">+" % reportNumber(static_cast<quint64>(values.size() - n)) %
               u" more</span>";
    if (values.isEmpty())
        out += u"<span class=\"muted\">none</span>";
    return out;
}

// A finding's API names, sensitive ones first in the warning colour (docs/detection.md, Risk). The
// sensitive ones are always all shown; `limit` cuts only the others.
QString apisHtml(const ReportFinding& f, int limit = -1)
{
    QString out;
    const qsizetype sensitive = std::min<qsizetype>(f.sensitiveApis, f.apis.size());
    const qsizetype n =
        limit < 0 ? f.apis.size() : std::min<qsizetype>(std::max<qsizetype>(limit, sensitive), f.apis.size());
    for (qsizetype i = 0; i < n; ++i) {
        if (i)
            out += u", ";
        if (i < sensitive)
            out += u"<span class=\"mono warn\"><b>" % html(f.apis[i]) % u"</b></span>";
        else
            out += u"<span class=\"mono\">" % html(f.apis[i]) % u"</span>";
    }
    if (n < f.apis.size())
        out += u" <span class=\"more\">+" % reportNumber(static_cast<quint64>(f.apis.size() - n)) %
               u" more</span>";
    if (f.apis.isEmpty())
        out += u"<span class=\"muted\">none</span>";
    return out;
}

QString known(const ReportFinding& f, quint64 value)
{
    if (f.riskKnown)
        return reportNumber(value);
    return u"<span class=\"muted\">" % QLatin1StringView(kRiskNotAvailable) % u"</span>";
}

// The same in a number cell of the findings table, which does not wrap (td.num): on paper "not
// available" goes on two lines, so that an imported result's column is only as wide as "available".
QString knownCell(const ReportFinding& f, quint64 value, HtmlFlavor flavor)
{
    if (f.riskKnown || flavor == HtmlFlavor::Browser)
        return known(f, value);
    return u"<span class=\"muted\">" % QString::fromLatin1(kRiskNotAvailable).replace(u' ', u"<br/>"_s) %
           u"</span>";
}

// "37 (2 sensitive)".
QString apisCount(const ReportFinding& f)
{
    QString out = reportNumber(static_cast<quint64>(f.eventNames.size()));
    if (!f.riskKnown)
        out += u", sensitive " % QLatin1StringView(kRiskNotAvailable);
    else if (f.sensitiveApis > 0)
        out += u", " % QString::number(f.sensitiveApis) % u" sensitive";
    return out;
}

QString tallies(const std::vector<Tally>& values)
{
    QString out;
    const std::size_t n = std::min<std::size_t>(kReportTallyLimit, values.size());
    for (std::size_t i = 0; i < n; ++i) {
        if (i)
            out += u"<br/>";
        out += u"<span class=\"mono\">" % html(values[i].value) % u"</span> <span class=\"muted\">(" %
               reportNumber(values[i].count) % u")</span>";
    }
    if (n < values.size())
        out += u"<br/><span class=\"more\">and " % reportNumber(values.size() - n) % u" more</span>";
    if (values.empty())
        out += u"<span class=\"muted\">none recorded</span>";
    return out;
}

QString axisLabel(TimeMs t, const ReportAxis& axis)
{
    const QString s = formatSplunkTime(t);
    return axis.bucketMs < 24LL * 3600 * 1000 ? s.left(13).replace(u'T', u' ') + u":00" : s.left(10);
}

// Bars of events per bucket. Only numbers and our own labels go into the SVG; the accessible
// title carries the user name, escaped like any other text.
QString svgChart(const std::vector<quint32>& counts, const ReportAxis& axis, int width, int height,
                 bool labels, const QString& title)
{
    const quint32 peak = counts.empty() ? 0 : *std::max_element(counts.begin(), counts.end());
    // A labelled chart stretches to the page width (only the bars scale, so preserveAspectRatio
    // "none" distorts nothing) and carries its labels as HTML under it; a sparkline keeps its size.
    QString out = u"<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"" %
                  (labels ? QStringLiteral("100%") : QString::number(width)) % u"\" height=\"" %
                  QString::number(height) % u"\" viewBox=\"0 0 " % QString::number(width) % u' ' %
                  QString::number(height) % u"\" preserveAspectRatio=\"none\" role=\"img\"><title>" %
                  html(title) % u"</title><rect x=\"0\" y=\"0\" width=\"" % QString::number(width) %
                  u"\" height=\"" % QString::number(height) % u"\" fill=\"#f3f6f9\"/>";
    if (axis.buckets > 0 && peak > 0) {
        const double slot = static_cast<double>(width) / axis.buckets;
        const double barW = std::max(1.0, slot * 0.8);
        for (int i = 0; i < axis.buckets; ++i) {
            const quint32 c = counts[static_cast<std::size_t>(i)];
            if (c == 0)
                continue;
            // At least 2px so that a single event stays visible next to a busy hour.
            const double h = std::max(2.0, (height - 2) * static_cast<double>(c) / peak);
            out += u"<rect x=\"" % QString::number(i * slot + (slot - barW) / 2, 'f', 1) % u"\" y=\"" %
                   QString::number(height - h, 'f', 1) % u"\" width=\"" % QString::number(barW, 'f', 1) %
                   u"\" height=\"" % QString::number(h, 'f', 1) % u"\" fill=\"#2f6db3\"/>";
        }
    }
    out += u"</svg>";
    if (labels && axis.buckets > 0) {
        const TimeMs end = axis.start + axis.bucketMs * axis.buckets;
        out += u"<div class=\"axis\"><span>" % html(axisLabel(axis.start, axis)) %
               u"</span><span>events per " % html(axis.unit()) % u", peak " % reportNumber(peak) %
               u" (UTC)</span><span>" % html(axisLabel(end, axis)) % u"</span></div>";
    }
    return out;
}

// The overview's chart when finding < 0, else finding's (counts: its activity, user: its name).
QString chart(const ReportData& data, int finding, const std::vector<quint32>& counts, const QString& user,
              int width, int height, bool labels, HtmlFlavor flavor)
{
    const QString title = finding < 0
                              ? QStringLiteral("Events of all reported findings per %1").arg(data.axis.unit())
                              : u"Events per " % data.axis.unit() % u" of " % user;
    if (flavor == HtmlFlavor::Browser)
        return svgChart(counts, data.axis, width, height, labels, title);
    return u"<img src=\"" % chartResourceName(finding) % u"\" width=\"" % QString::number(width) %
           u"\" height=\"" % QString::number(height) % u"\" alt=\"" % html(title) % u"\"/>";
}

QString row(const QString& key, const QString& valueHtml)
{
    return u"<tr><th width=\"20%\">" % key % u"</th><td>" % valueHtml % u"</td></tr>";
}

// Under the user name in the findings table: what it can be mistaken for.
QString lookalikeHtml(const ReportFinding& f)
{
    if (f.confusableWith.isEmpty())
        return {};
    return u"<br/><span class=\"warn\">looks like " % joinHtml(f.confusableWith) % u"</span>";
}

QString lookupHtml(const ManifestLookup& l, QStringView what = u"identities")
{
    if (l.path.isEmpty())
        return QStringLiteral("<span class=\"muted\">none</span>");
    QString out = u"<span class=\"mono\">" % html(l.path) % u"</span><br/>" % reportNumber(l.entries) % u' ' %
                  what % u" from " % reportNumber(l.rows) % u" rows; SHA-256 <span class=\"mono\">" %
                  html(QString::fromLatin1(l.sha256)) % u"</span>";
    if (!l.error.isEmpty())
        out += u"<br/><b>" % html(l.error) % u"</b>";
    return out;
}

QString rulesText(RuleSet rules)
{
    return rules == RuleSet::Ta7 ? QStringLiteral("ta7 (Splunk Add-on for AWS 7.x field rules)")
                                 : QStringLiteral("legacy (Splunk Add-on for AWS 1.x field rules)");
}

// Line by line, so that the newlines of the search survive visible().
QString splHtml()
{
    QStringList lines;
    for (const auto line : QStringView(DetectionInfo::kSpl).split(u'\n'))
        lines << html(line);
    return lines.join(u'\n');
}

QString card(quint64 n, const QString& label)
{
    return u"<td><div class=\"card-n\">" % reportNumber(n) % u"</div><div class=\"card-l\">" % label %
           u"</div></td>";
}

// On paper the review marks follow the user name on its full-width row ("· new · status: New"):
// a Review column took the width the longest API names need, and Qt then broke every cell of the
// table anywhere ("PutBucketPublicAccessBl|ock").
QString paperReviewMark(const ReportData& data, std::size_t i)
{
    if (i >= data.review.size())
        return {};
    const FindingReview& r = data.review[i];
    return u" · "_s % (r.since.isNew ? u"<b>new</b> · "_s : QString()) % u"status: "_s %
           html(triageStatusName(r.status));
}

// scan --review: new since the last review (and what) and the triage; empty without.
QString reviewRow(const ReportData& data, std::size_t i)
{
    if (i >= data.review.size())
        return {};
    const FindingReview& r = data.review[i];
    QString text =
        (r.since.isNew ? u"<b>new</b> (" + html(r.since.describe()) + u')' : QStringLiteral("not new")) +
        u"; status " + triageStatusName(r.status);
    if (!r.owner.isEmpty())
        text += u"; owner " + html(r.owner);
    if (!r.ticket.isEmpty())
        text += u"; ticket " + html(r.ticket);
    if (!r.note.isEmpty())
        text += u"; note: " + html(r.note);
    return row(QStringLiteral("Review"), text);
}

} // namespace

QString reportNumber(quint64 n)
{
    return QLocale(QLocale::English, QLocale::UnitedStates).toString(n);
}

QString chartResourceName(int finding)
{
    return finding < 0 ? QStringLiteral("twchart:overview") : u"twchart:" % QString::number(finding);
}

QString htmlReport(const ReportData& data, HtmlFlavor flavor)
{
    ReportBuffer buffer;
    writeHtmlReport(data, buffer.sink(), flavor);
    return QString::fromUtf8(buffer.bytes());
}

bool writeHtmlReport(const ReportData& data, const ReportSink& sink, HtmlFlavor flavor)
{
    const RunManifest& m = data.manifest;
    const bool browser = flavor == HtmlFlavor::Browser;
    // The text is built in pieces that go to the sink once they pass kReportChunk characters:
    // whole appends only, so a piece never ends inside a surrogate pair.
    QString out;
    bool ok = true;
    const auto drain = [&](bool force) {
        if (ok && (force || out.size() > kReportChunk))
            ok = sink(out.toUtf8());
        out.clear();
        return ok;
    };
    out += u"<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"/>";
    if (browser)
        out += u"<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; style-src "
               u"'unsafe-inline'; img-src data:\"/>"
               u"<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\"/>";
    out += u"<meta name=\"generator\" content=\"TrailWarden " % html(m.version) % u"\"/>" %
           u"<title>TrailWarden findings report</title><style>" % QStringView(kCss) %
           (browser ? QStringView(kBrowserCss) : QStringView(kPaperCss)) % u"</style></head>\n<body>";

    out += u"<h1>AWS API activity from unapproved accounts</h1><p class=\"sub\">TrailWarden findings report "
           u"&#183; "
           u"generated " %
           html(generatedText(m)) % u" &#183; " % html(rulesText(m.rules)) % u"</p>";
    if (!m.scope.isEmpty())
        out += u"<p><b>Scope:</b> " % html(m.scope) % u"</p>";
    for (const QString& warning : reportWarnings(m))
        out += u"<p class=\"warn\"><font color=\"#a4161a\">Warning: " % html(warning) % u"</font></p>";

    out += u"<table class=\"cards\"><tr>" % card(m.reported, QStringLiteral("findings reported")) %
           card(m.events, QStringLiteral("events read")) % card(m.successful, QStringLiteral("successful")) %
           card(m.excluded, QStringLiteral("excluded by the lists")) %
           card(m.fileCount, QStringLiteral("files")) % u"</tr></table>";
    if (m.firstEvent)
        out += u"<p class=\"sub\">Events from " % html(time(*m.firstEvent)) % u" to " %
               html(time(*m.lastEvent)) % u" UTC. Times in this report are UTC.</p>";

    if (!data.empty()) {
        out += u"<h2>Activity of the reported findings</h2>" % chart(data, -1, data.overview(), QString(),
                                                                     browser ? 1100 : 640, browser ? 110 : 90,
                                                                     true, flavor);
    }

    out += u"<h2>Findings</h2>";
    if (data.empty()) {
        out += u"<p>No user made successful API calls without being on the approved accounts or the identity "
               u"list.</p>";
    } else {
        // With a review file (scan --review, the window's list): new or not and the status, at a
        // glance; the detail's Review row says what is new and the owner, ticket and note.
        const bool review = !data.review.empty();
        if (browser) {
            out +=
                u"<table class=\"findings\" border=\"1\" cellspacing=\"0\" cellpadding=\"3\"><thead><tr><th "
                u"class=\"num\">#</th><th>User</th><th "
                u"class=\"num\">Risk</th><th>Class</th><th class=\"num\">Events</th><th "
                u"class=\"num\">Writes</th><th class=\"num\">Failed</th><th>First seen</th><th>Last "
                u"seen</th><th>APIs</th>";
            if (review)
                out += u"<th>Review</th>";
            out += u"<th>Activity</th></tr></thead><tbody>";
        } else {
            // On paper a user name gets a row of its own, the table's full width: in a column it was
            // broken mid-word ("OrganizationAccountAcc|essRole"). Qt wraps every cell of a table
            // anywhere once the table's widest words do not fit its columns, so the columns are
            // chosen to hold theirs (first and last seen share one, the APIs take the rest). A number
            // does not wrap (td.num), and Qt makes a column at least as wide as what cannot wrap: the
            // number columns ask for 1%, so that each is as wide as its widest number or heading and
            // no wider. The rank of finding 1,000 or 12,345,678 events widen theirs, a report of 100
            // findings leaves the rest to the names. (Without a width, a column's minimum is counted
            // twice when Qt sizes the percentage columns before it: Class shrank to a letter.)
            const auto w = [](int percent) -> QString {
                return u" width=\"" % QString::number(percent) % u"%\"";
            };
            out += u"<table class=\"findings\" border=\"1\" cellspacing=\"0\" cellpadding=\"3\" "
                   u"width=\"100%\"><thead><tr><th class=\"num\" rowspan=\"2\"" %
                   w(1) % u">#</th><th colspan=\"7\">User</th></tr><tr><th class=\"num\"" % w(1) %
                   u">Risk</th><th" % w(11) % u">Class</th><th class=\"num\"" % w(1) %
                   u">Events</th><th class=\"num\"" % w(1) % u">Writes</th><th class=\"num\"" % w(1) %
                   u">Failed</th><th" % w(14) % u">First / last seen</th><th>APIs</th></tr></thead><tbody>";
        }
        // Each finding's detail exists only while its piece is written (ReportData::finding).
        for (std::size_t i = 0; i < data.size(); ++i) {
            if (out.size() > kReportChunk && !drain(false))
                return false;
            const ReportFinding f = data.headline(i);
            const QString n = QString::number(i + 1);
            const QString user = u"<a href=\"#f" % n % u"\">" % (browser ? userHtml(f.user) : html(f.user)) %
                                 u"</a>" % lookalikeHtml(f);
            if (browser)
                out += u"<tr><td class=\"num\">" % n % u"</td><td class=\"mono user\">" % user % u"</td>";
            else
                out += u"<tr><td class=\"num\" rowspan=\"2\">" % n %
                       u"</td><td class=\"mono user\" colspan=\"7\">" % user % paperReviewMark(data, i) %
                       u"</td></tr><tr>";
            out += u"<td class=\"num\">" % knownCell(f, static_cast<quint64>(f.risk), flavor) % u"</td><td>" %
                   html(f.principalClass) % u"</td><td class=\"num\">" % reportNumber(f.count) %
                   u"</td><td class=\"num\">" % knownCell(f, f.writeCalls, flavor) %
                   u"</td><td class=\"num\">" % knownCell(f, f.failedCalls, flavor) %
                   u"</td><td class=\"time\">" % html(cellTime(f.firstTime)) %
                   (browser ? u"</td><td class=\"time\">"_s : u"<br/>"_s) % html(cellTime(f.lastTime)) %
                   u"</td><td>" % apisCount(f) % u": " % apisHtml(f, kTableApis) % u"</td>";
            if (review && browser)
                out +=
                    u"<td>" %
                    (i < data.review.size() && data.review[i].since.isNew ? QStringLiteral("<b>new</b><br/>")
                                                                          : QString()) %
                    (i < data.review.size() ? triageStatusName(data.review[i].status) : QString()) % u"</td>";
            if (browser)
                out += u"<td>" %
                       chart(data, static_cast<int>(i), data.activity(i), f.user, 160, 26, false, flavor) %
                       u"</td>";
            out += u"</tr>";
        }
        out += u"</tbody></table>";

        out += u"<h2>Finding details</h2>";
        for (std::size_t i = 0; i < data.size(); ++i) {
            if (out.size() > kReportChunk && !drain(false))
                return false;
            const ReportFinding f = data.finding(i);
            const QString n = QString::number(i + 1);
            out +=
                u"<section class=\"finding\" id=\"f" % n % u"\"><h3>" % n % u". <span class=\"mono\">" %
                (browser ? userHtml(f.user) : html(f.user)) % u"</span></h3>" %
                chart(data, static_cast<int>(i), f.activity, f.user, browser ? 1100 : 640, browser ? 90 : 70,
                      true, flavor) %
                u"<table class=\"kv\" border=\"1\" cellspacing=\"0\" cellpadding=\"3\" width=\"100%\">" %
                row(QStringLiteral("Risk"), html(f.riskExplanation)) %
                row(QStringLiteral("Write / failed calls"),
                    known(f, f.writeCalls) % u" / " % known(f, f.failedCalls) %
                        u" <span class=\"muted\">(failed calls are not counted by the detection)</span>") %
                row(QStringLiteral("Events"),
                    reportNumber(f.count) % u" (" % reportNumber(f.readOnly) % u" read-only, " %
                        reportNumber(f.write) % u" write" %
                        (f.readUnknown ? u", " % reportNumber(f.readUnknown) % u" unknown" : QString()) %
                        u')') %
                row(QStringLiteral("First / last seen"), u"<span class=\"mono\">" % html(time(f.firstTime)) %
                                                             u"</span> &#8211; <span class=\"mono\">" %
                                                             html(time(f.lastTime)) % u"</span> UTC") %
                reviewRow(data, i) %
                (f.confusableWith.isEmpty()
                     ? QString()
                     : row(QStringLiteral("Looks like"),
                           u"<span class=\"warn\">" % joinHtml(f.confusableWith) %
                               u"</span> (the names can be mistaken for each other: different characters "
                               u"that look the same)")) %
                row(u"APIs (" % apisCount(f) % u')', apisHtml(f)) %
                row(QStringLiteral("Accounts"), joinHtml(data.accountLabels(f.accounts))) %
                row(QStringLiteral("Class"), html(f.principalClass) % u" (" % html(f.classEvidence) % u')') %
                row(QStringLiteral("Identity types"), joinHtml(f.identityTypes)) %
                row(QStringLiteral("Regions"), tallies(f.regions)) %
                row(QStringLiteral("Source IPs"), tallies(f.sourceIps)) %
                row(QStringLiteral("User agents"), tallies(f.userAgents)) %
                row(QStringLiteral("Event sources"), tallies(f.eventSources)) % u"</table></section>";
        }
    }

    out += u"<h2>Detection</h2><table class=\"kv\" border=\"1\" cellspacing=\"0\" cellpadding=\"3\" "
           u"width=\"100%\">" %
           row(QStringLiteral("Name"), html(QStringView(DetectionInfo::kName))) %
           row(QStringLiteral("Id"),
               u"<span class=\"mono\">" % html(QStringView(DetectionInfo::kId)) % u"</span>") %
           row(QStringLiteral("MITRE ATT&amp;CK"), html(QStringView(DetectionInfo::kMitre))) %
           row(QStringLiteral("Type"), html(QStringView(DetectionInfo::kType))) %
           row(QStringLiteral("Risk score"), QString::number(DetectionInfo::kRiskScore) % u" (impact " %
                                                 QString::number(DetectionInfo::kImpact) % u", confidence " %
                                                 QString::number(DetectionInfo::kConfidence) % u')') %
           row(QStringLiteral("Suppressions"), m.suppressions.empty() && m.suppressionFile.path.isEmpty()
                                                   ? QStringLiteral("none (the _filter macro is empty)")
                                                   : [&m] {
                                                         QStringList lines;
                                                         for (const QString& line : suppressionLines(m))
                                                             lines << html(line);
                                                         return lines.join(u"<br/>");
                                                     }()) %
           u"</table><pre>" % splHtml() % u"</pre>";

    out += u"<h2>Run manifest</h2><table class=\"kv\" border=\"1\" cellspacing=\"0\" cellpadding=\"3\" "
           u"width=\"100%\">" %
           row(QStringLiteral("Tool"), html(m.tool) % u' ' % html(m.version)) %
           row(QStringLiteral("Rules"), html(rulesText(m.rules))) %
           row(QStringLiteral("Generated"), html(generatedText(m)));
    QString inputs;
    for (const QString& p : m.inputs)
        inputs += u"<span class=\"mono\">" % html(p) % u"</span><br/>";
    out +=
        row(QStringLiteral("Inputs"),
            inputs.isEmpty() ? QStringLiteral("<span class=\"muted\">none</span>") : inputs) %
        row(QStringLiteral("Files"), reportNumber(m.fileCount) % u" read (" %
                                         reportNumber(m.unreadableFiles) % u" unreadable, " %
                                         reportNumber(m.skippedFiles) % u" digest/Insight files skipped), " %
                                         reportNumber(m.bytes) % u" bytes") %
        row(QStringLiteral("Event time range"), m.firstEvent
                                                    ? u"<span class=\"mono\">" % html(time(*m.firstEvent)) %
                                                          u"</span> &#8211; <span class=\"mono\">" %
                                                          html(time(*m.lastEvent)) % u"</span> UTC"
                                                    : QStringLiteral("no events")) %
        row(QStringLiteral("Events"),
            reportNumber(m.events) % u" read, " % reportNumber(m.duplicates) % u" duplicates dropped, " %
                reportNumber(m.malformed) % u" malformed, " % reportNumber(m.successful) % u" successful, " %
                reportNumber(m.excluded) % u" excluded (" % reportNumber(m.excludedUsers) % u" users)") %
        row(QStringLiteral("Findings"), reportNumber(m.reported) % u" reported of " %
                                            reportNumber(m.findings) %
                                            (m.scope.isEmpty() ? QString() : u"; " % html(m.scope))) %
        row(QStringLiteral("Input problems"), reportNumber(m.problems)) %
        row(QStringLiteral("Approved accounts"), lookupHtml(m.approved)) %
        row(QStringLiteral("Identity list"), lookupHtml(m.identities)) %
        (m.accountAliases.path.isEmpty()
             ? QString()
             : row(QStringLiteral("Account aliases"), lookupHtml(m.accountAliases, u"named accounts"))) %
        u"</table>";

    out += u"<h3>Files read</h3>";
    if (!m.hashed)
        out += u"<p class=\"muted\">SHA-256 values were not computed for this report.</p>";
    out +=
        u"<table class=\"files\" border=\"1\" cellspacing=\"0\" cellpadding=\"2\" width=\"100%\"><thead><tr>"
        u"<th>File</th><th class=\"num\">Bytes</th><th" %
        (browser ? QString() : QStringLiteral(" width=\"36%\"")) % u">SHA-256</th></tr></thead><tbody>";
    for (const ManifestFile& f : m.files) {
        if (out.size() > kReportChunk && !drain(false))
            return false;
        // 64 hex digits do not wrap; on paper they go on two lines of 32.
        const QString sha = QString::fromLatin1(f.sha256);
        out += u"<tr><td class=\"mono\">" % html(f.path) % u"</td><td class=\"num\">" %
               reportNumber(static_cast<quint64>(f.bytes)) % u"</td><td class=\"hash\">" %
               (browser || sha.size() <= 32 ? html(sha) : html(sha.left(32)) % u"<br/>" % html(sha.mid(32))) %
               (f.hashError.isEmpty() ? QString() : u"<br/><b>" % html(f.hashError) % u"</b>") %
               u"</td></tr>";
    }
    out += u"</tbody></table>\n</body></html>\n";
    return drain(true);
}

} // namespace tw
