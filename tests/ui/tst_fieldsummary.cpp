// SPDX-License-Identifier: GPL-3.0-or-later

// Issue 14 on the real window, offscreen: the field summary beside the drill-down counts the
// current finding's events per region, source IP, user agent, account, access key and event source
// (checked against the store, counted here); the findings filter highlights the cells that hold a
// term and no other; the access key and session cells of the events table offer the pivots.

#include "tests/support/testsupport.h"
#include "tests/support/windowsupport.h"
#include "ui/fieldsummarypanel.h"
#include "ui/findingspage.h"
#include "ui/mainwindow.h"
#include "ui/models/eventsmodel.h"
#include "ui/models/findingsmodel.h"
#include "ui/models/findingsproxy.h"
#include "ui/pivotpage.h"

#include <QBrush>
#include <QLineEdit>
#include <QMap>
#include <QMenu>
#include <QSettings>
#include <QTableView>
#include <QTemporaryDir>
#include <QTest>
#include <QTreeWidget>

using namespace Qt::StringLiterals;
using namespace tw;

class TestFieldSummary : public QObject
{
    Q_OBJECT

private:
    QTemporaryDir m_settings;

    std::unique_ptr<MainWindow> openSample()
    {
        const QString sample = test::sampleDir();
        return test::openWindow({{sample + u"/AWSLogs"_s},
                                 sample + u"/lookups/aws_service_accounts.csv"_s,
                                 sample + u"/lookups/identity_lookup_expanded.csv"_s});
    }

    // The summary's sections: name -> (value -> count) of the rows shown (the top values).
    static QMap<QString, QMap<QString, quint64>> sections(const QTreeWidget* tree)
    {
        QMap<QString, QMap<QString, quint64>> out;
        for (int i = 0; i < tree->topLevelItemCount(); ++i) {
            const QTreeWidgetItem* top = tree->topLevelItem(i);
            QMap<QString, quint64>& values = out[top->text(0)];
            for (int j = 0; j < top->childCount(); ++j)
                if (const QVariant raw = top->child(j)->data(0, Qt::UserRole); raw.isValid())
                    values[raw.toString()] = QLocale().toULongLong(top->child(j)->text(1));
        }
        return out;
    }

private Q_SLOTS:
    void initTestCase()
    {
        QVERIFY(m_settings.isValid());
        QCoreApplication::setOrganizationName(u"TrailWardenTest"_s);
        QCoreApplication::setApplicationName(u"tst_fieldsummary"_s);
        QSettings::setDefaultFormat(QSettings::IniFormat);
        QSettings::setPath(QSettings::IniFormat, QSettings::UserScope, m_settings.path());
    }

    void init() { QSettings().clear(); }

    void summaryCountsTheFindingsEvents()
    {
        auto window = openSample();
        QVERIFY(window);
        FindingsPage* page = window->findingsPage();
        QTRY_VERIFY(page->eventsModel()->rowCount() > 0);
        FieldSummaryPanel* summary = page->fieldSummary();
        summary->waitForSummary();
        const auto store = window->session().store();
        const auto result = window->session().result();
        const QString user = page->currentUserId();
        QVERIFY(!user.isEmpty());

        // The finding's counted events (successful, its user), counted here per field.
        QMap<QString, QMap<QString, quint64>> expected;
        quint64 events = 0;
        for (std::size_t e = 0; e < store->events.size(); ++e) {
            if (store->qstr(store->user(e, result->rules)) != user || !store->successful(e, result->rules))
                continue;
            ++events;
            const EventColumns& c = store->events;
            const std::pair<QString, std::uint32_t> fields[] = {
                {u"Regions"_s, c.region[e]},
                {u"Source IPs"_s, c.sourceIp[e]},
                {u"User agents"_s, c.userAgent[e]},
                {u"Accounts"_s, c.account[e]},
                {u"Event sources"_s, c.eventSource[e]},
            };
            for (const auto& [section, id] : fields)
                if (id != 0)
                    ++expected[section][store->qstr(id)];
            if (store->accessKey(e) != 0) // an id of the store's access key table, not a string id
                ++expected[u"Access keys"_s][store->accessKeyText(store->accessKey(e))];
        }
        QVERIFY(events > 0);
        QVERIFY(!expected[u"Access keys"_s].isEmpty()); // the sample signs its calls with keys

        const auto shown = sections(summary->tree());
        QCOMPARE(shown.keys(), (QStringList{u"Access keys"_s, u"Accounts"_s, u"Event sources"_s, u"Regions"_s,
                                            u"Source IPs"_s, u"User agents"_s}));
        for (auto it = shown.begin(); it != shown.end(); ++it) {
            const QMap<QString, quint64>& all = expected[it.key()];
            // The rows shown are the most frequent values, with their exact counts.
            QCOMPARE(it->size(), std::min<qsizetype>(all.size(), FieldSummaryPanel::kTopValues));
            quint64 smallestShown = ~quint64(0);
            for (auto v = it->begin(); v != it->end(); ++v) {
                QVERIFY2(all.contains(v.key()), qPrintable(it.key() + u": "_s + v.key()));
                QCOMPARE(v.value(), all.value(v.key()));
                smallestShown = std::min(smallestShown, v.value());
            }
            for (auto v = all.begin(); v != all.end(); ++v)
                if (!it->contains(v.key()))
                    QVERIFY2(v.value() <= smallestShown, qPrintable(it.key() + u": "_s + v.key()));
        }
    }

