// SPDX-License-Identifier: GPL-3.0-or-later
// The one definition of a code point nobody sees (core/common/invisible.h), which reports escape
// (ReportText::visible) and approving refuses (invisibleCharacterIn): the same answer for both.

#include "core/common/invisible.h"
#include "core/lists/identitylists.h"
#include "core/report/reporttext.h"

#include <QTest>

using namespace tw;
using namespace Qt::StringLiterals;

namespace {

QString one(char32_t c)
{
    // (QString::fromUcs4 would drop U+FEFF as a byte order mark.)
    return c > 0xFFFF ? QString::fromUcs4(&c, 1) : QString(QChar(char16_t(c)));
}

} // namespace

class TestInvisible : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void codePoints_data()
    {
        QTest::addColumn<uint>("codePoint");
        QTest::addColumn<bool>("invisible");
        QTest::addColumn<bool>("refusedInIdentity"); // invisibleCharacterIn finds it

        // Controls (Cc): C0, DEL, C1. Tab and line ends are shown by reports, refused elsewhere in
        // identities.
        QTest::newRow("NUL") << 0x0u << true << true;
        QTest::newRow("ESC") << 0x1Bu << true << true;
        QTest::newRow("DEL") << 0x7Fu << true << true;
        QTest::newRow("CSI (C1)") << 0x9Bu << true << true;
        QTest::newRow("tab") << 0x9u << true << false;
        QTest::newRow("LF") << 0xAu << true << false;
        QTest::newRow("CR") << 0xDu << true << false;
        // Format characters (Cf).
        QTest::newRow("soft hyphen") << 0xADu << true << true;
        QTest::newRow("zero-width space") << 0x200Bu << true << true;
        QTest::newRow("zero-width joiner") << 0x200Du << true << true;
        QTest::newRow("right-to-left override") << 0x202Eu << true << true;
        QTest::newRow("left-to-right isolate") << 0x2066u << true << true;
        QTest::newRow("byte order mark") << 0xFEFFu << true << true;
        QTest::newRow("musical symbol begin beam") << 0x1D173u << true << true;
        QTest::newRow("tag latin capital A") << 0xE0041u << true << true;
        // Line and paragraph separators (Zl, Zp).
        QTest::newRow("line separator") << 0x2028u << true << true;
        QTest::newRow("paragraph separator") << 0x2029u << true << true;
        // Default-ignorable code points that are not Cf, unassigned ones included.
        QTest::newRow("combining grapheme joiner") << 0x34Fu << true << true;
        QTest::newRow("hangul choseong filler") << 0x115Fu << true << true;
        QTest::newRow("hangul filler") << 0x3164u << true << true;
        QTest::newRow("halfwidth hangul filler") << 0xFFA0u << true << true;
        QTest::newRow("variation selector 16") << 0xFE0Fu << true << true;
        QTest::newRow("variation selector 17") << 0xE0100u << true << true;
        QTest::newRow("unassigned default-ignorable U+2065") << 0x2065u << true << true;
        QTest::newRow("unassigned default-ignorable U+FFF0") << 0xFFF0u << true << true;
        // Spaces other than U+0020 are seen (as a space) in a report, but in an identity they read as
        // another name's plain space.
        QTest::newRow("no-break space") << 0xA0u << false << true;
        QTest::newRow("ideographic space") << 0x3000u << false << true;
        // Near misses: visible letters, marks, symbols.
        QTest::newRow("space") << 0x20u << false << false;
        QTest::newRow("latin a") << 0x61u << false << false;
        QTest::newRow("e acute") << 0xE9u << false << false;
        QTest::newRow("cyrillic ie") << 0x435u << false << false;
        QTest::newRow("combining acute") << 0x301u << false << false;
        QTest::newRow("devanagari virama") << 0x94Du << false << false;
        QTest::newRow("emoji") << 0x1F600u << false << false;
        QTest::newRow("replacement character") << 0xFFFDu << false << false;
    }
    void codePoints()
    {
        QFETCH(uint, codePoint);
        QFETCH(bool, invisible);
        QFETCH(bool, refusedInIdentity);
        const char32_t c = codePoint;
        QCOMPARE(isInvisible(c), invisible);
        const QString name = u"svc"_s + one(c) + u"deploy"_s;
        QCOMPARE(hasInvisible(name), invisible);
        // Reports use the same definition: what is invisible is shown as its code point.
        QCOMPARE(ReportText::visible(name) != name, invisible);
        const QString found = invisibleCharacterIn(name);
        QCOMPARE(!found.isEmpty(), refusedInIdentity);
        if (refusedInIdentity)
            QVERIFY2(found.endsWith(u" at character 4"_s), qPrintable(found));
    }

    void loneSurrogates()
    {
        QString lone(u"a"_s);
        lone.append(QChar(0xD800));
        QVERIFY(hasInvisible(lone));
        QVERIFY(hasInvisible(QStringView(u"a\U0001F600b").left(2)));
        QVERIFY(!hasInvisible(u"a\U0001F600b"_s));
        QVERIFY(!hasInvisible(QString()));
    }
};

QTEST_GUILESS_MAIN(TestInvisible)
#include "tst_invisible.moc"
