// SPDX-License-Identifier: GPL-3.0-or-later
// The drill-down's "failed calls too" toggle (issue 14, Risk explained; docs/detection.md, Risk): the
// real window on the risk fixture, the toggle clicked as a user does, the failed calls listed with
// their errorCode, and gone again when it is cleared. The detection's own counts do not move.

#include "tests/support/testsupport.h"
#include "tests/support/windowsupport.h"
#include "ui/findingspage.h"
#include "ui/mainwindow.h"
#include "ui/models/eventsmodel.h"

#include <QCheckBox>
#include <QLabel>
#include <QSettings>
#include <QTableView>
#include <QTemporaryDir>
#include <QTest>

using namespace tw;
using namespace Qt::StringLiterals;

namespace {

// The errorCode column of every row, in the table's order.
QStringList errorCodes(const QTableView* view)
{
    QStringList out;
    for (int row = 0; row < view->model()->rowCount(); ++row)
        out << view->model()->index(row, EventsModel::Error).data().toString();
    return out;
}

} // namespace

class TestFailedCalls : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void initTestCase()
    {
        QVERIFY(m_settings.isValid() && m_dir.isValid());
        QCoreApplication::setOrganizationName(u"TrailWardenTest"_s);
        QCoreApplication::setApplicationName(u"tst_failedcalls"_s);
        QSettings::setDefaultFormat(QSettings::IniFormat);
        QSettings::setPath(QSettings::IniFormat, QSettings::UserScope, m_settings.path());
        m_logs = m_dir.filePath(u"events.jsonl"_s);
        QVERIFY(test::writeFile(m_logs, test::sensitiveWallEvents()));
    }

    void toggle()
    {
        const auto window = test::openWindow({{m_logs}, {}, {}, {}, {1400, 900}});
        QVERIFY(window);
        FindingsPage* page = window->findingsPage();
        QTableView* events = page->eventsView();
        QVERIFY(window->selectUser(u"mallory"_s));
        QTRY_COMPARE(events->model()->rowCount(), 41); // successful calls only, as the detection counts
        QVERIFY(!errorCodes(events).contains(u"AccessDenied"_s));

        QCheckBox* toggle = page->findChild<QCheckBox*>(u"failedCallsToggle"_s);
        QVERIFY(toggle);
        QVERIFY(toggle->isVisible() && toggle->isEnabled());
        QVERIFY(!toggle->isChecked()); // off by default: the table is what the detection saw
        QTest::mouseClick(toggle, Qt::LeftButton);
        QVERIFY(toggle->isChecked());
        QTRY_COMPARE(events->model()->rowCount(), 44);
        QCOMPARE(errorCodes(events).count(u"AccessDenied"_s), 3);
        for (int row = 0; row < events->model()->rowCount(); ++row)
            if (events->model()->index(row, EventsModel::Error).data().toString() == u"AccessDenied"_s)
                QCOMPARE(events->model()->index(row, EventsModel::EventName).data().toString(),
                         u"CreateUser"_s);
        bool said = false;
        for (const QLabel* l : page->findChildren<QLabel*>())
            said = said || l->text().contains(u"44, 3 of them failed"_s);
        QVERIFY2(said, "the events label says how many of the rows failed");

        // The choice stays while another finding is current, and the finding's count stays 41.
        QVERIFY(window->selectUser(u"quiet"_s));
        QTRY_COMPARE(events->model()->rowCount(), 1);
        QVERIFY(window->selectUser(u"mallory"_s));
        QTRY_COMPARE(events->model()->rowCount(), 44);

        toggle->click();
        QTRY_COMPARE(events->model()->rowCount(), 41);
        QVERIFY(!errorCodes(events).contains(u"AccessDenied"_s));
    }

private:
    QTemporaryDir m_settings;
    QTemporaryDir m_dir;
    QString m_logs;
};

QTEST_MAIN(TestFailedCalls)
#include "tst_failedcalls.moc"
