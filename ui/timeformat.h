// SPDX-License-Identifier: GPL-3.0-or-later

#pragma once

#include "core/common/timeutil.h"

#include <QString>

namespace tw {

// How the tables show a time. UTC uses the detection's own format (security_content_ctime), so
// that what the analyst sees is what Splunk prints; local time carries its UTC offset, because a
// bare local time in a security finding is ambiguous.
QString formatTime(TimeMs ms, bool localTime);

// The header suffix that says which of the two a column shows.
QString timeZoneLabel(bool localTime);

} // namespace tw
