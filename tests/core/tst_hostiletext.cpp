// SPDX-License-Identifier: GPL-3.0-or-later
// Hostile text and shapes from logs and lists (issue 10, robustness review 2026-12): approving a name
// never widens, case-insensitive means ASCII, look-alikes are flagged, invisible characters are shown
// in every report, and a forged time span cannot make a chart of half a million bars.

#include "core/analysissession.h"
#include "core/detection/activityseries.h"
#include "core/detection/stewardship.h"
#include "core/lists/approvalservice.h"
#include "core/lists/confusables.h"
#include "core/report/csvreport.h"
#include "core/report/htmlreport.h"
#include "core/report/jsonreport.h"
#include "core/report/markdownreport.h"
#include "core/report/reportdata.h"
#include "core/report/reportmanifest.h"
#include "core/report/reporttext.h"
#include "tests/support/testsupport.h"

#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTemporaryDir>
#include <QTest>

using namespace tw;
using namespace Qt::StringLiterals;

namespace {

// One line of JSON lines: user (any text, escaped) lists buckets, read-only, at time.
QByteArray event(const QString& user, const QByteArray& time, int n)
{
    return test::cloudTrailRecord(test::jsonEscaped(user), "e-" + QByteArray::number(n),
                                  R"(,"readOnly":true)", time) +
           '\n';
}

// A folder with one log of the given users (one event each, or at the given times) and an approved list.
struct Fixture
{
    QTemporaryDir dir;
    QString logs, approved;
    Fixture(const QStringList& users, const QByteArray& approvedCsv, const QList<QByteArray>& times = {})
    {
        logs = dir.filePath(u"events.jsonl"_s);
        approved = dir.filePath(u"aws_service_accounts.csv"_s);
        QByteArray bytes;
        for (int i = 0; i < users.size(); ++i)
            bytes += event(users[i], i < times.size() ? times[i] : QByteArray("2026-11-01T10:00:00Z"), i);
        test::writeFile(logs, bytes);
        test::writeFile(approved, approvedCsv);
    }
};

struct Loaded
{
    std::unique_ptr<AnalysisSession> session = std::make_unique<AnalysisSession>();
    QStringList problems;
};

std::unique_ptr<Loaded> load(const Fixture& f)
{
    auto l = std::make_unique<Loaded>();
    QObject::connect(l->session.get(), &AnalysisSession::lookupProblem,
                     [p = &l->problems](const QString& m) { p->append(m); });
    l->session->setApprovedList(f.approved);
    l->session->load({f.logs});
    l->session->waitForLoad();
    return l;
}

QStringList findingUsers(const AnalysisSession& s)
{
    QStringList out;
    for (const UserActivity& a : s.result()->findings)
        out << s.store()->qstr(a.user);
    return out;
}

const UserActivity* findingOf(const AnalysisSession& s, const QString& user)
{
    for (const UserActivity& a : s.result()->findings)
        if (s.store()->qstr(a.user) == user)
            return &a;
    return nullptr;
}

ReportData reportOf(const AnalysisSession& s)
{
    RunManifest manifest = buildManifest(*s.store(), *s.result(), {}, s.approvedPath(), s.approvedList(),
                                         s.identityPath(), s.identityList(), ManifestOptions{false});
    return buildReportData(s.store(), *s.result(), std::move(manifest));
}

// The Unicode look-alikes that Unicode simple case folding equates with an ASCII or another letter.
const QList<std::pair<QString, QString>> kFoldPairs = {
    {u"kafka-svc"_s, u"\u212Aafka-svc"_s},   // KELVIN SIGN folds to 'k'
    {u"svc-backup"_s, u"\u017Fvc-backup"_s}, // LONG S folds to 's'
    {u"\u00B5-svc"_s, u"\u03BC-svc"_s},      // MICRO SIGN / GREEK SMALL MU
    {u"\u03C2-svc"_s, u"\u03C3-svc"_s},      // final sigma / sigma
    {u"\u1E9E-svc"_s, u"\u00DF-svc"_s},      // CAPITAL SHARP S / sharp s
};

} // namespace

