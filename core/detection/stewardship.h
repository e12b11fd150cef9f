// SPDX-License-Identifier: GPL-3.0-or-later

#pragma once

#include "core/detection/detection.h"
#include "core/lists/identitylists.h"

#include <QDateTime>
#include <QStringList>

#include <vector>

namespace tw {

// How one approved entry stands against the loaded data: the answer to "is this list still
// right?", which is what made upstream deprecate the detection.
struct EntryHealth
{
    IdentityEntry entry;
    std::uint64_t matchedEvents = 0; // successful events of the users it matches (current rules)
    TimeMs lastSeen = 0;             // latest of those events; 0 when none
    QStringList matchedUsers;        // observed users it matches (what a wildcard covers)
    QString nearMissOf;              // an unapproved observed user it almost names
    bool wildcard = false;
    bool neverMatched = false;
    bool stale = false; // matched, but not within staleDays of the data's end
    bool expired = false;
    bool duplicate = false; // another row has the same identity (case-insensitive)
};

struct HealthOptions
{
    int staleDays = 90;
    QDateTime now; // for expiry; defaults to the current time
};

// `excluded` is the identity list; a near-miss only counts when the observed user is still a
// finding (on neither list), since then the approval probably meant that account.
std::vector<EntryHealth> assessApprovedList(const EventStore& store, const ActivityTable& activity,
                                            const std::vector<IdentityEntry>& approved,
                                            const IdentityMatcher& identities,
                                            const HealthOptions& options = {});

// True when two names differ only by case, separators (- _ . space), surrounding white space,
// or by an edit distance of at most 2.
bool isNearMiss(const QString& entry, const QString& observed);

// The support search "Create a list of approved AWS service accounts" (docs/detection.md,
// Baseline) as a diff: the users with successful activity in [from, to) who are not on the identity
// list, against the current approved entries.
struct BaselineDiff
{
    TimeMs from = 0;
    TimeMs to = 0;
    QStringList add; // in the window, not approved yet (byte-wise order)
    // In the window, not approved, but not literally approvable (a '*' in the name, see
    // isLiteralApprovable): never proposed, so that `--apply` cannot write a wildcard.
    QStringList notProposed;
    // Parallel to add: each user's class over the whole load (docs/detection.md, Principal classes). Only
    // isProposableClass() classes are proposed; the rest are shown apart and never pre-selected.
    std::vector<PrincipalVerdict> addClass;
    QStringList drop; // approved entries the baseline would not contain (file order)
    QStringList keep; // approved and in the baseline
};

// `activity` (the load's ActivityTable for the same rules) gives each added user its class; without
// it every added user is `unknown`.
BaselineDiff computeBaseline(const EventStore& store, RuleSet rules, TimeMs from, TimeMs to,
                             const std::vector<IdentityEntry>& approved, const IdentityMatcher& identities,
                             const ActivityTable* activity = nullptr);

// The same diff from the baseline's names (in byte-wise order, identity list already applied),
// for a baseline an engine computed (core/engines/engineresult.h, baselineFromResult). `store` and
// `activity` hold the users' classes as computeBaseline's do: for an engine result, its own store
// and activity, classed by name (a result has no event details), so that the same classes are
// proposed and pre-selected as for a local scan.
BaselineDiff diffBaseline(const EventStore& store, const ActivityTable* activity, TimeMs from, TimeMs to,
                          const QStringList& baseline, const std::vector<IdentityEntry>& approved);

// The default window: the last `days` days of the loaded data, from midnight (`-30d@d`) up to the
// data's last event.
std::pair<TimeMs, TimeMs> baselineWindow(const EventStore& store, int days);

// Parses "30d", "12h", "2w" or an ISO date into a window start relative to `end`.
std::optional<TimeMs> parseSince(const QString& text, TimeMs end);

} // namespace tw
