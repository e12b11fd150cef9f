// SPDX-License-Identifier: GPL-3.0-or-later

#include "core/ingest/fieldrules.h"

#include "core/common/bytehash.h"

#include <algorithm>

namespace tw {

namespace {

// The last '/'-segment of the last ':'-segment: arn:aws:sts::1:assumed-role/Role/session -> session,
// arn:aws:iam::1:root -> root.
std::string_view arnName(std::string_view arn)
{
    if (const auto colon = arn.rfind(':'); colon != std::string_view::npos)
        arn.remove_prefix(colon + 1);
    if (const auto slash = arn.rfind('/'); slash != std::string_view::npos)
        arn.remove_prefix(slash + 1);
    return arn;
}

bool equalsNoCase(std::string_view a, std::string_view b)
{
    return a.size() == b.size() && std::equal(a.begin(), a.end(), b.begin(), [](char x, char y) {
               return (x >= 'A' && x <= 'Z' ? x + 32 : x) == (y >= 'A' && y <= 'Z' ? y + 32 : y);
           });
}

// An EC2 instance id as a role session name: instance-profile credentials (i- and 8 or 17 hex digits).
bool isInstanceId(std::string_view s)
{
    if ((s.size() != 10 && s.size() != 19) || s.substr(0, 2) != "i-")
        return false;
    return std::all_of(s.begin() + 2, s.end(),
                       [](char c) { return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'); });
}

// sourceIPAddress names the service instead of an address when an AWS service made the call.
// "AWS Internal" is not counted: the console's own back ends call with it on a person's behalf.
bool isServiceSource(std::string_view ip)
{
    return ip.size() > 14 && ip.substr(ip.size() - 14) == ".amazonaws.com";
}

bool isAdminPolicy(std::string_view arn)
{
    const auto slash = arn.rfind('/');
    const std::string_view name = slash == std::string_view::npos ? arn : arn.substr(slash + 1);
    return name == "AdministratorAccess" || name == "PowerUserAccess" || name == "IAMFullAccess";
}

// The PrincipalHint bits of one record and the string that goes with them (docs/detection.md, Principal
// classes). At most one detail is kept: an administrator grant's target, else the web identity provider, else
// the service that assumed the role.
std::uint8_t principalHints(const RecordFields& f, std::string_view& detail)
{
    std::uint8_t hints = 0;
    if (f.eventName == "ConsoleLogin")
        hints |= PrincipalHint::ConsoleLogin;
    if (equalsNoCase(f.mfaUsed, "yes") || equalsNoCase(f.mfaAuthenticated, "true"))
        hints |= PrincipalHint::Mfa;
    if (f.ec2RoleDelivery)
        hints |= PrincipalHint::InstanceProfile;
    if (f.uiType == "AssumedRole") {
        const auto slash = f.uiArn.rfind('/');
        if (slash != std::string_view::npos && isInstanceId(f.uiArn.substr(slash + 1)))
            hints |= PrincipalHint::InstanceProfile;
    }
    if (isServiceSource(f.sourceIp))
        hints |= PrincipalHint::ServiceSource;
    if (f.uiType == "SAMLUser" || f.samlSession)
        hints |= PrincipalHint::Saml;
    if (f.uiType == "AWSService" && !f.invokedBy.empty()) {
        hints |= PrincipalHint::ServiceAssumed;
        detail = f.invokedBy;
    }
    const std::string_view provider = f.uiType == "WebIdentityUser" ? f.identityProvider : f.webIdProvider;
    if (!provider.empty() || f.uiType == "WebIdentityUser") {
        hints |= PrincipalHint::WebIdentity;
        detail = provider;
    }
    // The prefix first: it rules out nearly every event before the search for "Policy".
    if ((f.eventName.starts_with("Attach") || f.eventName.starts_with("Put")) && f.eventName.size() > 6 &&
        f.eventName.find("Policy") != std::string_view::npos && isAdminPolicy(f.policyArn)) {
        const std::string_view target = f.targetRole.empty() ? f.targetUser : f.targetRole;
        if (!target.empty()) {
            hints |= PrincipalHint::AdminGrant;
            detail = target;
        }
    }
    return hints;
}

// docs/detection.md, Duplicates: eventID, eventTime (the instant) and eventName. Two different
// 64-bit hashes would be safer than one, but at 10M keys the chance that two distinct keys share a
// 64-bit hash is about 3e-6; one hash keeps the de-duplication set at 8 bytes an event. Eight bytes
// a step: byte-at-a-time FNV-1a was 2.5% of a load's time.
std::uint64_t dedupKey(std::string_view eventId, TimeMs time, std::string_view eventName)
{
    std::uint64_t h = hashBytes(eventId);
    h = hashBytes(std::string_view(reinterpret_cast<const char*>(&time), sizeof time), h);
    h = hashBytes(eventName, h);
    return h == 0 ? 1 : h;
}

} // namespace

DerivedFields deriveFields(const RecordFields& f)
{
    DerivedFields d;
    // docs/detection.md, Time: a usable eventTime or the record is malformed.
    d.time = f.eventTimeNotString ? std::nullopt : parseEventTime(f.eventTime);
    if (!d.time)
        return d;

    // docs/detection.md, Add-on 7.x rules: userName.
    d.userTa7 = f.uiUserName;
    if (d.userTa7.empty())
        d.userTa7 = f.sourceIdentity;
    if (d.userTa7.empty())
        d.userTa7 = f.issuerUserName;
    if (d.userTa7.empty())
        d.userTa7 = f.hasUiArn ? arnName(f.uiArn) : arnName(f.roleArn);

    // docs/detection.md, Legacy rules (Add-on 1.x): userName.
    d.userLegacy = f.uiUserName;
    if (d.userLegacy.empty())
        d.userLegacy = f.issuerUserName;
    if (d.userLegacy.empty())
        d.userLegacy = "root";

    // Add-on 7.x errorCode: a failed console sign-in carries no errorCode, only the response.
    d.errorCode = f.errorCode;
    if (d.errorCode.empty() && f.consoleLogin == "Failure")
        d.errorCode = "failure";
    if (d.errorCode.empty() || equalsNoCase(d.errorCode, "success"))
        d.flags |= EventFlag::SuccessTa7;
    // Legacy errorCode: the record's own, else success.
    if (f.errorCode.empty() || equalsNoCase(f.errorCode, "success"))
        d.flags |= EventFlag::SuccessLegacy;
    if (f.readOnly >= 0)
        d.flags |= EventFlag::ReadOnlyKnown | (f.readOnly ? EventFlag::ReadOnly : 0);

    d.account = f.recipientAccountId.empty() ? f.uiAccountId : f.recipientAccountId;
    d.hints = principalHints(f, d.hintDetail);
    d.dedupKey = f.eventId.empty() ? 0 : dedupKey(f.eventId, *d.time, f.eventName);
    // docs/detection.md, Pivots: one sign-in or AssumeRole is one session, whichever temporary
    // access keys the console hands out under it.
    const std::string_view who = f.uiArn.empty() ? f.principalId : f.uiArn;
    if (!who.empty() && !f.sessionCreated.empty()) {
        d.sessionPrincipal = who;
        d.sessionCreated = f.sessionCreated;
    }
    return d;
}

FieldOutcome fieldOutcome(const DerivedFields& d, RuleSet rules)
{
    if (!d.time)
        return {{}, SkipReason::Malformed};
    const bool ta7 = rules == RuleSet::Ta7;
    if (!(d.flags & (ta7 ? EventFlag::SuccessTa7 : EventFlag::SuccessLegacy)))
        return {{}, SkipReason::Unsuccessful};
    const std::string_view user = ta7 ? d.userTa7 : d.userLegacy;
    if (user.empty())
        return {{}, SkipReason::NoUserName};
    return {user, SkipReason::None};
}

} // namespace tw
