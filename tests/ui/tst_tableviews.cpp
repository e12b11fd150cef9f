// SPDX-License-Identifier: GPL-3.0-or-later

// What every table of the window offers (issue 15, Tables and values), driven by mouse and keys on
// the real widgets, offscreen: the column chooser in the header's context menu (remembered), Ctrl+C
// copying the selected rows with headers as TSV, "Copy Rows as CSV" quoted and formula-safe, and
// Ctrl+Alt+C copying the current cell; the raw event as a JSON tree (find, copy value and path,
// filter the events on a value, toggle to the text).

#include "tests/support/windowsupport.h"
#include "ui/dialogs/approvedialog.h"
#include "ui/findingspage.h"
#include "ui/jsontreeview.h"
#include "ui/mainwindow.h"
#include "ui/models/eventsmodel.h"
#include "ui/models/findingsmodel.h"
#include "ui/rawrecordpane.h"
#include "ui/viewhelpers.h"

#include <QAction>
#include <QApplication>
#include <QClipboard>
#include <QContextMenuEvent>
#include <QDesktopServices>
#include <QDockWidget>
#include <QFile>
#include <QHeaderView>
#include <QLineEdit>
#include <QMenu>
#include <QPushButton>
#include <QSettings>
#include <QStandardItemModel>
#include <QTableView>
#include <QTemporaryDir>
#include <QTest>
#include <QToolButton>
#include <QTreeWidget>

using namespace Qt::StringLiterals;
using namespace tw;

namespace {

const QString kSample = QStringLiteral(TRAILWARDEN_TEST_DATA "/../../resources/sample");

test::WindowFiles sampleFiles()
{
    test::WindowFiles files;
    files.paths = {kSample + u"/AWSLogs"_s};
    files.approved = kSample + u"/lookups/aws_service_accounts.csv"_s;
    files.identities = kSample + u"/lookups/identity_lookup_expanded.csv"_s;
    return files;
}

// A right click on the header section of `logical`, as the platform delivers it.
void rightClickHeader(QTableView* view, int logical)
{
    QHeaderView* header = view->horizontalHeader();
    const QPoint pos(header->sectionViewportPosition(logical) + 5, header->height() / 2);
    QTest::mouseClick(header->viewport(), Qt::RightButton, {}, pos);
    QContextMenuEvent event(QContextMenuEvent::Mouse, pos, header->viewport()->mapToGlobal(pos));
    QApplication::sendEvent(header->viewport(), &event);
}

// Opens the column chooser on view and clicks the entry named `title`; returns the entries seen.
QStringList clickColumnEntry(QObject* owner, QTableView* view, const QString& title)
{
    QStringList seen;
    test::onNextPopup(owner, [&seen, title](QWidget* popup) {
        auto* menu = qobject_cast<QMenu*>(popup);
        QVERIFY(menu);
        for (QAction* a : menu->actions()) {
            if (a->isSeparator())
                continue;
            seen << a->text();
            if (a->text() == title)
                QTest::mouseClick(menu, Qt::LeftButton, {}, menu->actionGeometry(a).center());
        }
    });
    rightClickHeader(view, view->horizontalHeader()->logicalIndex(0));
    return seen;
}

// A right click on a cell, then a click on the context menu's entry named `title`.
void clickContextEntry(QObject* owner, QAbstractItemView* view, const QModelIndex& index,
                       const QString& title)
{
    bool found = false;
    test::onNextPopup(owner, [&found, title](QWidget* popup) {
        auto* menu = qobject_cast<QMenu*>(popup);
        QVERIFY(menu);
        for (QAction* a : menu->actions())
            if (a->text().remove(u'&') == title) {
                found = true;
                QTest::mouseClick(menu, Qt::LeftButton, {}, menu->actionGeometry(a).center());
                return;
            }
    });
    const QPoint pos = view->visualRect(index).center();
    QTest::mouseClick(view->viewport(), Qt::RightButton, {}, pos);
    QContextMenuEvent event(QContextMenuEvent::Mouse, pos, view->viewport()->mapToGlobal(pos));
    QApplication::sendEvent(view->viewport(), &event);
    QVERIFY2(found, qPrintable(u"no context-menu entry "_s + title));
}

// Screenshots for a human to look at, when TRAILWARDEN_GRAB_DIR names a folder.
void grabFor(QWidget* widget, const QString& name)
{
    const QString dir = qEnvironmentVariable("TRAILWARDEN_GRAB_DIR");
    if (dir.isEmpty())
        return;
    QCoreApplication::processEvents();
    widget->grab().save(dir + u'/' + name + u".png"_s);
}

QTreeWidgetItem* childNamed(QTreeWidgetItem* parent, const QString& key)
{
    for (int i = 0; i < parent->childCount(); ++i)
        if (parent->child(i)->text(JsonTreeView::Key) == key)
            return parent->child(i);
    return nullptr;
}

QStringList headerTitles(const QTableView* view)
{
    QStringList out;
    const QHeaderView* header = view->horizontalHeader();
    for (int visual = 0; visual < header->count(); ++visual) {
        const int logical = header->logicalIndex(visual);
        if (!header->isSectionHidden(logical))
            out << view->model()->headerData(logical, Qt::Horizontal).toString();
    }
    return out;
}

// Stands in for the browser: QDesktopServices hands it the links instead of opening them.
class UrlCatcher : public QObject
{
    Q_OBJECT
public:
    QList<QUrl> urls;
public Q_SLOTS:
    void open(const QUrl& url) { urls.append(url); }
};

} // namespace