class TestHostileText : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    // --- Case-insensitive means ASCII -------------------------------------------------------------

    void asciiFoldingOnly()
    {
        QCOMPARE(asciiFolded(u"Svc-DEPLOY_01@Example.COM"), u"svc-deploy_01@example.com"_s);
        for (const auto& [a, b] : kFoldPairs) {
            QVERIFY2(a.toCaseFolded() == b.toCaseFolded(), qPrintable(a)); // the old folding equated them
            QVERIFY2(asciiFolded(a) != asciiFolded(b), qPrintable(a));
            QVERIFY2(!IdentityMatcher({a}).matches(b), qPrintable(a));
            QVERIFY2(!IdentityMatcher({b}).matches(a), qPrintable(b));
        }
        QVERIFY(IdentityMatcher({u"KAFKA-SVC"_s}).matches(u"kafka-svc"));
        QVERIFY(IdentityMatcher({u"Svc-*"_s}).matches(u"svc-backup"));
        QVERIFY(!IdentityMatcher({u"svc-*"_s}).matches(u"\u017Fvc-backup"));
    }

    void foldPairsStayFindings()
    {
        QStringList users;
        QByteArray approved = "identity\n";
        for (const auto& [a, b] : kFoldPairs) {
            users << a << b;
            approved += a.toUtf8() + '\n';
        }
        const Fixture f(users, approved);
        const auto l = load(f);
        QCOMPARE(findingUsers(*l->session).size(), kFoldPairs.size());
        for (const auto& [a, b] : kFoldPairs)
            QVERIFY2(findingUsers(*l->session).contains(b), qPrintable(b));
    }

    void approvalOfUnicodeTwinIsNotAlreadyApproved()
    {
        const Fixture f({}, "identity\nkafka-svc\n");
        const ApprovalResult r =
            ApprovalService(f.approved)
                .approve({u"\u212Aafka-svc"_s}, u"ticket 1"_s, u"erin"_s, QDateTime::currentDateTimeUtc());
        QVERIFY2(r.ok, qPrintable(r.message));
        QCOMPARE(r.added, QStringList{u"\u212Aafka-svc"_s});
    }

    // --- Approving a name never widens ------------------------------------------------------------

    void literalApprovable()
    {
        QString why;
        QVERIFY(isLiteralApprovable(u"svc-a", &why));
        QVERIFY(why.isEmpty());
        QVERIFY(!isLiteralApprovable(u"svc*", &why));
        QVERIFY(why.contains(u"wildcard"));
        QVERIFY(!isLiteralApprovable(u"*", &why));
        QVERIFY(why.contains(u"every user"));
        QVERIFY(isAllWildcard(u"**"));
        QVERIFY(!isAllWildcard(u"*a*"));
        QVERIFY(!isAllWildcard(u""));
    }

    void approvingStarIsRefused_data()
    {
        QTest::addColumn<QString>("name");
        QTest::newRow("svc*") << u"svc*"_s;
        QTest::newRow("*") << u"*"_s;
        QTest::newRow("*admin*") << u"*admin*"_s;
    }
    void approvingStarIsRefused()
    {
        QFETCH(QString, name);
        const Fixture f({u"svc-a"_s, u"svc-b"_s, u"svcX"_s, name}, "identity\nother\n");
        QFile csv(f.approved);
        QVERIFY(csv.open(QIODevice::ReadOnly));
        const QByteArray before = csv.readAll();
        csv.close();
        const ApprovalResult r =
            ApprovalService(f.approved)
                .approve({name}, u"looks fine"_s, u"erin"_s, QDateTime::currentDateTimeUtc());
        QVERIFY(!r.ok);
        QCOMPARE(r.refused, QStringList{name});
        QVERIFY(r.message.contains(u"wildcard"));
        QVERIFY(csv.open(QIODevice::ReadOnly));
        QCOMPARE(csv.readAll(), before);
        // Nothing was widened: every one of them is still a finding.
        const auto l = load(f);
        QCOMPARE(findingUsers(*l->session).size(), 4);
    }

    void baselineNeverProposesStar()
    {
        const Fixture f({u"svc-a"_s, u"svc*"_s, u"*"_s}, "identity\n");
        const auto l = load(f);
        const AnalysisSession& s = *l->session;
        const BaselineDiff diff = computeBaseline(*s.store(), s.rules(), 0,
                                                  std::numeric_limits<TimeMs>::max(), {}, IdentityMatcher());
        QCOMPARE(diff.add, QStringList{u"svc-a"_s});
        QCOMPARE(diff.notProposed, (QStringList{u"*"_s, u"svc*"_s}));
    }

    void everyoneRowIsLoud_data()
    {
        QTest::addColumn<QByteArray>("row");
        QTest::newRow("*") << QByteArray("*");
        QTest::newRow("**") << QByteArray("**");
    }
    void everyoneRowIsLoud()
    {
        QFETCH(QByteArray, row);
        const Fixture f({u"svc-a"_s, u"alice"_s}, "identity\nsvc-a\n" + row + "\n");
        const auto l = load(f);
        QVERIFY(findingUsers(*l->session).isEmpty()); // what makes it dangerous
        QVERIFY(!l->problems.isEmpty());
        QVERIFY2(l->problems.front().contains(u"WARNING") && l->problems.front().contains(u"line 3") &&
                     l->problems.front().contains(u"every user"),
                 qPrintable(l->problems.join(u'\n')));

        const ReportData data = reportOf(*l->session);
        QCOMPARE(data.manifest.approved.matchesEveryone, QStringList{QString::fromLatin1(row)});
        const QJsonObject json =
            QJsonDocument::fromJson(QByteArray::fromStdString(jsonReport(data))).object();
        const QJsonArray warnings = json[u"summary"_s][u"warnings"_s].toArray();
        QCOMPARE(warnings.size(), 1);
        QVERIFY(warnings[0].toString().contains(u"matches every user"));
        QCOMPARE(json[u"manifest"_s][u"approved"_s][u"matchesEveryone"_s].toArray().size(), 1);
        QVERIFY(htmlReport(data).contains(u"class=\"warn\"><font color=\"#a4161a\">Warning: The approved"));
        QVERIFY(markdownReport(data).contains(u"> **Warning:** The approved"));
    }

    // --- Look-alikes ------------------------------------------------------------------------------

    void skeletons()
    {
        QVERIFY(areConfusable(u"deploy-bot", u"d\u0435ploy-bot")); // Cyrillic ie
        QVERIFY(areConfusable(u"kafka-svc", u"\u212Aafka-svc"));   // KELVIN SIGN
        QVERIFY(areConfusable(u"paypal", u"p\u0430yp\u0430l"));    // Cyrillic a
        QVERIFY(!areConfusable(u"deploy-bot", u"Deploy-Bot"));     // the same identity to every list
        QVERIFY(!areConfusable(u"deploy-bot", u"deploy-bat"));
        // ASCII names take a per-character path; it agrees with ICU's whole-name skeleton.
        QVERIFY(areConfusable(u"m-svc", u"rn-svc"));
        QVERIFY(areConfusable(u"svc1", u"svcl"));
        QVERIFY(areConfusable(u"svc-0ps", u"svc-Ops"));
        QVERIFY(areConfusable(u"m-svc", u"r\u0578-svc")); // mixed: ICU's path, same skeleton
        QCOMPARE(confusableKey(u"d\u0435ploy-bot"), confusableKey(u"deploy-bot"));
    }

    void lookalikesAreFlagged()
    {
        // deploy-bot is approved and active; its Cyrillic twin is a finding that looks identical.
        // kafka-svc is approved but not seen; the KELVIN SIGN twin looks like the approved entry.
        // Two findings that look alike flag each other.
        const Fixture f({u"deploy-bot"_s, u"d\u0435ploy-bot"_s, u"\u212Aafka-svc"_s, u"p\u0430ypal"_s,
                         u"paypal"_s, u"alice"_s},
                        "identity\ndeploy-bot\nkafka-svc\n");
        const auto l = load(f);
        const AnalysisSession& s = *l->session;
        QCOMPARE(findingOf(s, u"d\u0435ploy-bot"_s)->confusableWith, QStringList{u"deploy-bot"_s});
        QCOMPARE(findingOf(s, u"\u212Aafka-svc"_s)->confusableWith, QStringList{u"kafka-svc"_s});
        QCOMPARE(findingOf(s, u"p\u0430ypal"_s)->confusableWith, QStringList{u"paypal"_s});
        QCOMPARE(findingOf(s, u"paypal"_s)->confusableWith, QStringList{u"p\u0430ypal"_s});
        QVERIFY(findingOf(s, u"alice"_s)->confusableWith.isEmpty());

        const ReportData data = reportOf(s);
        const QJsonObject json =
            QJsonDocument::fromJson(QByteArray::fromStdString(jsonReport(data))).object();
        int flagged = 0;
        for (const QJsonValue& v : json[u"findings"_s].toArray()) {
            const QJsonObject o = v.toObject();
            if (o[u"user"_s].toString() == u"d\u0435ploy-bot"_s) {
                QCOMPARE(o[u"confusableWith"_s].toArray(), QJsonArray{u"deploy-bot"_s});
                ++flagged;
            }
            if (o[u"user"_s].toString() == u"alice"_s)
                QVERIFY(!o.contains(u"confusableWith"_s));
        }
        QCOMPARE(flagged, 1);
        QVERIFY(htmlReport(data).contains(u"looks like <span class=\"mono\">deploy-bot</span>"));
        QVERIFY(markdownReport(data).contains(u"**Looks like:** deploy-bot"));
        QVERIFY(csvReport(data).startsWith(
            "user,count,firstTime,lastTime,eventName,class,classEvidence,risk,riskExplanation,writeCalls,"
            "failedCalls,sensitiveApis,confusableWith\n"));
        // Splunk's columns, the class and its evidence, then what the user looks like.
        bool lookalikeRow = false;
        for (const QByteArray& line : csvReport(data).split('\n'))
            lookalikeRow |=
                line.startsWith(
                    u"d\u0435ploy-bot,1,2026-11-01T10:00:00,2026-11-01T10:00:00,ListBuckets,"_s.toUtf8()) &&
                line.endsWith(",deploy-bot");
        QVERIFY(lookalikeRow);
    }

    void lookalikesSurviveSelection()
    {
        const Fixture f({u"deploy-bot"_s, u"d\u0435ploy-bot"_s}, "identity\ndeploy-bot\n");
        const auto l = load(f);
        const AnalysisSession& s = *l->session;
        const DetectionResult picked = selectFindings(*s.result(), {s.result()->findings.front().user});
        QCOMPARE(picked.findings.front().confusableWith, QStringList{u"deploy-bot"_s});
    }

    // --- Invisible characters ---------------------------------------------------------------------

    void invisibleCodePointsAreShown_data()
    {
        QTest::addColumn<uint>("codePoint");
        for (uint c :
             {0x00ADu, 0x034Fu, 0x115Fu, 0x1160u, 0x180Eu, 0x2061u, 0x2064u, 0x3164u, 0xFE0Fu,  0xFE00u,
              0xFFA0u, 0x200Bu, 0x202Eu, 0x2066u, 0xFEFFu, 0x009Bu, 0x001Bu, 0x2028u, 0x1D173u, 0xE0100u})
            QTest::addRow("U+%04X", c) << c;
        for (uint c = 0xE0000; c <= 0xE007F; ++c) // every TAG character, assigned or not
            QTest::addRow("tag U+%04X", c) << c;
    }
    void invisibleCodePointsAreShown()
    {
        QFETCH(uint, codePoint);
        const char32_t c = codePoint;
        // (QString::fromUcs4 would drop U+FEFF as a byte order mark.)
        const QString one = c > 0xFFFF ? QString::fromUcs4(&c, 1) : QString(QChar(char16_t(c)));
        const QString name = u"ad"_s + one + u"min"_s;
        const QString expected =
            u"ad"_s + u"[U+"_s + QString::number(codePoint, 16).toUpper().rightJustified(4, u'0') + u"]min"_s;
        QCOMPARE(ReportText::visible(name), expected);
        QVERIFY(ReportText::hasInvisible(name));
        QVERIFY(ReportText::isInvisible(c));
        QVERIFY(ReportText::html(name).contains(expected));
        QVERIFY(ReportText::spreadsheetCell(name).contains(expected));
        QVERIFY(ReportText::markdown(name).contains(u"\\[U+"_s));
        QVERIFY(!ReportText::markdown(name).contains(one));
    }

    void visibleTextStaysAsItIs()
    {
        for (const QString& s : {u"deploy-bot"_s, u"d\u0435ploy-bot"_s, u"caf\u00e9 \u65e5\u672c"_s,
                                 u"\U0001F600 smile"_s, u"a.smith@example.com"_s, u"\u0930\u094d\u200d"_s}) {
            if (s.contains(QChar(0x200D))) {
                QVERIFY(ReportText::hasInvisible(s)); // ZWJ is Cf: shown
                continue;
            }
            QCOMPARE(ReportText::visible(s), s);
            QVERIFY(!ReportText::hasInvisible(s));
        }
        QString lone(u"a"_s);
        lone.append(QChar(0xD800));
        QVERIFY(ReportText::hasInvisible(lone));
        QCOMPARE(ReportText::visible(QStringView(u"a\U0001F600b").left(2)), u"a\uFFFD"_s);
    }

    void tagsInEveryReport()
    {
        // "admin" + TAG LATIN SMALL LETTER X... renders as "admin" unless the tags are shown.
        const QString tagged = u"admin\U000E0078\U000E0079"_s;
        const Fixture f({tagged, u"ad\u00ADmin"_s}, "identity\n");
        const auto l = load(f);
        const ReportData data = reportOf(*l->session);
        const QString html = htmlReport(data);
        QVERIFY(html.contains(u"admin[U+E0078][U+E0079]"));
        QVERIFY(html.contains(u"ad[U+00AD]min"));
        QVERIFY(!html.contains(u"\U000E0078"));
        QVERIFY(!html.contains(QChar(0x00AD)));
        const QString md = markdownReport(data);
        QVERIFY(md.contains(u"admin\\[U+E0078\\]\\[U+E0079\\]"));
        QVERIFY(!md.contains(u"\U000E0078"));
        const QByteArray csv = csvReport(data);
        QVERIFY(csv.contains("admin[U+E0078][U+E0079]"));
        QVERIFY(!csv.contains(u"\U000E0078"_s.toUtf8()));
        QVERIFY(!csv.contains(u"\u00AD"_s.toUtf8()));
    }

    // --- Hostile time spans -----------------------------------------------------------------------

    void forgedSpanIsBounded_data()
    {
        QTest::addColumn<qint64>("bucketMs");
        QTest::newRow("auto") << qint64(0);
        QTest::newRow("hour") << kHourMs;
        QTest::newRow("day") << 24 * kHourMs;
    }
    void forgedSpanIsBounded()
    {
        QFETCH(qint64, bucketMs);
        const Fixture f({u"forger"_s, u"forger"_s, u"forger"_s}, "identity\n",
                        {"0000-01-01T00:00:00Z", "2026-11-01T10:00:00Z", "9999-12-31T23:59:59Z"});
        const auto l = load(f);
        const AnalysisSession& s = *l->session;
        const auto events = eventsOfFindings(*s.store(), *s.result());
        QCOMPARE(events.size(), std::size_t(3));
        const ActivitySeries series = activitySeries(*s.store(), events, ActivitySplit::Api, bucketMs);
        QVERIFY2(series.buckets <= kMaxSeriesBuckets, qPrintable(QString::number(series.buckets)));
        QVERIFY(series.buckets > kMaxSeriesBuckets / 2); // bounded, not collapsed
        QCOMPARE(series.total, quint64(3));              // no event falls off the end
        if (bucketMs > 0)
            QCOMPARE(series.bucketMs % bucketMs, 0); // whole multiples of what was asked
        QVERIFY(bucketUnit(series.bucketMs).contains(u"weeks") ||
                bucketUnit(series.bucketMs).contains(u"days"));
        // The series given the same axis agrees bucket for bucket (the overview's selected share).
        const ActivitySeries same =
            activitySeries(*s.store(), events, ActivitySplit::Total, series.bucketMs, 0, series.start,
                           series.start + series.bucketMs * series.buckets - 1);
        QCOMPARE(same.buckets, series.buckets);
    }

    void ordinarySpanIsUnchanged()
    {
        const Fixture f({u"a"_s, u"a"_s}, "identity\n", {"2026-11-01T10:00:00Z", "2026-11-02T09:00:00Z"});
        const auto l = load(f);
        const auto events = eventsOfFindings(*l->session->store(), *l->session->result());
        const ActivitySeries series = activitySeries(*l->session->store(), events, ActivitySplit::Total);
        QCOMPARE(series.bucketMs, kHourMs);
        QCOMPARE(series.buckets, 24);
        QCOMPARE(bucketUnit(series.bucketMs), u"hour"_s);
        QCOMPARE(bucketUnit(6 * kHourMs), u"6 hours"_s);
    }
};

QTEST_GUILESS_MAIN(TestHostileText)
#include "tst_hostiletext.moc"
