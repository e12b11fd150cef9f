// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QByteArray>
#include <QByteArrayView>
#include <QString>
#include <QStringList>

namespace tw {

// Every file TrailWarden writes (the approved CSV, its audit log, the suppression rules, reports
// and exports) goes through this header, and every list it reads is read with readRegularFile().
//
// What the writer guarantees:
// - All or nothing. The new contents go to a temporary file beside the target ("<name>.XXXXXX");
//   every write(2) is checked (short writes retried, ENOSPC and EIO reported), the temporary is
//   fsync'ed and closed with checks, and only then renamed over the target; the folder is fsync'ed
//   after the rename. On any failure before the rename the target is untouched and the temporary
//   removed. QSaveFile is not used: Qt 6.4's commit() does not notice a failed flush of its buffer,
//   so a full disk committed a truncated file.
// - Symbolic links are followed: the file they point to is replaced, the link stays.
// - Only regular files: a target that is a folder, FIFO, socket or device is refused (never
//   replaced, never opened). A target that exists but is not writable by us is refused too, even
//   where the folder would allow the rename.
// - The owner, group and mode of the file being replaced are kept where the writer may set them
//   (root may; others keep the group when they belong to it); warnings() says what could not be kept.
// - A file with other hard links is replaced by a new file: the other names keep the old contents.
//   warnings() says so (the README documents it).
//
// Thread affinity: none; an object is used by one thread at a time.
class AtomicFile
{
public:
    explicit AtomicFile(QString path);
    ~AtomicFile(); // removes the temporary unless committed
    AtomicFile(const AtomicFile&) = delete;
    AtomicFile& operator=(const AtomicFile&) = delete;

    // Checks the target and creates the temporary. False with errorString() set when it cannot.
    bool open();
    // Buffers and writes; false (and stays false: the error is sticky) once any write failed.
    bool write(QByteArrayView bytes);
    // Writes what is buffered and fsyncs the temporary: after true, the new contents are on disk,
    // only the rename is left. commit() calls it; call it first to do work between the two (append
    // an audit line, compare the target again) that must not happen unless the data is safe.
    bool flush();
    // flush(), close, rename over the target, fsync the folder. False when the target was not
    // replaced, or (isCommitted() true) when it was but the folder could not be synced.
    bool commit();
    // Drops the temporary; the target stays as it was.
    void discard();

    bool isCommitted() const { return m_committed; }
    bool failed() const { return !m_error.isEmpty(); }
    // "<path>: <reason>"; empty when nothing failed.
    QString errorString() const { return m_error; }
    // Things the user should know that did not stop the write (hard links, owner not kept).
    QStringList warnings() const { return m_warnings; }
    // The path as given and the file it resolves to (symbolic links followed).
    QString path() const { return m_path; }
    QString targetPath() const { return m_target; }

private:
    bool fail(const QString& reason);
    bool writeOut(const char* data, qint64 size);

    QString m_path;
    QString m_target;
    QString m_temp;
    int m_fd = -1;
    QByteArray m_buffer;
    QString m_error;
    QStringList m_warnings;
    bool m_committed = false;
    bool m_flushed = false;
};

// Writes bytes to path through AtomicFile. Returns an error message ("<path>: <reason>"), empty on
// success; warnings (may be null) receives AtomicFile::warnings().
QString writeFileAtomically(const QString& path, QByteArrayView bytes, QStringList* warnings = nullptr);

// The largest list (approved CSV, identity list, suppression rules, audit log) read whole.
inline constexpr qint64 kMaxListFileBytes = 256 * 1024 * 1024;

// Copies the regular file from (at most maxBytes, read with readRegularFile) to path through
// AtomicFile: the copy is whole or not there. For a list the program starts from a template (the
// sample's lookups). Returns an error message ("<path>: <reason>"; a missing source too), empty on
// success.
QString copyFileAtomically(const QString& from, const QString& path, qint64 maxBytes = kMaxListFileBytes);

// The file path names, symbolic links followed (in the folder part and the name). For a path that
// does not exist: its resolved folder and the name. Empty with *error set when a link dangles or
// the folder does not exist.
QString resolvedFilePath(const QString& path, QString* error = nullptr);

// Why path is not a file TrailWarden may read or write as a list: "<path>: is a folder", "... is a
// FIFO (named pipe), not a regular file", a device, a socket. Empty when it is a regular file, or
// when it does not exist. Looks only (stat), never opens, so it cannot block on a FIFO.
QString notRegularFileReason(const QString& path);

struct FileRead
{
    bool exists = false;
    QByteArray bytes;
    QString error; // "<path>: <reason>"; exists may be true with an error (unreadable, too large)
};

// Reads a whole regular file of at most maxBytes. A missing file is exists == false without an
// error. Never blocks on a FIFO and never reads an endless device: anything but a regular file is
// refused before it is read (stat, then O_NONBLOCK open and fstat of what was opened).
FileRead readRegularFile(const QString& path, qint64 maxBytes = kMaxListFileBytes);

// Appends bytes to a regular file (created when missing, mode 0666 & ~umask), checks every write
// and fsyncs. On failure the file is truncated back to its old length, so no partial line stays.
// Returns an error message, empty on success. oldSize (may be null) receives the length before.
QString appendToRegularFile(const QString& path, QByteArrayView bytes, qint64* oldSize = nullptr);
// Why an append to path would fail before trying it: not a regular file, or not writable (the file,
// or the folder when the file does not exist). Empty when it looks writable. Looks, never opens.
QString appendProblem(const QString& path);
// Cuts a regular file back to size and fsyncs it: takes back an append. Returns an error message.
QString truncateRegularFile(const QString& path, qint64 size);

// errno as text: "No space left on device".
QString systemErrorText(int error);

} // namespace tw
