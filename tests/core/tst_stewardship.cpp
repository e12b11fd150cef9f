// SPDX-License-Identifier: GPL-3.0-or-later

// List stewardship: expiry, list health flags, the baseline as a diff, suppression rules.
// One small, hand-made data set (tests/support: the stewardship fixture); every expectation below
// is worked out from it by hand.

#include "core/analysissession.h"
#include "core/detection/stewardship.h"
#include "core/detection/suppressions.h"
#include "core/lists/approvalservice.h"
#include "tests/support/testsupport.h"

#include <QFile>
#include <QTemporaryDir>
#include <QTest>

using namespace tw;

namespace {

struct Fixture
{
    QTemporaryDir dir;
    QString logs, approved, identities;
    Fixture()
    {
        logs = dir.filePath(QStringLiteral("events.jsonl"));
        approved = dir.filePath(QStringLiteral("aws_service_accounts.csv"));
        identities = dir.filePath(QStringLiteral("identities.csv"));
        write(logs, test::stewardshipEvents());
        write(approved, test::stewardshipApproved());
        write(identities, test::stewardshipIdentities());
    }
    static void write(const QString& path, const QByteArray& bytes)
    {
        QFile f(path);
        if (f.open(QIODevice::WriteOnly))
            f.write(bytes);
    }
};

const QDateTime kNow(QDate(2026, 3, 2), QTime(12, 0), Qt::UTC);

QStringList users(const EventStore& store, const DetectionResult& r)
{
    QStringList out;
    for (const auto& f : r.findings)
        out << store.qstr(f.user);
    return out;
}

} // namespace

