// SPDX-License-Identifier: GPL-3.0-or-later

#include "core/analysissession.h"

#include <QCoreApplication>
#include <QThreadPool>
#include <QtConcurrent/QtConcurrentRun>

#include <thread>
#include <utility>

namespace tw {

namespace {
LookupLoad readList(const QString& path, bool identityList)
{
    if (path.isEmpty())
        return {};
    return identityList ? loadIdentityList(path) : loadApprovedAccounts(path);
}
// The engine reader's messages start with the file they are about ("x.csv: line 3: ..."); a
// LoadProblem holds the file apart, and the window and the CLI print "path: message", so the
// prefix is moved into the path instead of being said twice.
LoadProblem importProblem(const QStringList& paths, const QString& message)
{
    for (const QString& path : paths)
        if (message.startsWith(path + QStringLiteral(": ")))
            return {path, message.mid(path.size() + 2)};
    return {paths.value(0), message};
}

// Drops a snapshot's reference on a worker once the views have moved to its successor: freeing
// 100,000 findings (their API names, accounts, look-alikes) is tens of milliseconds of free() that
// the last holder pays, and without this the last holder is a view on the UI thread.
void releaseOnWorker(QThreadPool* pool, std::shared_ptr<const DetectionResult> snapshot)
{
    if (snapshot)
        pool->start([snapshot = std::move(snapshot)]() mutable { snapshot.reset(); });
}

// What the detection runs over: with a time range only its own table will do (the whole load's
// would show findings outside it), and none until the worker has made it for these rules.
std::shared_ptr<const ActivityTable> detectionTable(bool ranged,
                                                    const std::shared_ptr<const ActivityTable>& range,
                                                    RuleSet rules, std::shared_ptr<const ActivityTable> whole)
{
    if (ranged)
        return range && range->rules == rules ? range : nullptr;
    return whole;
}

} // namespace

AnalysisSession::AnalysisSession(QObject* parent)
    : QObject(parent)
{
    // 10 Hz is smooth for a progress bar and costs nothing: the workers only bump atomics.
    m_progressTimer.setInterval(100);
    connect(&m_progressTimer, &QTimer::timeout, this, &AnalysisSession::emitProgress);
    connect(&m_watcher, &QFutureWatcher<LoadedData>::finished, this, &AnalysisSession::onLoadDone);
}

AnalysisSession::~AnalysisSession()
{
    cancel();
    m_watcher.waitForFinished();
}

bool AnalysisSession::setApprovedList(const QString& path)
{
    m_approvedPath = path;
    const bool ok = readLists(true, false);
    detect();
    return ok;
}

bool AnalysisSession::setIdentityList(const QString& path)
{
    m_identityPath = path;
    const bool ok = readLists(false, true);
    detect();
    return ok;
}

bool AnalysisSession::readLists(bool approved, bool identities)
{
    auto read = [this](const QString& path, bool identityList, LookupLoad& load) {
        load = readList(path, identityList);
        for (const QString& w : std::as_const(load.warnings))
            Q_EMIT lookupProblem(w);
        if (!load.ok())
            Q_EMIT lookupProblem(load.error);
        return load.ok();
    };
    bool ok = true;
    ++m_listsGeneration;
    if (approved)
        ok &= read(m_approvedPath, false, m_approved);
    if (identities) {
        ok &= read(m_identityPath, true, m_identities);
        m_identityMatcher = IdentityMatcher(m_identities.identities);
    }
    return ok;
}

bool AnalysisSession::setSuppressionsPath(const QString& path)
{
    m_suppressionsPath = path;
    const bool hadRules = !m_suppressions.rules.empty();
    m_suppressions = loadSuppressions(path);
    ++m_listsGeneration;
    for (const QString& w : std::as_const(m_suppressions.warnings))
        Q_EMIT lookupProblem(w);
    if (!m_suppressions.ok())
        Q_EMIT lookupProblem(m_suppressions.error);
    // No rules before and after (the usual case: the file beside a new approved CSV does not
    // exist): the result cannot change, and re-running it would block the caller for nothing.
    if (hadRules || !m_suppressions.rules.empty() || !m_result)
        detect();
    return m_suppressions.ok();
}

bool AnalysisSession::setAccountAliasesPath(const QString& path)
{
    setAccountAliases(std::make_shared<const AccountAliases>(AccountAliases::load(path)));
    return m_aliases->ok();
}

void AnalysisSession::setAccountAliases(std::shared_ptr<const AccountAliases> aliases)
{
    m_aliases = aliases ? std::move(aliases) : std::make_shared<const AccountAliases>();
    Q_EMIT accountAliasesChanged();
}

void AnalysisSession::setRules(RuleSet rules)
{
    if (rules == m_rules)
        return;
    m_rules = rules;
    detect();
}

void describeEngineResult(ReportRequest& request, const EngineResult& imported)
{
    ManifestEngine engine;
    engine.engine = engineName(imported.engine);
    engine.query = imported.header ? imported.header->toLine() : QString();
    engine.window = imported.header ? imported.header->windowText() : QStringLiteral("unknown");
    engine.listsEmbedded = imported.header && imported.header->listsEmbedded;
    request.engineResult = engine;
    request.firstEvent.reset();
    request.lastEvent.reset();
    if (imported.activity)
        for (const UserActivity& a : imported.activity->users) {
            request.firstEvent = std::min(request.firstEvent.value_or(a.firstTime), a.firstTime);
            request.lastEvent = std::max(request.lastEvent.value_or(a.lastTime), a.lastTime);
        }
}

ReportRequest AnalysisSession::reportRequest() const
{
    ReportRequest request;
    request.store = m_data.store;
    request.result = m_result;
    request.approvedPath = m_approvedPath;
    request.approved = m_approved;
    request.identityPath = m_identityPath;
    request.identities = m_identities;
    request.suppressionsPath = m_suppressionsPath;
    request.suppressions = m_suppressions;
    request.aliases = m_aliases;
    request.rangeFrom = m_rangeFrom;
    request.rangeTo = m_rangeTo;
    if (m_data.imported)
        describeEngineResult(request, *m_data.imported);
    return request;
}

// The whole load's, whatever the time range: the list's stewardship (never matched, stale) and the
// baseline are about all the data read; only the findings narrow to a range (detectionTable).
std::shared_ptr<const ActivityTable> AnalysisSession::activity() const
{
    return m_rules == RuleSet::Ta7 ? m_data.ta7 : m_data.legacy;
}

void AnalysisSession::load(const QStringList& paths)
{
    cancel();
    // The previous load's result is dropped by onLoadDone: the watcher is re-pointed below and a
    // future it no longer watches reports nothing.
    m_progress = std::make_shared<LoadProgress>();
    m_cancel = std::make_shared<std::atomic_bool>(false);
    const auto progress = m_progress;
    const auto cancelFlag = m_cancel;
    const LoadOptions options = m_options;
    m_watcher.setFuture(QtConcurrent::run([paths, options, progress, cancelFlag] {
        LoadedData data;
        // Both rule sets up front, so that switching rules later is instant; only the one the load
        // keeps users for when it keeps one (LoadOptions::onlyRules). They are counted as each
        // file is merged, while the other threads read on: after the last file only the per-user
        // finish is left (a pass over 10M events on one thread took ~0.5 s while the other cores
        // idled).
        std::optional<ActivityAggregator> ta7, legacy;
        if (options.onlyRules != RuleSet::Legacy)
            ta7.emplace(RuleSet::Ta7);
        if (options.onlyRules != RuleSet::Ta7)
            legacy.emplace(RuleSet::Legacy);
        // In batches of many files' events: one file's few hundred left the users' rows to fall out
        // of the caches between two files (the counting took twice the CPU it takes in one pass).
        constexpr std::size_t kBatch = std::size_t(1) << 16;
        std::size_t counted = 0;
        const auto count = [&](const EventStore& s) {
            const std::size_t end = s.events.size();
            if (counted == end)
                return;
            if (ta7)
                ta7->add(s, counted, end);
            if (legacy)
                legacy->add(s, counted, end);
            const auto times = s.events.time.begin();
            const auto [lo, hi] =
                std::minmax_element(times + std::ptrdiff_t(counted), times + std::ptrdiff_t(end));
            data.firstEvent = std::min(data.firstEvent.value_or(*lo), *lo);
            data.lastEvent = std::max(data.lastEvent.value_or(*hi), *hi);
            counted = end;
        };
        LoadOptions counting = options;
        counting.onMerged = [&](const EventStore& s, std::size_t) {
            if (s.events.size() - counted >= kBatch)
                count(s);
        };
        auto store = loadEvents(paths, counting, progress.get(), cancelFlag.get());
        if (store->cancelled) {
            data.firstEvent.reset();
            data.lastEvent.reset();
        } else {
            count(*store);
            std::thread finishLegacy([&data, &store, &legacy] {
                if (legacy)
                    data.legacy = std::make_shared<const ActivityTable>(legacy->finish(*store));
            });
            if (ta7)
                data.ta7 = std::make_shared<const ActivityTable>(ta7->finish(*store));
            finishLegacy.join();
        }
        data.store = std::move(store);
        return data;
    }));
    m_progressTimer.start();
    Q_EMIT loadStarted();
}

void AnalysisSession::importResults(const QStringList& paths, const EngineImportOptions& options)
{
    cancel();
    m_progress = std::make_shared<LoadProgress>();
    m_cancel = std::make_shared<std::atomic_bool>(false);
    m_watcher.setFuture(
        QtConcurrent::run([paths, options, inputs = detectionInputs(), generation = m_listsGeneration,
                           workerDetections = m_workerDetections] {
            auto imported = std::make_shared<EngineResult>(readEngineResults(paths, options));
            LoadedData data;
            if (!imported->ok()) {
                auto store = std::make_shared<EventStore>();
                store->problems.push_back(importProblem(paths, imported->error));
                store->counts.files = store->counts.unreadable = static_cast<std::uint64_t>(paths.size());
                data.store = std::move(store);
                return data;
            }
            for (const QString& warning : imported->warnings)
                imported->store->problems.push_back(importProblem(paths, warning));
            // The engine chose the rules: both slots hold its table, so a rules switch changes nothing.
            data.store = imported->store;
            data.ta7 = data.legacy = imported->activity;
            data.result = std::make_shared<const DetectionResult>(
                runDetectionWith(*imported->store, *imported->activity, inputs));
            ++*workerDetections;
            data.listsGeneration = generation;
            data.imported = std::move(imported);
            return data;
        }));
    m_progressTimer.start();
    Q_EMIT loadStarted();
}

void AnalysisSession::cancel()
{
    if (m_cancel)
        m_cancel->store(true);
}

void AnalysisSession::waitForLoad()
{
    if (!m_watcher.isRunning() && !m_watcher.isFinished())
        return;
    m_watcher.waitForFinished();
    // Deliver the watcher's queued finished signal, so that the caller sees the new result.
    QCoreApplication::processEvents();
}

void AnalysisSession::rerun()
{
    readLists(true, true);
    m_suppressions = loadSuppressions(m_suppressionsPath);
    detect();
}

void AnalysisSession::rerunInBackground()
{
    readLists(true, true);
    m_suppressions = loadSuppressions(m_suppressionsPath);
    detectInBackground();
}

void AnalysisSession::setTimeRange(std::optional<TimeMs> from, std::optional<TimeMs> to)
{
    if (m_data.imported)
        return; // an engine's per-user rows have no events to restrict
    if (from && to && *to < *from)
        std::swap(from, to);
    if (from == m_rangeFrom && to == m_rangeTo)
        return;
    m_rangeFrom = from;
    m_rangeTo = to;
    m_ranged.reset();
    Q_EMIT timeRangeChanged();
    detectInBackground();
}

void AnalysisSession::detectInBackground()
{
    if (!m_data.store)
        return;
    const RuleSet rules = m_rules;
    // Without a range (or with its table ready) the table is at hand; else the worker makes it.
    std::shared_ptr<const ActivityTable> table = hasTimeRange() ? m_ranged : activity();
    if (table && table->rules != rules)
        table.reset();
    if (!table && !hasTimeRange())
        return;
    DetectionInputs in = detectionInputs();
    m_approvedMatcher = in.approved;
    m_expiredMatcher = in.expired;
    const quint64 generation = ++m_generation;
    setRerunPending(true);
    struct Outcome
    {
        std::shared_ptr<const ActivityTable> table;
        std::shared_ptr<const DetectionResult> result;
    };
    // Only immutable snapshots and copies cross to the worker; nothing of `this`.
    QThreadPool* pool = m_workerPool ? m_workerPool : QThreadPool::globalInstance();
    auto future = QtConcurrent::run(pool, [store = m_data.store, table, rules, from = m_rangeFrom,
                                           to = m_rangeTo, in = std::move(in),
                                           workerDetections = m_workerDetections] {
        Outcome out;
        out.table =
            table ? table : std::make_shared<const ActivityTable>(aggregateActivity(*store, rules, from, to));
        out.result = std::make_shared<const DetectionResult>(runDetectionWith(*store, *out.table, in));
        ++*workerDetections;
        return out;
    });
    auto* watcher = new QFutureWatcher<Outcome>(this);
    m_rerunWatcher = watcher;
    connect(watcher, &QFutureWatcherBase::finished, this, [this, watcher, generation] {
        watcher->deleteLater();
        if (m_rerunWatcher == watcher)
            m_rerunWatcher = nullptr;
        if (generation != m_generation)
            return; // superseded: a newer detection is (or will be) in force
        const Outcome out = watcher->result();
        if (hasTimeRange())
            m_ranged = out.table;
        auto previous = std::exchange(m_result, out.result);
        // Not pending any more before the views follow, so that they see the result as final.
        setRerunPending(false);
        Q_EMIT resultChanged();
        releaseOnWorker(m_workerPool ? m_workerPool : QThreadPool::globalInstance(), std::move(previous));
    });
    watcher->setFuture(future);
}

void AnalysisSession::setRerunPending(bool pending)
{
    if (pending == m_rerunPending)
        return;
    m_rerunPending = pending;
    Q_EMIT rerunPendingChanged(pending);
}

void AnalysisSession::waitForRerun()
{
    while (m_rerunPending && m_rerunWatcher) {
        m_rerunWatcher->waitForFinished();
        // Deliver the watcher's queued finished signal.
        QCoreApplication::processEvents();
    }
}

void AnalysisSession::emitProgress()
{
    if (!m_progress)
        return;
    const LoadProgress& p = *m_progress;
    Q_EMIT progressChanged(p.filesDone.load(), p.filesTotal.load(), p.bytesDone.load(), p.bytesTotal.load(),
                           p.events.load());
}

void AnalysisSession::onLoadDone()
{
    m_progressTimer.stop();
    emitProgress();
    LoadedData data = m_watcher.result();
    const bool cancelled = data.store->cancelled;
    if (!cancelled) {
        // The worker's detection stands when the lists did not change while it ran (the rules do
        // not matter: an engine result has one table for both).
        auto result = std::move(data.result);
        const bool current = result && data.listsGeneration == m_listsGeneration;
        m_data = std::move(data);
        // A range belongs to the data it was chosen on.
        m_ranged.reset();
        if (hasTimeRange()) {
            m_rangeFrom.reset();
            m_rangeTo.reset();
            Q_EMIT timeRangeChanged();
        }
        if (current) {
            ++m_generation;
            setRerunPending(false);
            const DetectionInputs in = detectionInputs();
            m_approvedMatcher = in.approved;
            m_expiredMatcher = in.expired;
            m_result = std::move(result);
            Q_EMIT resultChanged();
        } else {
            detect();
        }
    }
    Q_EMIT loadFinished(cancelled);
}

AnalysisSession::DetectionInputs AnalysisSession::detectionInputs() const
{
    // Expiry is decided at each run, so an approval that lapses while the window is open stops
    // excluding at the next re-run.
    const QDateTime now = m_now.isValid() ? m_now : QDateTime::currentDateTimeUtc();
    QStringList active, expired;
    for (const IdentityEntry& e : std::as_const(m_approved.entries))
        (e.expiresAt.isValid() && e.expiresAt <= now ? expired : active) << e.identity;
    return {IdentityMatcher(active), IdentityMatcher(expired), m_identityMatcher, m_suppressions.rules};
}

DetectionResult AnalysisSession::runDetectionWith(const EventStore& store, const ActivityTable& table,
                                                  const DetectionInputs& in)
{
    auto result = runDetection(store, table, in.approved, in.identities, &in.expired);
    applySuppressions(store, in.suppressions, result);
    return result;
}

std::optional<DetectionResult> AnalysisSession::unsuppressed() const
{
    const auto table = detectionTable(hasTimeRange(), m_ranged, m_rules, activity());
    if (!m_data.store || !table)
        return std::nullopt;
    return runDetection(*m_data.store, *table, m_approvedMatcher, m_identityMatcher, &m_expiredMatcher);
}

std::vector<std::uint64_t>
AnalysisSession::previewSuppressions(const std::vector<SuppressionRule>& rules) const
{
    std::optional<DetectionResult> result = unsuppressed();
    if (!result)
        return {};
    applySuppressions(*m_data.store, rules, *result);
    std::vector<std::uint64_t> counts = result->suppressedByRule;
    counts.push_back(result->suppressed);
    return counts;
}

void AnalysisSession::detect()
{
    const auto table = detectionTable(hasTimeRange(), m_ranged, m_rules, activity());
    if (m_data.store && !table && hasTimeRange()) {
        // The range's table for these rules is not made yet: that pass over the events is a worker's.
        detectInBackground();
        return;
    }
    if (!m_data.store || !table)
        return;
    // Whatever background re-run is still running is older than this.
    ++m_generation;
    setRerunPending(false);
    ++m_ownerThreadDetections;
    DetectionInputs in = detectionInputs();
    auto result = runDetectionWith(*m_data.store, *table, in);
    m_approvedMatcher = std::move(in.approved);
    m_expiredMatcher = std::move(in.expired);
    m_result = std::make_shared<const DetectionResult>(std::move(result));
    Q_EMIT resultChanged();
}

} // namespace tw
