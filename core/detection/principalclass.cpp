// SPDX-License-Identifier: GPL-3.0-or-later
#include "core/detection/principalclass.h"

#include "core/detection/detection.h"
#include "core/lists/identitylists.h"

#include <QStringList>

namespace tw {

namespace {

bool hasType(const EventStore& store, const UserActivity& user, std::string_view type)
{
    for (auto id : user.identityTypes)
        if (store.str(id) == type)
            return true;
    return false;
}

// The host of a web identity provider, from either form CloudTrail writes (a host, or the ARN of the
// IAM OIDC provider).
QString providerHost(const QString& provider)
{
    const qsizetype slash = provider.indexOf(QLatin1String("oidc-provider/"));
    return slash >= 0 ? provider.mid(slash + 14) : provider;
}

// Providers that sign in people rather than machines (Cognito, and the consumer identity providers
// AssumeRoleWithWebIdentity accepts).
bool isHumanProvider(const QString& host)
{
    static const QStringList human = {
        QStringLiteral("cognito-identity.amazonaws.com"),
        QStringLiteral("accounts.google.com"),
        QStringLiteral("graph.facebook.com"),
        QStringLiteral("www.amazon.com"),
        QStringLiteral("appleid.apple.com"),
    };
    return human.contains(host, Qt::CaseInsensitive);
}

QString workloadName(const QString& host)
{
    if (host.contains(QLatin1String("githubusercontent.com")))
        return QStringLiteral(" (GitHub Actions)");
    if (host.contains(QLatin1String("gitlab")))
        return QStringLiteral(" (GitLab CI)");
    if (host.startsWith(QLatin1String("oidc.eks.")))
        return QStringLiteral(" (EKS service account)");
    return {};
}

QString plural(std::uint64_t n, const char* one, const char* many)
{
    return QStringLiteral("%1 %2").arg(n).arg(QLatin1String(n == 1 ? one : many));
}

} // namespace

QString principalClassName(PrincipalClass cls)
{
    switch (cls) {
    case PrincipalClass::Root:
        return QStringLiteral("root");
    case PrincipalClass::Person:
        return QStringLiteral("person");
    case PrincipalClass::ServiceRole:
        return QStringLiteral("service role");
    case PrincipalClass::WorkloadIdentity:
        return QStringLiteral("workload identity");
    case PrincipalClass::ServiceLinked:
        return QStringLiteral("AWS service-linked");
    case PrincipalClass::Unknown:
        break;
    }
    return QStringLiteral("unknown");
}

bool isRootName(const QString& user)
{
    return user.compare(QLatin1String("root"), Qt::CaseInsensitive) == 0;
}

bool isProposableClass(PrincipalClass cls)
{
    return cls == PrincipalClass::ServiceRole || cls == PrincipalClass::ServiceLinked ||
           cls == PrincipalClass::WorkloadIdentity;
}

PrincipalVerdict classifyPrincipal(const EventStore& store, const UserActivity& user,
                                   const IdentityMatcher* identities)
{
    const PrincipalFacts& f = user.facts;
    const QString name = store.qstr(user.user);
    const QString provider = providerHost(store.qstr(f.webIdentityProvider));
    PrincipalVerdict v;

    // Administrator access is a property of its own: it raises the bar for approving any class.
    QStringList admin;
    for (const char* word : {"admin", "OrganizationAccountAccessRole", "poweruser"})
        if (name.contains(QLatin1String(word), Qt::CaseInsensitive)) {
            admin << QStringLiteral("name contains \"%1\"").arg(QLatin1String(word));
            break;
        }
    if (f.adminGrantEvent)
        admin << QStringLiteral("an administrator policy was attached to it (%1)")
                     .arg(store.qstr(f.adminGrantEvent));
    v.adminLike = !admin.isEmpty();
    v.adminEvidence = admin.join(QStringLiteral("; "));

    // 1. Root: the account itself. The legacy rules also name every event without a user "root".
    if (isRootName(name) || hasType(store, user, "Root")) {
        v.cls = PrincipalClass::Root;
        v.evidence = hasType(store, user, "Root") ? QStringLiteral("userIdentity.type Root")
                                                  : QStringLiteral("named root");
        return v;
    }

    // 2. Person: anything that shows a human signed in. It wins over every machine sign, so that a
    // person is never proposed as a service account because an AWS service also used the name.
    QStringList person;
    if (name.startsWith(QLatin1String("AWSReservedSSO_")))
        person << QStringLiteral("IAM Identity Center (SSO) permission-set role");
    if (f.consoleLogins)
        person << plural(f.consoleLogins, "console login", "console logins");
    if (f.mfaEvents)
        person << plural(f.mfaEvents, "call with MFA", "calls with MFA");
    if (f.hints & PrincipalHint::Saml)
        person << QStringLiteral("SAML federation");
    if ((f.hints & PrincipalHint::WebIdentity) && isHumanProvider(provider))
        person << QStringLiteral("web identity via %1").arg(provider);
    if (identities && identities->matches(name))
        person << QStringLiteral("on the identity list");
    if (!person.isEmpty()) {
        v.cls = PrincipalClass::Person;
        v.evidence = person.join(QStringLiteral("; "));
        return v;
    }

    const bool isUser = hasType(store, user, "IAMUser");
    // 3. AWS service-linked: AWS reserves the name prefix for roles only a service can assume.
    if (name.startsWith(QLatin1String("AWSServiceRoleFor")) && !isUser) {
        v.cls = PrincipalClass::ServiceLinked;
        v.evidence = QStringLiteral("service-linked role name (AWSServiceRoleFor…)");
        return v;
    }

    // 4. Workload identity: a machine signed in through OIDC (CI pipelines, Kubernetes).
    if (f.hints & PrincipalHint::WebIdentity) {
        v.cls = PrincipalClass::WorkloadIdentity;
        v.evidence = provider.isEmpty()
                         ? QStringLiteral("web-identity federation")
                         : QStringLiteral("web identity via %1%2").arg(provider, workloadName(provider));
        return v;
    }

    // 5. Service role: a role (never an IAM user) that an AWS service assumed or that runs on
    // instance-profile credentials.
    const bool roleOnly = !isUser && !hasType(store, user, "FederatedUser") &&
                          (hasType(store, user, "AssumedRole") || hasType(store, user, "AWSService"));
    if (roleOnly) {
        QStringList service;
        if (f.assumedByService)
            service << QStringLiteral("assumed by %1").arg(store.qstr(f.assumedByService));
        if (f.instanceProfileEvents)
            service << QStringLiteral("EC2 instance-profile credentials (%1)")
                           .arg(plural(f.instanceProfileEvents, "call", "calls"));
        if (!service.isEmpty() || (f.serviceSourceEvents && f.serviceSourceEvents == user.count)) {
            if (service.isEmpty())
                service << QStringLiteral("every call made through an AWS service");
            v.cls = PrincipalClass::ServiceRole;
            v.evidence = service.join(QStringLiteral("; "));
            return v;
        }
    }

    // 6. Unknown: say what was there, so that the analyst knows what is missing.
    QStringList types;
    for (auto id : user.identityTypes)
        types << store.qstr(id);
    v.cls = PrincipalClass::Unknown;
    v.evidence = types.isEmpty() ? QStringLiteral("no userIdentity.type")
                                 : QStringLiteral("%1: no console login, MFA, service or federation sign")
                                       .arg(types.join(QLatin1Char('/')));
    return v;
}

} // namespace tw
