// SPDX-License-Identifier: GPL-3.0-or-later

#include "core/common/timeutil.h"

#include <cstdio>

namespace tw {

namespace {

// Howard Hinnant's days_from_civil / civil_from_days: exact for the proleptic Gregorian
// calendar, no time-zone database and no locale involved, so results never depend on the host.
constexpr std::int64_t daysFromCivil(std::int64_t y, unsigned m, unsigned d)
{
    y -= m <= 2;
    const std::int64_t era = (y >= 0 ? y : y - 399) / 400;
    const auto yoe = static_cast<unsigned>(y - era * 400);
    const unsigned doy = (153 * (m > 2 ? m - 3 : m + 9) + 2) / 5 + d - 1;
    const unsigned doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    return era * 146097 + static_cast<std::int64_t>(doe) - 719468;
}

struct Civil
{
    std::int64_t year;
    unsigned month;
    unsigned day;
};

constexpr Civil civilFromDays(std::int64_t z)
{
    z += 719468;
    const std::int64_t era = (z >= 0 ? z : z - 146096) / 146097;
    const auto doe = static_cast<unsigned>(z - era * 146097);
    const unsigned yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
    const std::int64_t y = static_cast<std::int64_t>(yoe) + era * 400;
    const unsigned doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    const unsigned mp = (5 * doy + 2) / 153;
    const unsigned d = doy - (153 * mp + 2) / 5 + 1;
    const unsigned m = mp < 10 ? mp + 3 : mp - 9;
    return {y + (m <= 2), m, d};
}

bool digits(std::string_view s, std::size_t pos, std::size_t count, unsigned& out)
{
    if (pos + count > s.size())
        return false;
    unsigned v = 0;
    for (std::size_t i = pos; i < pos + count; ++i) {
        const char c = s[i];
        if (c < '0' || c > '9')
            return false;
        v = v * 10 + static_cast<unsigned>(c - '0');
    }
    out = v;
    return true;
}

bool isLeap(unsigned y)
{
    return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
}

unsigned daysInMonth(unsigned y, unsigned m)
{
    static constexpr unsigned table[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    return m == 2 && isLeap(y) ? 29 : table[m - 1];
}

} // namespace

std::optional<TimeMs> parseEventTime(std::string_view s)
{
    unsigned year, month, day, hour, minute, second;
    if (!digits(s, 0, 4, year) || s.size() < 19 || s[4] != '-' || !digits(s, 5, 2, month) || s[7] != '-' ||
        !digits(s, 8, 2, day) || (s[10] != 'T' && s[10] != 't' && s[10] != ' ') || !digits(s, 11, 2, hour) ||
        s[13] != ':' || !digits(s, 14, 2, minute) || s[16] != ':' || !digits(s, 17, 2, second))
        return std::nullopt;
    // A leap second (:60) is folded into :59 rather than rejected: the event is real.
    if (month < 1 || month > 12 || day < 1 || day > daysInMonth(year, month) || hour > 23 || minute > 59 ||
        second > 60)
        return std::nullopt;
    if (second == 60)
        second = 59;

    std::size_t pos = 19;
    unsigned millis = 0;
    if (pos < s.size() && (s[pos] == '.' || s[pos] == ',')) {
        ++pos;
        const std::size_t start = pos;
        unsigned scale = 100;
        while (pos < s.size() && s[pos] >= '0' && s[pos] <= '9') {
            millis += static_cast<unsigned>(s[pos] - '0') * scale;
            scale /= 10;
            ++pos;
        }
        if (pos == start)
            return std::nullopt;
    }

    std::int64_t offsetMinutes = 0;
    if (pos < s.size()) {
        const char z = s[pos];
        if ((z == 'Z' || z == 'z') && pos + 1 == s.size()) {
            pos = s.size();
        } else if (z == '+' || z == '-') {
            unsigned oh, om;
            const std::size_t rest = s.size() - pos - 1;
            if (rest == 5 && s[pos + 3] == ':' && digits(s, pos + 1, 2, oh) && digits(s, pos + 4, 2, om)) {
            } else if (rest == 4 && digits(s, pos + 1, 2, oh) && digits(s, pos + 3, 2, om)) {
            } else if (rest == 2 && digits(s, pos + 1, 2, oh)) {
                om = 0;
            } else {
                return std::nullopt;
            }
            if (oh > 23 || om > 59)
                return std::nullopt;
            offsetMinutes = (z == '+' ? 1 : -1) * static_cast<std::int64_t>(oh * 60 + om);
        } else {
            return std::nullopt;
        }
    }

    const std::int64_t days = daysFromCivil(year, month, day);
    const std::int64_t secs = days * 86400 + hour * 3600 + minute * 60 + second - offsetMinutes * 60;
    return secs * 1000 + millis;
}

std::string formatSplunkTimeUtf8(TimeMs ms)
{
    // Floor division so that times before 1970 still truncate towards the past.
    std::int64_t secs = ms / 1000;
    if (ms % 1000 < 0)
        --secs;
    std::int64_t days = secs / 86400;
    std::int64_t rem = secs % 86400;
    if (rem < 0) {
        rem += 86400;
        --days;
    }
    const Civil c = civilFromDays(days);
    char buf[40];
    std::snprintf(buf, sizeof buf, "%04lld-%02u-%02uT%02lld:%02lld:%02lld", static_cast<long long>(c.year),
                  c.month, c.day, static_cast<long long>(rem / 3600), static_cast<long long>(rem / 60 % 60),
                  static_cast<long long>(rem % 60));
    return buf;
}

QString formatSplunkTime(TimeMs ms)
{
    return QString::fromStdString(formatSplunkTimeUtf8(ms));
}

} // namespace tw
