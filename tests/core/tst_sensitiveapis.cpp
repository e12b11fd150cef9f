// SPDX-License-Identifier: GPL-3.0-or-later

#include "core/detection/sensitiveapis.h"

#include <QFile>
#include <QSet>
#include <QTest>

using namespace tw;
using namespace Qt::StringLiterals;

class TestSensitiveApis : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void builtinParsesAndCoversTheIssue();
    void builtinNamesItsSources();
    void everyCategoryIsKnown();
    void malformed_data();
    void malformed();
    void findIsByteWiseAndSourceScoped();
};

// The calls issue 14 names; the catalogue may list more, never fewer.
void TestSensitiveApis::builtinParsesAndCoversTheIssue()
{
    const SensitiveApiCatalogue& c = builtinSensitiveApis();
    QVERIFY2(c.ok(), qPrintable(c.error));
    const struct
    {
        const char* source;
        const char* name;
        SensitiveCategory category;
    } required[] = {
        {"cloudtrail.amazonaws.com", "StopLogging", SensitiveCategory::DefenceEvasion},
        {"cloudtrail.amazonaws.com", "DeleteTrail", SensitiveCategory::DefenceEvasion},
        {"cloudtrail.amazonaws.com", "UpdateTrail", SensitiveCategory::DefenceEvasion},
        {"cloudtrail.amazonaws.com", "PutEventSelectors", SensitiveCategory::DefenceEvasion},
        {"guardduty.amazonaws.com", "DeleteDetector", SensitiveCategory::DefenceEvasion},
        {"securityhub.amazonaws.com", "DisableSecurityHub", SensitiveCategory::DefenceEvasion},
        {"ec2.amazonaws.com", "DeleteFlowLogs", SensitiveCategory::DefenceEvasion},
        {"iam.amazonaws.com", "CreateAccessKey", SensitiveCategory::PersistencePrivilege},
        {"iam.amazonaws.com", "CreateUser", SensitiveCategory::PersistencePrivilege},
        {"iam.amazonaws.com", "CreateLoginProfile", SensitiveCategory::PersistencePrivilege},
        {"iam.amazonaws.com", "UpdateLoginProfile", SensitiveCategory::PersistencePrivilege},
        {"iam.amazonaws.com", "AttachUserPolicy", SensitiveCategory::PersistencePrivilege},
        {"iam.amazonaws.com", "PutUserPolicy", SensitiveCategory::PersistencePrivilege},
        {"iam.amazonaws.com", "AttachRolePolicy", SensitiveCategory::PersistencePrivilege},
        {"iam.amazonaws.com", "CreatePolicyVersion", SensitiveCategory::PersistencePrivilege},
        {"iam.amazonaws.com", "SetDefaultPolicyVersion", SensitiveCategory::PersistencePrivilege},
        {"iam.amazonaws.com", "UpdateAssumeRolePolicy", SensitiveCategory::PersistencePrivilege},
        {"s3.amazonaws.com", "PutBucketPolicy", SensitiveCategory::Exposure},
        {"s3.amazonaws.com", "PutBucketPublicAccessBlock", SensitiveCategory::Exposure},
        {"s3.amazonaws.com", "DeleteBucketPublicAccessBlock", SensitiveCategory::Exposure},
        {"ec2.amazonaws.com", "AuthorizeSecurityGroupIngress", SensitiveCategory::Exposure},
        {"ec2.amazonaws.com", "ModifySnapshotAttribute", SensitiveCategory::Exposure},
        {"ec2.amazonaws.com", "ModifyImageAttribute", SensitiveCategory::Exposure},
        {"secretsmanager.amazonaws.com", "GetSecretValue", SensitiveCategory::CredentialAccess},
        {"ec2.amazonaws.com", "GetPasswordData", SensitiveCategory::CredentialAccess},
        {"ssm.amazonaws.com", "GetParameter", SensitiveCategory::CredentialAccess},
        {"kms.amazonaws.com", "ScheduleKeyDeletion", SensitiveCategory::Destruction},
        {"s3.amazonaws.com", "DeleteBucket", SensitiveCategory::Destruction},
        {"organizations.amazonaws.com", "LeaveOrganization", SensitiveCategory::Organisation},
    };
    for (const auto& r : required) {
        const int row = c.find(r.source, r.name);
        QVERIFY2(row >= 0, r.name);
        QCOMPARE(c.apis[std::size_t(row)].category, r.category);
        QVERIFY(!c.apis[std::size_t(row)].why.isEmpty());
    }
}

