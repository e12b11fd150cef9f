// SPDX-License-Identifier: GPL-3.0-or-later

// File ▸ Export Findings Report and the activity timeline in the review window (offscreen): the
// export writes what the table shows, in its order, with the filter and sort in the manifest; the
// timeline's bars add up to the finding's events. The bucketing itself (core) is checked first.

#include "core/analysissession.h"
#include "core/detection/activityseries.h"
#include "core/detection/suppressions.h"
#include "core/lists/csvtable.h"
#include "core/report/reportdata.h"
#include "core/report/reportformat.h"
#ifdef TRAILWARDEN_HAVE_CHARTS
#include "ui/activitytimeline.h"

#include <QAbstractBarSeries>
#include <QBarSet>
#include <QChart>
#endif
#include "ui/findingspage.h"
#include "ui/mainwindow.h"
#include "ui/models/findingsmodel.h"
#include "ui/models/findingsproxy.h"
#include "ui/reportexport.h"

#include <QAction>
#include <QDockWidget>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QMenu>
#include <QMenuBar>
#include <QProcess>
#include <QRegularExpression>
#include <QSettings>
#include <QSignalSpy>
#include <QStandardPaths>
#include <QTableView>
#include <QTemporaryDir>
#include <QTest>

using namespace tw;
using namespace Qt::StringLiterals;

namespace {

const QString kData = QStringLiteral(TRAILWARDEN_TEST_DATA);
const QString kStratus = kData + u"/corpus/stratus-red-team"_s;
const QString kHostile = kData + u"/hostile/hostile.json"_s;

const QString kLookups = QStringLiteral(TRAILWARDEN_SOURCE_DIR "/resources/sample/lookups");

QByteArray readAll(const QString& path)
{
    QFile f(path);
    return f.open(QIODevice::ReadOnly) ? f.readAll() : QByteArray();
}

// The one thing two runs over the same input legitimately write differently: when the report was
// made (RunManifest::generated), as people read it (generatedText) and in the JSON manifest.
QByteArray withoutGenerated(QByteArray bytes)
{
    static const QRegularExpression text(uR"(\d{4}-\d\d-\d\d \d\d:\d\d:\d\d UTC[+-]\d\d:\d\d \()"_s);
    static const QRegularExpression json(uR"("generated": ?"[^"]*")"_s);
    QString s = QString::fromUtf8(bytes);
    const qsizetype found = s.count(text) + s.count(json);
    s.replace(text, u"GENERATED ("_s).replace(json, u"\"generated\":GENERATED"_s);
    return found > 0 ? s.toUtf8() : QByteArray("no generated time found");
}

quint64 sum(const ActivitySeries& s)
{
    quint64 n = 0;
    for (const auto& series : s.counts)
        for (quint32 c : series)
            n += c;
    return n;
}

} // namespace

class TestReportExport : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void initTestCase()
    {
        QVERIFY(m_settings.isValid());
        QCoreApplication::setOrganizationName(u"TrailWardenTest"_s);
        QCoreApplication::setApplicationName(u"tst_reportexport"_s);
        QSettings::setDefaultFormat(QSettings::IniFormat);
        QSettings::setPath(QSettings::IniFormat, QSettings::UserScope, m_settings.path());
    }

