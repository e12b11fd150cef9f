// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QString>
#include <QStringView>

namespace tw {

// Look-alike user names (Unicode TR39 "confusable" detection, through ICU's spoof checker).
//
// Two names are confusable when their skeletons are equal: the skeleton maps each character to a
// prototype it can be mistaken for (Cyrillic 'е' -> 'e', '1' -> 'l', "rn" -> "m", ...) after NFD. The
// skeleton is taken of the asciiFolded() name and folded again (prototypes can be upper case: KELVIN
// SIGN -> 'K'), so it compares the way the lists do; names that differ only in ASCII case, which every
// list treats as the same identity, are not reported as look-alikes of each other.
//
// Thread-safe: each thread uses its own spoof checker.

// asciiFolded(TR39 skeleton of asciiFolded(name)). Empty only for an empty name.
QString confusableSkeleton(QStringView name);

// A 64-bit hash of confusableSkeleton(name), to group names cheaply; callers confirm a hash hit with
// confusableSkeleton() before reporting it, so a collision never makes a false flag.
quint64 confusableKey(QStringView name);

// Whether a and b are different identities (not equal after asciiFolded) that look alike.
bool areConfusable(QStringView a, QStringView b);

} // namespace tw
