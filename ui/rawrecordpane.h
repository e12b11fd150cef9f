// SPDX-License-Identifier: GPL-3.0-or-later

#pragma once

#include "core/ingest/eventstore.h"

#include <QFutureWatcher>
#include <QJsonDocument>
#include <QThreadPool>
#include <QWidget>

#include <memory>

class QLabel;
class QPlainTextEdit;
class QPushButton;
class QStackedWidget;
class QToolButton;

namespace tw {

class JsonTreeView;

// The raw JSON of one event, pretty-printed. The store keeps only where the record lives (file,
// offset, length); the record is re-read on a worker thread, since a .json.gz must be decompressed
// up to the record, which can take a second for a large file. Only the latest request is shown.
// Shown as a tree (JsonTreeView) or as the plain text, as the analyst toggles it (remembered).
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

    JsonTreeView* tree() const { return m_tree; }
    QPushButton* treeToggle() const { return m_treeToggle; }
    // "Open in AWS Console": the event in CloudTrail Event history, the role or user in IAM.
    QToolButton* consoleButton() const { return m_console; }
    bool showsTree() const;

public Q_SLOTS:
    void copyToClipboard();

Q_SIGNALS:
    void recordShown();
    // "Filter Events on This Value" in the tree.
    void filterRequested(const QString& path, const QString& value);

private:
    struct Record
    {
        QString text;
        QJsonDocument doc;
        QString error;
        quint64 serial = 0;
    };
    void onRead();
    void setShowTree(bool tree);
    void updateConsoleLinks(const QJsonDocument& doc);

    QLabel* m_title = nullptr;
    QPlainTextEdit* m_text = nullptr;
    JsonTreeView* m_tree = nullptr;
    QStackedWidget* m_stack = nullptr;
    QPushButton* m_treeToggle = nullptr;
    QToolButton* m_console = nullptr;
    QAction* m_openEventAction = nullptr;
    QAction* m_openIdentityAction = nullptr;
    QString m_json; // the record as read: what Copy JSON copies (the pane shows it made visible)
    QPushButton* m_copy = nullptr;
    QThreadPool m_pool;
    QFutureWatcher<Record> m_watcher;
    quint64 m_serial = 0;
};

} // namespace tw
