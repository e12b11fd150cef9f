// SPDX-License-Identifier: GPL-3.0-or-later

// The polish list of the review (issue 15, Look and fit), on the real window offscreen: plurals in
// the export message, the window title naming the folder above AWSLogs, and Open / Show in Folder
// after an export.

#include "ui/findingspage.h"
#include "ui/mainwindow.h"
#include "ui/models/findingsmodel.h"
#include "ui/reportexport.h"
#include "ui/reviewcontroller.h"

#include "tests/support/testsupport.h"
#include "tests/support/windowsupport.h"

#include <QAbstractButton>
#include <QLineEdit>
#include <QMessageBox>
#include <QSettings>
#include <QSignalSpy>
#include <QTableView>
#include <QTemporaryDir>
#include <QTest>

using namespace Qt::StringLiterals;
using namespace tw;

class TstPolish : public QObject
{
    Q_OBJECT

    QTemporaryDir m_settings;
    QTemporaryDir m_dir;

    std::unique_ptr<MainWindow> openSample()
    {
        test::WindowFiles files;
        files.paths = {test::sampleDir() + u"/AWSLogs"_s};
        files.approved = test::sampleDir() + u"/lookups/aws_service_accounts.csv"_s;
        return test::openWindow(files);
    }

private Q_SLOTS:
    void initTestCase()
    {
        QVERIFY(m_settings.isValid());
        QCoreApplication::setOrganizationName(u"TrailWardenTest"_s);
        QCoreApplication::setApplicationName(u"tst_polish"_s);
        QSettings::setDefaultFormat(QSettings::IniFormat);
        QSettings::setPath(QSettings::IniFormat, QSettings::UserScope, m_settings.path());
    }

    void init() { QSettings().clear(); }

    // "AWSLogs — TrailWarden" named every S3 export alike: the folder above it is in the title.
    void windowTitleNamesTheDataSet()
    {
        auto window = openSample();
        QVERIFY(window);
        // With an approved list the title also counts the findings new since the last review: the
        // sample's list has no review file, so every finding is new (issue 14).
        window->review()->waitForMarks();
        const int findings = window->findingsPage()->findingsModel()->rowCount();
        QVERIFY(findings > 0);
        QCOMPARE(window->windowTitle(), u"sample/AWSLogs (%1 new) — TrailWarden"_s.arg(findings));
    }

    // An interactive export says "1 finding" (not "1 finding(s)") and offers Open and Show in Folder.
    void exportSaysWhereAndOffersToOpen()
    {
        auto window = openSample();
        QVERIFY(window);
        QLineEdit* filter = window->findingsPage()->filterEdit();
        QTest::keyClicks(filter, u"root"_s);
        QTRY_COMPARE(window->findingsPage()->findingsView()->model()->rowCount(), 1);
        auto* exporter = window->findChild<ReportExporter*>(u"reportExporter"_s);
        QVERIFY(exporter);
        QStringList buttons;
        QString text;
        test::onNextModal(this, [&](QWidget* modal) {
            auto* box = qobject_cast<QMessageBox*>(modal);
            if (!box)
                return;
            text = box->text();
            for (QAbstractButton* b : box->buttons())
                buttons << b->text().remove(u'&');
            box->button(QMessageBox::Close)->click();
        });
        QSignalSpy done(exporter, &ReportExporter::finished);
        const QString path = m_dir.filePath(u"one.html"_s);
        exporter->exportTo(path, ReportFormat::Html, true);
        QVERIFY(done.wait(30000));
        QVERIFY2(done.at(0).at(0).toBool(), qPrintable(done.at(0).at(1).toString()));
        QVERIFY2(done.at(0).at(1).toString().startsWith(u"Exported 1 finding to"_s),
                 qPrintable(done.at(0).at(1).toString()));
        QVERIFY2(text.contains(u"one.html"_s), qPrintable(text));
        QVERIFY2(buttons.contains(u"Open"_s) && buttons.contains(u"Show in Folder"_s),
                 qPrintable(buttons.join(u", "_s)));
    }
};

QTEST_MAIN(TstPolish)
#include "tst_polish.moc"
