// SPDX-License-Identifier: GPL-3.0-or-later

#pragma once

#include "core/detection/principalclass.h"
#include "core/ingest/eventstore.h"

#include <QString>
#include <QStringList>

#include <memory>
#include <optional>
#include <vector>

namespace tw {

class IdentityMatcher;

// A sensitive call (docs/detection.md, Risk) a user made successfully: a row of the catalogue the
// activity was aggregated with (builtinSensitiveApis()) and how often.
struct SensitiveCall
{
    std::uint16_t api = 0; // index into SensitiveApiCatalogue::apis
    std::uint32_t count = 0;
};

// The detection's `stats ... by user` over the successful events of one rule set, done once per
// load and rule set. Approving or revoking only changes which rows are findings, so re-running the
// detection after an approval is a filter over these rows: no log is re-read or re-parsed.
struct UserActivity
{
    std::uint32_t user = 0;          // string id in the store
    std::uint64_t count = 0;         // events, with or without eventName
    std::uint64_t readOnlyCount = 0; // of those, events whose readOnly was true
    std::uint64_t writeCount = 0;    // of those, events whose readOnly was present and false
    // The user's events whose errorCode is not success: not counted by the detection, shown beside it
    // (AccessDenied probing). Only for users the detection sees, i.e. with a successful event.
    std::uint64_t failedCount = 0;
    TimeMs firstTime = 0;
    TimeMs lastTime = 0;
    std::vector<std::uint32_t> eventNames;    // distinct, sorted byte-wise by their text
    std::vector<std::uint32_t> identityTypes; // distinct userIdentity.type values, sorted
    std::vector<std::uint32_t> accounts;      // distinct account ids, sorted
    // Look-alikes (confusables.h). aggregateActivity sets lookalikeUsers: the other users of the table
    // whose name is confusable with this one. runDetection sets confusableWith on each finding: those
    // users' names and the approved or identity-list entries the name is confusable with, sorted.
    std::vector<std::uint32_t> lookalikeUsers;
    QStringList confusableWith;
    PrincipalFacts facts;       // what the principal class is derived from
    PrincipalVerdict principal; // classifyPrincipal() without the identity list
    // Sensitive calls, most points first (then by category, then by name); see assessRisk().
    std::vector<SensitiveCall> sensitive;
    int risk = 0;            // assessRisk(): the score ...
    QString riskExplanation; // ... and the rule that made it ("8: root (+5), StopLogging (+3)")
    // False where writeCount, failedCount, sensitive and so risk were not counted (an imported
    // engine result): views and reports say kRiskNotAvailable (risk.h) instead of a 0.
    bool riskKnown = true;
};

struct ActivityTable
{
    RuleSet rules = RuleSet::Ta7;
    std::vector<UserActivity> users; // sorted by user name, byte-wise
    std::uint64_t successful = 0;    // events whose errorCode is success
    std::uint64_t withoutUser = 0;   // successful events without a userName (they drop out)
};

ActivityTable aggregateActivity(const EventStore& store, RuleSet rules);

// The same over the events in [from, to) only (an open end is unset): what an engine query with a
// time window computes, so that its imported result can be compared with a local scan.
ActivityTable aggregateActivity(const EventStore& store, RuleSet rules, std::optional<TimeMs> from,
                                std::optional<TimeMs> to);
// The activity of one user by exact name (binary search), or null.
const UserActivity* findActivity(const EventStore& store, const ActivityTable& table, const QString& user);

// The same aggregation a range of events at a time, so that a load can count each file's events
// as it merges them, while the other threads read on, instead of in one pass on one thread after
// the last file (core/analysissession.cpp). aggregateActivity() is one add() of every event.
class ActivityAggregator
{
public:
    // Only the events in [from, to) count (an open end is unset).
    explicit ActivityAggregator(RuleSet rules, std::optional<TimeMs> from = std::nullopt,
                                std::optional<TimeMs> to = std::nullopt);
    ~ActivityAggregator();
    ActivityAggregator(ActivityAggregator&&) noexcept;
    ActivityAggregator& operator=(ActivityAggregator&&) noexcept;

    // Counts the events [begin, end) of `store`: the events that follow the ones added before, in
    // the store's order (the first event of a user is its first in that order).
    void add(const EventStore& store, std::size_t begin, std::size_t end);
    // The table of every event added. The aggregator is spent: add and finish no more.
    ActivityTable finish(const EventStore& store);

private:
    struct State;
    std::unique_ptr<State> m_state;
};

struct DetectionResult
{
    RuleSet rules = RuleSet::Ta7;
    std::vector<UserActivity> findings; // sorted by user, byte-wise
    // Parallel to findings: the approved entry whose `expires` has passed and that would otherwise
    // have excluded the user ("approval expired"), or empty.
    std::vector<QString> expiredApproval;
    // What the suppression rules (the `_filter` macro) hid, per rule, in rule order.
    std::vector<std::uint64_t> suppressedByRule;
    std::uint64_t suppressed = 0; // findings hidden by suppression rules
    std::uint64_t successful = 0;
    std::uint64_t excluded = 0; // successful events of users on either list
    std::uint64_t excludedUsers = 0;
};

// The search itself: every user on neither list. Cost: one match per distinct user, plus one hash
// look-up per finding for look-alikes of the lists' exact entries (skeletons of the entries only).
// `expired` holds approvals past their `expires`: they no longer exclude, and a finding they
// would have excluded says so.
DetectionResult runDetection(const EventStore& store, const ActivityTable& activity,
                             const IdentityMatcher& approved, const IdentityMatcher& identities,
                             const IdentityMatcher* expired = nullptr);

// Indices of the successful events of one user under a rule set (the drill-down), in time order;
// with withFailed, the user's failed calls too (docs/detection.md, Risk: not counted, but shown).
std::vector<std::uint32_t> eventsOfUser(const EventStore& store, RuleSet rules, std::uint32_t user,
                                        bool withFailed = false);

} // namespace tw