class TestTableViews : public QObject
{
    Q_OBJECT

private:
    QTemporaryDir m_settings;

private Q_SLOTS:
    void initTestCase()
    {
        QVERIFY(m_settings.isValid());
        QCoreApplication::setOrganizationName(u"TrailWardenTest"_s);
        QCoreApplication::setApplicationName(u"tst_tableviews"_s);
        QSettings::setDefaultFormat(QSettings::IniFormat);
        QSettings::setPath(QSettings::IniFormat, QSettings::UserScope, m_settings.path());
    }

    void init() { QSettings().clear(); }

    // Every table of the window: a right click on its header lists the columns; unticking one hides
    // it; the window remembers it (findings table) after a restart.
    void columnChooserOnEveryTable()
    {
        auto window = test::openWindow(sampleFiles());
        QVERIFY(window);
        QList<QTableView*> views{window->findingsPage()->findingsView(), window->findingsPage()->eventsView(),
                                 window->findChild<QTableView*>(u"approvedView"_s)};
        auto* dock = window->findChild<QDockWidget*>(u"problemsDock"_s);
        QVERIFY(dock);
        views << qobject_cast<QTableView*>(dock->widget());
        for (QTableView* view : views) {
            QVERIFY(view);
            view->window()->show();
            if (auto* d = qobject_cast<QDockWidget*>(view->parentWidget()))
                d->show();
            // The approved table sits in a tab that may not be current: show it.
            for (QWidget* w = view; w; w = w->parentWidget())
                w->setVisible(true);
            const QStringList before = headerTitles(view);
            QVERIFY(before.size() >= 2);
            const QString victim = before.at(1);
            if (view == views.front())
                test::onNextPopup(this, [](QWidget* popup) {
                    grabFor(popup, u"column-chooser"_s);
                    popup->close();
                });
            if (view == views.front())
                rightClickHeader(view, view->horizontalHeader()->logicalIndex(0));
            const QStringList seen = clickColumnEntry(this, view, victim);
            QVERIFY2(seen.contains(victim), qPrintable(view->objectName()));
            QStringList expected = before;
            expected.removeAt(1);
            QCOMPARE(headerTitles(view), expected);
            // Ticked again: back.
            clickColumnEntry(this, view, victim);
            QCOMPARE(headerTitles(view).size(), before.size());
        }

        QTableView* findings = window->findingsPage()->findingsView();
        const QString risk = findings->model()->headerData(FindingsModel::Risk, Qt::Horizontal).toString();
        clickColumnEntry(this, findings, risk);
        QVERIFY(findings->isColumnHidden(FindingsModel::Risk));
        window->close();
        window.reset();

        auto again = test::openWindow(sampleFiles());
        QVERIFY(again);
        QVERIFY(again->findingsPage()->findingsView()->isColumnHidden(FindingsModel::Risk));
    }