    void filterHighlightsTheHit()
    {
        auto window = openSample();
        QVERIFY(window);
        FindingsPage* page = window->findingsPage();
        QTRY_VERIFY(page->findingsProxy()->rowCount() > 1);
        FindingsProxy* proxy = page->findingsProxy();
        const QString user = proxy->index(0, FindingsModel::User).data().toString();
        const QString term = user.mid(1, 4).toUpper(); // case-insensitive, part of the name
        page->setFilterText(term);
        page->waitForFilter();
        QVERIFY(proxy->rowCount() > 0);
        // A cell with the term differs from the table's own background; every other cell keeps it.
        int highlighted = 0, plain = 0;
        for (int row = 0; row < proxy->rowCount(); ++row)
            for (int column = 0; column < proxy->columnCount(); ++column) {
                const QModelIndex index = proxy->index(row, column);
                const QVariant own = proxy->mapToSource(index).data(Qt::BackgroundRole);
                const QVariant shown = index.data(Qt::BackgroundRole);
                if (index.data().toString().contains(term, Qt::CaseInsensitive)) {
                    ++highlighted;
                    QVERIFY2(shown != own && shown.value<QBrush>().style() != Qt::NoBrush,
                             qPrintable(index.data().toString()));
                } else {
                    ++plain;
                    QCOMPARE(shown, own);
                }
            }
        QVERIFY(highlighted > 0);
        QVERIFY(plain > 0);
        page->setFilterText(QString());
        const QModelIndex first = proxy->index(0, FindingsModel::User);
        QCOMPARE(first.data(Qt::BackgroundRole), proxy->mapToSource(first).data(Qt::BackgroundRole));
    }

    // Right-click on an access key or session cell of the drill-down offers both pivots.
    void accessKeyAndSessionCellsOfferPivots()
    {
        auto window = openSample();
        QVERIFY(window);
        FindingsPage* page = window->findingsPage();
        QTRY_VERIFY(page->eventsModel()->rowCount() > 0);
        for (int column : {int(EventsModel::AccessKey), int(EventsModel::Session)}) {
            const QModelIndex cell = test::drillDownCellWithValue(page, column);
            QVERIFY2(cell.isValid(), "the sample has a value in every such column");
            const std::optional<PivotValue> value = pivotValueAt(cell);
            QVERIFY(value);
            QCOMPARE(pivotValueText(*window->session().store(), value->field, value->value),
                     cell.data().toString());
            QMenu menu;
            window->pivotPage()->addPivotActions(&menu, cell);
            QVERIFY(menu.findChild<QAction*>(u"pivotEventsAction"_s));
            QVERIFY(menu.findChild<QAction*>(u"pivotFindingsAction"_s));

            window->pivotPage()->showEventsWith(*value);
            window->pivotPage()->waitForQueries();
            const EventsModel* pivot = window->pivotPage()->eventsModel();
            QVERIFY(pivot->rowCount() > 0);
            for (int row = 0; row < pivot->rowCount(); ++row)
                QCOMPARE(pivot->index(row, column).data().toString(), cell.data().toString());
        }
    }
};

QTEST_MAIN(TestFieldSummary)
#include "tst_fieldsummary.moc"
