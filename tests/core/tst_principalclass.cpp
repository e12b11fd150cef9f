// SPDX-License-Identifier: GPL-3.0-or-later
// Principal classes (docs/detection.md, Principal classes): one table row per rule, each with the smallest
// records that trigger it, plus the real-corpus fixtures whose principals are known.

#include "core/analysissession.h"
#include "core/detection/principalclass.h"
#include "core/lists/identitylists.h"

#include <QFile>
#include <QTemporaryDir>
#include <QTest>

using namespace tw;
using namespace Qt::StringLiterals;

Q_DECLARE_METATYPE(tw::PrincipalClass)

namespace {

const QString kData = QStringLiteral(TRAILWARDEN_TEST_DATA);

// One record: `identity` is the userIdentity object, `extra` more top-level fields (with a leading comma).
QByteArray record(const QByteArray& identity, const QByteArray& name = "ListBuckets",
                  const QByteArray& extra = {})
{
    static int n = 0;
    return R"({"eventVersion":"1.08","userIdentity":)" + identity +
           R"(,"eventTime":"2026-02-01T10:00:00Z","eventSource":"s3.amazonaws.com","eventName":")" + name +
           R"(","awsRegion":"us-east-1","sourceIPAddress":"203.0.113.7","eventID":"p-)" +
           QByteArray::number(++n) + "\"" + extra + "}\n";
}

QByteArray iamUser(const QByteArray& user, const QByteArray& more = {})
{
    return R"({"type":"IAMUser","userName":")" + user + R"(","arn":"arn:aws:iam::111122223333:user/)" + user +
           "\"" + more + "}";
}

QByteArray role(const QByteArray& roleName, const QByteArray& session, const QByteArray& context = {})
{
    return R"({"type":"AssumedRole","arn":"arn:aws:sts::111122223333:assumed-role/)" + roleName + "/" +
           session + R"(","sessionContext":{"sessionIssuer":{"type":"Role","userName":")" + roleName + "\"}" +
           context + "}}";
}

struct Loaded
{
    QTemporaryDir dir;
    AnalysisSession session;
};

std::unique_ptr<Loaded> load(const QByteArray& records, RuleSet rules = RuleSet::Ta7)
{
    auto l = std::make_unique<Loaded>();
    const QString path = l->dir.filePath(u"events.jsonl"_s);
    QFile f(path);
    if (!f.open(QIODevice::WriteOnly) || f.write(records) != records.size())
        return nullptr;
    f.close();
    l->session.setRules(rules);
    l->session.load({path});
    l->session.waitForLoad();
    return l->session.activity() ? std::move(l) : nullptr;
}

} // namespace

