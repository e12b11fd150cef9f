// SPDX-License-Identifier: GPL-3.0-or-later
// Importing an engine's result into the window (issue 13): by dropping the file onto the window,
// and a Splunk export only once the time zone of its times is given (never UTC silently); what the
// window shows of a result that has totals and no events.

#include "core/common/timeutil.h"
#include "tests/support/testsupport.h"
#include "tests/support/windowsupport.h"
#ifdef TRAILWARDEN_HAVE_CHARTS
#include "ui/activitytimeline.h"

#include <QChartView>
#endif
#include "ui/dialogs/splunktimezonedialog.h"
#include "ui/findingspage.h"
#include "ui/mainwindow.h"
#include "ui/models/findingsmodel.h"
#include "ui/timerangebar.h"

#include <QApplication>
#include <QClipboard>
#include <QComboBox>
#include <QDockWidget>
#include <QDropEvent>
#include <QFile>
#include <QLabel>
#include <QMimeData>
#include <QSettings>
#include <QSignalSpy>
#include <QSplitter>
#include <QStatusBar>
#include <QTableView>
#include <QTemporaryDir>
#include <QTest>
#include <QToolButton>
#include <QUrl>

using namespace tw;
using namespace Qt::StringLiterals;

namespace {

const QByteArray kAthena =
    "\"user\",\"count\",\"readonlycount\",\"firsttime\",\"lasttime\",\"eventname\"\n"
    "\"mallory\",\"7\",\"1\",\"2026-10-03 00:00:00\",\"2026-10-04 00:00:00\",\"[\"\"GetObject\"\"]\"\n"
    "\"trent\",\"2\",\"0\",\"2026-10-05 00:00:00\",\"2026-10-05 01:00:00\",\"[\"\"ListBuckets\"\"]\"\n";

const QByteArray kSplunk = "user,count,firstTime,lastTime,eventName\n"
                           "mallory,5,2026-10-01T10:00:00,2026-10-01T12:30:00,\"GetObject\nPutObject\"\n";

// Drags the files over the window and drops them, as a file manager does.
bool dropFiles(QWidget* window, const QStringList& paths)
{
    QMimeData mime;
    QList<QUrl> urls;
    for (const QString& path : paths)
        urls << QUrl::fromLocalFile(path);
    mime.setUrls(urls);
    const QPoint pos = window->rect().center();
    QDragEnterEvent enter(pos, Qt::CopyAction, &mime, Qt::LeftButton, Qt::NoModifier);
    QApplication::sendEvent(window, &enter);
    if (!enter.isAccepted())
        return false;
    QDropEvent drop(QPointF(pos), Qt::CopyAction, &mime, Qt::LeftButton, Qt::NoModifier);
    QApplication::sendEvent(window, &drop);
    return drop.isAccepted();
}

QStringList users(const MainWindow& window)
{
    QStringList out;
    const FindingsModel* model = window.findingsPage()->findingsModel();
    for (int row = 0; row < model->rowCount(); ++row)
        out << model->index(row, FindingsModel::User).data().toString();
    out.sort();
    return out;
}

} // namespace

class TestEngineImport : public QObject
{
    Q_OBJECT

    QTemporaryDir m_dir;

    QString write(const QString& name, const QByteArray& bytes)
    {
        const QString path = m_dir.filePath(name);
        QFile f(path);
        if (!f.open(QIODevice::WriteOnly) || f.write(bytes) != bytes.size())
            return {};
        return path;
    }

private Q_SLOTS:
    void initTestCase()
    {
        QVERIFY(m_dir.isValid());
        QCoreApplication::setOrganizationName(u"TrailWardenTest"_s);
        QCoreApplication::setApplicationName(u"tst_engineimport"_s);
        QSettings::setDefaultFormat(QSettings::IniFormat);
        QSettings::setPath(QSettings::IniFormat, QSettings::UserScope, m_dir.path());
    }

    void init() { QSettings().clear(); }

