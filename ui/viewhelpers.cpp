// SPDX-License-Identifier: GPL-3.0-or-later

#include "ui/viewhelpers.h"

#include "core/lists/csvtable.h"
#include "core/report/reporttext.h"
#include "ui/sortarrowstyle.h"

#include <QAction>
#include <QApplication>
#include <QClipboard>
#include <QHeaderView>
#include <QKeyEvent>
#include <QLineEdit>
#include <QLocale>
#include <QMenu>
#include <QPointer>
#include <QTableView>
#include <QTimer>

#include <algorithm>

namespace tw {

namespace {

using namespace Qt::StringLiterals;

const QStringList kCopyActionNames{u"copyRowsAction"_s, u"copyCsvAction"_s, u"copyCellAction"_s};

// The visible columns in their on-screen order.
QList<int> visibleColumns(const QTableView* view)
{
    const QHeaderView* header = view->horizontalHeader();
    QList<int> columns;
    for (int visual = 0; visual < header->count(); ++visual) {
        const int logical = header->logicalIndex(visual);
        if (!header->isSectionHidden(logical))
            columns.append(logical);
    }
    return columns;
}

// Ticks for every column; the last visible one cannot be hidden (an empty table looks like no data).
void showColumnChooser(QTableView* view, const QPoint& pos)
{
    QAbstractItemModel* model = view->model();
    if (!model)
        return;
    QHeaderView* header = view->horizontalHeader();
    const int shown = int(visibleColumns(view).size());
    QMenu menu(view);
    menu.setObjectName(u"columnChooser"_s);
    for (int visual = 0; visual < header->count(); ++visual) {
        const int logical = header->logicalIndex(visual);
        QAction* action =
            menu.addAction(model->headerData(logical, Qt::Horizontal, Qt::DisplayRole).toString());
        action->setCheckable(true);
        action->setChecked(!header->isSectionHidden(logical));
        action->setEnabled(header->isSectionHidden(logical) || shown > 1);
        QObject::connect(action, &QAction::toggled, view, [view, logical](bool on) {
            view->setColumnHidden(logical, !on);
            // A column shown again after hiding can come back with no width.
            if (on && view->columnWidth(logical) < 20)
                view->resizeColumnToContents(logical);
        });
    }
    menu.addSeparator();
    QAction* all = menu.addAction(QCoreApplication::translate("tw::TableView", "Show All Columns"));
    all->setEnabled(shown < header->count());
    QObject::connect(all, &QAction::triggered, view, [view, header] {
        for (int logical = 0; logical < header->count(); ++logical)
            if (header->isSectionHidden(logical)) {
                view->setColumnHidden(logical, false);
                if (view->columnWidth(logical) < 20)
                    view->resizeColumnToContents(logical);
            }
    });
    menu.exec(header->viewport()->mapToGlobal(pos));
}

void copyCurrentCell(const QTableView* view)
{
    const QModelIndex current = view->currentIndex();
    if (!current.isValid())
        return;
    // The value exactly as the record has it: a single value is pasted into a search or a query,
    // where an escaped or quoted form would not match.
    QApplication::clipboard()->setText(current.data(Qt::DisplayRole).toString());
}

} // namespace

QString selectedRowsText(const QTableView* view, TableCopyFormat format)
{
    const QAbstractItemModel* model = view->model();
    const QItemSelectionModel* selection = view->selectionModel();
    if (!model || !selection)
        return {};
    QList<int> rows;
    for (const QModelIndex& index : selection->selectedRows())
        rows.append(index.row());
    if (rows.isEmpty() && view->currentIndex().isValid())
        rows.append(view->currentIndex().row());
    std::sort(rows.begin(), rows.end());
    const QList<int> columns = visibleColumns(view);

    QString out;
    const auto appendRecord = [&out, format](const QStringList& values) {
        if (format == TableCopyFormat::Tsv) {
            out += values.join(u'\t');
        } else {
            QList<QByteArray> fields;
            fields.reserve(values.size());
            for (const QString& v : values)
                fields.append(v.toUtf8());
            out += QString::fromUtf8(CsvTable::encodeRecord(fields));
        }
        out += u'\n';
    };
    QStringList values;
    for (int column : columns)
        values.append(ReportText::spreadsheetCell(
            model->headerData(column, Qt::Horizontal, Qt::DisplayRole).toString()));
    appendRecord(values);
    for (int row : rows) {
        values.clear();
        for (int column : columns)
            values.append(ReportText::spreadsheetCell(model->index(row, column).data().toString()));
        appendRecord(values);
    }
    return out;
}

QList<QAction*> tableCopyActions(const QTableView* view)
{
    QList<QAction*> actions;
    for (const QString& name : kCopyActionNames)
        if (auto* action = view->findChild<QAction*>(name, Qt::FindDirectChildrenOnly))
            actions.append(action);
    return actions;
}

void setupTableView(QTableView* view)
{
    view->setSelectionBehavior(QAbstractItemView::SelectRows);
    view->setSortingEnabled(true);
    view->setAlternatingRowColors(true);
    view->setWordWrap(false);
    view->setTextElideMode(Qt::ElideRight);
    view->verticalHeader()->hide();
    view->verticalHeader()->setSectionResizeMode(QHeaderView::Fixed);
    view->verticalHeader()->setDefaultSectionSize(view->fontMetrics().height() + 8);
    view->horizontalHeader()->setStretchLastSection(true);
    view->horizontalHeader()->setSectionsMovable(true);
    view->horizontalHeader()->setHighlightSections(false);
    useSpreadsheetSortArrows(view->horizontalHeader());

    QHeaderView* header = view->horizontalHeader();
    header->setContextMenuPolicy(Qt::CustomContextMenu);
    QObject::connect(header, &QWidget::customContextMenuRequested, view,
                     [view](const QPoint& pos) { showColumnChooser(view, pos); });

    const auto tr = [](const char* text) { return QCoreApplication::translate("tw::TableView", text); };
    // Widget shortcuts: Ctrl+C copies from the table that has the focus, and only from it.
    auto* copyRows = new QAction(QIcon::fromTheme(u"edit-copy"_s), tr("&Copy Rows"), view);
    copyRows->setObjectName(u"copyRowsAction"_s);
    copyRows->setShortcut(QKeySequence::Copy);
    copyRows->setToolTip(tr("Copy the selected rows with the column headers, tab-separated (Ctrl+C)"));
    QObject::connect(copyRows, &QAction::triggered, view, [view] {
        QApplication::clipboard()->setText(selectedRowsText(view, TableCopyFormat::Tsv));
    });
    auto* copyCsv = new QAction(tr("Copy Rows as C&SV"), view);
    copyCsv->setObjectName(u"copyCsvAction"_s);
    QObject::connect(copyCsv, &QAction::triggered, view, [view] {
        QApplication::clipboard()->setText(selectedRowsText(view, TableCopyFormat::Csv));
    });
    auto* copyCell = new QAction(tr("Copy C&ell"), view);
    copyCell->setObjectName(u"copyCellAction"_s);
    copyCell->setShortcut(Qt::CTRL | Qt::ALT | Qt::Key_C);
    QObject::connect(copyCell, &QAction::triggered, view, [view] { copyCurrentCell(view); });
    const QList<QAction*> actions{copyRows, copyCsv, copyCell};
    for (QAction* action : actions) {
        action->setShortcutContext(Qt::WidgetShortcut);
        view->addAction(action);
    }
    view->setContextMenuPolicy(Qt::ActionsContextMenu);
}

int columnWidthFor(const QTableView* view, QStringView sample)
{
    return view->fontMetrics().horizontalAdvance(sample.toString()) + 18;
}

QTimer* connectDebouncedFilter(QLineEdit* edit, std::function<void(const QString&)> apply)
{
    auto* timer = new QTimer(edit);
    timer->setSingleShot(true);
    timer->setInterval(kFilterDebounceMs);
    QObject::connect(edit, &QLineEdit::textChanged, timer, qOverload<>(&QTimer::start));
    QObject::connect(timer, &QTimer::timeout, edit,
                     [edit, apply = std::move(apply)] { apply(edit->text()); });
    return timer;
}

namespace {

// Refuses the edit's ShortcutOverride for the actions' key sequences: the key then goes to the
// shortcut map, which triggers the action. Lives on the edit's thread, as a child of the edit.
class WindowShortcutFilter : public QObject
{
public:
    WindowShortcutFilter(QLineEdit* edit, const QList<QAction*>& actions)
        : QObject(edit)
        , m_actions(actions.begin(), actions.end())
    {}

    bool eventFilter(QObject* watched, QEvent* event) override
    {
        if (event->type() != QEvent::ShortcutOverride)
            return QObject::eventFilter(watched, event);
        const QKeySequence pressed(static_cast<QKeyEvent*>(event)->keyCombination());
        for (const QPointer<QAction>& action : m_actions)
            if (action && action->shortcuts().contains(pressed)) {
                event->ignore();
                return true;
            }
        return false;
    }

private:
    QList<QPointer<QAction>> m_actions;
};

} // namespace

void preferWindowShortcuts(QLineEdit* edit, const QList<QAction*>& actions)
{
    edit->installEventFilter(new WindowShortcutFilter(edit, actions));
}

QString number(quint64 n)
{
    return QLocale().toString(qulonglong(n));
}

QString count(quint64 n, const QString& one, const QString& many)
{
    return n == 1 ? QString(QStringLiteral("1 ") + one) : QString(number(n) + u' ' + many);
}

QString escapeMnemonic(QString text)
{
    return text.replace(u'&', QStringLiteral("&&"));
}

} // namespace tw
