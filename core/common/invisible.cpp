// SPDX-License-Identifier: GPL-3.0-or-later

#include "core/common/invisible.h"

#include <unicode/uchar.h>

namespace tw {

bool isInvisible(char32_t c)
{
    if (c < 0x20 || (c >= 0x7F && c <= 0x9F))
        return true;
    if (c < 0xA0)
        return false; // printable ASCII: the common case, without a property lookup
    const UChar32 u = static_cast<UChar32>(c);
    switch (u_charType(u)) {
    case U_CONTROL_CHAR:
    case U_FORMAT_CHAR:         // soft hyphen, bidi controls, zero-width, invisible operators, tags
    case U_LINE_SEPARATOR:      // U+2028
    case U_PARAGRAPH_SEPARATOR: // U+2029
        return true;
    default:
        break;
    }
    // Fillers and selectors that are not Cf: U+034F, U+115F, U+3164, U+FE00..U+FE0F, U+E0100...
    return u_hasBinaryProperty(u, UCHAR_DEFAULT_IGNORABLE_CODE_POINT);
}

bool hasInvisible(QStringView text)
{
    for (qsizetype i = 0; i < text.size(); ++i) {
        const QChar ch = text[i];
        if (ch.isHighSurrogate() && i + 1 < text.size() && text[i + 1].isLowSurrogate()) {
            if (isInvisible(QChar::surrogateToUcs4(ch, text[++i])))
                return true;
        } else if (ch.isSurrogate() || isInvisible(ch.unicode())) {
            return true;
        }
    }
    return false;
}

} // namespace tw
