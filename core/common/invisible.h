// SPDX-License-Identifier: GPL-3.0-or-later

#pragma once

#include <QStringView>

namespace tw {

// Whether a code point changes how text is shown rather than what it says, by its Unicode properties
// (ICU): controls (Cc: C0, C1, DEL), format characters (Cf: soft hyphen, bidi embeddings, overrides,
// isolates and marks, zero-width characters, invisible operators, the TAG characters
// U+E0000..U+E007F), the line and paragraph separators (Zl, Zp), and every other
// Default_Ignorable_Code_Point (combining grapheme joiner, Hangul fillers, variation selectors).
// The one definition: reports show such code points (ReportText::visible), and approving refuses
// identities that hold one (invisibleCharacterIn).
bool isInvisible(char32_t codePoint);

// Whether text holds an invisible code point (isInvisible) or a lone surrogate.
bool hasInvisible(QStringView text);

} // namespace tw
