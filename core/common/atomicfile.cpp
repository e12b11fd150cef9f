// SPDX-License-Identifier: GPL-3.0-or-later
#include "core/common/atomicfile.h"

#include <QFile>
#include <QFileInfo>
#include <QRandomGenerator>

#include <cerrno>
#include <climits>
#include <cstdlib>
#include <cstring>

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

using namespace Qt::StringLiterals;

namespace tw {

namespace {

// Reports are written in pieces of this size; a list is usually one piece.
constexpr qsizetype kBufferBytes = 256 * 1024;

QByteArray native(const QString& path)
{
    return QFile::encodeName(path);
}

QString fromNative(const char* path)
{
    return QFile::decodeName(QByteArray(path));
}

QString kindOf(mode_t mode)
{
    if (S_ISDIR(mode))
        return u"is a folder"_s;
    if (S_ISFIFO(mode))
        return u"is a FIFO (named pipe)"_s;
    if (S_ISCHR(mode))
        return u"is a character device"_s;
    if (S_ISBLK(mode))
        return u"is a block device"_s;
    if (S_ISSOCK(mode))
        return u"is a socket"_s;
    return u"is not a file"_s;
}

QString notRegular(const QString& path, mode_t mode)
{
    return u"%1: %2, not a regular file"_s.arg(path, kindOf(mode));
}

int retryOpen(const QByteArray& path, int flags, mode_t mode = 0)
{
    int fd;
    do
        fd = ::open(path.constData(), flags | O_CLOEXEC, mode);
    while (fd < 0 && errno == EINTR);
    return fd;
}

// Writes all of data to fd; false with errno set when any write fails.
bool writeAll(int fd, const char* data, qint64 size)
{
    while (size > 0) {
        const ssize_t n = ::write(fd, data, static_cast<size_t>(std::min<qint64>(size, 1 << 30)));
        if (n < 0) {
            if (errno == EINTR)
                continue;
            return false;
        }
        if (n == 0) { // no progress and no error: treat it as a full disk rather than spin
            errno = ENOSPC;
            return false;
        }
        data += n;
        size -= n;
    }
    return true;
}

// fsync of a folder: some file systems cannot (EINVAL); that is not a failure of the write.
QString syncFolder(const QString& folder)
{
    const int dfd = retryOpen(native(folder), O_RDONLY | O_DIRECTORY);
    if (dfd < 0)
        return u"cannot open the folder to sync it: "_s + systemErrorText(errno);
    QString error;
    if (::fsync(dfd) != 0 && errno != EINVAL && errno != EROFS)
        error = u"cannot sync the folder: "_s + systemErrorText(errno);
    ::close(dfd);
    return error;
}

QString randomSuffix()
{
    static constexpr char kChars[] = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789";
    QString s;
    for (int i = 0; i < 6; ++i)
        s += QLatin1Char(kChars[QRandomGenerator::global()->bounded(int(sizeof kChars - 1))]);
    return s;
}

} // namespace

QString systemErrorText(int error)
{
    return QString::fromLocal8Bit(std::strerror(error));
}

QString resolvedFilePath(const QString& path, QString* error)
{
    const auto fail = [&](const QString& why) {
        if (error)
            *error = path + u": "_s + why;
        return QString();
    };
    if (path.isEmpty())
        return fail(u"no file name"_s);
    struct stat st;
    if (::lstat(native(path).constData(), &st) == 0) {
        char buf[PATH_MAX];
        if (::realpath(native(path).constData(), buf))
            return fromNative(buf);
        if (S_ISLNK(st.st_mode) && errno == ENOENT)
            return fail(u"is a symbolic link to a file that does not exist"_s);
        return fail(systemErrorText(errno));
    }
    if (errno != ENOENT)
        return fail(systemErrorText(errno));
    // A new file: its folder must exist; the folder is resolved, the name kept.
    const QFileInfo info(path);
    char buf[PATH_MAX];
    if (!::realpath(native(info.absolutePath()).constData(), buf))
        return fail(u"its folder cannot be used: "_s + systemErrorText(errno));
    QString folder = fromNative(buf);
    if (!folder.endsWith(u'/'))
        folder += u'/';
    return folder + info.fileName();
}

QString notRegularFileReason(const QString& path)
{
    struct stat st;
    if (::stat(native(path).constData(), &st) != 0)
        return {};
    return S_ISREG(st.st_mode) ? QString() : notRegular(path, st.st_mode);
}

FileRead readRegularFile(const QString& path, qint64 maxBytes)
{
    FileRead read;
    struct stat st;
    if (::stat(native(path).constData(), &st) != 0) {
        if (errno == ENOENT) {
            struct stat lst;
            if (::lstat(native(path).constData(), &lst) == 0) {
                read.exists = true;
                read.error = path + u": is a symbolic link to a file that does not exist"_s;
            }
            return read;
        }
        read.exists = true;
        read.error = path + u": cannot read: "_s + systemErrorText(errno);
        return read;
    }
    read.exists = true;
    if (!S_ISREG(st.st_mode)) {
        read.error = notRegular(path, st.st_mode);
        return read;
    }
    // O_NONBLOCK: should a FIFO replace the file between the stat and the open, the open returns
    // at once and the fstat below refuses it.
    const int fd = retryOpen(native(path), O_RDONLY | O_NONBLOCK | O_NOCTTY);
    if (fd < 0) {
        read.error = path + u": cannot read: "_s + systemErrorText(errno);
        return read;
    }
    if (::fstat(fd, &st) != 0 || !S_ISREG(st.st_mode)) {
        read.error = notRegular(path, st.st_mode);
        ::close(fd);
        return read;
    }
    if (st.st_size > maxBytes) {
        read.error = u"%1: %2 bytes is too large (limit %3 bytes)"_s.arg(path, QString::number(st.st_size),
                                                                         QString::number(maxBytes));
        ::close(fd);
        return read;
    }
    // Read to the end, but never past the cap: the file may grow while it is read.
    QByteArray bytes(qsizetype(st.st_size) + 1, Qt::Uninitialized);
    qint64 have = 0;
    for (;;) {
        if (have == bytes.size()) {
            if (have > maxBytes) {
                read.error = u"%1: more than %2 bytes, too large"_s.arg(path, QString::number(maxBytes));
                ::close(fd);
                return read;
            }
            bytes.resize(std::min<qint64>(maxBytes + 1, std::max<qint64>(have * 2, 4096)));
        }
        const ssize_t n = ::read(fd, bytes.data() + have, static_cast<size_t>(bytes.size() - have));
        if (n < 0) {
            if (errno == EINTR)
                continue;
            read.error = path + u": cannot read: "_s + systemErrorText(errno);
            ::close(fd);
            return read;
        }
        if (n == 0)
            break;
        have += n;
    }
    ::close(fd);
    bytes.truncate(have);
    read.bytes = std::move(bytes);
    return read;
}

QString appendProblem(const QString& path)
{
    if (QString reason = notRegularFileReason(path); !reason.isEmpty())
        return reason;
    struct stat st;
    if (::stat(native(path).constData(), &st) == 0) {
        if (::faccessat(AT_FDCWD, native(path).constData(), W_OK, AT_EACCESS) != 0)
            return path + u": cannot write: "_s + systemErrorText(errno);
        return {};
    }
    const QString folder = QFileInfo(path).absolutePath();
    if (::faccessat(AT_FDCWD, native(folder).constData(), W_OK, AT_EACCESS) != 0)
        return path + u": cannot create it: "_s + systemErrorText(errno);
    return {};
}

QString appendToRegularFile(const QString& path, QByteArrayView bytes, qint64* oldSize)
{
    if (QString reason = notRegularFileReason(path); !reason.isEmpty())
        return reason;
    const int fd = retryOpen(native(path), O_WRONLY | O_APPEND | O_CREAT | O_NONBLOCK | O_NOCTTY, 0666);
    if (fd < 0)
        return path + u": cannot write: "_s + systemErrorText(errno);
    struct stat st;
    if (::fstat(fd, &st) != 0 || !S_ISREG(st.st_mode)) {
        ::close(fd);
        return notRegular(path, st.st_mode);
    }
    if (oldSize)
        *oldSize = st.st_size;
    QString error;
    if (!writeAll(fd, bytes.data(), bytes.size()) || ::fsync(fd) != 0) {
        error = path + u": cannot write: "_s + systemErrorText(errno);
        // Take back a partial line, so that the log has only whole entries.
        if (::ftruncate(fd, st.st_size) != 0)
            error += u"; a partial line may be left at its end"_s;
    }
    if (::close(fd) != 0 && error.isEmpty())
        error = path + u": cannot write: "_s + systemErrorText(errno);
    return error;
}

QString truncateRegularFile(const QString& path, qint64 size)
{
    if (QString reason = notRegularFileReason(path); !reason.isEmpty())
        return reason;
    const int fd = retryOpen(native(path), O_WRONLY | O_NONBLOCK | O_NOCTTY);
    if (fd < 0)
        return path + u": cannot write: "_s + systemErrorText(errno);
    QString error;
    if (::ftruncate(fd, size) != 0 || ::fsync(fd) != 0)
        error = path + u": cannot write: "_s + systemErrorText(errno);
    ::close(fd);
    return error;
}

// ---------------------------------------------------------------------------------------------

AtomicFile::AtomicFile(QString path)
    : m_path(std::move(path))
{}

AtomicFile::~AtomicFile()
{
    if (!m_committed)
        discard();
}

bool AtomicFile::fail(const QString& reason)
{
    if (m_error.isEmpty())
        m_error = m_path + u": "_s + reason;
    return false;
}

bool AtomicFile::open()
{
    QString error;
    m_target = resolvedFilePath(m_path, &error);
    if (m_target.isEmpty()) {
        m_error = error;
        return false;
    }
    const QByteArray target = native(m_target);
    struct stat st;
    const bool exists = ::stat(target.constData(), &st) == 0;
    if (!exists && errno != ENOENT)
        return fail(u"cannot write: "_s + systemErrorText(errno));
    if (exists && !S_ISREG(st.st_mode)) {
        m_error = notRegular(m_path, st.st_mode);
        return false;
    }
    // The rename would succeed wherever the folder is writable, but a file its owner made
    // read-only is a file they do not want changed.
    if (exists && ::faccessat(AT_FDCWD, target.constData(), W_OK, AT_EACCESS) != 0)
        return fail(u"cannot write: "_s + systemErrorText(errno));

    for (int attempt = 0; attempt < 100 && m_fd < 0; ++attempt) {
        m_temp = m_target + u'.' + randomSuffix();
        m_fd = retryOpen(native(m_temp), O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_NOCTTY, 0666);
        if (m_fd < 0 && errno != EEXIST)
            break;
    }
    if (m_fd < 0) {
        const int saved = errno;
        m_temp.clear();
        return fail(u"cannot create a temporary file beside it: "_s + systemErrorText(saved));
    }

    if (exists) {
        if (st.st_uid != ::geteuid() || st.st_gid != ::getegid()) {
            if (::fchown(m_fd, st.st_uid, st.st_gid) != 0) {
                if (::fchown(m_fd, static_cast<uid_t>(-1), st.st_gid) != 0)
                    m_warnings.append(u"%1: its owner and group could not be kept (uid %2, gid %3): the "
                                      u"new file belongs to whoever wrote it"_s.arg(m_path)
                                          .arg(st.st_uid)
                                          .arg(st.st_gid));
                else
                    m_warnings.append(u"%1: its owner (uid %2) could not be kept: the new file belongs "
                                      u"to whoever wrote it"_s.arg(m_path)
                                          .arg(st.st_uid));
            }
        }
        // After fchown, which may clear set-id bits.
        if (::fchmod(m_fd, st.st_mode & 07777) != 0)
            m_warnings.append(
                u"%1: its permissions could not be kept: %2"_s.arg(m_path, systemErrorText(errno)));
        if (st.st_nlink > 1)
            m_warnings.append(
                u"%1 has %2 other hard link(s): they keep the old contents, because a safe save "
                u"replaces the file with a new one"_s.arg(m_path)
                    .arg(quint64(st.st_nlink) - 1));
    }
    m_buffer.reserve(kBufferBytes);
    return true;
}

bool AtomicFile::writeOut(const char* data, qint64 size)
{
    if (!writeAll(m_fd, data, size))
        return fail(u"cannot write: "_s + systemErrorText(errno));
    return true;
}

bool AtomicFile::write(QByteArrayView bytes)
{
    if (failed())
        return false;
    if (m_fd < 0 || m_flushed)
        return fail(u"cannot write: the file is not open"_s);
    if (m_buffer.size() + bytes.size() <= kBufferBytes) {
        m_buffer.append(bytes);
        return true;
    }
    if (!m_buffer.isEmpty()) {
        if (!writeOut(m_buffer.constData(), m_buffer.size()))
            return false;
        m_buffer.clear();
    }
    if (bytes.size() >= kBufferBytes)
        return writeOut(bytes.data(), bytes.size());
    m_buffer.append(bytes);
    return true;
}

bool AtomicFile::flush()
{
    if (failed())
        return false;
    if (m_fd < 0)
        return fail(u"cannot write: the file is not open"_s);
    if (m_flushed)
        return true;
    if (!m_buffer.isEmpty() && !writeOut(m_buffer.constData(), m_buffer.size()))
        return false;
    m_buffer.clear();
    if (::fsync(m_fd) != 0)
        return fail(u"cannot write: "_s + systemErrorText(errno));
    m_flushed = true;
    return true;
}

bool AtomicFile::commit()
{
    if (!flush()) {
        discard();
        return false;
    }
    const int fd = std::exchange(m_fd, -1);
    if (::close(fd) != 0) {
        fail(u"cannot write: "_s + systemErrorText(errno));
        discard();
        return false;
    }
    if (::rename(native(m_temp).constData(), native(m_target).constData()) != 0) {
        fail(u"cannot replace it: "_s + systemErrorText(errno));
        discard();
        return false;
    }
    m_committed = true;
    m_temp.clear();
    if (QString error = syncFolder(QFileInfo(m_target).absolutePath()); !error.isEmpty())
        return fail(u"written, but the change may not survive a crash: "_s + error);
    return true;
}

void AtomicFile::discard()
{
    if (m_fd >= 0)
        ::close(std::exchange(m_fd, -1));
    if (!m_temp.isEmpty())
        ::unlink(native(std::exchange(m_temp, QString())).constData());
    m_buffer.clear();
}

QString writeFileAtomically(const QString& path, QByteArrayView bytes, QStringList* warnings)
{
    AtomicFile file(path);
    if (file.open() && file.write(bytes))
        file.commit();
    if (warnings)
        *warnings = file.warnings();
    return file.errorString();
}

QString copyFileAtomically(const QString& from, const QString& path, qint64 maxBytes)
{
    const FileRead source = readRegularFile(from, maxBytes);
    if (!source.error.isEmpty())
        return source.error;
    if (!source.exists)
        return from + QStringLiteral(": the file does not exist");
    return writeFileAtomically(path, source.bytes);
}

} // namespace tw