    // The drill-down's filter says what it searches, and searches what it says: typing a cell's value
    // keeps its event, and the column is named in the placeholder and the tooltip.
    void eventsFilterSaysWhatItSearches_data()
    {
        QTest::addColumn<int>("column");
        QTest::addColumn<QString>("word");
        QTest::newRow("API") << int(EventsModel::EventName) << u"API"_s;
        QTest::newRow("source") << int(EventsModel::EventSource) << u"source"_s;
        QTest::newRow("region") << int(EventsModel::Region) << u"region"_s;
        QTest::newRow("account") << int(EventsModel::Account) << u"account"_s;
        QTest::newRow("source IP") << int(EventsModel::SourceIp) << u"IP"_s;
        QTest::newRow("user agent") << int(EventsModel::UserAgent) << u"agent"_s;
        QTest::newRow("access key") << int(EventsModel::AccessKey) << u"access key"_s;
        QTest::newRow("session") << int(EventsModel::Session) << u"session"_s;
    }

    void eventsFilterSaysWhatItSearches()
    {
        QFETCH(int, column);
        QFETCH(QString, word);
        auto window = test::openWindow(sampleFiles());
        QVERIFY(window);
        FindingsPage* page = window->findingsPage();
        const QModelIndex cell = test::drillDownCellWithValue(page, column);
        QVERIFY(cell.isValid());
        // The value as the store holds it (an account without its name, a session as its text).
        const QString value = cell.data(EventsModel::SortRole).toString();
        QLineEdit* filter = page->eventsFilterEdit();
        filter->setFocus();
        QTest::keyClicks(filter, value);
        const EventsModel* events = page->eventsModel();
        QTRY_COMPARE(events->filterText(), value.simplified());
        bool kept = false;
        for (int row = 0; row < events->rowCount(); ++row)
            kept |= events->index(row, column).data(EventsModel::SortRole).toString() == value;
        QVERIFY2(kept, qPrintable(value));
        QVERIFY2(filter->placeholderText().contains(word), qPrintable(filter->placeholderText()));
        QVERIFY2(filter->toolTip().contains(word, Qt::CaseInsensitive), qPrintable(filter->toolTip()));
        filter->clear();
        grabFor(page, u"events-filter"_s);
    }

    // The last visible column cannot be hidden: an empty table would look like no data.
    void columnChooserKeepsOneColumn()
    {
        QStandardItemModel model(1, 2);
        model.setHorizontalHeaderLabels({u"A"_s, u"B"_s});
        QTableView view;
        setupTableView(&view);
        view.setModel(&model);
        view.resize(400, 200);
        view.show();
        QVERIFY(QTest::qWaitForWindowExposed(&view));
        clickColumnEntry(this, &view, u"A"_s);
        QCOMPARE(headerTitles(&view), QStringList{u"B"_s});
        clickColumnEntry(this, &view, u"B"_s);
        QCOMPARE(headerTitles(&view), QStringList{u"B"_s});
    }

    // Ctrl+C in the findings table: the selected rows with the visible headers, tab-separated.
    void ctrlCCopiesRowsWithHeaders()
    {
        auto window = test::openWindow(sampleFiles());
        QVERIFY(window);
        QTableView* view = window->findingsPage()->findingsView();
        QVERIFY(view->model()->rowCount() >= 3);
        view->setFocus();
        QTest::mouseClick(view->viewport(), Qt::LeftButton, {},
                          view->visualRect(view->model()->index(0, FindingsModel::User)).center());
        QTest::mouseClick(view->viewport(), Qt::LeftButton, Qt::ControlModifier,
                          view->visualRect(view->model()->index(2, FindingsModel::User)).center());
        QApplication::clipboard()->clear();
        QTest::keyClick(view, Qt::Key_C, Qt::ControlModifier);
        const QStringList lines = QApplication::clipboard()->text().split(u'\n', Qt::SkipEmptyParts);
        QCOMPARE(lines.size(), 3);
        QCOMPARE(lines.at(0), headerTitles(view).join(u'\t'));
        const int userColumn = int(headerTitles(view).indexOf(
            view->model()->headerData(FindingsModel::User, Qt::Horizontal).toString()));
        QCOMPARE(lines.at(1).split(u'\t').at(userColumn),
                 view->model()->index(0, FindingsModel::User).data().toString());
        QCOMPARE(lines.at(2).split(u'\t').at(userColumn),
                 view->model()->index(2, FindingsModel::User).data().toString());
        QCOMPARE(lines.at(1).split(u'\t').size(), headerTitles(view).size());
    }

