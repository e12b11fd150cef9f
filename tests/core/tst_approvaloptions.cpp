// SPDX-License-Identifier: GPL-3.0-or-later

// An approval's expiry and the analyst's wildcard entry (core/lists/approvaloptions.h): written in the
// approval's one write with one audit line, undone by one restore; a past expiry and a wildcard that is
// too broad or covers root, a person or an admin are refused with nothing written; `approve --expires`.

#include "core/lists/approvaloptions.h"
#include "core/lists/approvalservice.h"
#include "core/lists/identitylists.h"
#include "tests/support/testsupport.h"

#include <QDir>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTemporaryDir>
#include <QTest>

#include <memory>

using namespace Qt::StringLiterals;
using tw::ApprovalOptions;
using tw::ApprovalResult;
using tw::ApprovalService;
using tw::ObservedUser;

namespace {

const QDateTime kWhen(QDate(2026, 11, 28), QTime(6, 11, 47), Qt::UTC);

QList<QByteArray> auditLines(const QString& csv)
{
    const QByteArray log = tw::test::readFile(ApprovalService::auditPathFor(csv));
    return log.isEmpty() ? QList<QByteArray>() : log.trimmed().split('\n');
}

QJsonObject lastAudit(const QString& csv)
{
    const QList<QByteArray> lines = auditLines(csv);
    return lines.isEmpty() ? QJsonObject() : QJsonDocument::fromJson(lines.last()).object();
}

// The loaded data of a CDK account: three bootstrap roles, a look-alike person, root, an admin role.
std::vector<ObservedUser> cdkAccount()
{
    return {
        {u"app-user"_s, u"unknown"_s, {}},
        {u"cdk-hnb659fds-cfn-exec-role-111122223333-eu-west-1"_s, u"service role"_s, {}},
        {u"cdk-hnb659fds-cfn-exec-role-111122223333-us-east-1"_s, u"service role"_s, {}},
        {u"cdk-hnb659fds-cfn-exec-role-444455556666-us-east-1"_s, u"service role"_s, {}},
        {u"cdk-hnb659fds-deploy-role-111122223333-us-east-1"_s, u"service role"_s, {}},
        {u"deploy-bot-eu"_s, u"service role"_s, {}},
        {u"deploy-bot-helen"_s, u"person"_s, u"person: 3 console logins"_s},
        {u"deploy-bot-us"_s, u"service role"_s, {}},
        {u"root"_s, u"root"_s, u"root: userIdentity.type Root"_s},
        {u"svc-admin-01"_s, u"service role"_s, u"administrator access: name contains admin"_s},
        {u"svc-admin-02"_s, u"service role"_s, {}},
    };
}

QStringList namesOf(const std::vector<ObservedUser>& users)
{
    QStringList out;
    for (const ObservedUser& u : users)
        out << u.name;
    return out;
}

} // namespace

