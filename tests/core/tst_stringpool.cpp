// SPDX-License-Identifier: GPL-3.0-or-later

#include "core/common/bytehash.h"
#include "core/ingest/stringpool.h"

#include <QTest>

#include <string>
#include <unordered_map>

using namespace tw;

class TestStringPool : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void emptyIsZero()
    {
        StringPool pool;
        QCOMPARE(pool.intern(""), 0u);
        QCOMPARE(pool.view(0), std::string_view());
        QCOMPARE(pool.size(), 1u);
    }

    void sameStringSameId()
    {
        StringPool pool;
        const auto a = pool.intern("alice");
        const auto b = pool.intern("bob");
        QVERIFY(a != 0 && b != 0 && a != b);
        QCOMPARE(pool.intern(std::string("alice")), a);
        QCOMPARE(pool.intern("Alice") == a, false); // byte-exact: grouping is case-sensitive
        QCOMPARE(pool.view(b), std::string_view("bob"));
    }

    void smallPoolIsSmall()
    {
        // Each file's reader interns into a pool of its own: 100,000 files of one event make
        // 100,000 pools, so a pool of a few strings must not start with a 64 KiB arena and a 4 KiB
        // table.
        StringPool pool;
        for (int i = 0; i < 12; ++i)
            pool.intern("value-" + std::to_string(i));
        QVERIFY2(pool.memoryBytes() <= 4096, qPrintable(QString::number(pool.memoryBytes())));
    }

    void reserveKeepsIds()
    {
        StringPool pool;
        const auto a = pool.intern("alice");
        const auto b = pool.intern("bob");
        pool.reserve(5000);
        QCOMPARE(pool.intern("alice"), a);
        QCOMPARE(pool.intern("bob"), b);
        for (int i = 0; i < 5000; ++i)
            pool.intern("s" + std::to_string(i));
        QCOMPARE(pool.intern("alice"), a);
        QCOMPARE(pool.view(b), std::string_view("bob"));
        QCOMPARE(pool.size(), 5003u);
    }

    void clearForgetsEveryString()
    {
        // A load reuses a file's pool for the next file: after clear() it must be as a new pool
        // (ids from 1, no old string found), whatever it held, big strings and a grown table included.
        StringPool pool;
        for (int i = 0; i < 3000; ++i)
            pool.intern("old-" + std::to_string(i));
        pool.intern(std::string(40000, 'x'));
        pool.clear();
        QCOMPARE(pool.size(), 1u);
        QCOMPARE(pool.intern("new"), 1u);
        QCOMPARE(pool.intern("old-5"), 2u);
        QCOMPARE(pool.intern("new"), 1u);
        QCOMPARE(pool.view(1), std::string_view("new"));
        QCOMPARE(pool.view(2), std::string_view("old-5"));
        QCOMPARE(pool.size(), 3u);
        // A pool that held a few strings serves the next file in no more memory than it had.
        StringPool small;
        for (int i = 0; i < 12; ++i)
            small.intern("value-" + std::to_string(i));
        const std::size_t bytes = small.memoryBytes();
        small.clear();
        for (int i = 0; i < 12; ++i)
            QCOMPARE(small.intern("other-" + std::to_string(i)), std::uint32_t(i + 1));
        QCOMPARE(small.memoryBytes(), bytes);
    }

    void internAllMatchesOneByOne()
    {
        // The merge interns a file's pool into the store's with look-ahead prefetching: the ids
        // must be those of interning each string in turn, while the table grows, with strings
        // already there, new ones and repeats, for pools shorter and longer than the look-ahead.
        for (const int count : {0, 1, 5, 16, 17, 40, 5000}) {
            StringPool file;
            for (int i = 0; i < count; ++i)
                file.intern("s" + std::to_string(i * 7 % 3001) + (i % 3 ? "" : std::string(30, 'z')));
            StringPool a, b;
            for (int i = 0; i < 1000; i += 3)
                a.intern("s" + std::to_string(i)), b.intern("s" + std::to_string(i));
            std::vector<std::uint32_t> ids{42, 43};
            a.internAll(file, ids);
            QCOMPARE(ids.size(), std::size_t(file.size()));
            QCOMPARE(ids[0], 0u);
            for (std::uint32_t id = 1; id < file.size(); ++id)
                QCOMPARE(ids[id], b.intern(file.view(id)));
            QCOMPARE(a.size(), b.size());
            for (std::uint32_t id = 1; id < a.size(); ++id)
                QCOMPARE(a.view(id), b.view(id));
        }
    }

    void viewsSurviveGrowth()
    {
        // Many strings (forcing table growth and new arena chunks) and a big one: every id keeps
        // its text, and a view taken early is still valid at the end.
        StringPool pool;
        const auto first = pool.intern("first");
        const std::string_view early = pool.view(first);
        std::vector<std::uint32_t> ids;
        for (int i = 0; i < 200000; ++i)
            ids.push_back(pool.intern("user-" + std::to_string(i)));
        const std::string big(100000, 'x');
        const auto bigId = pool.intern(big);
        for (int i = 0; i < 200000; i += 997)
            QCOMPARE(pool.view(ids[static_cast<std::size_t>(i)]),
                     std::string_view("user-" + std::to_string(i)));
        QCOMPARE(pool.intern("user-123"), ids[123]);
        QCOMPARE(pool.view(bigId).size(), big.size());
        QCOMPARE(early, std::string_view("first"));
        QCOMPARE(pool.size(), 200000u + 3u);
    }

    void bytesNotText()
    {
        StringPool pool;
        const std::string withNul("a\0b", 3);
        const auto id = pool.intern(withNul);
        QVERIFY(id != pool.intern("a"));
        QCOMPARE(pool.view(id).size(), std::size_t(3));
    }

    // hashBytes reads a string's last bytes with whole-word loads: each byte must still change the
    // hash, and nothing outside the view may (the view is a field inside a record's text).
    void hashReadsEveryByteAndNoOther()
    {
        for (std::size_t n = 1; n <= 24; ++n) {
            std::string a(n + 16, '.');
            std::string b(n + 16, '#');
            for (std::size_t i = 0; i < n; ++i)
                a[8 + i] = b[8 + i] = char('a' + i);
            const std::string_view va(a.data() + 8, n), vb(b.data() + 8, n);
            QCOMPARE(hashBytes(va), hashBytes(vb));
            for (std::size_t i = 0; i < n; ++i) {
                std::string c = a;
                c[8 + i] = 'Z';
                QVERIFY2(hashBytes(std::string_view(c.data() + 8, n)) != hashBytes(va),
                         qPrintable(QStringLiteral("length %1, byte %2").arg(n).arg(i)));
            }
        }
    }

    // Strings of different lengths hash apart too: the duplicate set keys events on the hash of
    // their eventID, and "12" once hashed like "2" (a load of 20,000 events kept 19,912).
    void shortStringsHashApart()
    {
        std::unordered_map<std::uint64_t, std::string> seen;
        QString collision;
        const auto add = [&](const std::string& s) {
            const auto [it, fresh] = seen.emplace(hashBytes(s), s);
            if (!fresh && it->second != s && collision.isEmpty())
                collision = QString::fromStdString(s + " and " + it->second);
        };
        for (int i = 0; i < 200000; ++i)
            add(std::to_string(i));
        const std::string alphabet = "0123456789abcdefghijklmnopqrstuvwxyz-";
        for (const char a : alphabet) {
            add(std::string(1, a));
            for (const char b : alphabet) {
                add(std::string{a, b});
                for (const char c : alphabet)
                    add(std::string{a, b, c});
            }
        }
        QVERIFY2(collision.isEmpty(), qPrintable(collision + QStringLiteral(" hash alike")));
    }

    // sameBytes compares in whole loads too: the same rules, and strings of different lengths differ.
    void sameBytesReadsEveryByteAndNoOther()
    {
        for (std::size_t n = 0; n <= 40; ++n) {
            std::string a(n + 16, '.');
            std::string b(n + 16, '#');
            for (std::size_t i = 0; i < n; ++i)
                a[8 + i] = b[8 + i] = char('a' + i % 26);
            const std::string_view va(a.data() + 8, n), vb(b.data() + 8, n);
            QVERIFY(sameBytes(va, vb));
            QVERIFY(!sameBytes(va, std::string_view(b.data() + 8, n + 1)));
            for (std::size_t i = 0; i < n; ++i) {
                std::string c = a;
                c[8 + i] = 'Z';
                QVERIFY2(!sameBytes(std::string_view(c.data() + 8, n), va),
                         qPrintable(QStringLiteral("length %1, byte %2").arg(n).arg(i)));
            }
        }
    }
};

QTEST_GUILESS_MAIN(TestStringPool)
#include "tst_stringpool.moc"