    void droppedResultIsImported()
    {
        const QString result = write(u"athena.csv"_s, kAthena);
        MainWindow window;
        window.resize(1200, 800);
        window.show();
        QVERIFY(QTest::qWaitForWindowExposed(&window));
        QSignalSpy loaded(&window, &MainWindow::loadCompleted);
        QVERIFY(dropFiles(&window, {result}));
        QVERIFY(loaded.wait(30000));
        QVERIFY(window.session().imported());
        QCOMPARE(users(window), (QStringList{u"mallory"_s, u"trent"_s}));
        auto* banner = window.findChild<QLabel*>(u"engineBanner"_s);
        QVERIFY(banner && banner->isVisible());
        QVERIFY(banner->text().contains(u"athena.csv"_s));
    }

    // A result has each user's totals and no events: the window gives the findings the room and
    // says what the engine counted, instead of an empty drill-down, summary and timeline (which left
    // the findings table 42 px tall in a 1200×800 window); logs opened afterwards get them back.
    void importedResultGivesTheFindingsTheRoom()
    {
        const QString result = write(u"athena-room.csv"_s, kAthena);
        MainWindow window;
        window.resize(1200, 800);
        window.show();
        QVERIFY(QTest::qWaitForWindowExposed(&window));
#ifdef TRAILWARDEN_HAVE_CHARTS
        // Nothing is charted from the result's rows, not even once before the timeline gives up.
        const int chartedBefore = window.findChild<ActivityTimeline*>(u"activityTimeline"_s)->shownResults();
#endif
        QSignalSpy loaded(&window, &MainWindow::loadCompleted);
        window.openPaths({result});
        QVERIFY(loaded.wait(30000));
        FindingsPage* page = window.findingsPage();
        QVERIFY(page->selectUser(u"mallory"_s));
        QTRY_VERIFY(page->importedDetail()->isVisible());
        QVERIFY(!window.findChild<QSplitter*>(u"detailSplitter"_s)->isVisible());
        const QString detail = page->importedDetail()->findChildren<QLabel*>().at(1)->text();
        QVERIFY2(detail.contains(u"counted 7 successful calls"_s) && detail.contains(u"GetObject"_s),
                 qPrintable(detail));
        QVERIFY2(page->findingsView()->height() >= 250, // 42-77 px before: two rows at most
                 qPrintable(u"findings table %1 px tall"_s.arg(page->findingsView()->height())));
        QVERIFY2(window.statusBar()->currentMessage().startsWith(u"Imported 2 user rows from 1 file"_s),
                 qPrintable(window.statusBar()->currentMessage()));

        auto* range = window.findChild<TimeRangeBar*>(u"timeRangeBar"_s);
        QVERIFY(range && !range->isEnabled() && !range->isVisible());
        QVERIFY2(range->text().contains(u"engine"_s), qPrintable(range->text()));

        // The panel's button is the window's action: the query for the current user's events.
        auto* button = page->importedDetail()->findChild<QToolButton*>(u"importedQueryButton"_s);
        QVERIFY(button && button->isVisible());
        QApplication::clipboard()->clear();
        button->click();
        QVERIFY2(QApplication::clipboard()->text().contains(u"'mallory'"_s),
                 qPrintable(QApplication::clipboard()->text()));

#ifdef TRAILWARDEN_HAVE_CHARTS
        auto* dock = window.findChild<QDockWidget*>(u"activityTimelineDock"_s);
        auto* timeline = window.findChild<ActivityTimeline*>(u"activityTimeline"_s);
        QVERIFY(dock && timeline);
        QVERIFY(timeline->isUnavailable());
        QCOMPARE(timeline->shownResults(), chartedBefore);
        QCOMPARE(timeline->titleText(), u"No timeline"_s);
        QVERIFY(!timeline->findingView()->isVisible());
        QTRY_VERIFY2(dock->height() < 150, qPrintable(u"timeline dock %1 px tall"_s.arg(dock->height())));
#endif

        // Logs again: the drill-down, and the timeline with its height.
        const int tableHeight = page->findingsView()->height();
        window.openPaths({test::sampleDir()});
        QVERIFY(loaded.wait(30000));
        QVERIFY(!window.session().imported());
        QTRY_VERIFY(window.findChild<QSplitter*>(u"detailSplitter"_s)->isVisible());
        QVERIFY(!page->importedDetail()->isVisible());
        QVERIFY(page->findingsView()->height() < tableHeight);
        QVERIFY(range->isVisible() && range->isEnabled());
#ifdef TRAILWARDEN_HAVE_CHARTS
        QVERIFY(!timeline->isUnavailable());
        QTRY_VERIFY(timeline->findingView()->isVisible());
        QTRY_VERIFY2(dock->height() >= 150, qPrintable(u"timeline dock %1 px tall"_s.arg(dock->height())));
#endif
        test::grabIfAsked(&window, u"engine-import-room"_s);
    }