class TestApprovalOptions : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void init()
    {
        m_dir = std::make_unique<QTemporaryDir>();
        QVERIFY(m_dir->isValid());
        m_csv = m_dir->filePath(u"aws_service_accounts.csv"_s);
    }

    // The expiry is in the rows the approval appends, in the one write (the bytes), on the one audit
    // line; one restore() puts the file back as it was.
    void expiryIsWrittenWithTheApproval()
    {
        const QByteArray original =
            "identity,approved_by,approved_at,reason\nsvc-old,ann,2026-01-01T00:00:00Z,old\n";
        QVERIFY(tw::test::writeFile(m_csv, original));
        const ApprovalService service(m_csv);
        const ApprovalResult r = service.approve({u"svc-a"_s, u"svc-b"_s}, u"CI, SEC-7"_s, u"erin"_s, kWhen,
                                                 {u"2027-02-26"_s, {}, {}});
        QVERIFY2(r.ok, qPrintable(r.message));
        const QByteArray expected = "identity,approved_by,approved_at,reason,expires\n"
                                    "svc-old,ann,2026-01-01T00:00:00Z,old\n" // untouched: its bytes kept
                                    "svc-a,erin,2026-11-28T06:11:47Z,\"CI, SEC-7\",2027-02-26\n"
                                    "svc-b,erin,2026-11-28T06:11:47Z,\"CI, SEC-7\",2027-02-26\n";
        QCOMPARE(tw::test::readFile(m_csv), expected);
        QCOMPARE(r.before, original);
        QCOMPARE(r.after, expected);
        QVERIFY2(r.message.contains(u"until 2027-02-26"_s), qPrintable(r.message));

        // The list reads it back as an expiry of both rows.
        const tw::LookupLoad load = tw::loadApprovedAccounts(m_csv);
        QVERIFY2(load.ok(), qPrintable(load.error));
        QCOMPARE(load.entries.size(), 3);
        QCOMPARE(load.entries[1].expiresAt, QDateTime(QDate(2027, 2, 27), QTime(0, 0), Qt::UTC));
        QCOMPARE(load.entries[2].expires, u"2027-02-26"_s);

        const QList<QByteArray> lines = auditLines(m_csv);
        QCOMPARE(lines.size(), 1);
        QCOMPARE(lines[0],
                 QByteArray(
                     R"({"action":"approve","at":"2026-11-28T06:11:47Z","by":"erin","expires":"2027-02-26",)"
                     R"("identities":["svc-a","svc-b"],"reason":"CI, SEC-7"})"));

        // An existing `expires` column is filled, not added twice.
        const ApprovalResult again =
            service.approve({u"svc-c"_s}, u"why"_s, u"erin"_s, kWhen, {u"2026-12-31"_s, {}, {}});
        QVERIFY2(again.ok, qPrintable(again.message));
        QVERIFY(tw::test::readFile(m_csv).endsWith("svc-c,erin,2026-11-28T06:11:47Z,why,2026-12-31\n"));

        // Undo: the bytes of before, exactly.
        QVERIFY(service.restore(again.before, again.after).ok);
        QVERIFY(service.restore(r.before, r.after).ok);
        QCOMPARE(tw::test::readFile(m_csv), original);
    }

    // A date in the past (or not a date) refuses the whole approval: nothing written, no audit line.
    void pastExpiryIsRefused_data()
    {
        QTest::addColumn<QString>("expires");
        QTest::addColumn<QString>("why");
        QTest::newRow("yesterday") << u"2026-11-27"_s << u"in the past"_s;
        QTest::newRow("last year") << u"2025-11-28"_s << u"in the past"_s;
        QTest::newRow("a time gone") << u"2026-11-28T06:00:00Z"_s << u"in the past"_s;
        QTest::newRow("not a date") << u"soon"_s << u"not a date"_s;
        QTest::newRow("no such day") << u"2027-02-30"_s << u"not a date"_s;
    }
    void pastExpiryIsRefused()
    {
        QFETCH(QString, expires);
        QFETCH(QString, why);
        const QByteArray original = "identity\nsvc-old\n";
        QVERIFY(tw::test::writeFile(m_csv, original));
        const ApprovalResult r =
            ApprovalService(m_csv).approve({u"svc-a"_s}, u"why"_s, u"erin"_s, kWhen, {expires, {}, {}});
        QVERIFY(!r.ok);
        QVERIFY2(r.message.contains(why) && r.message.contains(m_csv), qPrintable(r.message));
        QCOMPARE(r.refused, QStringList(u"svc-a"_s));
        QCOMPARE(tw::test::readFile(m_csv), original);
        QVERIFY(auditLines(m_csv).isEmpty());
    }

    // A date holds through that day: today is still an expiry to write.
    void todayIsAccepted()
    {
        QVERIFY(tw::expiryProblem(u"2026-11-28"_s, kWhen).isEmpty());
        QVERIFY(tw::expiryProblem(QString(), kWhen).isEmpty());
        QVERIFY(!tw::expiryProblem(u"2026-11-27"_s, kWhen).isEmpty());
    }

    void expiryFromText()
    {
        QString error;
        QCOMPARE(tw::expiryFromText(u"30d"_s, kWhen, &error), u"2026-12-28"_s);
        QCOMPARE(tw::expiryFromText(u"90d"_s, kWhen, &error), u"2027-02-26"_s);
        QCOMPARE(tw::expiryFromText(u"2027-05-01"_s, kWhen, &error), u"2027-05-01"_s);
        QVERIFY(error.isEmpty());
        for (const QString& bad : {u"0d"_s, u"30"_s, u"30 days"_s, u"2027-5-1"_s, u"-5d"_s, u"99999d"_s}) {
            error.clear();
            QVERIFY2(tw::expiryFromText(bad, kWhen, &error).isEmpty(), qPrintable(bad));
            QVERIFY2(error.contains(bad), qPrintable(error));
        }
    }

    // The offer: the longest shared prefix of the most selected names, at a word boundary.
    void proposePattern()
    {
        const QStringList cdk{u"cdk-hnb659fds-cfn-exec-role-111122223333-us-east-1"_s,
                              u"cdk-hnb659fds-cfn-exec-role-111122223333-eu-west-1"_s,
                              u"cdk-hnb659fds-cfn-exec-role-444455556666-us-east-1"_s};
        QCOMPARE(tw::proposePattern(cdk), u"cdk-hnb659fds-cfn-exec-role-*"_s);
        // The two that share more win only when they are the most: here all three share the role.
        QCOMPARE(tw::proposePattern(cdk.mid(0, 2)), u"cdk-hnb659fds-cfn-exec-role-111122223333-*"_s);
        // An unrelated name does not spoil the offer for the others.
        QCOMPARE(tw::proposePattern(cdk + QStringList{u"app-user"_s}), u"cdk-hnb659fds-cfn-exec-role-*"_s);
        // Cut back to a boundary only when that leaves enough.
        QCOMPARE(tw::proposePattern({u"etl-loader01"_s, u"etl-loader02"_s}), u"etl-loader0*"_s);
        QCOMPARE(tw::proposePattern({u"etl-batch-loader-7a"_s, u"etl-batch-loader-7b"_s}),
                 u"etl-batch-loader-*"_s);
        // Nothing to offer: one name, a short shared prefix, a name with '*'.
        QVERIFY(tw::proposePattern({cdk[0]}).isEmpty());
        QVERIFY(tw::proposePattern({u"svc-a"_s, u"svc-b"_s}).isEmpty());
        QVERIFY(tw::proposePattern({u"deploy-bot*"_s, u"deploy-bot-us"_s}).isEmpty());
    }

    // What the check says a wildcard covers is exactly what the detection's matcher excludes.
    void patternCoversExactlyTheListedUsers()
    {
        const std::vector<ObservedUser> observed = cdkAccount();
        const QString pattern = u"cdk-hnb659fds-cfn-exec-role-*"_s;
        const tw::PatternCheck check = tw::checkPattern(pattern, observed);
        QVERIFY2(check.ok(), qPrintable(check.refusal));
        const QStringList covered = namesOf(check.covered);
        QCOMPARE(covered, (QStringList{u"cdk-hnb659fds-cfn-exec-role-111122223333-eu-west-1"_s,
                                       u"cdk-hnb659fds-cfn-exec-role-111122223333-us-east-1"_s,
                                       u"cdk-hnb659fds-cfn-exec-role-444455556666-us-east-1"_s}));
        const tw::IdentityMatcher matcher({pattern});
        for (const ObservedUser& user : observed)
            QCOMPARE(matcher.matches(user.name), covered.contains(user.name));

        // Written in one write with a literal name, the audit line naming the pattern and its users.
        QVERIFY(tw::test::writeFile(m_csv, "identity\n"));
        const ApprovalResult r = ApprovalService(m_csv).approve(
            {u"app-user"_s}, u"CDK bootstrap"_s, u"erin"_s, kWhen, {u"2027-01-31"_s, pattern, observed});
        QVERIFY2(r.ok, qPrintable(r.message));
        QCOMPARE(r.added, (QStringList{u"app-user"_s, pattern}));
        QCOMPARE(
            tw::test::readFile(m_csv),
            QByteArray("identity,approved_by,approved_at,reason,expires\n"
                       "app-user,erin,2026-11-28T06:11:47Z,CDK bootstrap,2027-01-31\n"
                       "cdk-hnb659fds-cfn-exec-role-*,erin,2026-11-28T06:11:47Z,CDK bootstrap,2027-01-31\n"));
        QCOMPARE(auditLines(m_csv).size(), 1);
        const QJsonObject audit = lastAudit(m_csv);
        QCOMPARE(audit[u"pattern"].toString(), pattern);
        QCOMPARE(audit[u"patternCovers"].toArray().toVariantList(), QVariant(covered).toList());
        QCOMPARE(audit[u"expires"].toString(), u"2027-01-31"_s);
        QVERIFY2(r.message.contains(u"covers 3 users now"_s), qPrintable(r.message));

        // Approving it again: already there.
        const ApprovalResult again =
            ApprovalService(m_csv).approve({}, u"again"_s, u"erin"_s, kWhen, {{}, pattern, observed});
        QVERIFY(!again.ok);
        QVERIFY2(again.message.contains(u"already approved"_s), qPrintable(again.message));
    }

    // Too broad, too few, malformed, or covering someone who needs a second look: refused, with the
    // users named, and nothing written.
    void patternRefused_data()
    {
        QTest::addColumn<QString>("pattern");
        QTest::addColumn<QStringList>("named");
        QTest::newRow("short prefix") << u"cdk-*"_s << QStringList{u"at least 8 characters"_s};
        QTest::newRow("only a star") << u"*"_s << QStringList{u"at least 8 characters"_s};
        QTest::newRow("spaces") << u"        *"_s << QStringList{u"at least 8 characters"_s};
        QTest::newRow("star inside") << u"cdk-hnb659fds-*-role-*"_s << QStringList{u"exactly one '*'"_s};
        QTest::newRow("no star") << u"cdk-hnb659fds-cfn-exec-role-"_s << QStringList{u"exactly one '*'"_s};
        QTest::newRow("a person") << u"deploy-bot-*"_s
                                  << QStringList{u"deploy-bot-helen (person: 3 console logins)"_s};
        QTest::newRow("an admin") << u"svc-admin-*"_s
                                  << QStringList{
                                         u"svc-admin-01 (administrator access: name contains admin)"_s};
        QTest::newRow("one user") << u"cdk-hnb659fds-deploy-role-*"_s << QStringList{u"covers 1 of"_s};
        QTest::newRow("nobody") << u"nobody-matches-*"_s << QStringList{u"covers 0 of"_s};
        QTest::newRow("invisible") << u"cdk-hnb659fds\u200B-*"_s << QStringList{u"invisible"_s};
    }
    void patternRefused()
    {
        QFETCH(QString, pattern);
        QFETCH(QStringList, named);
        const QByteArray original = "identity\nsvc-old\n";
        QVERIFY(tw::test::writeFile(m_csv, original));
        const ApprovalResult r = ApprovalService(m_csv).approve({u"app-user"_s}, u"why"_s, u"erin"_s, kWhen,
                                                                {{}, pattern, cdkAccount()});
        QVERIFY(!r.ok);
        QVERIFY(!r.failed);
        for (const QString& text : named)
            QVERIFY2(r.message.contains(text), qPrintable(r.message));
        QVERIFY(r.refused.contains(pattern) && r.refused.contains(u"app-user"_s));
        QCOMPARE(tw::test::readFile(m_csv), original);
        QVERIFY(auditLines(m_csv).isEmpty());
    }

    // A pattern that matches every user of the data turns the detection off for it: refused, however
    // long its prefix, and root in the data is named.
    void patternMatchingEveryoneIsRefused()
    {
        const std::vector<ObservedUser> fleet{{u"fleet-node-0001"_s, u"service role"_s, {}},
                                              {u"fleet-node-0002"_s, u"service role"_s, {}},
                                              {u"fleet-node-0003"_s, u"service role"_s, {}}};
        const tw::PatternCheck all = tw::checkPattern(u"fleet-node-*"_s, fleet);
        QVERIFY(!all.ok());
        QVERIFY2(all.refusal.contains(u"every user"_s), qPrintable(all.refusal));
        const tw::PatternCheck withRoot =
            tw::checkPattern(u"cdk-hnb659fds-*"_s, {{u"cdk-hnb659fds-root"_s, u"root"_s, u"root: named"_s},
                                                    {u"cdk-hnb659fds-a"_s, u"service role"_s, {}},
                                                    {u"other-user"_s, u"unknown"_s, {}}});
        QVERIFY(!withRoot.ok());
        QVERIFY2(withRoot.refusal.contains(u"cdk-hnb659fds-root (root: named)"_s),
                 qPrintable(withRoot.refusal));
    }

    // The literal path still refuses '*' in a name: only options.pattern writes one, after its check.
    void literalNamesWithStarStillRefused()
    {
        const QByteArray original = "identity\nsvc-old\n";
        QVERIFY(tw::test::writeFile(m_csv, original));
        const ApprovalService service(m_csv);
        // The same text that is an acceptable pattern is refused as a name.
        const ApprovalResult r = service.approve({u"cdk-hnb659fds-cfn-exec-role-*"_s}, u"why"_s, u"erin"_s,
                                                 kWhen, {u"2027-01-01"_s, {}, cdkAccount()});
        QVERIFY(!r.ok);
        QVERIFY2(r.message.contains(u"wildcard"_s), qPrintable(r.message));
        QCOMPARE(tw::test::readFile(m_csv), original);
        QVERIFY(!tw::isLiteralApprovable(u"svc*"));
        // And a name with '*' beside an accepted pattern is still refused, the rest written.
        const ApprovalResult mixed = service.approve({u"svc*"_s}, u"why"_s, u"erin"_s, kWhen,
                                                     {{}, u"cdk-hnb659fds-cfn-exec-role-*"_s, cdkAccount()});
        QVERIFY2(mixed.ok, qPrintable(mixed.message));
        QCOMPARE(mixed.added, QStringList(u"cdk-hnb659fds-cfn-exec-role-*"_s));
        QVERIFY(mixed.refused.contains(u"svc*"_s));
        QVERIFY(!tw::test::readFile(m_csv).contains("svc*"));
    }

    // trailwarden-cli approve --expires: the same call, the same refusals, exit status 2 for bad ones.
    void cliExpires()
    {
        QVERIFY(tw::test::writeFile(m_csv, "identity\n"));
        const QDate today = QDateTime::currentDateTimeUtc().date();
        auto run = [this](const QString& when) {
            return tw::test::runCli({u"approve"_s, u"--approved"_s, m_csv, u"--reason"_s, u"nightly"_s,
                                     u"--by"_s, u"erin"_s, u"--expires"_s, when, u"svc-a"_s});
        };
        for (const QString& bad : {today.addDays(-1).toString(Qt::ISODate), u"soon"_s, u"0d"_s}) {
            const tw::test::CliRun r = run(bad);
            QCOMPARE(r.status, 2);
            QVERIFY2(r.err.contains(bad.toUtf8()) || r.err.contains("past"), r.err.constData());
            QCOMPARE(tw::test::readFile(m_csv), QByteArray("identity\n"));
        }
        const tw::test::CliRun ok = run(u"30d"_s);
        QVERIFY2(ok.status == 0, ok.err.constData());
        const QByteArray written = tw::test::readFile(m_csv);
        const QByteArray ending = ",nightly," + today.addDays(30).toString(Qt::ISODate).toUtf8() + '\n';
        QVERIFY2(written.startsWith("identity,approved_by,approved_at,reason,expires\nsvc-a,erin,"),
                 written.constData());
        QVERIFY2(written.endsWith(ending), written.constData());
        QCOMPARE(lastAudit(m_csv)[u"expires"].toString(), today.addDays(30).toString(Qt::ISODate));
        QCOMPARE(auditLines(m_csv).size(), 1);
    }

private:
    std::unique_ptr<QTemporaryDir> m_dir;
    QString m_csv;
};

QTEST_GUILESS_MAIN(TestApprovalOptions)
#include "tst_approvaloptions.moc"
