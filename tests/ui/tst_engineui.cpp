// SPDX-License-Identifier: GPL-3.0-or-later
// The review window with an engine's result instead of logs: the findings fill the same table,
// a banner says where they came from, the lists apply; the export dialog checks the size.

#include "core/detection/principalclass.h"
#include "ui/approvedaccountspanel.h"
#include "ui/dialogs/baselinedialog.h"
#include "ui/dialogs/enginequerydialog.h"
#include "ui/findingspage.h"
#include "ui/mainwindow.h"
#include "ui/models/findingsmodel.h"

#include <QApplication>
#include <QClipboard>
#include <QComboBox>
#include <QDateTimeEdit>
#include <QFile>
#include <QLabel>
#include <QPlainTextEdit>
#include <QRadioButton>
#include <QSettings>
#include <QSignalSpy>
#include <QStyle>
#include <QTabWidget>
#include <QTableView>
#include <QTemporaryDir>
#include <QTest>
#include <QTimer>
#include <QTreeWidget>

using namespace tw;
using namespace Qt::StringLiterals;

class TestEngineUi : public QObject
{
    Q_OBJECT

private:
    QTemporaryDir m_dir;

    // The labels of a shown dialog whose '&' is not a working mnemonic: without a buddy Qt draws the
    // '&' itself ("&Window since:"), and a hidden buddy makes Alt+letter lead nowhere.
    static QStringList brokenMnemonics(const QWidget& dialog)
    {
        QStringList out;
        for (const QLabel* label : dialog.findChildren<QLabel*>()) {
            if (!label->isVisible() || label->textFormat() == Qt::RichText)
                continue;
            const QString text = QString(label->text()).replace(u"&&"_s, QString());
            if (!text.contains(u'&'))
                continue;
            if (!label->buddy())
                out << label->text() + u" (no buddy: '&' shown)"_s;
            else if (!label->buddy()->isVisible())
                out << label->text() + u" (its field is hidden)"_s;
        }
        return out;
    }

    QString write(const QString& name, const QByteArray& bytes)
    {
        const QString path = m_dir.filePath(name);
        QFile f(path);
        if (!f.open(QIODevice::WriteOnly))
            return {};
        f.write(bytes);
        return path;
    }

private Q_SLOTS:
    void initTestCase()
    {
        QCoreApplication::setOrganizationName(u"TrailWardenTest"_s);
        QCoreApplication::setApplicationName(u"tst_engineui"_s);
        QSettings::setDefaultFormat(QSettings::IniFormat);
        QSettings::setPath(QSettings::IniFormat, QSettings::UserScope, m_dir.path());
    }

    void importedResultFillsFindings()
    {
        const QString result = write(
            u"athena.csv"_s,
            "\"user\",\"count\",\"readonlycount\",\"firsttime\",\"lasttime\",\"eventname\",\"tw_query\"\n"
            "\"svc-deploy\",\"3\",\"0\",\"2026-10-01 00:00:00\",\"2026-10-02 "
            "00:00:00\",\"[\"\"PutObject\"\"]\","
            "\"TrailWarden 0.1.0 engine query; engine=athena; rules=ta7; from=2026-10-01T00:00:00Z; "
            "to=2026-10-08T00:00:00Z; slack=1d; dedup=yes; lists=none\"\n"
            "\"mallory\",\"7\",\"1\",\"2026-10-03 00:00:00\",\"2026-10-04 "
            "00:00:00\",\"[\"\"GetObject\"\",\"\"ListBuckets\"\"]\","
            "\"TrailWarden 0.1.0 engine query; engine=athena; rules=ta7; from=2026-10-01T00:00:00Z; "
            "to=2026-10-08T00:00:00Z; slack=1d; dedup=yes; lists=none\"\n");
        const QString approved = write(u"aws_service_accounts.csv"_s, "identity\nsvc-*\n");
        MainWindow window;
        window.resize(1200, 800);
        window.show();
        window.setApprovedPath(approved);
        QSignalSpy loaded(&window, &MainWindow::loadCompleted);
        window.openPaths({result});
        QVERIFY(loaded.wait(30000));
        QVERIFY(window.session().imported());
        QCOMPARE(window.findingsPage()->findingsModel()->rowCount(), 1);
        QCOMPARE(window.findingsPage()->findingsModel()->index(0, FindingsModel::User).data().toString(),
                 u"mallory"_s);
        auto* banner = window.findChild<QLabel*>(u"engineBanner"_s);
        QVERIFY(banner && banner->isVisible());
        QVERIFY(banner->text().contains(u"Amazon Athena"_s));
        QVERIFY(banner->text().contains(u"2026-10-01T00:00:00Z to 2026-10-08T00:00:00Z"_s));
        QVERIFY(banner->text().contains(u"no event details"_s));
        QVERIFY(!window.grab().isNull());

        // Loading logs again takes the banner away.
        window.openPaths({QStringLiteral(TRAILWARDEN_TEST_DATA "/corpus/trailscraper")});
        QVERIFY(loaded.wait(30000));
        QVERIFY(!window.session().imported());
        QVERIFY(!banner->isVisible());
    }