    void bucketing()
    {
        constexpr qint64 day = 24 * kHourMs;
        QCOMPARE(autoBucketMs(0, 3 * day), kHourMs);
        QCOMPARE(autoBucketMs(0, 3 * day + 1), 6 * kHourMs);
        QCOMPARE(autoBucketMs(0, 14 * day + 1), day);
        QCOMPARE(autoBucketMs(0, 200 * day), 7 * day);

        AnalysisSession session;
        session.load({kStratus});
        session.waitForLoad();
        const auto store = session.store();
        const auto result = session.result();
        const ReportData report = buildReportData(store, *result, {});
        for (std::size_t i = 0; i < result->findings.size(); ++i) {
            const UserActivity& a = result->findings[i];
            const auto events = eventsOfUser(*store, result->rules, a.user);
            const ActivitySeries total = activitySeries(*store, events, ActivitySplit::Total);
            QCOMPARE(total.total, a.count);
            QCOMPARE(sum(total), a.count);
            QCOMPARE(total.start % total.bucketMs, 0);
            QVERIFY(total.start <= a.firstTime && a.lastTime < total.start + total.bucketMs * total.buckets);
            const ActivitySeries rw = activitySeries(*store, events, ActivitySplit::ReadWrite);
            const ReportFinding detail = report.finding(i);
            QCOMPARE(rw.counts.size(), detail.readUnknown ? 3u : 2u);
            QCOMPARE(sum({rw.start, rw.bucketMs, rw.buckets, {}, {rw.counts[0]}, 0, 0}), detail.readOnly);
            QCOMPARE(sum({rw.start, rw.bucketMs, rw.buckets, {}, {rw.counts[1]}, 0, 0}), detail.write);
            const ActivitySeries api = activitySeries(*store, events, ActivitySplit::Api, 0, 3);
            QCOMPARE(sum(api), a.count);
            QVERIFY(api.names.size() <= 4);
            QCOMPARE(api.names.size() == 4, a.eventNames.size() > 4);
            QVERIFY(api.peak >= 1);
        }
        const auto all = eventsOfFindings(*store, *result);
        quint64 expected = 0;
        for (const UserActivity& a : result->findings)
            expected += a.count;
        QCOMPARE(quint64(all.size()), expected);
    }

    void exportShowsTheView()
    {
        MainWindow window;
        window.resize(1200, 900);
        window.show();
        QSignalSpy loaded(&window, &MainWindow::loadCompleted);
        window.openPaths({kHostile, kStratus});
        QVERIFY(loaded.wait(60000));
        auto* exporter = window.findChild<ReportExporter*>(u"reportExporter"_s);
        QVERIFY(exporter);
        QVERIFY(exporter->exportAction()->isEnabled());
        // In the File menu, before Quit.
        QMenu* file = window.menuBar()->actions().first()->menu();
        QVERIFY(file->actions().contains(exporter->exportAction()));

        // What the analyst sees: the three users whose name contains "cmd", busiest first.
        window.findingsPage()->findingsProxy()->setFilterText(u"cmd"_s);
        window.findingsPage()->findingsView()->sortByColumn(FindingsModel::Count, Qt::DescendingOrder);
        const int shown = window.findingsPage()->findingsProxy()->rowCount();
        QCOMPARE(shown, 3);
        QStringList order;
        for (int r = 0; r < shown; ++r)
            order << window.findingsPage()
                         ->findingsProxy()
                         ->index(r, FindingsModel::User)
                         .data(Qt::DisplayRole)
                         .toString();

        QTemporaryDir dir;
        for (const QString& name : {u"r.json"_s, u"r.html"_s, u"r.md"_s, u"r.csv"_s, u"r.pdf"_s}) {
            QSignalSpy done(exporter, &ReportExporter::finished);
            const QString path = dir.filePath(name);
            exporter->exportTo(path, reportFormatForPath(path));
            QVERIFY(done.count() == 1 || done.wait(60000));
            QVERIFY2(done.first().at(0).toBool(), qPrintable(done.first().at(1).toString()));
            QFile f(path);
            QVERIFY(f.open(QIODevice::ReadOnly));
            const QByteArray bytes = f.readAll();
            QVERIFY(!bytes.isEmpty());
            if (name.endsWith(u".pdf"))
                QVERIFY(bytes.startsWith("%PDF-"));
            if (name.endsWith(u".html"))
                QVERIFY(bytes.startsWith("<!DOCTYPE html>"));
            if (name.endsWith(u".csv")) {
                QCOMPARE(CsvTable::parse(bytes)->rowCount(), shown);
                QVERIFY(QFile::exists(path + u".manifest.json"_s));
            }
            if (name.endsWith(u".json")) {
                const QJsonObject doc = QJsonDocument::fromJson(bytes).object();
                const QJsonArray findings = doc[u"findings"].toArray();
                QCOMPARE(findings.size(), shown);
                for (int r = 0; r < shown; ++r)
                    QCOMPARE(findings[r].toObject()[u"user"].toString().left(4), order[r].left(4));
                const QJsonObject m = doc[u"manifest"].toObject();
                const QString scope = m[u"findings"][u"scope"].toString();
                QVERIFY2(scope.contains(u"filter \"cmd\"") && scope.contains(u"descending"),
                         qPrintable(scope));
                QCOMPARE(m[u"findings"][u"reported"].toInt(), shown);
                QCOMPARE(m[u"inputs"].toArray().size(), 2);
                QVERIFY(m[u"files"][u"hashed"].toBool());
            }
        }
        QCOMPARE(reportFormatForPath(u"x.MARKDOWN"_s), ReportFormat::Markdown);
        QCOMPARE(reportFormatForPath(u"x"_s), ReportFormat::Html);
    }