    // Values from a log: quoted for CSV, a formula start defused, no tab or line break left in TSV;
    // Ctrl+Alt+C copies the one cell exactly.
    void copyAsCsvAndCell()
    {
        QStandardItemModel model(2, 3);
        model.setHorizontalHeaderLabels({u"user"_s, u"api"_s, u"note"_s});
        model.setItem(0, 0, new QStandardItem(u"=HYPERLINK(\"http://x\")"_s));
        model.setItem(0, 1, new QStandardItem(u"a,b"_s));
        model.setItem(0, 2, new QStandardItem(u"tab\there\nline"_s));
        model.setItem(1, 0, new QStandardItem(u"alice"_s));
        model.setItem(1, 1, new QStandardItem(u"GetObject"_s));
        model.setItem(1, 2, new QStandardItem(u"plain"_s));
        QTableView view;
        setupTableView(&view);
        view.setModel(&model);
        view.resize(600, 200);
        view.show();
        QVERIFY(QTest::qWaitForWindowExposed(&view));
        view.setFocus();

        QTest::mouseClick(view.viewport(), Qt::LeftButton, {}, view.visualRect(model.index(0, 1)).center());
        QApplication::clipboard()->clear();
        clickContextEntry(this, &view, model.index(0, 1), u"Copy Rows as CSV"_s);
        QCOMPARE(QApplication::clipboard()->text(),
                 u"user,api,note\n\"'=HYPERLINK(\"\"http://x\"\")\",\"a,b\",tab[U+0009]here[U+000A]line\n"_s);

        QApplication::clipboard()->clear();
        QTest::keyClick(&view, Qt::Key_C, Qt::ControlModifier);
        QCOMPARE(QApplication::clipboard()->text(),
                 u"user\tapi\tnote\n'=HYPERLINK(\"http://x\")\ta,b\ttab[U+0009]here[U+000A]line\n"_s);

        QTest::mouseClick(view.viewport(), Qt::LeftButton, {}, view.visualRect(model.index(0, 2)).center());
        QApplication::clipboard()->clear();
        QTest::keyClick(&view, Qt::Key_C, Qt::ControlModifier | Qt::AltModifier);
        QCOMPARE(QApplication::clipboard()->text(), u"tab\there\nline"_s);

        // The cell copy from the context menu too.
        QApplication::clipboard()->clear();
        clickContextEntry(this, &view, model.index(1, 1), u"Copy Cell"_s);
        QCOMPARE(QApplication::clipboard()->text(), u"GetObject"_s);
    }