    // An engine result has no risk, write or failed counts. At 200% on a 1920×1080 screen (960×528
    // logical) "not available" was elided to "not av…" in those narrow number columns; the table
    // says "n/a" (the tooltip says why), and it shows whole.
    void unknownCountsShowWholeOnAScaledScreen()
    {
        const QString result = write(
            u"athena-small.csv"_s,
            "\"user\",\"count\",\"readonlycount\",\"firsttime\",\"lasttime\",\"eventname\",\"tw_query\"\n"
            "\"mallory\",\"7\",\"1\",\"2026-10-03 00:00:00\",\"2026-10-04 "
            "00:00:00\",\"[\"\"GetObject\"\"]\","
            "\"TrailWarden 0.1.0 engine query; engine=athena; rules=ta7; from=2026-10-01T00:00:00Z; "
            "to=2026-10-08T00:00:00Z; slack=1d; dedup=yes; lists=none\"\n");
        MainWindow window;
        window.resize(960, 528);
        window.show();
        QSignalSpy loaded(&window, &MainWindow::loadCompleted);
        window.openPaths({result});
        QVERIFY(loaded.wait(30000));
        QVERIFY(window.session().imported());
        QApplication::processEvents();
        const QTableView* table = window.findingsPage()->findingsView();
        const QAbstractItemModel* model = table->model();
        QCOMPARE(model->rowCount(), 1);
        int checked = 0;
        for (const int column :
             {int(FindingsModel::Risk), int(FindingsModel::Writes), int(FindingsModel::Failed)}) {
            if (table->isColumnHidden(column))
                continue;
            ++checked;
            const QModelIndex cell = model->index(0, column);
            const QString text = cell.data().toString();
            // The cell's text plus the style's margins on both sides (as QItemDelegate elides).
            const int margin = table->style()->pixelMetric(QStyle::PM_FocusFrameHMargin, nullptr, table) + 1;
            const int needed = table->fontMetrics().horizontalAdvance(text) + 2 * margin;
            QVERIFY2(needed <= table->columnWidth(column),
                     qPrintable(u"column %1 is %2 px, its text needs %3"_s.arg(column)
                                    .arg(table->columnWidth(column))
                                    .arg(needed)));
            QCOMPARE(text, u"n/a"_s);
            QVERIFY2(cell.data(Qt::ToolTipRole).toString().contains(u"not available: "_s),
                     qPrintable(cell.data(Qt::ToolTipRole).toString()));
        }
        QVERIFY(checked > 0);
    }

