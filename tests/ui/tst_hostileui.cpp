// SPDX-License-Identifier: GPL-3.0-or-later
// The review window against hostile names and shapes (issue 10): a '*' name cannot be approved from
// the window, a '*' row is a visible banner, look-alikes are marked, invisible characters are shown,
// and a forged time span does not make the timeline chart half a million bars on the UI thread.

#include "core/detection/activityseries.h"
#include "tests/support/windowsupport.h"
#include "ui/findingspage.h"
#include "ui/mainwindow.h"
#include "ui/models/findingsmodel.h"
#ifdef TRAILWARDEN_HAVE_CHARTS
#include "ui/activitytimeline.h"
#endif

#include <QApplication>
#include <QFile>
#include <QJsonDocument>
#include <QJsonObject>
#include <QLabel>
#include <QMessageBox>
#include <QSettings>
#include <QSignalSpy>
#include <QTableView>
#include <QTemporaryDir>
#include <QTest>
#include <QTimer>

using namespace tw;
using namespace Qt::StringLiterals;

namespace {

QByteArray logEvent(const QString& user, const QByteArray& time, int n)
{
    QJsonObject identity{{u"type"_s, u"IAMUser"_s}, {u"userName"_s, user}};
    QJsonObject e{{u"eventVersion"_s, u"1.08"_s},
                  {u"userIdentity"_s, identity},
                  {u"eventTime"_s, QString::fromLatin1(time)},
                  {u"eventSource"_s, u"s3.amazonaws.com"_s},
                  {u"eventName"_s, u"ListBuckets"_s},
                  {u"awsRegion"_s, u"us-east-1"_s},
                  {u"readOnly"_s, true},
                  {u"eventID"_s, u"e-%1"_s.arg(n)}};
    return QJsonDocument(e).toJson(QJsonDocument::Compact) + '\n';
}

bool write(const QString& path, const QByteArray& bytes)
{
    QFile f(path);
    return f.open(QIODevice::WriteOnly) && f.write(bytes) == bytes.size();
}

QByteArray readBytes(const QString& path)
{
    QFile f(path);
    return f.open(QIODevice::ReadOnly) ? f.readAll() : QByteArray();
}

int rowOf(const MainWindow& window, const QString& user)
{
    const FindingsModel* m = window.findingsPage()->findingsModel();
    for (int r = 0; r < m->rowCount(); ++r)
        if (m->userAt(r) == user)
            return r;
    return -1;
}

} // namespace

class TestHostileUi : public QObject
{
    Q_OBJECT

private:
    QTemporaryDir m_settings;
    QTemporaryDir m_dir;
    QString m_logs, m_approved;

    std::unique_ptr<MainWindow> open(const QStringList& users, const QByteArray& approved,
                                     const QList<QByteArray>& times = {})
    {
        QByteArray bytes;
        for (int i = 0; i < users.size(); ++i)
            bytes += logEvent(users[i], i < times.size() ? times[i] : QByteArray("2026-11-01T10:00:00Z"), i);
        if (!write(m_logs, bytes) || !write(m_approved, approved))
            return nullptr;
        return test::openWindow({{m_logs}, m_approved});
    }

private Q_SLOTS:
    void initTestCase()
    {
        QVERIFY(m_settings.isValid());
        QCoreApplication::setOrganizationName(u"TrailWardenTest"_s);
        QCoreApplication::setApplicationName(u"tst_hostileui"_s);
        QSettings::setDefaultFormat(QSettings::IniFormat);
        QSettings::setPath(QSettings::IniFormat, QSettings::UserScope, m_settings.path());
    }

    void init()
    {
        QSettings().clear();
        QDir(m_dir.path()).removeRecursively();
        QDir().mkpath(m_dir.path());
        m_logs = m_dir.filePath(u"events.jsonl"_s);
        m_approved = m_dir.filePath(u"aws_service_accounts.csv"_s);
    }

    void starNameIsRefused()
    {
        const auto window = open({u"svc*"_s, u"svc-a"_s, u"svc-b"_s}, "identity\nother\n");
        QVERIFY(window);
        const QByteArray before = readBytes(m_approved);
        int prompted = 0;
        window->setApprovalPrompt([&prompted](const QStringList&, const ApprovalRequest&) {
            ++prompted;
            return std::optional<ApprovalRequest>(ApprovalRequest{u"looks fine"_s, u"tester"_s});
        });
        QString shown;
        QTimer::singleShot(0, [&shown] {
            auto* box = qobject_cast<QMessageBox*>(QApplication::activeModalWidget());
            if (!box)
                return;
            shown = box->informativeText();
            box->accept();
        });
        window->findingsPage()->findingsView()->selectRow(rowOf(*window, u"svc*"_s));
        window->findingsPage()->approveAction()->trigger();
        QVERIFY2(shown.contains(u"'svc*' cannot be approved"), qPrintable(shown));
        QCOMPARE(prompted, 0); // refused before the reason is asked for
        QCOMPARE(readBytes(m_approved), before);
        QCOMPARE(window->findingsPage()->findingsModel()->rowCount(), 3);
        QVERIFY(window->lastStatus().contains(u"'*'"));
    }

