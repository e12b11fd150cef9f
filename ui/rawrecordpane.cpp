// SPDX-License-Identifier: GPL-3.0-or-later

#include "ui/rawrecordpane.h"

#include "core/report/reporttext.h"

#include "core/ingest/logreader.h"

#include <QApplication>
#include <QClipboard>
#include <QFileInfo>
#include <QFontDatabase>
#include <QHBoxLayout>
#include <QJsonDocument>
#include <QJsonParseError>
#include <QLabel>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QVBoxLayout>
#include <QtConcurrent/QtConcurrentRun>

namespace tw {

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
    m_title->setBuddy(m_text);

    auto* top = new QHBoxLayout;
    top->addWidget(m_title, 1);
    top->addWidget(m_copy);
    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addLayout(top);
    layout->addWidget(m_text);

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
    m_copy->setEnabled(false);

    const quint64 serial = ++m_serial;
    const QString path = file.path;
    const std::uint64_t offset = e.offset[event];
    const std::uint32_t length = e.length[event];
    const bool embedded = e.flags[event] & EventFlag::Embedded;
    m_watcher.setFuture(QtConcurrent::run(&m_pool, [serial, path, offset, length, embedded] {
        // A LogReader owns a decompressor and a parser; one per worker thread, reused.
        thread_local LogReader reader;
        Record out;
        out.serial = serial;
        QString error;
        const auto raw = reader.readRecord(path, offset, length, embedded, &error);
        if (!raw) {
            out.error = error;
            return out;
        }
        const QByteArray bytes = QByteArray::fromRawData(raw->data(), qsizetype(raw->size()));
        QJsonParseError parseError;
        const QJsonDocument doc = QJsonDocument::fromJson(bytes, &parseError);
        // Shown as read when it does not parse as a document (it did parse in the loader, so
        // this means the file changed): the analyst still sees what is there.
        out.text =
            doc.isNull() ? QString::fromUtf8(bytes) : QString::fromUtf8(doc.toJson(QJsonDocument::Indented));
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
    } else {
        // Bidi overrides or control characters inside a value would make the pane show other text
        // than the record holds; the pane shows them as [U+202E], the clipboard gets the record.
        m_json = record.text;
        QStringList lines;
        for (QStringView line : QStringView(record.text).split(u'\n'))
            lines << ReportText::visible(line);
        m_text->setPlainText(lines.join(u'\n'));
        m_copy->setEnabled(true);
    }
    Q_EMIT recordShown();
}

void RawRecordPane::clear()
{
    ++m_serial;
    m_title->setText(tr("&Raw event"));
    m_title->setToolTip({});
    m_text->clear();
    m_copy->setEnabled(false);
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
