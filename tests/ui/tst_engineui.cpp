// SPDX-License-Identifier: GPL-3.0-or-later
// The review window with an engine's result instead of logs: the findings fill the same table,
// a banner says where they came from, the lists apply; the export dialog checks the size.

#include "ui/dialogs/enginequerydialog.h"
#include "ui/findingspage.h"
#include "ui/mainwindow.h"
#include "ui/models/findingsmodel.h"

#include <QApplication>
#include <QClipboard>
#include <QComboBox>
#include <QFile>
#include <QLabel>
#include <QPlainTextEdit>
#include <QRadioButton>
#include <QSettings>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>

using namespace tw;
using namespace Qt::StringLiterals;

class TestEngineUi : public QObject
{
    Q_OBJECT

private:
    QTemporaryDir m_dir;

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