    void mixedSelectionApprovesOnlyLiteralNames()
    {
        const auto window = open({u"svc*"_s, u"svc-a"_s, u"svc-b"_s}, "identity\nother\n");
        QVERIFY(window);
        QStringList asked;
        window->setApprovalPrompt([&asked](const QStringList& ids, const ApprovalRequest&) {
            asked = ids;
            return std::optional<ApprovalRequest>(ApprovalRequest{u"ticket 7"_s, u"tester"_s});
        });
        QTimer::singleShot(0, [] {
            if (auto* box = qobject_cast<QMessageBox*>(QApplication::activeModalWidget()))
                box->accept();
        });
        window->findingsPage()->findingsView()->selectAll();
        window->findingsPage()->approveAction()->trigger();
        window->session().waitForRerun(); // the re-run is on a worker
        QCOMPARE(asked, (QStringList{u"svc*"_s, u"svc-a"_s, u"svc-b"_s}).mid(1));
        const QByteArray after = readBytes(m_approved);
        QVERIFY(after.contains("\nsvc-a,"));
        QVERIFY(!after.contains("svc*"));
        QCOMPARE(window->findingsPage()->findingsModel()->rowCount(), 1);
        QCOMPARE(window->findingsPage()->findingsModel()->userAt(0), u"svc*"_s);
    }

    void everyoneRowShowsBanner()
    {
        const auto window = open({u"svc-a"_s, u"alice"_s}, "identity\nsvc-a\n**\n");
        QVERIFY(window);
        QCOMPARE(window->findingsPage()->findingsModel()->rowCount(), 0);
        QVERIFY(window->findingsPage()->everyoneBanner()->isVisible());
        QVERIFY(window->findingsPage()->everyoneBanner()->text().contains(u"line 3"));
        QVERIFY(window->findingsPage()->everyoneBanner()->text().contains(u"every user"));
        window->grab().save(u"/tmp/tst_hostileui-banner.png"_s);

        const auto clean = open({u"svc-a"_s, u"alice"_s}, "identity\nsvc-a\nsvc-*x\n");
        QVERIFY(clean);
        QVERIFY(!clean->findingsPage()->everyoneBanner()->isVisible());
    }

    void lookalikeIsMarked()
    {
        const auto window =
            open({u"deploy-bot"_s, u"d\u0435ploy-bot"_s, u"alice"_s}, "identity\ndeploy-bot\n");
        QVERIFY(window);
        const FindingsModel* m = window->findingsPage()->findingsModel();
        const int impostor = rowOf(*window, u"d\u0435ploy-bot"_s);
        const int alice = rowOf(*window, u"alice"_s);
        QVERIFY(impostor >= 0 && alice >= 0);
        const QModelIndex cell = m->index(impostor, FindingsModel::User);
        QCOMPARE(cell.data(FindingsModel::ConfusableWithRole).toStringList(), QStringList{u"deploy-bot"_s});
        QVERIFY(!cell.data(Qt::DecorationRole).isNull());
        QVERIFY(cell.data(Qt::ToolTipRole).toString().contains(u"Looks like: deploy-bot"));
        QVERIFY(m->index(alice, FindingsModel::User).data(Qt::DecorationRole).isNull());
        // The filter box finds every look-alike.
        QVERIFY(cell.data(FindingsModel::FilterRole).toString().contains(u"looks like"));
        window->findingsPage()->findingsView()->selectRow(impostor);
        window->grab().save(u"/tmp/tst_hostileui-lookalike.png"_s);
    }

    void invisibleCharactersShownInTable()
    {
        const QString tagged = u"admin\U000E0041\U000E0042"_s;
        const auto window = open({tagged, u"ad\u00ADmin"_s, u"x\u3164y"_s}, "identity\n");
        QVERIFY(window);
        QStringList shown;
        for (int r = 0; r < window->findingsPage()->findingsModel()->rowCount(); ++r)
            shown << window->findingsPage()->findingsModel()->index(r, FindingsModel::User).data().toString();
        QVERIFY2(shown.contains(u"admin[U+E0041][U+E0042]"_s), qPrintable(shown.join(u' ')));
        QVERIFY(shown.contains(u"ad[U+00AD]min"_s));
        QVERIFY(shown.contains(u"x[U+3164]y"_s));
    }

    void forgedSpanKeepsTimelineSmall()
    {
#ifndef TRAILWARDEN_HAVE_CHARTS
        QSKIP("built without Qt Charts: no timeline");
#else
        const auto window = open({u"forger"_s, u"forger"_s, u"forger"_s}, "identity\n",
                                 {"0000-01-01T00:00:00Z", "2026-11-01T10:00:00Z", "9999-12-31T23:59:59Z"});
        QVERIFY(window);
        auto* timeline = window->findChild<ActivityTimeline*>(u"activityTimeline"_s);
        QVERIFY(timeline);
        QVERIFY2(timeline->overviewSeries().buckets <= kMaxSeriesBuckets,
                 qPrintable(QString::number(timeline->overviewSeries().buckets)));
        QVERIFY(window->selectUser(u"forger"_s));
        for (const auto bucket : {ActivityTimeline::Bucket::Auto, ActivityTimeline::Bucket::Hour,
                                  ActivityTimeline::Bucket::Day}) {
            timeline->setBucket(bucket);
            QVERIFY2(timeline->findingSeries().buckets <= kMaxSeriesBuckets,
                     qPrintable(QString::number(timeline->findingSeries().buckets)));
            QVERIFY(timeline->overviewSeries().buckets <= kMaxSeriesBuckets);
            QCOMPARE(timeline->findingSeries().total, quint64(3));
        }
        QVERIFY2(timeline->rangeText().contains(u"0000-01-01") &&
                     timeline->rangeText().contains(u"9999-12-31") && timeline->rangeText().contains(u"year"),
                 qPrintable(timeline->rangeText()));
        window->grab().save(u"/tmp/tst_hostileui-timeline.png"_s);
#endif
    }
};

QTEST_MAIN(TestHostileUi)
#include "tst_hostileui.moc"