void TestSensitiveApis::builtinNamesItsSources()
{
    QFile f(QString::fromLatin1(kBuiltinSensitiveApisPath));
    QVERIFY(f.open(QIODevice::ReadOnly));
    const QByteArray text = f.readAll();
    for (const char* source : {"MITRE ATT&CK", "T1562.008", "AWS documentation", "Splunk", "Sigma"})
        QVERIFY2(text.contains(source), source);
}

void TestSensitiveApis::everyCategoryIsKnown()
{
    QSet<QString> ids;
    for (int i = 0; i < kSensitiveCategoryCount; ++i) {
        const auto cat = static_cast<SensitiveCategory>(i);
        QVERIFY(!sensitiveCategoryName(cat).isEmpty());
        QVERIFY(sensitiveCategoryPoints(cat) > 0);
        ids.insert(sensitiveCategoryId(cat));
        // Each id round-trips through the parser.
        const auto c = parseSensitiveApis("eventSource,eventName,category,why\nx.amazonaws.com,Y," +
                                              sensitiveCategoryId(cat).toUtf8() + ",because\n",
                                          u"t.csv"_s);
        QVERIFY2(c.ok(), qPrintable(c.error));
        QCOMPARE(c.apis.front().category, cat);
    }
    QCOMPARE(ids.size(), kSensitiveCategoryCount);
    // Every category is used by the built-in catalogue.
    QSet<int> used;
    for (const SensitiveApi& a : builtinSensitiveApis().apis)
        used.insert(int(a.category));
    QCOMPARE(used.size(), kSensitiveCategoryCount);
}

void TestSensitiveApis::malformed_data()
{
    QTest::addColumn<QByteArray>("text");
    QTest::addColumn<QString>("error");
    const QByteArray header = "# comment\neventSource,eventName,category,why\n";
    QTest::newRow("empty") << QByteArray() << u"bad.csv:1: no header and no rows"_s;
    QTest::newRow("no header") << QByteArray("a,b,exposure,c\n")
                               << u"bad.csv:1: expected the header eventSource,eventName,category,why"_s;
    QTest::newRow("too few fields") << header + "s3.amazonaws.com,DeleteBucket,destruction\n"
                                    << u"bad.csv:3: expected 4 fields: eventSource,eventName,category,why"_s;
    QTest::newRow("unknown category") << header + "\ns3.amazonaws.com,DeleteBucket,mayhem,why\n"
                                      << u"bad.csv:4: unknown category \"mayhem\""_s;
    QTest::newRow("empty name") << header + "s3.amazonaws.com,,exposure,why\n"
                                << u"bad.csv:3: eventSource, eventName and why must not be empty"_s;
    QTest::newRow("duplicate") << header + "s3.amazonaws.com,A,exposure,x\ns3.amazonaws.com,A,exposure,y\n"
                               << u"bad.csv:4: s3.amazonaws.com A is listed twice (first on line 3)"_s;
}

void TestSensitiveApis::malformed()
{
    QFETCH(QByteArray, text);
    QFETCH(QString, error);
    const SensitiveApiCatalogue c = parseSensitiveApis(text, u"bad.csv"_s);
    QVERIFY(!c.ok());
    QCOMPARE(c.error, error);
    QVERIFY(c.apis.empty());
    const SensitiveApiCatalogue missing = loadSensitiveApis(u"/nonexistent/sensitive.csv"_s);
    QVERIFY(!missing.ok());
    QVERIFY(missing.error.startsWith(u"/nonexistent/sensitive.csv: "));
}

void TestSensitiveApis::findIsByteWiseAndSourceScoped()
{
    const auto c =
        parseSensitiveApis("eventSource,eventName,category,why\r\n"
                           "guardduty.amazonaws.com,DeleteDetector,defence-evasion,a, with comma\r\n",
                           u"t.csv"_s);
    QVERIFY2(c.ok(), qPrintable(c.error));
    QCOMPARE(c.apis.front().why, u"a, with comma"_s);
    QCOMPARE(c.find("guardduty.amazonaws.com", "DeleteDetector"), 0);
    // Fraud Detector has a DeleteDetector too: the same name under another service is not sensitive.
    QCOMPARE(c.find("frauddetector.amazonaws.com", "DeleteDetector"), -1);
    QCOMPARE(c.find("guardduty.amazonaws.com", "deletedetector"), -1);
    QVERIFY(c.hasName("DeleteDetector"));
    QVERIFY(!c.hasName("DeleteDetecto"));
}

QTEST_GUILESS_MAIN(TestSensitiveApis)
#include "tst_sensitiveapis.moc"
