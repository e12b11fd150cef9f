// SPDX-License-Identifier: GPL-3.0-or-later

#pragma once

#include <QByteArray>
#include <QFileSystemWatcher>
#include <QObject>
#include <QTimer>

namespace tw {

// Tells the window when the approved-accounts CSV changed on disk through someone else: another
// TrailWarden, an editor, Splunk's outputlookup. It compares the bytes on disk with the bytes we
// last wrote or read (setKnownContents), so our own writes never count as a change.
//
// QSaveFile (and most editors) replace the file by rename, after which inotify no longer watches
// that path: the file is re-added after every change, and its folder is watched too so that a
// file created or replaced later is noticed. Changes are coalesced for a short moment because
// writers touch the file several times per save.
class ApprovedFileWatcher : public QObject
{
    Q_OBJECT
public:
    explicit ApprovedFileWatcher(QObject* parent = nullptr);

    // Starts watching path (empty: stop) and takes its current bytes as known.
    void setPath(const QString& path);
    QString path() const { return m_path; }
    void setKnownContents(const QByteArray& contents) { m_known = contents; }
    // Reads the file now, as the debounce timer would (tests and the window use it to not wait).
    void checkNow();

Q_SIGNALS:
    // The file's bytes differ from the known bytes; they are the known bytes from now on.
    void changedOnDisk();

private:
    void rewatch();
    QByteArray readFile() const;

    QFileSystemWatcher m_watcher;
    QTimer m_debounce;
    QString m_path;
    QByteArray m_known;
};

} // namespace tw
