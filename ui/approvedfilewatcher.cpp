// SPDX-License-Identifier: GPL-3.0-or-later

#include "ui/approvedfilewatcher.h"

#include "core/common/atomicfile.h"

#include <QFile>
#include <QFileInfo>

namespace tw {

ApprovedFileWatcher::ApprovedFileWatcher(QObject* parent)
    : QObject(parent)
{
    m_debounce.setSingleShot(true);
    m_debounce.setInterval(150);
    connect(&m_debounce, &QTimer::timeout, this, &ApprovedFileWatcher::checkNow);
    connect(&m_watcher, &QFileSystemWatcher::fileChanged, &m_debounce, qOverload<>(&QTimer::start));
    connect(&m_watcher, &QFileSystemWatcher::directoryChanged, &m_debounce, qOverload<>(&QTimer::start));
}

void ApprovedFileWatcher::setPath(const QString& path)
{
    if (!m_watcher.files().isEmpty())
        m_watcher.removePaths(m_watcher.files());
    if (!m_watcher.directories().isEmpty())
        m_watcher.removePaths(m_watcher.directories());
    m_path = path;
    m_known = readFile();
    rewatch();
}

void ApprovedFileWatcher::rewatch()
{
    if (m_path.isEmpty())
        return;
    const QFileInfo info(m_path);
    if (info.exists() && !m_watcher.files().contains(m_path))
        m_watcher.addPath(m_path);
    const QString dir = info.absolutePath();
    if (QFileInfo::exists(dir) && !m_watcher.directories().contains(dir))
        m_watcher.addPath(dir);
}

QByteArray ApprovedFileWatcher::readFile() const
{
    if (m_path.isEmpty())
        return {};
    // A missing file reads as empty, as ApprovalService::restore() counts it. Only a regular file
    // is read, and only so much (a FIFO put in its place would block the window, /dev/zero never
    // ends); anything else reads as empty too, and the load reports what it is.
    return readRegularFile(m_path, kMaxListFileBytes).bytes;
}

void ApprovedFileWatcher::checkNow()
{
    m_debounce.stop();
    if (m_path.isEmpty())
        return;
    rewatch();
    const QByteArray now = readFile();
    if (now == m_known)
        return;
    m_known = now;
    Q_EMIT changedOnDisk();
}

} // namespace tw
