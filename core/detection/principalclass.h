// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QString>

#include <cstdint>

namespace tw {

class IdentityMatcher;
struct EventStore;
struct UserActivity;

// Who is behind a user name, as far as its events tell (docs/detection.md, Principal classes). The class
// decides what the tool lets through without a second look: only ServiceRole, ServiceLinked and
// WorkloadIdentity are ever proposed for the service-accounts list.
enum class PrincipalClass : std::uint8_t {
    Root,
    Person,
    ServiceRole,
    WorkloadIdentity,
    ServiceLinked,
    Unknown,
};

// What the group-by collected about one user's successful events (PrincipalHint bits and counts).
struct PrincipalFacts
{
    std::uint8_t hints = 0; // PrincipalHint bits seen on any event
    std::uint32_t consoleLogins = 0;
    std::uint32_t mfaEvents = 0;
    std::uint32_t consoleLoginsWithoutMfa = 0; // ConsoleLogin events without the Mfa hint
    std::uint32_t serviceSourceEvents = 0;     // events whose sourceIPAddress is an AWS service
    std::uint32_t instanceProfileEvents = 0;
    std::uint32_t assumedByService = 0;    // string id: the first service that assumed it (invokedBy)
    std::uint32_t webIdentityProvider = 0; // string id: the first web identity provider
    std::uint32_t adminGrantEvent = 0;     // string id: eventName of an administrator policy grant to it
};

struct PrincipalVerdict
{
    PrincipalClass cls = PrincipalClass::Unknown;
    QString evidence; // what decided it, for a person to read ("3 console logins")
    bool adminLike = false;
    QString adminEvidence; // why it looks like administrator access; empty when not adminLike
};

// "root", "person", "service role", "workload identity", "AWS service-linked", "unknown".
QString principalClassName(PrincipalClass cls);
// The rules of docs/detection.md, Principal classes, in their order. `identities` (the identity list) may be
// null.
PrincipalVerdict classifyPrincipal(const EventStore& store, const UserActivity& user,
                                   const IdentityMatcher* identities = nullptr);
// The account's root user, by name ("root" in any case): the 7.x rules name it from its ARN, the
// legacy rules give the name to every event without one. Never a service account.
bool isRootName(const QString& user);
// True for the classes a baseline may propose on its own.
bool isProposableClass(PrincipalClass cls);

} // namespace tw
