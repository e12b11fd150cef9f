// SPDX-License-Identifier: GPL-3.0-or-later
#include "core/lists/confusables.h"

#include "core/lists/identitylists.h"

#include <QHashFunctions>

#include <unicode/uspoof.h>

#include <algorithm>
#include <array>
#include <cstdint>
#include <memory>

namespace tw {

namespace {

struct SpoofCloser
{
    void operator()(USpoofChecker* checker) const { uspoof_close(checker); }
};

// ICU documents the checks of a configured checker as thread-safe; one per thread costs little and
// leaves no doubt.
USpoofChecker* checker()
{
    thread_local const std::unique_ptr<USpoofChecker, SpoofCloser> instance = [] {
        UErrorCode status = U_ZERO_ERROR;
        std::unique_ptr<USpoofChecker, SpoofCloser> c(uspoof_open(&status));
        if (U_FAILURE(status))
            c.reset();
        return c;
    }();
    return instance.get();
}

QString icuSkeleton(USpoofChecker* sc, const QString& folded);

// The skeleton maps each code point of the NFD form on its own, so for ASCII text it is the
// concatenation of per-character skeletons: one ICU call per character once, instead of one (with
// normalisation, several microseconds) per name. Only characters whose skeleton is ASCII again take
// this path, so no normalisation could act across them.
struct AsciiSkeletons
{
    std::array<QString, 128> skeleton;
    std::array<bool, 128> usable{};
};

const AsciiSkeletons& asciiSkeletons()
{
    static const AsciiSkeletons table = [] {
        AsciiSkeletons t;
        USpoofChecker* sc = checker();
        for (char16_t c = 0; c < 128; ++c) {
            if (!sc || (c >= u'A' && c <= u'Z'))
                continue; // folded away before the look-up
            const QString s = icuSkeleton(sc, QString(QChar(c)));
            t.usable[c] =
                !s.isEmpty() && std::all_of(s.begin(), s.end(), [](QChar ch) { return ch.unicode() < 128; });
            t.skeleton[c] = s;
        }
        return t;
    }();
    return table;
}

QString icuSkeleton(USpoofChecker* sc, const QString& folded)
{
    const auto* source = reinterpret_cast<const UChar*>(folded.utf16());
    const auto length = static_cast<int32_t>(std::min<qsizetype>(folded.size(), INT32_MAX / 8));
    // Most skeletons are as long as the name; a few characters expand (up to a handful of UTF-16 units).
    QString out(folded.size() + 16, Qt::Uninitialized);
    UErrorCode status = U_ZERO_ERROR;
    int32_t n = uspoof_getSkeleton(sc, 0, source, length, reinterpret_cast<UChar*>(out.data()),
                                   static_cast<int32_t>(out.size()), &status);
    if (status == U_BUFFER_OVERFLOW_ERROR) {
        out.resize(n);
        status = U_ZERO_ERROR;
        n = uspoof_getSkeleton(sc, 0, source, length, reinterpret_cast<UChar*>(out.data()),
                               static_cast<int32_t>(out.size()), &status);
    }
    if (U_FAILURE(status))
        return folded; // ICU could not take it (invalid text): compare the name as it is
    out.resize(n);
    return out;
}

} // namespace

QString confusableSkeleton(QStringView name)
{
    const QString folded = asciiFolded(name);
    USpoofChecker* sc = checker();
    if (!sc || folded.isEmpty())
        return folded;
    const AsciiSkeletons& ascii = asciiSkeletons();
    const bool fast = std::all_of(folded.begin(), folded.end(), [&ascii](QChar c) {
        return c.unicode() < 128 && ascii.usable[c.unicode()];
    });
    QString out;
    if (fast) {
        out.reserve(folded.size());
        for (const QChar c : folded)
            out += ascii.skeleton[c.unicode()];
    } else {
        out = icuSkeleton(sc, folded);
    }
    // Prototypes may be upper case (KELVIN SIGN -> 'K'): fold again, as the lists compare.
    return asciiFolded(out);
}

quint64 confusableKey(QStringView name)
{
    return static_cast<quint64>(qHash(confusableSkeleton(name), size_t(0)));
}

bool areConfusable(QStringView a, QStringView b)
{
    return asciiFolded(a) != asciiFolded(b) && confusableSkeleton(a) == confusableSkeleton(b);
}

} // namespace tw
