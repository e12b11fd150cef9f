// SPDX-License-Identifier: GPL-3.0-or-later

#include "ui/timeformat.h"

#include <QDateTime>

namespace tw {

QString formatTime(TimeMs ms, bool localTime)
{
    if (!localTime)
        return formatSplunkTime(ms);
    const QDateTime local = QDateTime::fromMSecsSinceEpoch(ms, Qt::LocalTime);
    const int offset = local.offsetFromUtc();
    const int absMinutes = std::abs(offset) / 60;
    return local.toString(QStringLiteral("yyyy-MM-ddTHH:mm:ss")) + (offset < 0 ? u'-' : u'+') +
           QStringLiteral("%1:%2")
               .arg(absMinutes / 60, 2, 10, QLatin1Char('0'))
               .arg(absMinutes % 60, 2, 10, QLatin1Char('0'));
}

QString timeZoneLabel(bool localTime)
{
    return localTime ? QStringLiteral("local") : QStringLiteral("UTC");
}

} // namespace tw
