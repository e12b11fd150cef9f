// SPDX-License-Identifier: GPL-3.0-or-later

#include "ui/rawrecordpane.h"

#include "core/report/reporttext.h"

#include "core/common/consolelinks.h"
#include "core/ingest/logreader.h"
#include "ui/jsontreeview.h"

#include <QAction>
#include <QApplication>
#include <QClipboard>
#include <QDesktopServices>
#include <QFileInfo>
#include <QFontDatabase>
#include <QHBoxLayout>
#include <QJsonDocument>
#include <QJsonObject>
#include <QJsonParseError>
#include <QLabel>
#include <QMenu>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QSettings>
#include <QStackedWidget>
#include <QToolButton>
#include <QTreeWidget>
#include <QVBoxLayout>
#include <QtConcurrent/QtConcurrentRun>

namespace tw {

using namespace Qt::StringLiterals;

RawRecordPane::RawRecordPane(QWidget* parent)
    : QWidget(parent)
{
    // One thread: reads are rare and sequential, and this keeps them off the loader's pool.
    m_pool.setMaxThreadCount(1);

    m_title = new QLabel(tr("&Raw event"));
    // A long path must not widen the pane (and squeeze the events table): it is cut, and the
    // tooltip has all of it.
    m_title->setSizePolicy(QSizePolicy::Ignored, QSizePolicy::Preferred);
    m_copy = new QPushButton(tr("&Copy JSON"));
    m_copy->setEnabled(false);
    m_copy->setToolTip(tr("Copy the event's JSON to the clipboard (Ctrl+Shift+C)"));
    connect(m_copy, &QPushButton::clicked, this, &RawRecordPane::copyToClipboard);

    m_text = new QPlainTextEdit;
    m_text->setReadOnly(true);
    m_text->setLineWrapMode(QPlainTextEdit::NoWrap);
    m_text->setFont(QFontDatabase::systemFont(QFontDatabase::FixedFont));
    m_text->setPlaceholderText(tr("Select an event to see its raw JSON."));
    m_text->setTabChangesFocus(true);
    m_text->setAccessibleName(tr("Raw event JSON"));
    m_tree = new JsonTreeView;
    connect(m_tree, &JsonTreeView::filterRequested, this, &RawRecordPane::filterRequested);
    m_stack = new QStackedWidget;
    m_stack->addWidget(m_tree);
    m_stack->addWidget(m_text);

    m_treeToggle = new QPushButton(tr("&Tree"));
    m_treeToggle->setObjectName(u"rawTreeToggle"_s);
    m_treeToggle->setCheckable(true);
    m_treeToggle->setToolTip(tr("Show the event as a tree of fields, or as its plain JSON text"));
    connect(m_treeToggle, &QPushButton::toggled, this, [this](bool on) {
        setShowTree(on);
        QSettings().setValue(u"view/rawAsTree"_s, on);
    });

    // Links built from the record and handed to the browser; the program itself fetches nothing.
    m_console = new QToolButton;
    m_console->setObjectName(u"consoleButton"_s);
    m_console->setText(tr("Open in AWS &Console"));
    m_console->setPopupMode(QToolButton::InstantPopup);
    m_console->setToolTip(tr("Open this event or its role or user in the AWS console, in your browser "
                             "(signed in to the event's account)"));
    auto* consoleMenu = new QMenu(m_console);
    m_openEventAction = consoleMenu->addAction(tr("Event in CloudTrail Event History"));
    m_openIdentityAction = consoleMenu->addAction(tr("Role or User in IAM"));
    for (QAction* action : {m_openEventAction, m_openIdentityAction})
        connect(action, &QAction::triggered, this,
                [action] { QDesktopServices::openUrl(action->data().toUrl()); });
    m_console->setMenu(consoleMenu);
    m_console->setEnabled(false);

    auto* top = new QHBoxLayout;
    top->addWidget(m_title, 1);
    top->addWidget(m_console);
    top->addWidget(m_treeToggle);
    top->addWidget(m_copy);
    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addLayout(top);
    layout->addWidget(m_stack);
    const bool tree = QSettings().value(u"view/rawAsTree"_s, true).toBool();
    m_treeToggle->setChecked(tree);
    setShowTree(tree);

    connect(&m_watcher, &QFutureWatcher<Record>::finished, this, &RawRecordPane::onRead);
}

RawRecordPane::~RawRecordPane()
{
    m_watcher.waitForFinished();
    m_pool.waitForDone();
}

void RawRecordPane::showRecord(std::shared_ptr<const EventStore> store, std::uint32_t event)
{
    if (!store || event >= store->events.size()) {
        clear();
        return;
    }
    const EventColumns& e = store->events;
    const SourceFile& file = store->files[store->fileOf(event)];
    m_title->setText(tr("&Raw event — %1").arg(QFileInfo(file.path).fileName()));
    m_title->setToolTip(file.path);
    m_text->setPlainText(tr("Reading…"));
    m_tree->clear();
    updateConsoleLinks({});
    m_copy->setEnabled(false);

    const quint64 serial = ++m_serial;
    const QString path = file.path;
    const std::uint64_t offset = e.offset[event];
    const bool embedded = e.flags[event] & EventFlag::Embedded;
    m_watcher.setFuture(QtConcurrent::run(&m_pool, [serial, path, offset, embedded] {
        // A LogReader owns a decompressor and a parser; one per worker thread, reused.
        thread_local LogReader reader;
        Record out;
        out.serial = serial;
        QString error;
        const auto raw = reader.readRecord(path, offset, embedded, &error);
        if (!raw) {
            out.error = error;
            return out;
        }
        const QByteArray bytes = QByteArray::fromRawData(raw->data(), qsizetype(raw->size()));
        QJsonParseError parseError;
        const QJsonDocument doc = QJsonDocument::fromJson(bytes, &parseError);
        // Shown as read when it does not parse as a document: the analyst still sees what is
        // there. The loader's parser checks only the fields it reads, so a record broken in a
        // field nobody reads loads, and only a full parse like this one refuses it.
        out.text =
            doc.isNull() ? QString::fromUtf8(bytes) : QString::fromUtf8(doc.toJson(QJsonDocument::Indented));
        out.doc = doc;
        return out;
    }));
}

void RawRecordPane::onRead()
{
    const Record record = m_watcher.result();
    if (record.serial != m_serial)
        return;
    if (!record.error.isEmpty()) {
        m_text->setPlainText(tr("Cannot read this event: %1").arg(record.error));
        m_copy->setEnabled(false);
        // The message is in the text view: the tree would be empty.
        m_stack->setCurrentWidget(m_text);
    } else {
        // Bidi overrides or control characters inside a value would make the pane show other text
        // than the record holds; the pane shows them as [U+202E], the clipboard gets the record.
        m_json = record.text;
        QStringList lines;
        for (QStringView line : QStringView(record.text).split(u'\n'))
            lines << ReportText::visible(line);
        m_text->setPlainText(lines.join(u'\n'));
        m_copy->setEnabled(true);
        // A record that no longer parses is shown as text, never as an empty tree.
        if (record.doc.isNull()) {
            m_tree->clear();
            m_stack->setCurrentWidget(m_text);
        } else {
            m_tree->setDocument(record.doc);
            setShowTree(m_treeToggle->isChecked());
        }
        updateConsoleLinks(record.doc);
    }
    Q_EMIT recordShown();
}

void RawRecordPane::clear()
{
    ++m_serial;
    m_title->setText(tr("&Raw event"));
    m_title->setToolTip({});
    m_text->clear();
    m_tree->clear();
    m_copy->setEnabled(false);
    updateConsoleLinks({});
}

void RawRecordPane::updateConsoleLinks(const QJsonDocument& doc)
{
    const QJsonObject record = doc.object();
    const QUrl event = ConsoleLinks::eventUrl(record);
    const QUrl identity = ConsoleLinks::identityUrl(record.value(u"userIdentity"_s).toObject());
    m_openEventAction->setData(event);
    m_openEventAction->setEnabled(!event.isEmpty());
    m_openIdentityAction->setData(identity);
    m_openIdentityAction->setEnabled(!identity.isEmpty());
    // The link is in the entry's status tip: what opens is visible before it opens.
    m_openEventAction->setStatusTip(event.toDisplayString());
    m_openIdentityAction->setStatusTip(identity.toDisplayString());
    m_console->setEnabled(!event.isEmpty() || !identity.isEmpty());
}

bool RawRecordPane::showsTree() const
{
    return m_stack->currentWidget() == m_tree;
}

void RawRecordPane::setShowTree(bool tree)
{
    m_stack->setCurrentWidget(tree ? static_cast<QWidget*>(m_tree) : m_text);
    m_title->setBuddy(tree ? static_cast<QWidget*>(m_tree->tree()) : m_text);
}

QString RawRecordPane::text() const
{
    return m_text->toPlainText();
}

void RawRecordPane::waitForRecord()
{
    m_watcher.waitForFinished();
    QCoreApplication::processEvents();
}

void RawRecordPane::copyToClipboard()
{
    if (m_copy->isEnabled())
        QApplication::clipboard()->setText(m_json);
}

} // namespace tw
