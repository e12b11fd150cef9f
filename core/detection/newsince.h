// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "core/detection/detection.h"
#include "core/lists/reviewfile.h"

#include <QString>
#include <QStringList>

#include <vector>

namespace tw {

// A value a finding's events used (an API name, an account id, a region) and the last time.
struct FootprintValue
{
    QString value;
    TimeMs lastTime = 0;
};

// What a finding's successful events touched: the input of "new since last review".
struct FindingFootprint
{
    QString user;
    TimeMs lastTime = 0;
    std::vector<FootprintValue> apis, accounts, regions; // sorted by value
};

// The footprints of the findings, in their order: one pass over the events.
std::vector<FindingFootprint> findingFootprints(const EventStore& store, RuleSet rules,
                                                const DetectionResult& result);

// Why a finding is new since the last review (docs/detection.md, "New since last review").
struct NewSince
{
    bool isNew = false;
    bool neverSeen = false; // the review file has no entry for the user
    // Used after the last review and not seen at any review before.
    QStringList apis, accounts, regions;
    // "never reviewed" / "new APIs: X, Y; new regions: Z"; empty when not new.
    QString describe() const;
};

// Pure: per footprint, whether it is new against the record and exactly what is new. A user is new
// when the record has no entry for them, or when they were active after their last review with an
// API, account or region not seen at any review. "After the last review" is after the user's last
// event in the scans recorded as reviewed (reviewedThrough), or after reviewedAt for an entry
// without it. An entry that was triaged but never recorded as
// reviewed counts as reviewed, with nothing seen, when it was triaged, so that whatever it does
// after that is new: a triage never hides later activity.
std::vector<NewSince> newSinceReview(const std::vector<FindingFootprint>& footprints,
                                     const ReviewRecord& record);

// What the outputs show of a finding against the review file: new since the last review, and its
// triage (status New and empty fields when the file has no entry for the user).
struct FindingReview
{
    NewSince since;
    TriageStatus status = TriageStatus::New;
    QString owner, ticket, note;
};
// Per footprint, in their order.
std::vector<FindingReview> reviewFindings(const std::vector<FindingFootprint>& footprints,
                                          const ReviewRecord& record);

// What a footprint records when the scan is marked as reviewed.
std::vector<ReviewedActivity> reviewedActivity(const std::vector<FindingFootprint>& footprints);

} // namespace tw
