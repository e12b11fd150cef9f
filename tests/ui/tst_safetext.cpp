// SPDX-License-Identifier: GPL-3.0-or-later

// Log text shown in the window must not be able to disguise itself (bidi overrides, control
// characters) or be rendered as markup (tooltips are HTML in Qt when they look like it).

#include "core/analysissession.h"
#include "core/report/reporttext.h"
#include "ui/fieldsummarypanel.h"
#include "ui/jsontreeview.h"
#include "ui/models/eventsmodel.h"
#include "ui/models/findingsmodel.h"
#include "ui/pivotpage.h"
#include "ui/safetext.h"

#include <QAction>
#include <QApplication>
#include <QFile>
#include <QJsonDocument>
#include <QMap>
#include <QMenu>
#include <QTest>
#include <QTextDocument>
#include <QTreeWidget>

using namespace tw;

namespace {

// The text a tooltip shows: QToolTip renders it as HTML when Qt::mightBeRichText() says it looks
// like markup, as plain text otherwise.
QString shownAsToolTip(const QString& tip)
{
    if (!Qt::mightBeRichText(tip))
        return tip;
    QTextDocument doc;
    doc.setHtml(tip);
    return doc.toPlainText();
}

// Every item of tree, depth first.
template <typename F> void forEachItem(QTreeWidget* tree, F&& f)
{
    std::vector<QTreeWidgetItem*> todo;
    for (int i = tree->topLevelItemCount() - 1; i >= 0; --i)
        todo.push_back(tree->topLevelItem(i));
    while (!todo.empty()) {
        QTreeWidgetItem* item = todo.back();
        todo.pop_back();
        f(item);
        for (int i = item->childCount() - 1; i >= 0; --i)
            todo.push_back(item->child(i));
    }
}

} // namespace

class TestSafeText : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void roles()
    {
        const QString hostile = QStringLiteral("admin\u202Egnp.exe<img src=x>\n\x1b[31m");
        const QString display = safeItemText(Qt::DisplayRole, hostile).toString();
        QVERIFY(!display.contains(QChar(0x202E)));
        QVERIFY(!display.contains(QChar(0x1b)));
        QVERIFY(display.contains(QLatin1String("[U+202E]")));
        const QString tip = safeItemText(Qt::ToolTipRole, hostile).toString();
        QVERIFY(!tip.contains(QLatin1String("<img")));
        QVERIFY(tip.contains(QLatin1String("&lt;img src=x&gt;")));
        QVERIFY(tip.contains(QLatin1String("<br>"))); // the line break is kept as a break
        // Sorting and other roles see the value unchanged.
        QCOMPARE(safeItemText(Qt::UserRole, hostile).toString(), hostile);
        QCOMPARE(safeItemText(Qt::DisplayRole, 42).toInt(), 42);
    }

    void findingsOfHostileLogs()
    {
        AnalysisSession session;
        session.load({QStringLiteral(TRAILWARDEN_TEST_DATA "/hostile/hostile.json")});
        session.waitForLoad();
        QVERIFY(session.result() && !session.result()->findings.empty());
        FindingsModel model;
        model.setSnapshot(session.store(), session.result());
        for (int row = 0; row < model.rowCount(); ++row) {
            for (int column = 0; column < model.columnCount(); ++column) {
                const QString text = model.index(row, column).data(Qt::DisplayRole).toString();
                for (const QChar c : text)
                    QVERIFY2(c.unicode() >= 0x20 && c.unicode() != 0x202E && c.unicode() != 0x2066,
                             qPrintable(QStringLiteral("row %1 column %2: U+%3")
                                            .arg(row)
                                            .arg(column)
                                            .arg(c.unicode(), 4, 16)));
                const QString tip = model.index(row, column).data(Qt::ToolTipRole).toString();
                QVERIFY2(!tip.contains(QLatin1String("<script")) && !tip.contains(QLatin1String("<img")),
                         qPrintable(tip));
            }
        }
    }

    // Tooltips that quote log text show it as text, whatever markup it holds: the raw event's tree
    // (paths and values), the finding's summary and the pivot actions of an events table's menu.
    void toolTipsOfLogText()
    {
        const QString hostile = QStringLiteral(TRAILWARDEN_TEST_DATA "/hostile/hostile.json");
        QFile file(hostile);
        QVERIFY(file.open(QIODevice::ReadOnly));
        const QJsonDocument json = QJsonDocument::fromJson(file.readAll());
        QVERIFY(!json.isNull());
        QStringList wrong;
        QMap<QString, int> wrongAt;
        int markup = 0; // quoted texts that read as markup: the check must see some
        const auto check = [&](const QString& where, const QString& text, const QString& tip) {
            markup += Qt::mightBeRichText(text) ? 1 : 0;
            // The first of each place, and how many there are: the message has a length limit.
            if (!shownAsToolTip(tip).contains(text) && ++wrongAt[where] == 1)
                wrong << where + QStringLiteral(": ") + text + QStringLiteral(" shown as ") +
                             shownAsToolTip(tip);
        };

        JsonTreeView raw;
        raw.setDocument(json);
        forEachItem(raw.tree(), [&](QTreeWidgetItem* item) {
            using J = JsonTreeView;
            check(QStringLiteral("raw event path"),
                  ReportText::visible(item->data(J::Key, J::PathRole).toString()), item->toolTip(J::Key));
            if (const QVariant value = item->data(J::Value, J::RawValueRole); value.isValid())
                check(QStringLiteral("raw event value"), ReportText::visible(value.toString()),
                      item->toolTip(J::Value));
        });

        AnalysisSession session;
        session.load({hostile});
        session.waitForLoad();
        QVERIFY(session.result() && !session.result()->findings.empty());
        FieldSummaryPanel summary;
        for (const UserActivity& finding : session.result()->findings) {
            summary.showFinding(session.store(), session.result(), finding.user);
            summary.waitForSummary();
            forEachItem(summary.tree(), [&](QTreeWidgetItem* item) {
                if (item->parent() && !item->data(0, Qt::UserRole).toString().isEmpty())
                    check(QStringLiteral("summary"), item->text(0), item->toolTip(0));
            });
        }

        PivotPage pivot(session);
        EventsModel events;
        std::vector<std::uint32_t> all(session.store()->events.size());
        for (std::uint32_t i = 0; i < all.size(); ++i)
            all[i] = i;
        events.setEvents(session.store(), std::move(all));
        for (int row = 0; row < events.rowCount(); ++row) {
            const QModelIndex cell = events.index(row, EventsModel::UserAgent);
            QMenu menu;
            pivot.addPivotActions(&menu, cell);
            for (QAction* action : menu.actions())
                if (!action->isSeparator())
                    check(QStringLiteral("pivot menu"),
                          ReportText::visible(cell.data(EventsModel::SortRole).toString()),
                          action->toolTip());
        }
        QVERIFY2(markup >= 3, qPrintable(QString::number(markup)));
        for (auto it = wrongAt.cbegin(); it != wrongAt.cend(); ++it)
            wrong << QStringLiteral("%1: %2 tooltips").arg(it.key()).arg(it.value());
        QVERIFY2(wrong.isEmpty(), qPrintable(wrong.join(u'\n')));
    }
};

QTEST_MAIN(TestSafeText)
#include "tst_safetext.moc"