    // The raw event as a tree: find highlights and opens the way to a nested field; Ctrl+C copies
    // a value, the context menu its path; a field offers to filter the events on its value; the
    // toggle shows the plain text.
    void rawEventAsJsonTree()
    {
        auto window = test::openWindow(sampleFiles());
        QVERIFY(window);
        FindingsPage* page = window->findingsPage();
        RawRecordPane* raw = page->rawPane();
        QTableView* events = page->eventsView();
        QTRY_VERIFY(events->model()->rowCount() > 1);
        QTRY_VERIFY(!raw->isReading() && !raw->text().isEmpty());
        raw->waitForRecord();
        QVERIFY(raw->showsTree());
        QTreeWidget* tree = raw->tree()->tree();
        QVERIFY(tree->isVisible());
        QTreeWidgetItem* root = tree->invisibleRootItem();
        QTreeWidgetItem* identity = childNamed(root, u"userIdentity"_s);
        QVERIFY(identity);
        QTreeWidgetItem* type = childNamed(identity, u"type"_s);
        QVERIFY(type);
        QVERIFY(!identity->isExpanded());

        // Find: typed into the box, highlights the field and expands its parent.
        QLineEdit* find = raw->tree()->findEdit();
        QTest::mouseClick(find, Qt::LeftButton);
        QTest::keyClicks(find, type->text(JsonTreeView::Value));
        QVERIFY(raw->tree()->matches().contains(type));
        QVERIFY(identity->isExpanded());
        QVERIFY(type->background(JsonTreeView::Value).style() != Qt::NoBrush);
        grabFor(window.get(), u"json-tree-find"_s);
        QVERIFY(childNamed(root, u"eventID"_s)->background(JsonTreeView::Value).style() == Qt::NoBrush);
        find->clear();
        QVERIFY(type->background(JsonTreeView::Value).style() == Qt::NoBrush);

        // Copy the value (Ctrl+C) and the path (context menu).
        tree->setFocus();
        tree->scrollToItem(type);
        QTest::mouseClick(tree->viewport(), Qt::LeftButton, {}, tree->visualItemRect(type).center());
        QCOMPARE(tree->currentItem(), type);
        QApplication::clipboard()->clear();
        QTest::keyClick(tree, Qt::Key_C, Qt::ControlModifier);
        QCOMPARE(QApplication::clipboard()->text(),
                 type->data(JsonTreeView::Value, JsonTreeView::RawValueRole).toString());
        clickContextEntry(this, tree, tree->indexFromItem(type, JsonTreeView::Value), u"Copy Path"_s);
        QCOMPARE(QApplication::clipboard()->text(), u"userIdentity.type"_s);

        // Filter the events on this eventName: only its events, a notice, and back.
        const int all = events->model()->rowCount();
        QTreeWidgetItem* name = childNamed(root, u"eventName"_s);
        QVERIFY(name);
        const QString value = name->text(JsonTreeView::Value);
        int expected = 0;
        for (int row = 0; row < all; ++row)
            expected += events->model()->index(row, EventsModel::EventName).data().toString() == value;
        tree->scrollToItem(name);
        clickContextEntry(this, tree, tree->indexFromItem(name, JsonTreeView::Value),
                          u"Filter Events on This Value"_s);
        QCOMPARE(events->model()->rowCount(), expected);
        for (int row = 0; row < expected; ++row)
            QCOMPARE(events->model()->index(row, EventsModel::EventName).data().toString(), value);
        auto* notice = page->findChild<QWidget*>(u"eventsFilterNotice"_s);
        QVERIFY(notice && notice->isVisible());
        grabFor(window.get(), u"events-filtered-on-value"_s);
        auto* showAll = notice->findChild<QPushButton*>();
        QVERIFY(showAll);
        QTest::mouseClick(showAll, Qt::LeftButton);
        QCOMPARE(events->model()->rowCount(), all);
        QVERIFY(!notice->isVisible());

        // The toggle: plain text, and back.
        QPushButton* toggle = raw->treeToggle();
        QTest::mouseClick(toggle, Qt::LeftButton);
        QVERIFY(!raw->showsTree());
        QTest::mouseClick(toggle, Qt::LeftButton);
        QVERIFY(raw->showsTree());
    }

    // Open in AWS Console: the links of the shown record go to the browser (here: a catcher).
    void openInAwsConsole()
    {
        UrlCatcher catcher;
        QDesktopServices::setUrlHandler(u"https"_s, &catcher, "open");
        auto window = test::openWindow(sampleFiles());
        QVERIFY(window);
        RawRecordPane* raw = window->findingsPage()->rawPane();
        QTRY_VERIFY(!raw->isReading() && !raw->text().isEmpty());
        raw->waitForRecord();
        QTreeWidgetItem* root = raw->tree()->tree()->invisibleRootItem();
        const QString eventId = childNamed(root, u"eventID"_s)->text(JsonTreeView::Value);
        const QString region = childNamed(root, u"awsRegion"_s)->text(JsonTreeView::Value);
        QToolButton* button = raw->consoleButton();
        QVERIFY(button->isEnabled());
        test::onNextPopup(this, [](QWidget* popup) {
            auto* menu = qobject_cast<QMenu*>(popup);
            QVERIFY(menu);
            grabFor(menu, u"open-in-console"_s);
            QAction* event = menu->actions().value(0);
            QVERIFY(event && event->isEnabled());
            QTest::mouseClick(menu, Qt::LeftButton, {}, menu->actionGeometry(event).center());
        });
        QTest::mouseClick(button, Qt::LeftButton);
        QTRY_COMPARE(catcher.urls.size(), 1);
        QCOMPARE(catcher.urls.front().toString(QUrl::FullyEncoded),
                 u"https://%1.console.aws.amazon.com/cloudtrailv2/home?region=%1#/events/%2"_s.arg(region,
                                                                                                   eventId));
        QDesktopServices::unsetUrlHandler(u"https"_s);
    }