    // One report pipeline (core/report/reportpipeline.h): trailwarden-cli and the exporter, built
    // here from its collaborators alone (no window), write the same bytes for the same input and
    // lists, in every format, apart from the time the report was made. For logs (scan) and for an
    // engine's result (import; the window's export did not name the engine before).
    void cliAndExporterWriteTheSameReport_data()
    {
        QTest::addColumn<bool>("engineResult");
        QTest::newRow("scan") << false;
        QTest::newRow("import") << true;
    }

    void cliAndExporterWriteTheSameReport()
    {
        QFETCH(bool, engineResult);
        QTemporaryDir dir;
        const QString approved = kLookups + u"/aws_service_accounts.csv"_s;
        const QString identities = kLookups + u"/identity_lookup_expanded.csv"_s;
        QStringList paths = {kHostile, kStratus};
        AnalysisSession session;
        QVERIFY(session.setApprovedList(approved));
        QVERIFY(session.setIdentityList(identities));
        // Account names (issue 15): the exporter takes the session's, the CLI --aliases.
        const QString aliases = dir.filePath(u"aliases.csv"_s);
        QFile aliasesFile(aliases);
        QVERIFY(aliasesFile.open(QIODevice::WriteOnly));
        aliasesFile.write("account_id,name\n017622104382,stratus <main>\n");
        aliasesFile.close();
        QVERIFY(session.setAccountAliasesPath(aliases));
        if (engineResult) {
            const QByteArray header = "TrailWarden 0.1.0 engine query; engine=athena; rules=ta7; "
                                      "from=2026-10-01T00:00:00Z; to=2026-10-08T00:00:00Z; slack=1d; "
                                      "dedup=yes; lists=none";
            QFile csv(dir.filePath(u"athena.csv"_s));
            QVERIFY(csv.open(QIODevice::WriteOnly));
            csv.write("\"user\",\"count\",\"readonlycount\",\"firsttime\",\"lasttime\",\"eventname\","
                      "\"tw_query\"\n\"mallory\",\"7\",\"1\",\"2026-10-03 00:00:00\",\"2026-10-04 "
                      "00:00:00\",\"[\"\"GetObject\"\",\"\"ListBuckets\"\"]\",\"" +
                      header +
                      "\"\n\"<b>x</b>\",\"2\",\"0\",\"2026-10-05 00:00:00\",\"2026-10-06 "
                      "00:00:00\",\"[\"\"PutObject\"\"]\",\"" +
                      header + "\"\n");
            csv.close();
            paths = {csv.fileName()};
            session.importResults(paths);
        } else {
            session.setSuppressionsPath(suppressionsPathFor(approved)); // as scan and the window do
            session.load(paths);
        }
        session.waitForLoad();
        QVERIFY(session.result() && !session.result()->findings.empty());
        QCOMPARE(bool(session.imported()), engineResult);
        FindingsModel model;
        model.setSnapshot(session.store(), session.result());
        FindingsProxy proxy;
        proxy.setSourceModel(&model);
        proxy.sort(FindingsModel::User, Qt::AscendingOrder); // the window's initial order
        ReportExporter exporter(
            session, &proxy, [paths] { return paths; }, nullptr);
        QVERIFY(exporter.exportAction()->isEnabled());
        QCOMPARE(exporter.actions(), QList<QAction*>{exporter.exportAction()});
        QCOMPARE(exporter.scopeText(), QString());

        for (const ReportFormat format : kReportFormats) {
            const QString suffix = reportFormatSuffix(format);
            const QString windowPath = dir.filePath(u"window."_s + suffix);
            const QString cliPath = dir.filePath(u"cli."_s + suffix);
            const QString cliManifest = dir.filePath(u"cli-manifest-"_s + suffix + u".json"_s);
            QSignalSpy done(&exporter, &ReportExporter::finished);
            exporter.exportTo(windowPath, reportFormatForPath(windowPath));
            QVERIFY(done.count() == 1 || done.wait(60000));
            QVERIFY2(done.first().at(0).toBool(), qPrintable(done.first().at(1).toString()));

            QProcess cli;
            cli.start(QStringLiteral(TRAILWARDEN_CLI),
                      QStringList{engineResult ? u"import"_s : u"scan"_s, u"--quiet"_s, u"--format"_s, suffix,
                                  u"--approved"_s, approved, u"--identities"_s, identities, u"--aliases"_s,
                                  aliases, u"--output"_s, cliPath, u"--manifest"_s, cliManifest} +
                          paths);
            QVERIFY(cli.waitForFinished(120000));
            QVERIFY2(cli.exitCode() == 0, cli.readAllStandardError().constData());

            const QByteArray windowBytes = readAll(windowPath), cliBytes = readAll(cliPath);
            QVERIFY(!windowBytes.isEmpty());
            if (format == ReportFormat::Pdf) {
                // A PDF carries its creation date and the time in compressed page streams: compare
                // the text a reader sees.
                const QString pdftotext = QStandardPaths::findExecutable(u"pdftotext"_s);
                if (pdftotext.isEmpty()) {
                    QVERIFY(windowBytes.startsWith("%PDF-") && cliBytes.startsWith("%PDF-"));
                    qWarning("pdftotext not found: the PDFs' text is not compared");
                    continue;
                }
                QByteArray texts[2];
                for (int i = 0; i < 2; ++i) {
                    QProcess text;
                    text.start(pdftotext, {i ? cliPath : windowPath, u"-"_s});
                    QVERIFY(text.waitForFinished(60000) && text.exitCode() == 0);
                    texts[i] = text.readAllStandardOutput();
                }
                QVERIFY(!texts[0].trimmed().isEmpty());
                QCOMPARE(withoutGenerated(texts[0]), withoutGenerated(texts[1]));
                continue;
            }
            if (format == ReportFormat::Json && engineResult)
                QVERIFY(windowBytes.contains("\"engine\": \"athena\""));
            // The manifest names the aliases file in every format (a CSV's in its sidecar); the
            // logs' accounts are named (an engine result here has no account column).
            QVERIFY(format == ReportFormat::Csv || windowBytes.contains("aliases.csv"));
            if (!engineResult && format == ReportFormat::Html)
                QVERIFY(windowBytes.contains("017622104382 (stratus &lt;main&gt;)"));
            if (!engineResult && format == ReportFormat::Json)
                QVERIFY(windowBytes.contains("\"017622104382\": \"stratus <main>\""));
            if (format == ReportFormat::Csv) {
                // No time in the CSV itself: byte for byte. Its manifest is the sidecar in the
                // window and --manifest on the command line.
                QCOMPARE(windowBytes, cliBytes);
                QCOMPARE(withoutGenerated(readAll(manifestSidecarPath(windowPath))),
                         withoutGenerated(readAll(cliManifest)));
                continue;
            }
            QCOMPARE(withoutGenerated(windowBytes), withoutGenerated(cliBytes));
        }
    }

