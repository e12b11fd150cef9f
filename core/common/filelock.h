// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QString>

namespace tw {

// An exclusive lock on a file itself, not on a name for it: two paths that reach the same file (a
// symlinked folder, a symbolic link to the file, another hard link, "a/../b") share one lock.
//
// It is flock(2) on the file's open description, taken with the file descriptor of the file the
// path names. Because writers replace the file (AtomicFile renames a new inode over it), a lock
// taken on an inode that was replaced meanwhile is dropped and taken again on the new one: once
// lock() returns, the path names the locked inode, and stays so until this holder replaces it. A
// file that does not exist yet is locked through its folder, which every creator of that name
// locks. The kernel releases the lock when the process dies, so a killed writer leaves nothing
// behind to go stale.
//
// Only regular files are locked: a folder, FIFO, device or socket is refused before it is opened,
// so a FIFO never blocks and a device is never touched.
//
// Not shared between threads; each operation holds its own FileLock.
class FileLock
{
public:
    FileLock() = default;
    ~FileLock() { unlock(); }
    FileLock(const FileLock&) = delete;
    FileLock& operator=(const FileLock&) = delete;

    // Waits up to timeoutMs for the lock on the file path names. Returns an error message naming
    // path ("<path>: another program is changing it; ..."), empty once locked.
    QString lock(const QString& path, int timeoutMs);
    void unlock();
    bool isLocked() const { return m_fd >= 0; }

private:
    int m_fd = -1;
};

} // namespace tw
