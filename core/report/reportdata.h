// SPDX-License-Identifier: GPL-3.0-or-later

#pragma once

#include "core/detection/detection.h"
#include "core/detection/newsince.h"
#include "core/ingest/eventstore.h"
#include "core/lists/accountaliases.h"
#include "core/report/reportmanifest.h"

#include <QByteArrayView>
#include <QString>
#include <QStringList>

#include <functional>

#include <memory>
#include <mutex>
#include <vector>

namespace tw {

// A value seen in a finding's events and how often.
struct Tally
{
    QString value;
    quint64 count = 0;
};

// One finding with the detail a report shows. Values are raw log text: every writer escapes them
// for its own format (ReportText).
struct ReportFinding
{
    QString user;
    quint64 count = 0;
    TimeMs firstTime = 0;
    TimeMs lastTime = 0;
    QStringList eventNames; // distinct, byte-wise order (docs/detection.md, Findings)
    QStringList identityTypes;
    QStringList accounts;
    // Names this user can be mistaken for (TR39 skeletons): observed users and list entries.
    QStringList confusableWith;
    QString principalClass; // principalClassName() of the finding's class
    QString classEvidence;  // what decided it
    // docs/detection.md, Risk. Where riskKnown is false (an imported engine result) the numbers are
    // unknown, not 0: writers say kRiskNotAvailable (core/detection/risk.h).
    bool riskKnown = true;
    int risk = 0;
    QString riskExplanation;
    quint64 writeCalls = 0, failedCalls = 0;
    // eventNames as a person reads them: sensitive calls first, marked and counted, then the rest
    // (apiNamesSensitiveFirst); the first sensitiveApis of them are the sensitive ones.
    QStringList apis;
    int sensitiveApis = 0;
    // Sorted by count, then value; all values, writers decide how many to show.
    std::vector<Tally> regions, sourceIps, userAgents, eventSources;
    std::vector<Tally> accountCounts; // the accounts above, with their counts (the window's summary)
    std::vector<Tally> accessKeys;    // userIdentity.accessKeyId (the window's summary)
    quint64 readOnly = 0, write = 0, readUnknown = 0;
    // Events per bucket on the report's shared time axis (ReportData::axis).
    std::vector<quint32> activity;
};

// The time axis every finding's activity chart shares, so that charts can be compared by eye.
struct ReportAxis
{
    TimeMs start = 0; // the first bucket begins here (aligned to the bucket size)
    qint64 bucketMs = 3600000;
    int buckets = 0;
    QString unit() const; // "hour", "6 hours", "day", "week"
};

// Everything the report writers need, format-independent and free of Gui types: built once, then
// written as HTML, Markdown, CSV, JSON or (by trailwarden_pdf) PDF.
//
// A finding's detail (its tallies, activity and names as text) costs about 2 KB; holding it for a
// million findings took gigabytes. So ReportData keeps only what the summary needs plus the events
// of each finding as indices into the store, and a writer asks for one finding's detail at a time
// (finding()) while it streams: memory beyond the store and the detection result is a few bytes a
// finding and an event.
struct ReportData
{
    std::shared_ptr<const EventStore> store;
    DetectionResult result; // the reported findings, in the order to report them
    ReportAxis axis;
    RunManifest manifest;
    // Parallel to result.findings when a review file was given (scan --review): "new since last
    // review" and the triage of each finding. Empty otherwise, and the outputs do not show them.
    std::vector<FindingReview> review;
    // Set when an aliases file was given (scan --aliases, File ▸ Account Aliases): every format
    // shows the names beside the account ids (accountLabels), JSON and CSV in a field of their own.
    std::shared_ptr<const AccountAliases> aliases;

    std::size_t size() const { return result.findings.size(); }
    bool empty() const { return result.findings.empty(); }
    // Finding i with its detail, computed from the store now.
    ReportFinding finding(std::size_t i) const;
    // Only its row of a findings table: user, count, times and names, no tallies or activity.
    ReportFinding headline(std::size_t i) const;
    // Only its events per bucket of axis (what a sparkline needs).
    std::vector<quint32> activity(std::size_t i) const;
    // The events of all reported findings per bucket of axis.
    const std::vector<quint32>& overview() const { return findingEvents().overview; }
    // The account ids as shown: "123456789012 (prod-payments)" with aliases, else the ids.
    QStringList accountLabels(const QStringList& accountIds) const
    {
        return aliases ? aliases->labels(accountIds) : accountIds;
    }

private:
    // Each finding's successful events and the overview, from one pass over the store's events,
    // made the first time a writer asks (from `result` as it is then): the JSON and CSV writers
    // need neither, and the pass was a sixth of what a scan did on one thread after a 10M load.
    struct FindingEvents
    {
        std::vector<quint32> overview;
        // Finding i's are events[start[i]] up to events[start[i + 1]]: indices into the store's
        // events, in store order.
        std::vector<std::uint32_t> events;
        std::vector<std::size_t> start; // result.findings.size() + 1 entries
    };
    struct LazyFindingEvents
    {
        std::once_flag once;
        FindingEvents value;
    };
    const FindingEvents& findingEvents() const;
    std::shared_ptr<LazyFindingEvents> m_findingEvents = std::make_shared<LazyFindingEvents>();
};

// Where a report writer streams its bytes (UTF-8), piece by piece, so that a report's size in
// memory does not grow with the number of findings: an AtomicFile, stdout, or a buffer. Returns
// false to stop the writer (the write failed); the writer then returns false too.
using ReportSink = std::function<bool(QByteArrayView)>;

// Collects what a writer streams to a sink: for callers that need the whole text (tests, PDF).
class ReportBuffer
{
public:
    ReportSink sink()
    {
        return [this](QByteArrayView bytes) {
            m_bytes.append(bytes);
            return true;
        };
    }
    const QByteArray& bytes() const { return m_bytes; }

private:
    QByteArray m_bytes;
};

// A report of the given findings; their events are grouped when a writer first needs them, in one
// pass over the events (not one per finding). `shown` is the result to report: the whole
// detection, or the rows a view shows in its order.
ReportData buildReportData(std::shared_ptr<const EventStore> store, DetectionResult shown,
                           RunManifest manifest);

// A DetectionResult restricted to the given users (by string id), in the given order: what a
// filtered, sorted view exports.
DetectionResult selectFindings(const DetectionResult& result, const std::vector<std::uint32_t>& users);

} // namespace tw
