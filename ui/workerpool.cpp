// SPDX-License-Identifier: GPL-3.0-or-later

#include "ui/workerpool.h"

#include <QThread>
#include <QThreadPool>

#include <algorithm>

namespace tw {

namespace {

QThreadPool* makePool()
{
    auto* pool = new QThreadPool;
    pool->setObjectName(QStringLiteral("windowWorkers"));
    pool->setMaxThreadCount(std::max(2, QThread::idealThreadCount()));
    return pool;
}

} // namespace

QThreadPool* windowWorkers()
{
    // Never destroyed: a worker still running at exit holds only shared snapshots and copies.
    static QThreadPool* const pool = makePool();
    return pool;
}

} // namespace tw