class TestStewardship : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void expiredApprovalComesBack()
    {
        Fixture fx;
        AnalysisSession s;
        s.setNow(kNow);
        QVERIFY(s.setApprovedList(fx.approved));
        QVERIFY(s.setIdentityList(fx.identities));
        s.load({fx.logs});
        s.waitForLoad();
        const auto r = s.result();
        // svc-* covers svc-deploy and svc-old; alice is on the identity list; expired-svc's approval
        // ended 2026-02-01, so it is a finding again, marked as such.
        QCOMPARE(users(*s.store(), *r),
                 QStringList({QStringLiteral("backup-agent"), QStringLiteral("carol"),
                              QStringLiteral("ci-runner-1"), QStringLiteral("deploy_bot"),
                              QStringLiteral("expired-svc")}));
        QCOMPARE(r->expiredApproval.size(), r->findings.size());
        QCOMPARE(r->expiredApproval.back(), QStringLiteral("expired-svc"));
        QVERIFY(r->expiredApproval.front().isEmpty());

        // Before its expiry date the same entry still excludes.
        s.setNow(QDateTime(QDate(2026, 1, 31), QTime(23, 0), Qt::UTC));
        s.rerun();
        QVERIFY(!users(*s.store(), *s.result()).contains(QStringLiteral("expired-svc")));
    }

    void healthFlags()
    {
        Fixture fx;
        AnalysisSession s;
        s.setApprovedList(fx.approved);
        s.setIdentityList(fx.identities);
        s.load({fx.logs});
        s.waitForLoad();
        const std::vector<IdentityEntry> entries(s.approvedList().entries.begin(),
                                                 s.approvedList().entries.end());
        HealthOptions options;
        options.now = kNow;
        const auto health = assessApprovedList(*s.store(), *s.activity(), entries,
                                               IdentityMatcher(s.identityList().identities), options);
        QCOMPARE(health.size(), std::size_t(8));
        auto at = [&](int i) -> const EntryHealth& { return health[static_cast<std::size_t>(i)]; };

        QCOMPARE(at(0).entry.identity, QStringLiteral("svc-deploy"));
        QCOMPARE(at(0).matchedEvents, std::uint64_t(2));
        QCOMPARE(formatSplunkTime(at(0).lastSeen), QStringLiteral("2026-03-01T10:00:00"));
        QVERIFY(at(0).duplicate && !at(0).stale && !at(0).neverMatched && !at(0).wildcard);

        QVERIFY(at(1).stale); // svc-old: last seen 2025-09-01, more than 90 days before 2026-03-01
        QVERIFY(!at(1).neverMatched);

        QVERIFY(at(2).wildcard); // svc-*
        QCOMPARE(at(2).matchedUsers, QStringList({QStringLiteral("svc-deploy"), QStringLiteral("svc-old")}));
        QCOMPARE(at(2).matchedEvents, std::uint64_t(3));

        QVERIFY(at(3).neverMatched); // deploy-bot: separators differ from the real deploy_bot
        QCOMPARE(at(3).nearMissOf, QStringLiteral("deploy_bot"));
        QCOMPARE(at(4).nearMissOf, QStringLiteral("backup-agent")); // edit distance 2
        QVERIFY(at(5).duplicate);                                   // SVC-DEPLOY
        QVERIFY(at(6).expired && !at(6).neverMatched);              // expired-svc
        QVERIFY(at(7).neverMatched && at(7).nearMissOf.isEmpty());  // ghost
        QVERIFY(!at(7).expired && !at(7).duplicate && !at(7).stale);

        // Stale is relative: with 365 days nothing is stale.
        options.staleDays = 365;
        QVERIFY(!assessApprovedList(*s.store(), *s.activity(), entries, IdentityMatcher(), options)[1].stale);
    }

    void nearMiss_data()
    {
        QTest::addColumn<QString>("entry");
        QTest::addColumn<QString>("observed");
        QTest::addColumn<bool>("near");
        QTest::newRow("case") << "Svc-Build"
                              << "svc-build" << true;
        QTest::newRow("separator") << "svc.build"
                                   << "svc_build" << true;
        QTest::newRow("white space") << " svc-build "
                                     << "svc-build" << true;
        QTest::newRow("one edit") << "svc-bild"
                                  << "svc-build" << true;
        QTest::newRow("two edits") << "svc-biuld"
                                   << "svc-build" << true;
        QTest::newRow("three edits") << "svc-xyzld"
                                     << "svc-build" << false;
        QTest::newRow("same") << "svc-build"
                              << "svc-build" << false;
        QTest::newRow("different") << "payments"
                                   << "svc-build" << false;
    }
    void nearMiss()
    {
        QFETCH(QString, entry);
        QFETCH(QString, observed);
        QFETCH(bool, near);
        QCOMPARE(isNearMiss(entry, observed), near);
    }

    void baselineDiff()
    {
        Fixture fx;
        AnalysisSession s;
        s.setApprovedList(fx.approved);
        s.setIdentityList(fx.identities);
        s.load({fx.logs});
        s.waitForLoad();
        const auto [from, to] = baselineWindow(*s.store(), 30);
        QCOMPARE(formatSplunkTime(from),
                 QStringLiteral("2026-01-30T00:00:00")); // -30d@d from 2026-03-01T10:00
        const std::vector<IdentityEntry> entries(s.approvedList().entries.begin(),
                                                 s.approvedList().entries.end());
        const BaselineDiff diff = computeBaseline(*s.store(), RuleSet::Ta7, from, to, entries,
                                                  IdentityMatcher(s.identityList().identities));
        // In the window: svc-deploy, ci-runner-1, deploy_bot, backup-agent, expired-svc, carol
        // (alice is on the identity list, svc-old is too old).
        QCOMPARE(diff.add, QStringList({QStringLiteral("backup-agent"), QStringLiteral("carol"),
                                        QStringLiteral("ci-runner-1"), QStringLiteral("deploy_bot")}));
        QCOMPARE(diff.keep, QStringList({QStringLiteral("svc-deploy"), QStringLiteral("expired-svc")}));
        QCOMPARE(diff.drop, QStringList({QStringLiteral("svc-old"), QStringLiteral("svc-*"),
                                         QStringLiteral("deploy-bot"), QStringLiteral("backup-agnet"),
                                         QStringLiteral("ghost")}));
        QCOMPARE(parseSince(QStringLiteral("7d"), to - 1).value_or(0), from + 23 * 86400000LL);
        QVERIFY(!parseSince(QStringLiteral("soon"), to).has_value());
    }

    void suppressionRules()
    {
        Fixture fx;
        const QString rules = suppressionsPathFor(fx.approved);
        QCOMPARE(rules, fx.dir.filePath(QStringLiteral("aws_service_accounts.suppressions.json")));
        std::vector<SuppressionRule> set(2);
        set[0].id = QStringLiteral("ci");
        set[0].user = QStringLiteral("CI-*");
        set[1].id = QStringLiteral("read-only");
        set[1].allReadOnly = true;
        QVERIFY(writeSuppressions(rules, set).isEmpty());

        AnalysisSession s;
        s.setNow(kNow);
        s.setApprovedList(fx.approved);
        s.setIdentityList(fx.identities);
        QVERIFY(s.setSuppressionsPath(rules));
        s.load({fx.logs});
        s.waitForLoad();
        const auto r = s.result();
        // ci-runner-1 goes by the first rule (it is read-only too, but a finding counts once);
        // carol is read-only only.
        QCOMPARE(users(*s.store(), *r),
                 QStringList({QStringLiteral("backup-agent"), QStringLiteral("deploy_bot"),
                              QStringLiteral("expired-svc")}));
        QCOMPARE(r->suppressed, std::uint64_t(2));
        QCOMPARE(r->suppressedByRule, std::vector<std::uint64_t>({1, 1}));
        QCOMPARE(r->expiredApproval.size(), r->findings.size());

        Fixture::write(rules, "{\"rules\": 3}");
        QVERIFY(!s.setSuppressionsPath(rules));
        QCOMPARE(s.result()->suppressed, std::uint64_t(0));
    }

    void revokeThenRerun()
    {
        Fixture fx;
        AnalysisSession s;
        s.setNow(kNow);
        s.setApprovedList(fx.approved);
        s.load({fx.logs});
        s.waitForLoad();
        QVERIFY(!users(*s.store(), *s.result()).contains(QStringLiteral("svc-old")));
        const ApprovalService service(fx.approved);
        QVERIFY(service
                    .revoke({QStringLiteral("svc-old"), QStringLiteral("svc-*")}, QStringLiteral("cleanup"),
                            QStringLiteral("erin"), kNow)
                    .ok);
        s.rerun();
        QVERIFY(users(*s.store(), *s.result()).contains(QStringLiteral("svc-old")));
        QVERIFY(!users(*s.store(), *s.result()).contains(QStringLiteral("svc-deploy")));
    }
};

QTEST_GUILESS_MAIN(TestStewardship)
#include "tst_stewardship.moc"
