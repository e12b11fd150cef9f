// SPDX-License-Identifier: GPL-3.0-or-later

#pragma once

#include "core/detection/detection.h"
#include "core/detection/suppressions.h"
#include "core/ingest/eventstore.h"
#include "core/lists/identitylists.h"
#include "core/version.h"

#include <QByteArray>
#include <QDateTime>
#include <QString>
#include <QStringList>

#include <optional>
#include <vector>

namespace tw {

// One input file as a report names it.
struct ManifestFile
{
    QString path;
    qint64 bytes = 0;  // on disk when it was loaded
    QByteArray sha256; // lower-case hex; empty when not hashed or unreadable
    QString hashError; // why there is no hash (or why it may not be the file that was read)
};

// A lookup (approved accounts, identity list) as a report names it.
struct ManifestLookup
{
    QString path; // empty: no list was used
    QByteArray sha256;
    qsizetype entries = 0; // identities taken from it
    qsizetype rows = 0;    // data rows in the file
    QString error;
    // Entries that match every user name ('*', '**': isAllWildcard): the list turns the detection off.
    QStringList matchesEveryone;
};

// A suppression rule (the `_filter` macro) and how many findings it hid in this run.
struct ManifestSuppression
{
    QString id;
    QString description;
    quint64 hidden = 0;
};

// An imported engine result (trailwarden-cli import): where the findings came from.
struct ManifestEngine
{
    QString engine; // "athena", "lake", "securitylake", "splunk"
    QString query;  // the TrailWarden header line of the query, empty when the result had none
    QString window; // "2026-10-01T00:00:00Z to 2026-11-01T00:00:00Z", "unknown"
    bool listsEmbedded = false;
};

// What a report says was read, and how: enough for a reader to reproduce the run or to notice
// that it cannot be reproduced (a file whose hash no longer matches). Plain data, no Qt objects
// that need a thread; built once per report.
struct RunManifest
{
    QString tool = QStringLiteral("TrailWarden");
    QString version = QStringLiteral(TRAILWARDEN_VERSION);
    RuleSet rules = RuleSet::Ta7;
    QStringList inputs; // the paths the user gave (files and folders)
    std::vector<ManifestFile> files;
    quint64 fileCount = 0;
    quint64 unreadableFiles = 0;
    quint64 skippedFiles = 0;
    quint64 bytes = 0;
    std::optional<TimeMs> firstEvent, lastEvent;
    quint64 events = 0;
    quint64 duplicates = 0;
    quint64 malformed = 0;
    quint64 successful = 0;
    quint64 excluded = 0;
    quint64 excludedUsers = 0;
    quint64 findings = 0; // in the whole result
    quint64 reported = 0; // in this report (a GUI export reports what the view shows)
    QString scope;        // how the reported findings were chosen, e.g. a filter; empty: all
    // The time range the findings were restricted to, [rangeFrom, rangeTo) (unset: the whole load);
    // scope says it in words too.
    std::optional<TimeMs> rangeFrom, rangeTo;
    quint64 problems = 0;
    ManifestLookup approved, identities;
    ManifestLookup suppressionFile;                // entries: rules
    ManifestLookup accountAliases;                 // entries: named accounts; shown, never detected on
    std::vector<ManifestSuppression> suppressions; // the _filter macro's rules, in order
    quint64 suppressed = 0;                        // findings they hid
    bool hashed = false;                           // whether SHA-256 values were computed
    std::optional<ManifestEngine> engineResult;    // set: the files are engine results, not logs
    QDateTime generated;                           // local time with its offset
    QString timeZone;                              // IANA id of the system time zone
};

struct ManifestOptions
{
    // Only reports that carry a manifest ask for hashes. A file the load hashed as it read it
    // (LoadOptions::hashFiles, as `scan` does) keeps that hash; any other is read again.
    bool hashFiles = true;
};

// Builds the manifest of a load and a detection. Hashes the inputs the load did not hash on the
// global thread pool (the files were just read, so they are usually in the page cache). Blocks; call it off
// the UI thread for large inputs.
RunManifest buildManifest(const EventStore& store, const DetectionResult& result, const QStringList& inputs,
                          const QString& approvedPath, const LookupLoad& approved,
                          const QString& identityPath, const LookupLoad& identities,
                          const ManifestOptions& options = {});

// Adds the suppression rules that were applied (addSuppressions after buildManifest, so that the
// manifest of a run without rules needs no SuppressionSet).
void addSuppressions(RunManifest& manifest, const QString& path, const SuppressionSet& set,
                     const DetectionResult& result);

// The suppressions for people, plain text (writers escape it): one line a rule, "id — description:
// hid N findings", then where the rules came from; empty when there are none.
QStringList suppressionLines(const RunManifest& manifest);

// "events from 2026-11-01 12:00:00 to 2026-11-01 18:00:00 UTC only" for a time range (an open end
// reads "the first event" / "the last event"), empty without one.
QString timeRangeText(std::optional<TimeMs> from, std::optional<TimeMs> to);

// SHA-256 of a file, lower-case hex; empty with *error set when it cannot be read.
QByteArray sha256OfFile(const QString& path, QString* error = nullptr);

// "2026-11-28 07:05:09 UTC+01:00 (Europe/Berlin)": when a report was made, for people.
QString generatedText(const RunManifest& manifest);

// The manifest as a JSON object (UTF-8, no trailing newline), for the JSON report and sidecars.
std::string manifestJson(const RunManifest& manifest, int indent = -1);

// What a report must say before anything else, in sentences: a list with an entry that matches every
// user (ManifestLookup::matchesEveryone) means no finding could be reported. Empty when all is well.
QStringList reportWarnings(const RunManifest& manifest);

} // namespace tw