    // Tools > Rebuild Baseline over an imported `query --baseline` result: the same reviewed diff
    // as over logs, with the query's window and the engine's counts; applying writes the ticks.
    void importedBaselineOpensTheDiff()
    {
        const QByteArray header = "TrailWarden 0.1.0 engine query; engine=athena; rules=ta7; "
                                  "from=2026-10-01T00:00:00Z; to=2026-10-31T00:00:00Z; slack=1d; dedup=yes; "
                                  "purpose=baseline; lists=none";
        QByteArray csv = "\"user\",\"count\",\"readonlycount\",\"firsttime\",\"lasttime\",\"eventname\","
                         "\"tw_query\"\n";
        // Classed by name, as imported findings are: the service-linked role is a machine (proposed and
        // ticked, as after a scan); svc-new shows nothing but its name (unknown: for review, unticked).
        for (const char* row :
             {"\"AWSServiceRoleForRDS\",\"4\",\"4\",\"2026-10-02 00:00:00\",\"2026-10-03 00:00:00\"",
              "\"svc-deploy\",\"3\",\"0\",\"2026-10-01 00:00:00\",\"2026-10-02 00:00:00\"",
              "\"svc-new\",\"9\",\"1\",\"2026-10-03 00:00:00\",\"2026-10-04 05:06:07\"",
              "\"alice\",\"5\",\"1\",\"2026-10-03 00:00:00\",\"2026-10-04 00:00:00\""})
            csv += QByteArray(row) + ",\"[\"\"GetObject\"\"]\",\"" + header + "\"\n";
        const QString result = write(u"baseline.csv"_s, csv);
        const QString approved = write(u"baseline-approved.csv"_s, "identity\nsvc-deploy\nsvc-gone\n");
        const QString identities = write(u"baseline-identities.csv"_s, "identity\nalice\n");
        MainWindow window;
        window.resize(1200, 800);
        window.show();
        window.setApprovedPath(approved);
        window.session().setIdentityList(identities);
        QSignalSpy loaded(&window, &MainWindow::loadCompleted);
        window.openPaths({result});
        QVERIFY(loaded.wait(30000));
        QVERIFY(window.session().imported());
        auto* panel = window.findChild<ApprovedAccountsPanel*>();
        QVERIFY(panel);
        QVERIFY(panel->baselineAction()->isEnabled());

        bool seen = false;
        auto* timer = new QTimer(&window);
        timer->setInterval(5);
        connect(timer, &QTimer::timeout, timer, [&] {
            auto* dialog = qobject_cast<BaselineDialog*>(QApplication::activeModalWidget());
            if (!dialog || !dialog->isVisible())
                return;
            timer->stop();
            seen = true;
            QCOMPARE(dialog->diff().add, QStringList({u"AWSServiceRoleForRDS"_s, u"svc-new"_s}));
            QCOMPARE(dialog->diff().addClass.size(), std::size_t(2));
            QCOMPARE(dialog->diff().addClass[0].cls, PrincipalClass::ServiceLinked);
            QCOMPARE(dialog->diff().addClass[1].cls, PrincipalClass::Unknown);
            QCOMPARE(dialog->diff().drop, QStringList({u"svc-gone"_s}));
            QCOMPARE(dialog->diff().keep, QStringList({u"svc-deploy"_s}));
            QCOMPARE(formatSplunkTime(dialog->diff().from), u"2026-10-01T00:00:00"_s);
            QVERIFY(dialog->windowText().contains(u"2026-10-01T00:00:00Z to 2026-10-31T00:00:00Z"_s));
            QCOMPARE(dialog->addsGroup()->childCount(), 1);
            QTreeWidgetItem* machine = dialog->addsGroup()->child(0);
            QCOMPARE(machine->data(0, Qt::UserRole).toString(), u"AWSServiceRoleForRDS"_s);
            QCOMPARE(machine->text(1), principalClassName(PrincipalClass::ServiceLinked));
            QCOMPARE(dialog->reviewGroup()->childCount(), 1);
            QTreeWidgetItem* unknown = dialog->reviewGroup()->child(0);
            QCOMPARE(unknown->data(0, Qt::UserRole).toString(), u"svc-new"_s);
            QCOMPARE(unknown->text(1), principalClassName(PrincipalClass::Unknown));
            QCOMPARE(unknown->text(2), QLocale().toString(9));
            QCOMPARE(unknown->text(3), u"2026-10-04T05:06:07"_s);
            QCOMPARE(dialog->checkedAdds(), QStringList({u"AWSServiceRoleForRDS"_s}));
            QVERIFY(dialog->checkedDrops().isEmpty());
            QVERIFY2(brokenMnemonics(*dialog).isEmpty(), qPrintable(brokenMnemonics(*dialog).join(u"; "_s)));
            if (qEnvironmentVariableIsSet("TRAILWARDEN_SCREENSHOT_DIR"))
                dialog->grab().save(qEnvironmentVariable("TRAILWARDEN_SCREENSHOT_DIR") +
                                    u"/engine-baseline-dialog.png"_s);
            dialog->accept();
        });
        timer->start();
        panel->baselineAction()->trigger();
        QVERIFY(seen);
        QFile f(approved);
        QVERIFY(f.open(QIODevice::ReadOnly));
        const QByteArray after = f.readAll();
        QVERIFY2(after.contains("\nAWSServiceRoleForRDS,"), after.constData());
        QVERIFY(!after.contains("\nsvc-new")); // unknown: not ticked, not written
        QVERIFY(after.contains("\nsvc-gone")); // not ticked: kept
    }