    // The README documents View ▸ Activity Timeline: the window has it exactly when the build was
    // configured with it (TRAILWARDEN_WITH_CHARTS, ON by default), found through the UI alone so
    // that this holds whatever the compile-time switches say.
    void timelineIsBuiltAsConfigured()
    {
        MainWindow window;
        auto* dock = window.findChild<QDockWidget*>(u"activityTimelineDock"_s);
        auto* view = window.menuBar()->findChild<QMenu*>(u"viewMenu"_s);
        QVERIFY(view);
        bool inViewMenu = false;
        for (const QAction* action : view->actions())
            inViewMenu |= action->text().remove(u'&') == u"Activity Timeline";
        if (TRAILWARDEN_EXPECT_TIMELINE) {
            QVERIFY2(dock, "no Activity Timeline dock, though the build was configured with Qt Charts");
            QVERIFY(dock->widget() && dock->widget()->objectName() == u"activityTimeline");
            QVERIFY2(inViewMenu, "View ▸ Activity Timeline is missing");
        } else {
            QVERIFY(!dock);
            QVERIFY(!inViewMenu);
        }
    }

    void timelineFollowsSelection()
    {
#ifndef TRAILWARDEN_HAVE_CHARTS
        if (TRAILWARDEN_EXPECT_TIMELINE)
            QFAIL("the build was configured with Qt Charts but the timeline was not compiled in");
        QSKIP("configured with -DTRAILWARDEN_WITH_CHARTS=OFF: no timeline to test");
#else
        MainWindow window;
        window.resize(1200, 900);
        window.show();
        QSignalSpy loaded(&window, &MainWindow::loadCompleted);
        window.openPaths({kStratus});
        QVERIFY(loaded.wait(60000));
        auto* timeline = window.findChild<ActivityTimeline*>(u"activityTimeline"_s);
        QVERIFY(timeline);
        const auto result = window.session().result();
        quint64 all = 0;
        for (const UserActivity& a : result->findings)
            all += a.count;
        QCOMPARE(sum(timeline->overviewSeries()), all);

        QVERIFY(window.selectUser(u"christophe"_s));
        const UserActivity* chris = nullptr;
        for (const UserActivity& a : result->findings)
            if (window.session().store()->qstr(a.user) == u"christophe")
                chris = &a;
        QVERIFY(chris);
        QCOMPARE(timeline->findingSeries().total, chris->count);
        // The overview now splits out the selected finding's share.
        QCOMPARE(timeline->overviewSeries().counts.size(), 2u);
        QCOMPARE(sum({{}, 0, 0, {}, {timeline->overviewSeries().counts[0]}, 0, 0}), chris->count);
        QCOMPARE(sum(timeline->overviewSeries()), all);

        timeline->setSplit(ActivitySplit::ReadWrite);
        QCOMPARE(sum(timeline->findingSeries()), chris->count);
        auto* bars = qobject_cast<QAbstractBarSeries*>(timeline->findingChart()->series().value(0));
        QVERIFY(bars);
        QCOMPARE(bars->count(), qsizetype(timeline->findingSeries().names.size()));
        timeline->setBucket(ActivityTimeline::Bucket::Day);
        QCOMPARE(timeline->findingSeries().bucketMs, 24 * kHourMs);
        QCOMPARE(sum(timeline->findingSeries()), chris->count);
    }

    void timelineLegendIsInert()
    {
#ifdef TRAILWARDEN_HAVE_CHARTS
        // Qt Charts renders legend labels as HTML: API names from the log must arrive escaped.
        MainWindow window;
        window.show();
        QSignalSpy loaded(&window, &MainWindow::loadCompleted);
        window.openPaths({kHostile});
        QVERIFY(loaded.wait(60000));
        QVERIFY(window.selectUser(u"<script>alert('user')</script>"_s));
        auto* timeline = window.findChild<ActivityTimeline*>(u"activityTimeline"_s);
        timeline->setSplit(ActivitySplit::Api);
        auto* bars = qobject_cast<QAbstractBarSeries*>(timeline->findingChart()->series().value(0));
        QVERIFY(bars);
        QStringList labels;
        for (const QBarSet* set : bars->barSets())
            labels << set->label();
        QVERIFY2(labels.contains(u"&lt;b&gt;GetObject&lt;/b&gt;"_s), qPrintable(labels.join(u", ")));
#endif
#endif
    }

private:
    QTemporaryDir m_settings;
};

QTEST_MAIN(TestReportExport)
#include "tst_reportexport.moc"
