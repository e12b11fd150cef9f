// SPDX-License-Identifier: GPL-3.0-or-later
// The field rules (docs/detection.md, Field rules; Time; Duplicates; Principal classes) as the pure
// function core/ingest/fieldrules.h: one table row per rule and its near misses, written as the
// record's fields (no JSON, no files). A row names the fields as "path=value"; a path that is not
// named is absent.

#include "core/ingest/fieldrules.h"

#include <QTest>

#include <deque>

using namespace tw;
using namespace Qt::StringLiterals;

namespace {

// RecordFields from "path=value" pairs. Owns the text the views point into. Every record has a
// valid eventTime unless a row names one ("eventTime=" is an empty one).
class Fields
{
public:
    explicit Fields(const QStringList& pairs)
    {
        bool hasTime = false;
        for (const QString& pair : pairs) {
            const qsizetype eq = pair.indexOf(u'=');
            const QString key = eq < 0 ? pair : pair.left(eq);
            const std::string_view value = keep(eq < 0 ? QString() : pair.mid(eq + 1));
            hasTime |= key == u"eventTime" || key == u"eventTime:number";
            set(key, value);
        }
        if (!hasTime)
            m_fields.eventTime = "2026-02-01T10:00:00Z";
    }
    const RecordFields& fields() const { return m_fields; }

private:
    std::string_view keep(const QString& s)
    {
        m_text.push_back(s.toStdString());
        return m_text.back();
    }
    void set(const QString& key, std::string_view v)
    {
        RecordFields& f = m_fields;
        const std::pair<const char*, std::string_view RecordFields::*> strings[] = {
            {"eventTime", &RecordFields::eventTime},
            {"eventID", &RecordFields::eventId},
            {"eventName", &RecordFields::eventName},
            {"sourceIPAddress", &RecordFields::sourceIp},
            {"recipientAccountId", &RecordFields::recipientAccountId},
            {"errorCode", &RecordFields::errorCode},
            {"responseElements.ConsoleLogin", &RecordFields::consoleLogin},
            {"requestParameters.sourceIdentity", &RecordFields::sourceIdentity},
            {"requestParameters.roleArn", &RecordFields::roleArn},
            {"requestParameters.policyArn", &RecordFields::policyArn},
            {"requestParameters.roleName", &RecordFields::targetRole},
            {"requestParameters.userName", &RecordFields::targetUser},
            {"userIdentity.type", &RecordFields::uiType},
            {"userIdentity.userName", &RecordFields::uiUserName},
            {"userIdentity.arn", &RecordFields::uiArn},
            {"userIdentity.accountId", &RecordFields::uiAccountId},
            {"userIdentity.invokedBy", &RecordFields::invokedBy},
            {"userIdentity.identityProvider", &RecordFields::identityProvider},
            {"sessionContext.sessionIssuer.userName", &RecordFields::issuerUserName},
            {"sessionContext.webIdFederationData.federatedProvider", &RecordFields::webIdProvider},
            {"sessionContext.attributes.mfaAuthenticated", &RecordFields::mfaAuthenticated},
            {"additionalEventData.MFAUsed", &RecordFields::mfaUsed},
        };
        for (const auto& [name, member] : strings) {
            if (key == QLatin1String(name)) {
                f.*member = v;
                // Present at all, even as "": the 7.x rules then take no name from roleArn.
                f.hasUiArn |= member == &RecordFields::uiArn;
                return;
            }
        }
        if (key == u"eventTime:number")
            f.eventTimeNotString = true;
        else if (key == u"readOnly")
            f.readOnly = v == "true" ? 1 : 0;
        else if (key == u"sessionContext.ec2RoleDelivery")
            f.ec2RoleDelivery = true;
        else if (key == u"sessionContext.samlFederationData")
            f.samlSession = true;
        else
            qFatal("tst_fieldrules: no field %s", qPrintable(key));
    }

    RecordFields m_fields;
    std::deque<std::string> m_text; // a deque: views into its strings stay valid as it grows
};

QString str(std::string_view v)
{
    return QString::fromUtf8(v.data(), qsizetype(v.size()));
}

const char* skipName(SkipReason r)
{
    switch (r) {
    case SkipReason::None:
        return "counts";
    case SkipReason::Malformed:
        return "malformed";
    case SkipReason::Unsuccessful:
        return "unsuccessful";
    case SkipReason::NoUserName:
        return "no userName";
    }
    return "?";
}

} // namespace

