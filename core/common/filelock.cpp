// SPDX-License-Identifier: GPL-3.0-or-later
#include "core/common/filelock.h"

#include "core/common/atomicfile.h"

#include <QDeadlineTimer>
#include <QFile>
#include <QFileInfo>
#include <QThread>

#include <cerrno>

#include <fcntl.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <unistd.h>

using namespace Qt::StringLiterals;

namespace tw {

namespace {

enum class Attempt { Locked, Busy, Replaced, Failed };

// One try at the lock of what `path` names now. fd receives the descriptor that holds it.
Attempt tryOnce(const QByteArray& path, const QByteArray& folder, int& fd, int& error)
{
    struct stat st;
    const bool exists = ::stat(path.constData(), &st) == 0;
    if (!exists && errno != ENOENT) {
        error = errno;
        return Attempt::Failed;
    }
    if (exists && !S_ISREG(st.st_mode)) {
        error = 0;
        return Attempt::Failed;
    }
    fd = exists ? ::open(path.constData(), O_RDONLY | O_NONBLOCK | O_NOCTTY | O_CLOEXEC)
                : ::open(folder.constData(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    if (fd < 0) {
        error = errno;
        return errno == ENOENT ? Attempt::Replaced : Attempt::Failed;
    }
    struct stat held;
    if (::fstat(fd, &held) != 0 || (exists && !S_ISREG(held.st_mode))) {
        error = 0;
        ::close(std::exchange(fd, -1));
        return Attempt::Failed;
    }
    if (::flock(fd, LOCK_EX | LOCK_NB) != 0) {
        error = errno;
        ::close(std::exchange(fd, -1));
        return error == EWOULDBLOCK || error == EINTR ? Attempt::Busy : Attempt::Failed;
    }
    // The holder before us may have replaced or created the file: lock what the path names now.
    struct stat now;
    const bool existsNow = ::stat(path.constData(), &now) == 0;
    const bool same = exists ? existsNow && now.st_dev == held.st_dev && now.st_ino == held.st_ino
                             : !existsNow && errno == ENOENT;
    if (!same) {
        ::close(std::exchange(fd, -1));
        return Attempt::Replaced;
    }
    return Attempt::Locked;
}

} // namespace

QString FileLock::lock(const QString& path, int timeoutMs)
{
    unlock();
    QString error;
    const QString target = resolvedFilePath(path, &error);
    if (target.isEmpty())
        return error;
    if (QString reason = notRegularFileReason(target); !reason.isEmpty())
        return path + reason.mid(target.size());
    const QByteArray nativePath = QFile::encodeName(target);
    const QByteArray folder = QFile::encodeName(QFileInfo(target).absolutePath());
    const QDeadlineTimer deadline(timeoutMs);
    int pause = 1;
    for (;;) {
        int err = 0;
        switch (tryOnce(nativePath, folder, m_fd, err)) {
        case Attempt::Locked:
            return {};
        case Attempt::Replaced:
            continue;
        case Attempt::Failed:
            if (err == 0) {
                if (QString reason = notRegularFileReason(target); !reason.isEmpty())
                    return path + reason.mid(target.size());
                return path + u": not a regular file"_s;
            }
            return u"%1: cannot lock it: %2"_s.arg(path, systemErrorText(err));
        case Attempt::Busy:
            break;
        }
        if (deadline.hasExpired())
            return u"%1: another program is changing it; gave up waiting for its lock after %2 s. Try "
                   u"again in a moment"_s.arg(path)
                       .arg(timeoutMs / 1000.0);
        // Short pauses first (a write takes milliseconds), longer ones under contention.
        QThread::msleep(static_cast<unsigned long>(std::min<qint64>(pause, deadline.remainingTime())));
        pause = std::min(pause * 2, 32);
    }
}

void FileLock::unlock()
{
    if (m_fd >= 0)
        ::close(std::exchange(m_fd, -1)); // closing the last descriptor releases the flock
}

} // namespace tw
