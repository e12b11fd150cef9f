// SPDX-License-Identifier: GPL-3.0-or-later

#pragma once

#include "core/detection/detection.h"
#include "core/detection/suppressions.h"
#include "core/engines/engineresult.h"
#include "core/ingest/eventstore.h"
#include "core/ingest/loader.h"
#include "core/lists/accountaliases.h"
#include "core/lists/identitylists.h"
#include "core/report/reportpipeline.h"

#include <QFutureWatcher>
#include <QObject>
#include <QTimer>

#include <atomic>

#include <memory>
#include <optional>

class QThreadPool;

namespace tw {

// What a load hands back from its worker: the store and the per-rule-set group-by, so that
// switching rules or re-running after an approval touches no file.
struct LoadedData
{
    std::shared_ptr<const EventStore> store;
    std::shared_ptr<const ActivityTable> ta7;
    std::shared_ptr<const ActivityTable> legacy;
    // Set when the data is an engine's result (importResults), not logs.
    std::shared_ptr<const EngineResult> imported;
    // The detection over the imported rows, run on the worker with the lists of `listsGeneration`
    // (a 100k-user result would otherwise block the owner's thread for the detection).
    std::shared_ptr<const DetectionResult> result;
    quint64 listsGeneration = 0;
    // The first and last event of the load (any outcome), found on the worker: the extent a time
    // range is chosen in.
    std::optional<TimeMs> firstEvent, lastEvent;
};

// Names an imported engine result in a report request: the engine, its query line and window, and
// the event window from its users' first and last times (it has no events).
void describeEngineResult(ReportRequest& request, const EngineResult& imported);

// The facade the CLI and the GUI share. Lives on (and must be used from) the thread that created
// it; loads run on worker threads, results arrive as signals on the owner's thread. Everything it
// hands out is an immutable snapshot (shared_ptr to const), safe to keep while a new load runs.
class AnalysisSession : public QObject
{
    Q_OBJECT
public:
    explicit AnalysisSession(QObject* parent = nullptr);
    ~AnalysisSession() override;

    void setLoadOptions(const LoadOptions& options) { m_options = options; }

    // Lookups are small CSVs read on the calling thread. An empty path means "no list".
    // On error the list is treated as empty and lookupProblem() is emitted; returns false.
    bool setApprovedList(const QString& path);
    bool setIdentityList(const QString& path);
    QString approvedPath() const { return m_approvedPath; }
    QString identityPath() const { return m_identityPath; }
    const LookupLoad& approvedList() const { return m_approved; }
    const LookupLoad& identityList() const { return m_identities; }

    // Suppression rules (the `_filter` macro), applied last. An empty path means none.
    bool setSuppressionsPath(const QString& path);
    QString suppressionsPath() const { return m_suppressionsPath; }
    const SuppressionSet& suppressions() const { return m_suppressions; }

    // Names shown beside account ids (core/lists/accountaliases.h); never part of the detection,
    // so setting them re-runs nothing. An empty path means none. Its problems and error are in the
    // returned snapshot for the caller to show; accountAliasesChanged() follows. Returns ok().
    bool setAccountAliasesPath(const QString& path);
    // The same with a file already read (null: none).
    void setAccountAliases(std::shared_ptr<const AccountAliases> aliases);
    QString accountAliasesPath() const { return m_aliases->path(); }
    // Never null.
    std::shared_ptr<const AccountAliases> accountAliases() const { return m_aliases; }

    // What the rules would hide in the data loaded now, with the lists in force: per rule (first
    // match wins, as applySuppressions counts) and in total at the end. Empty without data. For the
    // rules editor's preview; the session's own result is not touched.
    std::vector<std::uint64_t> previewSuppressions(const std::vector<SuppressionRule>& rules) const;

    // The clock for `expires` (tests pin it); invalid = the current time at each detection.
    void setNow(const QDateTime& now)
    {
        m_now = now;
        ++m_listsGeneration;
    }
    QDateTime now() const { return m_now; }

    void setRules(RuleSet rules);
    RuleSet rules() const { return m_rules; }

    // Starts loading in the background; a load already running is cancelled first.
    void load(const QStringList& paths);
    void cancel();
    // Reads engine results (Athena CSV, Lake JSON, Splunk CSV) in the background instead of logs:
    // the findings, lists, approvals and reports then work on the engine's per-user rows. A file
    // that cannot be read is a load problem, as a broken log is.
    void importResults(const QStringList& paths, const EngineImportOptions& options = {});
    // The engine result being shown, or null when the data are logs.
    std::shared_ptr<const EngineResult> imported() const { return m_data.imported; }
    bool isLoading() const { return m_watcher.isRunning(); }
    // Blocks until the current load (if any) has finished and its signals were delivered.
    void waitForLoad();

    // Re-reads both lookups from disk and re-runs the detection from memory.
    void rerun();
    // The same, but the detection runs on a worker over immutable snapshots (the store, the
    // activity table, copies of the matchers and rules): the lookups are read here (their problems
    // are signalled before this returns), the result is put in force on this thread and
    // resultChanged() follows. Anything newer (another re-run, a load, other rules or lists)
    // supersedes a re-run still running: its result is dropped, never shown.
    void rerunInBackground();
    // A background re-run has started and its result is not in force yet (rerunPendingChanged()
    // says when that changes).
    bool rerunPending() const { return m_rerunPending; }
    // The threads background re-runs run on; null (the default) is QThreadPool::globalInstance().
    // The window gives its own pool: Qt's raster paint engine waits on the UI thread for fills it
    // splits over the global pool, so a detection there would stall repaints.
    void setWorkerPool(QThreadPool* pool) { m_workerPool = pool; }
    // Blocks until a pending background re-run is done and its resultChanged() was delivered.
    void waitForRerun();