    // The Approve dialog shows the class and the sensitive APIs of what is being approved.
    void approveDialogShowsClassAndSensitiveApis()
    {
        QTemporaryDir dir;
        const QString approved = dir.filePath(u"aws_service_accounts.csv"_s);
        QVERIFY(QFile::copy(kSample + u"/lookups/aws_service_accounts.csv"_s, approved));
        QFile::setPermissions(approved, QFile::ReadOwner | QFile::WriteOwner);
        test::WindowFiles files = sampleFiles();
        files.approved = approved;
        auto window = test::openWindow(files);
        QVERIFY(window);
        QTableView* view = window->findingsPage()->findingsView();
        const QAbstractItemModel* model = view->model();
        // The riskiest finding (first) and one without sensitive calls, if the sample has one.
        int plain = -1;
        for (int row = 0; row < model->rowCount() && plain < 0; ++row)
            if (!model->index(row, FindingsModel::ApiNames).data().toString().contains(u'\u26A0'))
                plain = row;
        QVERIFY(plain > 0);
        const QString riskyUser = model->index(0, FindingsModel::User).data().toString();
        const QString plainUser = model->index(plain, FindingsModel::User).data().toString();
        QVERIFY(model->index(0, FindingsModel::ApiNames).data().toString().contains(u'\u26A0'));
        view->setFocus();
        QTest::mouseClick(view->viewport(), Qt::LeftButton, {},
                          view->visualRect(model->index(0, FindingsModel::User)).center());
        view->scrollTo(model->index(plain, 0));
        QTest::mouseClick(view->viewport(), Qt::LeftButton, Qt::ControlModifier,
                          view->visualRect(model->index(plain, FindingsModel::User)).center());
        QStringList rows;
        QString riskyApis;
        test::onNextModal(this, [&](QWidget* modal) {
            auto* details = modal->findChild<QTreeWidget*>(u"approveDetails"_s);
            QVERIFY(details);
            grabFor(modal, u"approve-dialog-details"_s);
            for (int i = 0; i < details->topLevelItemCount(); ++i) {
                const QTreeWidgetItem* item = details->topLevelItem(i);
                rows << item->text(0) + u" | "_s + item->text(1);
                if (item->text(0) == riskyUser)
                    riskyApis = item->text(2);
            }
            QTest::keyClick(modal, Qt::Key_Escape);
        });
        QTest::keyClick(view, Qt::Key_Return, Qt::ControlModifier);
        QCOMPARE(rows.size(), 2);
        QVERIFY(
            rows.contains(riskyUser + u" | "_s + model->index(0, FindingsModel::Class).data().toString()));
        QVERIFY(rows.contains(plainUser + u" | "_s +
                              model->index(plain, FindingsModel::Class).data().toString()));
        // Every sensitive API the findings table marks for the user is named in the dialog.
        const QStringList marked = model->index(0, FindingsModel::ApiNames).data().toString().split(u", "_s);
        int named = 0;
        for (const QString& api : marked)
            if (api.startsWith(u'\u26A0')) {
                QVERIFY2(riskyApis.contains(api.mid(2)), qPrintable(api + u" not in "_s + riskyApis));
                ++named;
            }
        QVERIFY(named > 0);
    }

    // A key that is not an identifier is quoted, so that the path names that one field.
    void jsonPathsOfHostileKeys()
    {
        QCOMPARE(JsonTreeView::childPath(u"requestParameters"_s, u"a.b"_s), u"requestParameters[\"a.b\"]"_s);
        QCOMPARE(JsonTreeView::childPath(u"x"_s, u"say \"hi\"\n"_s), u"x[\"say \\\"hi\\\"\\n\"]"_s);
        QCOMPARE(JsonTreeView::childPath(u"resources"_s, 2), u"resources[2]"_s);
        QCOMPARE(JsonTreeView::childPath(QString(), u"eventName"_s), u"eventName"_s);
    }
};

QTEST_MAIN(TestTableViews)
#include "tst_tableviews.moc"