class TestPrincipalClass : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void rules_data()
    {
        QTest::addColumn<QByteArray>("records");
        QTest::addColumn<QString>("user");
        QTest::addColumn<PrincipalClass>("expected");
        QTest::addColumn<QString>("evidence"); // a part of the evidence text
        QTest::addColumn<bool>("adminLike");

        const QByteArray rootId =
            R"({"type":"Root","arn":"arn:aws:iam::111122223333:root","accountId":"111122223333"})";
        QTest::newRow("root by userIdentity.type")
            << record(rootId) << u"root"_s << PrincipalClass::Root << u"userIdentity.type Root"_s << false;
        QTest::newRow("root by console login too")
            << record(rootId, "ConsoleLogin", R"(,"additionalEventData":{"MFAUsed":"Yes"})") << u"root"_s
            << PrincipalClass::Root << u"Root"_s << false;

        QTest::newRow("person: console login")
            << record(iamUser("helen"), "ConsoleLogin", R"(,"responseElements":{"ConsoleLogin":"Success"})") +
                   record(iamUser("helen")) + record(iamUser("helen"), "ConsoleLogin")
            << u"helen"_s << PrincipalClass::Person << u"2 console logins"_s << false;
        QTest::newRow("person: MFAUsed")
            << record(iamUser("ivan"), "GetSessionToken", R"(,"additionalEventData":{"MFAUsed":"Yes"})")
            << u"ivan"_s << PrincipalClass::Person << u"1 call with MFA"_s << false;
        QTest::newRow("person: mfaAuthenticated session")
            << record(iamUser("joe", R"(,"sessionContext":{"attributes":{"mfaAuthenticated":"true"}})"))
            << u"joe"_s << PrincipalClass::Person << u"1 call with MFA"_s << false;
        QTest::newRow("not a person: mfaAuthenticated false")
            << record(iamUser("kim", R"(,"sessionContext":{"attributes":{"mfaAuthenticated":"false"}})"))
            << u"kim"_s << PrincipalClass::Unknown << u"IAMUser"_s << false;
        QTest::newRow("person: SSO permission set, even when a service assumed it")
            << record(role("AWSReservedSSO_AdministratorAccess_c511", "helen@example.com")) +
                   record(
                       R"({"type":"AWSService","invokedBy":"ec2.amazonaws.com"})", "AssumeRole",
                       R"(,"requestParameters":{"roleArn":"arn:aws:iam::111122223333:role/aws-reserved/sso.amazonaws.com/AWSReservedSSO_AdministratorAccess_c511"})")
            << u"AWSReservedSSO_AdministratorAccess_c511"_s << PrincipalClass::Person
            << u"IAM Identity Center"_s << true;
        QTest::newRow("person: SAMLUser")
            << record(R"({"type":"SAMLUser","userName":"laura@example.com","identityProvider":"ABCD="})",
                      "AssumeRoleWithSAML")
            << u"laura@example.com"_s << PrincipalClass::Person << u"SAML federation"_s << false;
        QTest::newRow("person: role session from SAML")
            << record(role(
                   "okta-readonly", "laura@example.com",
                   R"(,"samlFederationData":{"samlProvider":"arn:aws:iam::111122223333:saml-provider/okta"})"))
            << u"okta-readonly"_s << PrincipalClass::Person << u"SAML federation"_s << false;
        QTest::newRow("person: web identity through Cognito")
            << record(
                   R"({"type":"WebIdentityUser","userName":"us-east-1:1234","identityProvider":"cognito-identity.amazonaws.com"})",
                   "AssumeRoleWithWebIdentity")
            << u"us-east-1:1234"_s << PrincipalClass::Person << u"cognito-identity.amazonaws.com"_s << false;

        QTest::newRow("service-linked role")
            << record(role("AWSServiceRoleForECS", "ecs-service-scheduler")) << u"AWSServiceRoleForECS"_s
            << PrincipalClass::ServiceLinked << u"AWSServiceRoleFor"_s << false;
        QTest::newRow("an IAM user named like a service-linked role is not one")
            << record(iamUser("AWSServiceRoleForFake")) << u"AWSServiceRoleForFake"_s
            << PrincipalClass::Unknown << u"IAMUser"_s << false;

        QTest::newRow("workload: GitHub OIDC subject")
            << record(
                   R"({"type":"WebIdentityUser","userName":"repo:example-org/api:ref:refs/heads/main","identityProvider":"arn:aws:iam::111122223333:oidc-provider/token.actions.githubusercontent.com"})",
                   "AssumeRoleWithWebIdentity")
            << u"repo:example-org/api:ref:refs/heads/main"_s << PrincipalClass::WorkloadIdentity
            << u"token.actions.githubusercontent.com (GitHub Actions)"_s << false;
        QTest::newRow("workload: role session from GitLab OIDC")
            << record(role(
                   "gitlab-deploy", "GitLabRunner",
                   R"(,"webIdFederationData":{"federatedProvider":"arn:aws:iam::111122223333:oidc-provider/gitlab.com","attributes":{}})"))
            << u"gitlab-deploy"_s << PrincipalClass::WorkloadIdentity << u"GitLab CI"_s << false;

        QTest::newRow("service role: assumed by Lambda")
            << record(
                   R"({"type":"AWSService","invokedBy":"lambda.amazonaws.com"})", "AssumeRole",
                   R"(,"requestParameters":{"roleArn":"arn:aws:iam::111122223333:role/thumbnailer-role","roleSessionName":"thumbnailer"})") +
                   record(role("thumbnailer-role", "thumbnailer"), "PutObject")
            << u"thumbnailer-role"_s << PrincipalClass::ServiceRole << u"assumed by lambda.amazonaws.com"_s
            << false;
        QTest::newRow("service role: instance id as session name")
            << record(role("web-instance-role", "i-0123456789abcdef0")) << u"web-instance-role"_s
            << PrincipalClass::ServiceRole << u"EC2 instance-profile credentials (1 call)"_s << false;
        QTest::newRow("service role: ec2RoleDelivery")
            << record(role("batch-role", "session-1", R"(,"ec2RoleDelivery":"2.0")")) << u"batch-role"_s
            << PrincipalClass::ServiceRole << u"instance-profile"_s << false;
        QTest::newRow("service role: every call through an AWS service")
            << record(role("cfn-exec", "AWSCloudFormation"))
                   .replace("203.0.113.7", "cloudformation.amazonaws.com")
            << u"cfn-exec"_s << PrincipalClass::ServiceRole << u"every call made through an AWS service"_s
            << false;
        QTest::newRow("unknown: only some calls through an AWS service")
            << record(role("mixed-role", "s1")).replace("203.0.113.7", "cloudformation.amazonaws.com") +
                   record(role("mixed-role", "s1"))
            << u"mixed-role"_s << PrincipalClass::Unknown << u"AssumedRole"_s << false;
        QTest::newRow("unknown: an IAM user with access keys")
            << record(iamUser("app-thumbnails-dev")) << u"app-thumbnails-dev"_s << PrincipalClass::Unknown
            << u"IAMUser: no console login"_s << false;
        QTest::newRow("unknown: an IAM user whose calls come through a service")
            << record(iamUser("deployer")).replace("203.0.113.7", "cloudformation.amazonaws.com")
            << u"deployer"_s << PrincipalClass::Unknown << u"IAMUser"_s << false;

        QTest::newRow("admin-like by name")
            << record(role("OrganizationAccountAccessRole", "s1")) << u"OrganizationAccountAccessRole"_s
            << PrincipalClass::Unknown << u"AssumedRole"_s << true;
        QTest::newRow("admin-like by an AdministratorAccess attach")
            << record(
                   iamUser("helen"), "AttachRolePolicy",
                   R"(,"requestParameters":{"roleName":"deploy-role","policyArn":"arn:aws:iam::aws:policy/AdministratorAccess"})") +
                   record(role("deploy-role", "i-0123456789abcdef0"))
            << u"deploy-role"_s << PrincipalClass::ServiceRole << u"instance-profile"_s << true;
        QTest::newRow("a read-only policy attach is not admin")
            << record(
                   iamUser("helen"), "AttachRolePolicy",
                   R"(,"requestParameters":{"roleName":"deploy-role","policyArn":"arn:aws:iam::aws:policy/ReadOnlyAccess"})") +
                   record(role("deploy-role", "i-0123456789abcdef0"))
            << u"deploy-role"_s << PrincipalClass::ServiceRole << u"instance-profile"_s << false;
    }

    void rules()
    {
        QFETCH(QByteArray, records);
        QFETCH(QString, user);
        QFETCH(PrincipalClass, expected);
        QFETCH(QString, evidence);
        QFETCH(bool, adminLike);
        const auto l = load(records);
        QVERIFY(l);
        const UserActivity* a = findActivity(*l->session.store(), *l->session.activity(), user);
        QVERIFY2(a, qPrintable(user));
        QCOMPARE(principalClassName(a->principal.cls), principalClassName(expected));
        QVERIFY2(a->principal.evidence.contains(evidence), qPrintable(a->principal.evidence));
        QCOMPARE(a->principal.adminLike, adminLike);
        QCOMPARE(a->principal.adminEvidence.isEmpty(), !adminLike);
    }

    // Legacy rules give every event without a user name to "root": root, whatever made it.
    void legacyRootIsRoot()
    {
        const auto l =
            load(record(R"({"type":"AWSService","invokedBy":"lambda.amazonaws.com"})", "AssumeRole",
                        R"(,"requestParameters":{"roleArn":"arn:aws:iam::111122223333:role/fn"})"),
                 RuleSet::Legacy);
        QVERIFY(l);
        const UserActivity* a = findActivity(*l->session.store(), *l->session.activity(), u"root"_s);
        QVERIFY(a);
        QCOMPARE(a->principal.cls, PrincipalClass::Root);
        QCOMPARE(a->principal.evidence, u"named root"_s);
    }

    // A user on the identity list is a person, whatever else its events show.
    void identityListMakesAPerson()
    {
        const auto l = load(record(role("svc-role", "i-0123456789abcdef0")));
        QVERIFY(l);
        const UserActivity* a = findActivity(*l->session.store(), *l->session.activity(), u"svc-role"_s);
        QVERIFY(a);
        QCOMPARE(classifyPrincipal(*l->session.store(), *a).cls, PrincipalClass::ServiceRole);
        const IdentityMatcher people(QStringList{u"SVC-ROLE"_s});
        const PrincipalVerdict v = classifyPrincipal(*l->session.store(), *a, &people);
        QCOMPARE(v.cls, PrincipalClass::Person);
        QVERIFY(v.evidence.contains(u"on the identity list"_s));
    }

    void names()
    {
        QCOMPARE(principalClassName(PrincipalClass::Root), u"root"_s);
        QCOMPARE(principalClassName(PrincipalClass::Person), u"person"_s);
        QCOMPARE(principalClassName(PrincipalClass::ServiceRole), u"service role"_s);
        QCOMPARE(principalClassName(PrincipalClass::WorkloadIdentity), u"workload identity"_s);
        QCOMPARE(principalClassName(PrincipalClass::ServiceLinked), u"AWS service-linked"_s);
        QCOMPARE(principalClassName(PrincipalClass::Unknown), u"unknown"_s);
        QVERIFY(isRootName(u"ROOT"_s));
        QVERIFY(!isRootName(u"rooted"_s));
        for (auto c :
             {PrincipalClass::ServiceRole, PrincipalClass::ServiceLinked, PrincipalClass::WorkloadIdentity})
            QVERIFY(isProposableClass(c));
        for (auto c : {PrincipalClass::Root, PrincipalClass::Person, PrincipalClass::Unknown})
            QVERIFY(!isProposableClass(c));
    }

    // Real records (tests/data/corpus, see its README for their sources and licences): the class of
    // each principal, worked out by hand from the records.
    void corpus_data()
    {
        QTest::addColumn<QString>("path");
        QTest::addColumn<QString>("user");
        QTest::addColumn<PrincipalClass>("expected");
        // a federated console sign-in (ConsoleLogin as an AssumedRole)
        QTest::newRow("aws-cli: my-role")
            << u"aws-cli/lookup-events.output.json"_s << u"my-role"_s << PrincipalClass::Person;
        QTest::newRow("cloud-custodian: root") << u"cloud-custodian"_s << u"root"_s << PrincipalClass::Root;
        // an IAM user whose calls carry mfaAuthenticated true
        QTest::newRow("cloud-custodian: robot")
            << u"cloud-custodian"_s << u"robot"_s << PrincipalClass::Person;
        // role sessions named after people, from AWS Internal: not a service
        QTest::newRow("cloud-custodian: c7nbot")
            << u"cloud-custodian"_s << u"c7nbot"_s << PrincipalClass::Unknown;
        QTest::newRow("cloud-custodian: CloudCustodianRole")
            << u"cloud-custodian"_s << u"CloudCustodianRole"_s << PrincipalClass::Unknown;
        QTest::newRow("cloud-custodian: Jerry")
            << u"cloud-custodian"_s << u"Jerry"_s << PrincipalClass::Unknown;
        QTest::newRow("cloudtrail2sightings: account-admin")
            << u"cloudtrail2sightings"_s << u"account-admin"_s << PrincipalClass::Person;
        QTest::newRow("panther-analysis: tester")
            << u"panther-analysis/aws_cloudtrail_rules"_s << u"tester"_s << PrincipalClass::Person;
        QTest::newRow("panther-analysis: CodeBuild-US-East")
            << u"panther-analysis/aws_cloudtrail_rules"_s << u"CodeBuild-US-East"_s
            << PrincipalClass::Unknown;
        QTest::newRow("stratus-red-team: AWSReservedSSO_account-admin_599c9e90e350d2ff")
            << u"stratus-red-team"_s << u"AWSReservedSSO_account-admin_599c9e90e350d2ff"_s
            << PrincipalClass::Person;
        // instance id as role session name
        QTest::newRow("stratus-red-team: stratus-red-team-ec2-steal-credentials-role")
            << u"stratus-red-team"_s << u"stratus-red-team-ec2-steal-credentials-role"_s
            << PrincipalClass::ServiceRole;
        // console-login-without-mfa
        QTest::newRow("stratus-red-team: stratus-red-team-nmfalu-jfzdtsvchl")
            << u"stratus-red-team"_s << u"stratus-red-team-nmfalu-jfzdtsvchl"_s << PrincipalClass::Person;
        QTest::newRow("stratus-red-team: stratus-red-team-user-federation-user")
            << u"stratus-red-team"_s << u"stratus-red-team-user-federation-user"_s << PrincipalClass::Unknown;
        QTest::newRow("stratus-red-team: christophe")
            << u"stratus-red-team"_s << u"christophe"_s << PrincipalClass::Unknown;
        QTest::newRow("trailscraper: root") << u"trailscraper"_s << u"root"_s << PrincipalClass::Root;
        // AssumeRole by config.amazonaws.com
        QTest::newRow("trailscraper: someRole")
            << u"trailscraper"_s << u"someRole"_s << PrincipalClass::ServiceRole;
    }

    void corpus()
    {
        QFETCH(QString, path);
        QFETCH(QString, user);
        QFETCH(PrincipalClass, expected);
        AnalysisSession session;
        session.load({kData + u"/corpus/"_s + path});
        session.waitForLoad();
        QVERIFY(session.activity());
        const UserActivity* a = findActivity(*session.store(), *session.activity(), user);
        QVERIFY2(a, qPrintable(user));
        QCOMPARE(principalClassName(a->principal.cls), principalClassName(expected));
    }
};

QTEST_GUILESS_MAIN(TestPrincipalClass)
#include "tst_principalclass.moc"
