// SPDX-License-Identifier: GPL-3.0-or-later

#pragma once

#include "core/common/timeutil.h"
#include "core/ingest/eventstore.h"

#include <cstdint>
#include <optional>
#include <string_view>

namespace tw {

// The detection's field rules (docs/detection.md, Field rules; Time; Duplicates; Principal classes)
// as a pure function of the string fields of one record. The JSON reader extracts the fields
// (jsonshapes.cpp) and stores what this derives; nothing here knows JSON, files or the store.

// The fields of one record that the rules read. An empty view is an absent field, as the rules
// treat `""` ("Non-empty means present, a string, and not \"\""). Views only: the caller owns the text.
struct RecordFields
{
    std::string_view eventTime, eventId, eventName, eventSource, awsRegion, sourceIp, userAgent;
    std::string_view recipientAccountId, errorCode;
    std::string_view consoleLogin;                           // responseElements.ConsoleLogin
    std::string_view sourceIdentity;                         // requestParameters.sourceIdentity
    std::string_view roleArn;                                // requestParameters.roleArn
    std::string_view uiType, uiUserName, uiArn, uiAccountId; // userIdentity.*
    std::string_view issuerUserName; // userIdentity.sessionContext.sessionIssuer.userName
    bool hasUiArn = false;           // userIdentity.arn is present at all (even empty or null)
    bool eventTimeNotString = false; // eventTime held another JSON type: no usable time
    int readOnly = -1;               // -1 absent, 0 false, 1 true
    // For the principal classes only: read where the record has them, never required.
    std::string_view invokedBy, identityProvider; // userIdentity.*
    std::string_view webIdProvider;               // sessionContext.webIdFederationData.federatedProvider
    std::string_view mfaAuthenticated;            // sessionContext.attributes.mfaAuthenticated
    std::string_view mfaUsed;                     // additionalEventData.MFAUsed
    std::string_view policyArn, targetRole, targetUser; // requestParameters.policyArn/roleName/userName
    bool ec2RoleDelivery = false;                       // sessionContext.ec2RoleDelivery
    bool samlSession = false;                           // sessionContext.samlFederationData
    // For the pivots only (docs/detection.md, Pivots).
    std::string_view accessKeyId, principalId; // userIdentity.*
    std::string_view sessionCreated;           // sessionContext.attributes.creationDate
};

// What the rules derive from one record, under both rule sets at once (switching needs no re-read).
// Views point into the RecordFields' text.
struct DerivedFields
{
    std::optional<TimeMs> time;  // none: no usable eventTime, the record is malformed
    std::string_view userTa7;    // Add-on 7.x userName; empty: none
    std::string_view userLegacy; // Add-on 1.x userName; never empty
    std::string_view errorCode;  // Add-on 7.x errorCode; empty: none (a success)
    std::string_view account;    // recipientAccountId, else userIdentity.accountId
    std::uint8_t flags = 0;      // EventFlag::SuccessTa7, SuccessLegacy, ReadOnly, ReadOnlyKnown
    std::uint8_t hints = 0;      // PrincipalHint bits
    std::string_view hintDetail; // the string of the hint that has one
    std::uint64_t dedupKey = 0;  // 0: no eventID, never a duplicate
    // The session (docs/detection.md, Pivots): who (userIdentity.arn, else principalId) and when the
    // credentials were issued (sessionContext.attributes.creationDate); both empty when either is
    // missing (long-term access keys, AWS services). The store keeps both as string ids.
    std::string_view sessionPrincipal, sessionCreated;
};

DerivedFields deriveFields(const RecordFields& fields);

// Why a record does not reach the search under one rule set, in the order the rules apply.
enum class SkipReason : std::uint8_t {
    None,         // it counts, for `user`
    Malformed,    // no usable eventTime (docs/detection.md, Broken input; Time)
    Unsuccessful, // errorCode is not `success`
    NoUserName,   // successful, but no userName (7.x only): Splunk's stats by user drops it
};

struct FieldOutcome
{
    std::string_view user; // empty unless skip is None
    SkipReason skip = SkipReason::None;
};

FieldOutcome fieldOutcome(const DerivedFields& derived, RuleSet rules);
inline FieldOutcome fieldOutcome(const RecordFields& fields, RuleSet rules)
{
    return fieldOutcome(deriveFields(fields), rules);
}

} // namespace tw