    // Every mnemonic label of the engine query dialog (each engine) and of the baseline dialog over
    // logs works: no literal '&', no shortcut to a hidden field (the imported case is checked in
    // importedBaselineOpensTheDiff).
    void dialogMnemonicsWork()
    {
        EngineQueryDialog query(RuleSet::Ta7, {u"svc-a"_s}, {u"alice"_s}, QString(), QString());
        query.show();
        QVERIFY(QTest::qWaitForWindowExposed(&query));
        auto* engine = query.findChild<QComboBox*>(u"engineCombo"_s);
        QVERIFY(engine);
        for (int i = 0; i < engine->count(); ++i) {
            engine->setCurrentIndex(i);
            QVERIFY2(brokenMnemonics(query).isEmpty(),
                     qPrintable(engine->currentText() + u": "_s + brokenMnemonics(query).join(u"; "_s)));
        }

        BaselineDialog::Input input;
        input.store = std::make_shared<EventStore>();
        BaselineDialog baseline(std::move(input), {});
        baseline.show();
        QVERIFY(QTest::qWaitForWindowExposed(&baseline));
        QVERIFY2(brokenMnemonics(baseline).isEmpty(), qPrintable(brokenMnemonics(baseline).join(u"; "_s)));
    }

    // The window's two date-times are one Tab stop each: QDateTimeEdit took Tab through its year,
    // month, day, hour and minute, five presses to leave one field.
    void queryWindowFieldsAreOneTabStopEach()
    {
        EngineQueryDialog dialog(RuleSet::Ta7, {u"svc-a"_s}, {}, QString(), QString());
        dialog.show();
        QVERIFY(QTest::qWaitForWindowExposed(&dialog));
        const QList<QDateTimeEdit*> edits = dialog.findChildren<QDateTimeEdit*>();
        QCOMPARE(edits.size(), 2);
        edits[0]->setFocus(Qt::TabFocusReason);
        QTest::keyClick(edits[0], Qt::Key_Tab);
        QCOMPARE(dialog.focusWidget(), edits[1]);
        QTest::keyClick(edits[1], Qt::Key_Backtab, Qt::ShiftModifier);
        QCOMPARE(dialog.focusWidget(), edits[0]);
    }

    void exportDialogChecksSize()
    {
        QStringList approved;
        for (int i = 0; i < 2000; ++i)
            approved << u"service-account-%1"_s.arg(i);
        EngineQueryDialog dialog(RuleSet::Ta7, approved, {}, QString(64, u'a'), QString());
        auto* engine = dialog.findChild<QComboBox*>(u"engineCombo"_s);
        auto* embed = dialog.findChild<QRadioButton*>(u"embedLists"_s);
        auto* size = dialog.findChild<QLabel*>(u"engineQuerySize"_s);
        auto* text = dialog.findChild<QPlainTextEdit*>(u"engineQueryText"_s);
        QVERIFY(engine && embed && size && text);
        QVERIFY(text->toPlainText().contains(u"lists=none"_s));
        QVERIFY(!size->text().contains(u"Too long"_s));
        engine->setCurrentIndex(engine->findData(int(Engine::Lake)));
        embed->setChecked(true);
        QVERIFY(size->text().contains(u"Too long"_s));
        QVERIFY(size->text().contains(u"of the 2,000 list entries fit"_s) ||
                size->text().contains(u"of the 2000 list entries fit"_s));
        QVERIFY(dialog.queryText().isEmpty()); // nothing to copy or save that the engine would refuse
        if (qEnvironmentVariableIsSet("TRAILWARDEN_SCREENSHOT_DIR")) {
            dialog.show();
            dialog.grab().save(qEnvironmentVariable("TRAILWARDEN_SCREENSHOT_DIR") +
                               u"/engine-query-dialog.png"_s);
        }
        engine->setCurrentIndex(engine->findData(int(Engine::Athena)));
        QVERIFY(!size->text().contains(u"Too long"_s));
        QVERIFY(dialog.queryText().contains(u"'service-account-1999'"_s));
    }
};

QTEST_MAIN(TestEngineUi)
#include "tst_engineui.moc"