class TestFieldRules : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    // The outcome under both rule sets: the user the search counts the event for, or why it does not.
    void outcome_data()
    {
        QTest::addColumn<QStringList>("fields");
        QTest::addColumn<QString>("ta7");    // the user, or the skip reason in brackets
        QTest::addColumn<QString>("legacy"); // the same under the Add-on 1.x rules

        // docs/detection.md, Add-on 7.x rules, userName: the first non-empty of 1. userIdentity.userName,
        QTest::newRow("7.x 1: userIdentity.userName first")
            << QStringList{u"userIdentity.userName=alice"_s, u"requestParameters.sourceIdentity=bob"_s,
                           u"sessionContext.sessionIssuer.userName=Role"_s,
                           u"userIdentity.arn=arn:aws:iam::1:user/alice-arn"_s}
            << u"alice"_s << u"alice"_s;
        // ... 2. requestParameters.sourceIdentity (not used by the legacy rules),
        QTest::newRow("7.x 2: sourceIdentity before the issuer")
            << QStringList{u"requestParameters.sourceIdentity=bob"_s,
                           u"sessionContext.sessionIssuer.userName=Role"_s,
                           u"userIdentity.arn=arn:aws:sts::1:assumed-role/Role/s"_s}
            << u"bob"_s << u"Role"_s;
        // ... 3. sessionContext.sessionIssuer.userName,
        QTest::newRow("7.x 3: sessionIssuer.userName before the arn")
            << QStringList{u"sessionContext.sessionIssuer.userName=Role"_s,
                           u"userIdentity.arn=arn:aws:sts::1:assumed-role/Role/session-x"_s}
            << u"Role"_s << u"Role"_s;
        // ... otherwise the last '/'-part of the last ':'-part of userIdentity.arn.
        QTest::newRow("7.x 4: assumed-role arn gives the session")
            << QStringList{u"userIdentity.arn=arn:aws:sts::1:assumed-role/Role/session-x"_s} << u"session-x"_s
            << u"root"_s;
        QTest::newRow("7.x 4: root arn gives root")
            << QStringList{u"userIdentity.type=Root"_s, u"userIdentity.arn=arn:aws:iam::1111:root"_s}
            << u"root"_s << u"root"_s;
        // No userIdentity.arn at all: the same from requestParameters.roleArn.
        QTest::newRow("7.x 5: no arn, roleArn")
            << QStringList{u"userIdentity.type=AWSService"_s,
                           u"userIdentity.invokedBy=lambda.amazonaws.com"_s,
                           u"requestParameters.roleArn=arn:aws:iam::1:role/lambda-exec"_s}
            << u"lambda-exec"_s << u"root"_s;
        // Near miss: an arn that is present but empty is no arn to take a name from, and roleArn is
        // only for records without one.
        QTest::newRow("7.x near miss: empty arn, roleArn not used")
            << QStringList{u"userIdentity.arn="_s, u"requestParameters.roleArn=arn:aws:iam::1:role/r"_s}
            << u"(no userName)"_s << u"root"_s;
        // An empty string is absent ("Non-empty means present, a string, and not \"\"").
        QTest::newRow("7.x near miss: empty userName falls through")
            << QStringList{u"userIdentity.userName="_s, u"sessionContext.sessionIssuer.userName=Role"_s}
            << u"Role"_s << u"Role"_s;
        // A successful event without a userName drops out (typical: AWSService with only invokedBy).
        QTest::newRow("7.x: AWSService with only invokedBy has no userName")
            << QStringList{u"userIdentity.type=AWSService"_s, u"userIdentity.invokedBy=s3.amazonaws.com"_s}
            << u"(no userName)"_s << u"root"_s;

        // docs/detection.md, Add-on 7.x rules, errorCode: the record's if non-empty, compared with
        // success without case; otherwise failure for a failed console sign-in; otherwise success.
        QTest::newRow("errorCode set: both rule sets skip")
            << QStringList{u"userIdentity.userName=alice"_s, u"errorCode=AccessDenied"_s}
            << u"(unsuccessful)"_s << u"(unsuccessful)"_s;
        QTest::newRow("errorCode Success in any case counts")
            << QStringList{u"userIdentity.userName=alice"_s, u"errorCode=SUCCESS"_s} << u"alice"_s
            << u"alice"_s;
        QTest::newRow("errorCode empty counts")
            << QStringList{u"userIdentity.userName=alice"_s, u"errorCode="_s} << u"alice"_s << u"alice"_s;
        // A failed console sign-in has no errorCode: failure under 7.x; the legacy rules
        // (docs/detection.md, Legacy rules) count it as successful.
        QTest::newRow("ConsoleLogin Failure: 7.x only")
            << QStringList{u"userIdentity.userName=alice"_s, u"eventName=ConsoleLogin"_s,
                           u"responseElements.ConsoleLogin=Failure"_s}
            << u"(unsuccessful)"_s << u"alice"_s;
        QTest::newRow("near miss: ConsoleLogin Success")
            << QStringList{u"userIdentity.userName=alice"_s, u"responseElements.ConsoleLogin=Success"_s}
            << u"alice"_s << u"alice"_s;
        QTest::newRow("ConsoleLogin Failure with an errorCode: the errorCode")
            << QStringList{u"userIdentity.userName=alice"_s, u"errorCode=Success"_s,
                           u"responseElements.ConsoleLogin=Failure"_s}
            << u"alice"_s << u"alice"_s;

        // docs/detection.md, Legacy rules: userName, else the issuer, else root; neither
        // sourceIdentity nor the arn is used.
        QTest::newRow("legacy: sourceIdentity and arn unused")
            << QStringList{u"requestParameters.sourceIdentity=bob"_s,
                           u"userIdentity.arn=arn:aws:iam::1:user/carol"_s}
            << u"bob"_s << u"root"_s;

        // docs/detection.md, Broken input and Time: no usable eventTime makes the record malformed,
        // under both rule sets and before any other rule.
        QTest::newRow("eventTime absent") << QStringList{u"userIdentity.userName=alice"_s, u"eventTime="_s}
                                          << u"(malformed)"_s << u"(malformed)"_s;
        QTest::newRow("eventTime not a string")
            << QStringList{u"userIdentity.userName=alice"_s, u"eventTime:number"_s} << u"(malformed)"_s
            << u"(malformed)"_s;
        QTest::newRow("eventTime not a date")
            << QStringList{u"userIdentity.userName=alice"_s, u"eventTime=2026-02-30T10:00:00Z"_s}
            << u"(malformed)"_s << u"(malformed)"_s;
        QTest::newRow("eventTime malformed wins over failure")
            << QStringList{u"errorCode=AccessDenied"_s, u"eventTime=yesterday"_s} << u"(malformed)"_s
            << u"(malformed)"_s;
    }
    void outcome()
    {
        QFETCH(QStringList, fields);
        QFETCH(QString, ta7);
        QFETCH(QString, legacy);
        const Fields record(fields);
        const auto show = [](const FieldOutcome& o) {
            return o.skip == SkipReason::None ? str(o.user)
                                              : u"("_s + QLatin1String(skipName(o.skip)) + u")"_s;
        };
        QCOMPARE(show(fieldOutcome(record.fields(), RuleSet::Ta7)), ta7);
        QCOMPARE(show(fieldOutcome(record.fields(), RuleSet::Legacy)), legacy);
    }

    // The derived errorCode the store keeps (the 7.x one) and the account.
    void storedFields_data()
    {
        QTest::addColumn<QStringList>("fields");
        QTest::addColumn<QString>("errorCode");
        QTest::addColumn<QString>("account");
        QTest::addColumn<int>("readOnly"); // -1 unknown, 0 false, 1 true

        QTest::newRow("success: no errorCode kept") << QStringList{} << QString() << QString() << -1;
        QTest::newRow("the record's errorCode")
            << QStringList{u"errorCode=AccessDenied"_s} << u"AccessDenied"_s << QString() << -1;
        QTest::newRow("failed console sign-in")
            << QStringList{u"responseElements.ConsoleLogin=Failure"_s} << u"failure"_s << QString() << -1;
        QTest::newRow("recipientAccountId first")
            << QStringList{u"recipientAccountId=111"_s, u"userIdentity.accountId=222"_s} << QString()
            << u"111"_s << -1;
        QTest::newRow("else userIdentity.accountId")
            << QStringList{u"userIdentity.accountId=222"_s, u"readOnly=true"_s} << QString() << u"222"_s << 1;
        QTest::newRow("readOnly false") << QStringList{u"readOnly=false"_s} << QString() << QString() << 0;
    }
    void storedFields()
    {
        QFETCH(QStringList, fields);
        QFETCH(QString, errorCode);
        QFETCH(QString, account);
        QFETCH(int, readOnly);
        const Fields record(fields); // owns the text the derived views point into
        const DerivedFields d = deriveFields(record.fields());
        QVERIFY(d.time);
        QCOMPARE(str(d.errorCode), errorCode);
        QCOMPARE(str(d.account), account);
        const int got = !(d.flags & EventFlag::ReadOnlyKnown) ? -1 : (d.flags & EventFlag::ReadOnly) ? 1 : 0;
        QCOMPARE(got, readOnly);
    }

    // docs/detection.md, Time: the instant, to the millisecond (the parser's own rows are in tst_timeutil).
    void time()
    {
        const auto at = [](const QString& t) {
            return deriveFields(Fields({u"eventTime="_s + t}).fields()).time;
        };
        QCOMPARE(at(u"2026-02-01T10:00:00Z"_s), std::optional<TimeMs>(1769940000000));
        QCOMPARE(at(u"2026-02-01T12:00:00.1239+02:00"_s), std::optional<TimeMs>(1769940000123));
        QCOMPARE(at(u"2026-02-01 10:00:00"_s), std::optional<TimeMs>(1769940000000)); // no zone: UTC
        QCOMPARE(at(u"01/02/2026 10:00"_s), std::nullopt);
    }

    // docs/detection.md, Duplicates: eventID, the instant of eventTime and eventName; none without eventID.
    void duplicateKey()
    {
        const auto key = [](const QStringList& f) { return deriveFields(Fields(f).fields()).dedupKey; };
        const std::uint64_t a = key({u"eventID=e1"_s, u"eventName=ListBuckets"_s});
        QVERIFY(a != 0);
        QCOMPARE(key({u"eventID=e1"_s, u"eventName=ListBuckets"_s, u"eventTime=2026-02-01T12:00:00+02:00"_s}),
                 a);
        QVERIFY(key({u"eventID=e1"_s, u"eventName=GetObject"_s}) != a);
        QVERIFY(key({u"eventID=e1"_s, u"eventName=ListBuckets"_s, u"eventTime=2026-02-01T10:00:01Z"_s}) != a);
        QVERIFY(key({u"eventID=e2"_s, u"eventName=ListBuckets"_s}) != a);
        // The parts are hashed one after another: where one ends and the next begins counts.
        QVERIFY(key({u"eventID=e1L"_s, u"eventName=istBuckets"_s}) != a);
        QCOMPARE(key({u"eventName=ListBuckets"_s}), std::uint64_t(0));
        QCOMPARE(key({u"eventID="_s, u"eventName=ListBuckets"_s}), std::uint64_t(0));
    }

    // docs/detection.md, Principal classes (and its Cost section): the hint bits one record sets and
    // the string that goes with them.
    void principalHints_data()
    {
        QTest::addColumn<QStringList>("fields");
        QTest::addColumn<int>("hints");
        QTest::addColumn<QString>("detail");

        QTest::newRow("none") << QStringList{u"userIdentity.type=IAMUser"_s, u"sourceIPAddress=203.0.113.7"_s}
                              << 0 << QString();
        QTest::newRow("ConsoleLogin events")
            << QStringList{u"eventName=ConsoleLogin"_s} << int(PrincipalHint::ConsoleLogin) << QString();
        QTest::newRow("MFAUsed Yes") << QStringList{u"additionalEventData.MFAUsed=Yes"_s}
                                     << int(PrincipalHint::Mfa) << QString();
        QTest::newRow("mfaAuthenticated true, any case")
            << QStringList{u"sessionContext.attributes.mfaAuthenticated=TRUE"_s} << int(PrincipalHint::Mfa)
            << QString();
        QTest::newRow("near miss: MFAUsed No, mfaAuthenticated false")
            << QStringList{u"additionalEventData.MFAUsed=No"_s,
                           u"sessionContext.attributes.mfaAuthenticated=false"_s}
            << 0 << QString();
        QTest::newRow("SAMLUser") << QStringList{u"userIdentity.type=SAMLUser"_s} << int(PrincipalHint::Saml)
                                  << QString();
        QTest::newRow("role session with samlFederationData")
            << QStringList{u"userIdentity.type=AssumedRole"_s, u"sessionContext.samlFederationData"_s}
            << int(PrincipalHint::Saml) << QString();
        QTest::newRow("WebIdentityUser: its identityProvider")
            << QStringList{u"userIdentity.type=WebIdentityUser"_s,
                           u"userIdentity.identityProvider=accounts.google.com"_s}
            << int(PrincipalHint::WebIdentity) << u"accounts.google.com"_s;
        QTest::newRow("role session with webIdFederationData")
            << QStringList{u"userIdentity.type=AssumedRole"_s,
                           u"sessionContext.webIdFederationData.federatedProvider=token.actions.githubusercontent.com"_s}
            << int(PrincipalHint::WebIdentity) << u"token.actions.githubusercontent.com"_s;
        QTest::newRow("assumed by a service")
            << QStringList{u"userIdentity.type=AWSService"_s,
                           u"userIdentity.invokedBy=lambda.amazonaws.com"_s}
            << int(PrincipalHint::ServiceAssumed) << u"lambda.amazonaws.com"_s;
        QTest::newRow("near miss: AWSService without invokedBy")
            << QStringList{u"userIdentity.type=AWSService"_s} << 0 << QString();
        QTest::newRow("ec2RoleDelivery") << QStringList{u"sessionContext.ec2RoleDelivery"_s}
                                         << int(PrincipalHint::InstanceProfile) << QString();
        QTest::newRow("session named by an instance id (17 hex digits)")
            << QStringList{u"userIdentity.type=AssumedRole"_s,
                           u"userIdentity.arn=arn:aws:sts::1:assumed-role/web/i-0123456789abcdef0"_s}
            << int(PrincipalHint::InstanceProfile) << QString();
        QTest::newRow("session named by an instance id (8 hex digits)")
            << QStringList{u"userIdentity.type=AssumedRole"_s,
                           u"userIdentity.arn=arn:aws:sts::1:assumed-role/web/i-0123abcd"_s}
            << int(PrincipalHint::InstanceProfile) << QString();
        QTest::newRow("near miss: instance-id session of an IAMUser")
            << QStringList{u"userIdentity.type=IAMUser"_s,
                           u"userIdentity.arn=arn:aws:sts::1:assumed-role/web/i-0123abcd"_s}
            << 0 << QString();
        QTest::newRow("near miss: instance-like session of 9 digits")
            << QStringList{u"userIdentity.type=AssumedRole"_s,
                           u"userIdentity.arn=arn:aws:sts::1:assumed-role/web/i-0123abcde"_s}
            << 0 << QString();
        QTest::newRow("service source address") << QStringList{u"sourceIPAddress=lambda.amazonaws.com"_s}
                                                << int(PrincipalHint::ServiceSource) << QString();
        QTest::newRow("near miss: AWS Internal")
            << QStringList{u"sourceIPAddress=AWS Internal"_s} << 0 << QString();
        QTest::newRow("administrator grant to a role")
            << QStringList{u"eventName=AttachRolePolicy"_s,
                           u"requestParameters.policyArn=arn:aws:iam::aws:policy/AdministratorAccess"_s,
                           u"requestParameters.roleName=deployer"_s}
            << int(PrincipalHint::AdminGrant) << u"deployer"_s;
        QTest::newRow("administrator grant to a user (Put)")
            << QStringList{u"eventName=PutUserPolicy"_s,
                           u"requestParameters.policyArn=arn:aws:iam::aws:policy/IAMFullAccess"_s,
                           u"requestParameters.userName=ops"_s}
            << int(PrincipalHint::AdminGrant) << u"ops"_s;
        QTest::newRow("near miss: another policy")
            << QStringList{u"eventName=AttachRolePolicy"_s,
                           u"requestParameters.policyArn=arn:aws:iam::aws:policy/ReadOnlyAccess"_s,
                           u"requestParameters.roleName=deployer"_s}
            << 0 << QString();
        QTest::newRow("near miss: Detach")
            << QStringList{u"eventName=DetachRolePolicy"_s,
                           u"requestParameters.policyArn=arn:aws:iam::aws:policy/AdministratorAccess"_s,
                           u"requestParameters.roleName=deployer"_s}
            << 0 << QString();
        QTest::newRow("grant's target wins the detail over the provider")
            << QStringList{u"eventName=AttachRolePolicy"_s, u"userIdentity.type=AssumedRole"_s,
                           u"sessionContext.webIdFederationData.federatedProvider=gitlab.com"_s,
                           u"requestParameters.policyArn=arn:aws:iam::aws:policy/PowerUserAccess"_s,
                           u"requestParameters.roleName=deployer"_s}
            << int(PrincipalHint::AdminGrant | PrincipalHint::WebIdentity) << u"deployer"_s;
    }
    void principalHints()
    {
        QFETCH(QStringList, fields);
        QFETCH(int, hints);
        QFETCH(QString, detail);
        const Fields record(fields); // owns the text the derived views point into
        const DerivedFields d = deriveFields(record.fields());
        QCOMPARE(int(d.hints), hints);
        QCOMPARE(str(d.hintDetail), detail);
    }
};

QTEST_GUILESS_MAIN(TestFieldRules)
#include "tst_fieldrules.moc"