    // A drop of something that is not a local file is refused (no load starts).
    void dropOfRemoteUrlIsRefused()
    {
        MainWindow window;
        window.resize(800, 600);
        window.show();
        QMimeData mime;
        mime.setUrls({QUrl(u"https://example.com/result.csv"_s)});
        QDragEnterEvent enter(window.rect().center(), Qt::CopyAction, &mime, Qt::LeftButton, Qt::NoModifier);
        QApplication::sendEvent(&window, &enter);
        QVERIFY(!enter.isAccepted());
        QVERIFY(!window.session().imported());
        QVERIFY(!window.session().store());
    }

    // A dropped Splunk export: the zone of its times is asked for, and the times are read in it.
    void splunkExportAsksForTheTimeZone()
    {
        const QString result = write(u"splunk.csv"_s, kSplunk);
        MainWindow window;
        window.resize(1200, 800);
        window.show();
        QSignalSpy loaded(&window, &MainWindow::loadCompleted);
        QString asked;
        test::onNextModal(this, [&asked](QWidget* modal) {
            auto* dialog = qobject_cast<SplunkTimeZoneDialog*>(modal);
            if (!dialog)
                return;
            asked = dialog->zoneBox()->currentText();
            dialog->zoneBox()->setCurrentText(u"Europe/Berlin"_s);
            dialog->accept();
        });
        QVERIFY(dropFiles(&window, {result}));
        QCOMPARE(asked, u"UTC"_s); // proposed, not assumed: the analyst saw it
        QVERIFY(loaded.wait(30000));
        QVERIFY(window.session().imported());
        const FindingsModel* model = window.findingsPage()->findingsModel();
        QCOMPARE(model->rowCount(), 1);
        // 10:00 in Berlin (CEST, UTC+2) is 08:00 UTC.
        const qint64 first =
            model->index(0, FindingsModel::FirstSeen).data(FindingsModel::SortRole).toLongLong();
        QCOMPARE(first, QDateTime(QDate(2026, 10, 1), QTime(8, 0), QTimeZone::utc()).toMSecsSinceEpoch());
        auto* banner = window.findChild<QLabel*>(u"engineBanner"_s);
        QVERIFY(banner && banner->text().contains(u"Europe/Berlin"_s));

        // The next Splunk import proposes the zone given last.
        test::onNextModal(this, [&asked](QWidget* modal) {
            if (auto* dialog = qobject_cast<SplunkTimeZoneDialog*>(modal)) {
                asked = dialog->zoneBox()->currentText();
                dialog->reject();
            }
        });
        window.openPaths({result});
        QCOMPARE(asked, u"Europe/Berlin"_s);
    }

    // Cancelling the question imports nothing.
    void cancelledTimeZoneImportsNothing()
    {
        const QString result = write(u"splunk2.csv"_s, kSplunk);
        MainWindow window;
        window.resize(1200, 800);
        window.show();
        QSignalSpy started(&window.session(), &AnalysisSession::loadStarted);
        test::onNextModal(this, [](QWidget* modal) {
            if (auto* dialog = qobject_cast<QDialog*>(modal))
                dialog->reject();
        });
        window.openPaths({result});
        QCoreApplication::processEvents();
        QCOMPARE(started.count(), 0);
        QVERIFY(!window.session().imported());
    }
};

QTEST_MAIN(TestEngineImport)
#include "tst_engineimport.moc"