    std::shared_ptr<const EventStore> store() const { return m_data.store; }
    std::shared_ptr<const ActivityTable> activity() const;
    std::shared_ptr<const DetectionResult> result() const { return m_result; }
    // How many detections ran on the owner's thread (lists changed, rerun): an imported result's
    // first detection runs on the worker, so that the window does not stall at the end of a load.
    quint64 ownerThreadDetections() const { return m_ownerThreadDetections; }
    // How many detections ran on a worker (background re-runs, an import's first detection),
    // whether or not their result was put in force.
    quint64 workerDetections() const { return m_workerDetections->load(); }

    // The time range (View ▸ Time Range, a drag on the timeline): the detection counts only the
    // events in [from, to) (an open end is unset), so findings, counts, first/last times and the
    // drill-down all narrow to it. Aggregating the range passes over every event: it runs on a worker
    // like rerunInBackground(), and resultChanged() follows (rerunPending() until then). A new load
    // clears it; engine results (no events) ignore it. timeRangeChanged() is emitted at once.
    void setTimeRange(std::optional<TimeMs> from, std::optional<TimeMs> to);
    void clearTimeRange() { setTimeRange(std::nullopt, std::nullopt); }
    bool hasTimeRange() const { return m_rangeFrom || m_rangeTo; }
    std::optional<TimeMs> rangeFrom() const { return m_rangeFrom; }
    std::optional<TimeMs> rangeTo() const { return m_rangeTo; }
    // The first and last event of the loaded logs; unset without events (or for engine results).
    std::optional<TimeMs> firstEvent() const { return m_data.firstEvent; }
    std::optional<TimeMs> lastEvent() const { return m_data.lastEvent; }

    // What a report of the current result is made of (prepareReport): the snapshots, the lists and
    // rules in force, and the engine when the data are an imported result. The caller adds the
    // inputs it was given and, for a view, the findings it shows.
    ReportRequest reportRequest() const;

Q_SIGNALS:
    void loadStarted();
    void progressChanged(quint64 filesDone, quint64 filesTotal, quint64 bytesDone, quint64 bytesTotal,
                         quint64 events);
    void loadFinished(bool cancelled);
    void resultChanged();
    void rerunPendingChanged(bool pending);
    void timeRangeChanged();
    void lookupProblem(const QString& message);
    void accountAliasesChanged();

private:
    bool readLists(bool approved, bool identities);
    void onLoadDone();
    void emitProgress();
    void detect();
    void setRerunPending(bool pending);
    // Aggregates the time range (or takes the whole table without one) and detects, on a worker.
    void detectInBackground();
    // The detection over the loaded data with the lists in force, before any suppression rule.
    std::optional<DetectionResult> unsuppressed() const;
    // What detect() computes, from copies: safe to run on a worker thread.
    struct DetectionInputs
    {
        IdentityMatcher approved, expired, identities;
        std::vector<SuppressionRule> suppressions;
    };
    DetectionInputs detectionInputs() const;
    static DetectionResult runDetectionWith(const EventStore& store, const ActivityTable& table,
                                            const DetectionInputs& in);

    LoadOptions m_options;
    RuleSet m_rules = RuleSet::Ta7;
    QString m_approvedPath, m_identityPath;
    LookupLoad m_approved, m_identities;
    IdentityMatcher m_approvedMatcher, m_identityMatcher;
    IdentityMatcher m_expiredMatcher; // approvals past `expires`: they no longer exclude
    QString m_suppressionsPath;
    SuppressionSet m_suppressions;
    std::shared_ptr<const AccountAliases> m_aliases = std::make_shared<const AccountAliases>();
    QDateTime m_now;
    quint64 m_listsGeneration = 0; // bumped whenever a list, the suppressions or the clock change
    quint64 m_ownerThreadDetections = 0;
    // Counted by the workers; shared, since a superseded worker may finish after the session is gone.
    std::shared_ptr<std::atomic<quint64>> m_workerDetections = std::make_shared<std::atomic<quint64>>(0);
    QThreadPool* m_workerPool = nullptr;

    LoadedData m_data;
    std::optional<TimeMs> m_rangeFrom, m_rangeTo;
    // The activity of the events in the range, under ranged->rules; null until the worker is done.
    std::shared_ptr<const ActivityTable> m_ranged;
    std::shared_ptr<const DetectionResult> m_result;

    QFutureWatcher<LoadedData> m_watcher;
    // Every detection takes a new generation; a background result of an older one is dropped.
    quint64 m_generation = 0;
    bool m_rerunPending = false;
    QFutureWatcherBase* m_rerunWatcher = nullptr;
    std::shared_ptr<LoadProgress> m_progress;
    std::shared_ptr<std::atomic_bool> m_cancel;
    QTimer m_progressTimer;
};

} // namespace tw
