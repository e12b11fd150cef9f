// SPDX-License-Identifier: GPL-3.0-or-later

#pragma once

#include "core/ingest/eventstore.h"

#include <QFutureWatcher>
#include <QThreadPool>
#include <QWidget>

#include <memory>

class QLabel;
class QPlainTextEdit;
class QPushButton;

namespace tw {

// The raw JSON of one event, pretty-printed. The store keeps only where the record lives (file,
// offset, length); the record is re-read on a worker thread, since a .json.gz must be decompressed
// up to the record, which can take a second for a large file. Only the latest request is shown.
class RawRecordPane : public QWidget
{
    Q_OBJECT
public:
    explicit RawRecordPane(QWidget* parent = nullptr);
    ~RawRecordPane() override;

    void showRecord(std::shared_ptr<const EventStore> store, std::uint32_t event);
    void clear();
    QString text() const;
    bool isReading() const { return m_watcher.isRunning(); }
    // Blocks until the current read has finished and is shown (tests, screenshots).
    void waitForRecord();

public Q_SLOTS:
    void copyToClipboard();

Q_SIGNALS:
    void recordShown();

private:
    struct Record
    {
        QString text;
        QString error;
        quint64 serial = 0;
    };
    void onRead();

    QLabel* m_title = nullptr;
    QPlainTextEdit* m_text = nullptr;
    QString m_json; // the record as read: what Copy JSON copies (the pane shows it made visible)
    QPushButton* m_copy = nullptr;
    QThreadPool m_pool;
    QFutureWatcher<Record> m_watcher;
    quint64 m_serial = 0;
};

} // namespace tw
