// SPDX-License-Identifier: GPL-3.0-or-later

// Links into the AWS console built from a record (issue 15, "Open in AWS console"): the event in
// CloudTrail Event history, the IAM role or user; hostile values never reach the host, the path or
// a second fragment.

#include "core/common/consolelinks.h"

#include <QJsonDocument>
#include <QTest>

using namespace Qt::StringLiterals;
using namespace tw;

namespace {

QJsonObject object(const char* json)
{
    return QJsonDocument::fromJson(QByteArray(json)).object();
}

} // namespace

class TestConsoleLinks : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void eventInEventHistory()
    {
        const QJsonObject record = object(R"({"eventID":"3f2c9a1e-0b7d-4c55-9e1a-2d8f6b4a7c01",
                                               "awsRegion":"eu-west-1"})");
        QCOMPARE(ConsoleLinks::eventUrl(record).toString(QUrl::FullyEncoded),
                 u"https://eu-west-1.console.aws.amazon.com/cloudtrailv2/home?region=eu-west-1"
                 "#/events/3f2c9a1e-0b7d-4c55-9e1a-2d8f6b4a7c01"_s);
        QCOMPARE(ConsoleLinks::eventUrl(u"abc"_s, u"cn-north-1"_s).host(),
                 u"cn-north-1.console.amazonaws.cn"_s);
        QCOMPARE(ConsoleLinks::eventUrl(u"abc"_s, u"us-gov-west-1"_s).host(),
                 u"us-gov-west-1.console.amazonaws-us-gov.com"_s);
    }

    void hostileValues_data()
    {
        QTest::addColumn<QString>("eventId");
        QTest::addColumn<QString>("region");
        QTest::addColumn<bool>("valid");
        QTest::newRow("region with a host") << u"e"_s << u"evil.example.com/x"_s << false;
        QTest::newRow("region with @") << u"e"_s << u"us-east-1@evil.example.com"_s << false;
        QTest::newRow("region with a dot") << u"e"_s << u"us-east-1.evil"_s << false;
        QTest::newRow("empty region") << u"e"_s << QString() << false;
        QTest::newRow("empty id") << QString() << u"us-east-1"_s << false;
        QTest::newRow("id with a fragment and a path") << u"x#/../../iam?y=1 z"_s << u"us-east-1"_s << true;
        QTest::newRow("id with a bidi override") << u"ab\u202Ecd"_s << u"us-east-1"_s << true;
    }

    void hostileValues()
    {
        QFETCH(QString, eventId);
        QFETCH(QString, region);
        QFETCH(bool, valid);
        const QUrl url = ConsoleLinks::eventUrl(eventId, region);
        QCOMPARE(url.isValid() && !url.isEmpty(), valid);
        if (!valid)
            return;
        QCOMPARE(url.host(), region + u".console.aws.amazon.com"_s);
        QCOMPARE(url.path(), u"/cloudtrailv2/home"_s);
        QCOMPARE(url.query(), u"region="_s + region);
        // The whole ID in the one fragment, percent-encoded, and decoding gives it back.
        const QString fragment = url.fragment(QUrl::FullyEncoded);
        QVERIFY(fragment.startsWith(u"/events/"_s));
        const QString encodedId = fragment.mid(8);
        QVERIFY(!encodedId.contains(u'/') && !encodedId.contains(u'#') && !encodedId.contains(u'?') &&
                !encodedId.contains(u' '));
        QCOMPARE(QUrl::fromPercentEncoding(encodedId.toLatin1()), eventId);
    }

    void roleAndUserInIam()
    {
        const QJsonObject role = object(R"({"type":"AssumedRole",
            "arn":"arn:aws:sts::655199147148:assumed-role/cdk-hnb659fds-cfn-exec-role-655199147148-eu-west-1/s",
            "sessionContext":{"sessionIssuer":{"type":"Role",
                "arn":"arn:aws:iam::655199147148:role/cdk-hnb659fds-cfn-exec-role-655199147148-eu-west-1",
                "userName":"cdk-hnb659fds-cfn-exec-role-655199147148-eu-west-1"}}})");
        QCOMPARE(ConsoleLinks::identityUrl(role).toString(QUrl::FullyEncoded),
                 u"https://console.aws.amazon.com/iam/home#/roles/details/"
                 "cdk-hnb659fds-cfn-exec-role-655199147148-eu-west-1"_s);
        // A role with a path: the name is the last segment of the ARN.
        const QJsonObject pathRole = object(R"({"type":"AssumedRole","sessionContext":{"sessionIssuer":{
            "type":"Role","arn":"arn:aws-cn:iam::1:role/service-role/deploy"}}})");
        QCOMPARE(ConsoleLinks::identityUrl(pathRole).toString(QUrl::FullyEncoded),
                 u"https://console.amazonaws.cn/iam/home#/roles/details/deploy"_s);
        const QJsonObject user = object(R"({"type":"IAMUser","userName":"helen.suzuki@corp",
                                            "arn":"arn:aws:iam::1:user/helen.suzuki@corp"})");
        QCOMPARE(ConsoleLinks::identityUrl(user).toString(QUrl::FullyEncoded),
                 u"https://console.aws.amazon.com/iam/home#/users/details/helen.suzuki%40corp"_s);
    }

    void noIamPageForOthers()
    {
        QVERIFY(
            ConsoleLinks::identityUrl(object(R"({"type":"Root","arn":"arn:aws:iam::1:root"})")).isEmpty());
        QVERIFY(ConsoleLinks::identityUrl(object(R"({"type":"AWSService","invokedBy":"ec2.amazonaws.com"})"))
                    .isEmpty());
        // Names IAM would never accept are refused, not encoded into a link.
        QVERIFY(ConsoleLinks::identityUrl(object(R"({"type":"IAMUser","userName":"a/../../b"})")).isEmpty());
        QVERIFY(ConsoleLinks::identityUrl(object(R"({"type":"IAMUser","userName":"x#y"})")).isEmpty());
        QVERIFY(
            ConsoleLinks::identityUrl(object(R"({"type":"IAMUser","userName":"adm\u202Ein"})")).isEmpty());
        QVERIFY(ConsoleLinks::identityUrl(object(R"({"type":"AssumedRole","sessionContext":{"sessionIssuer":{
            "type":"Role","userName":"r?evil=1"}}})"))
                    .isEmpty());
    }
};

QTEST_GUILESS_MAIN(TestConsoleLinks)
#include "tst_consolelinks.moc"
