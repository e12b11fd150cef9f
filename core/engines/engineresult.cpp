// SPDX-License-Identifier: GPL-3.0-or-later
#include "core/engines/engineresult.h"

#include "core/detection/principalclass.h"
#include "core/detection/risk.h"

#include <QDateTime>
#include <QFile>
#include <QFileInfo>

#include <nlohmann/json.hpp>

#include <algorithm>
#include <limits>
#include <unordered_map>

namespace tw {

namespace {

// Result files larger than this are refused: a 100k-user result is about 30 MB.
constexpr qint64 kMaxResultBytes = 2LL * 1024 * 1024 * 1024;

struct Cell
{
    QString text;
    bool null = false; // an empty field without quotes: Athena's NULL (a quoted "" is an empty string)
    qsizetype line = 0;
    qsizetype column = 0; // 1-based, in characters
};

// RFC 4180 with what Athena writes: every value quoted, `"` doubled, newlines inside quotes, and an
// unquoted empty field for NULL. Returns false with *error "line L, column C: reason".
// Calls onRow for each row as it is parsed (a 100k-row result is never held as cells); onRow
// returning false stops the parse.
template <typename OnRow> bool parseCsv(const QString& text, OnRow&& onRow, QString* error)
{
    qsizetype line = 1, column = 1;
    qsizetype i = 0;
    const qsizetype n = text.size();
    std::vector<Cell> row;
    while (i < n) {
        Cell cell;
        cell.line = line;
        cell.column = column;
        if (text[i] == u'"') {
            ++i;
            ++column;
            bool closed = false;
            while (i < n) {
                const QChar c = text[i];
                if (c == u'"') {
                    if (i + 1 < n && text[i + 1] == u'"') {
                        cell.text += u'"';
                        i += 2;
                        column += 2;
                        continue;
                    }
                    ++i;
                    ++column;
                    closed = true;
                    break;
                }
                cell.text += c;
                ++i;
                if (c == u'\n') {
                    ++line;
                    column = 1;
                } else {
                    ++column;
                }
            }
            if (!closed) {
                *error = QStringLiteral("line %1, column %2: a quoted value is not closed")
                             .arg(cell.line)
                             .arg(cell.column);
                return false;
            }
            if (i < n && text[i] != u',' && text[i] != u'\n' && text[i] != u'\r') {
                *error =
                    QStringLiteral("line %1, column %2: text after a closing quote").arg(line).arg(column);
                return false;
            }
        } else {
            while (i < n && text[i] != u',' && text[i] != u'\n' && text[i] != u'\r') {
                if (text[i] == u'"') {
                    *error = QStringLiteral("line %1, column %2: a quote inside an unquoted value")
                                 .arg(line)
                                 .arg(column);
                    return false;
                }
                cell.text += text[i];
                ++i;
                ++column;
            }
            cell.null = cell.text.isEmpty();
        }
        row.push_back(std::move(cell));
        if (i < n && text[i] == u',') {
            ++i;
            ++column;
            if (i == n) { // a trailing comma: one more (NULL) field
                Cell last;
                last.null = true;
                last.line = line;
                last.column = column;
                row.push_back(std::move(last));
            }
            continue;
        }
        if (i < n && text[i] == u'\r')
            ++i;
        if (i < n && text[i] == u'\n')
            ++i;
        ++line;
        column = 1;
        if (!onRow(row))
            return false;
        row.clear();
    }
    if (!row.empty() && !onRow(row))
        return false;
    return true;
}

// A value of a result row with where it came from, for messages.
struct Value
{
    QString text;
    bool null = true;
    QString file;
    qsizetype line = 0, column = 0; // CSV
    qsizetype row = 0;              // Lake
    const char* name = "";

    // Built only for a message: "file: line 3, column 14" or "file: row 3, column 'count'".
    QString where() const
    {
        return line > 0 ? QStringLiteral("%1: line %2, column %3").arg(file).arg(line).arg(column)
                        : QStringLiteral("%1: row %2, column '%3'")
                              .arg(file)
                              .arg(row)
                              .arg(QLatin1StringView(name));
    }
};

using Row = std::vector<Value>; // in the order of kColumns

enum Col { User, Count, ReadOnly, First, Last, Names, Types, Accounts, Header, ColCount };
const char* const kColumns[ColCount] = {"user",      "count",        "readonlycount", "firsttime", "lasttime",
                                        "eventname", "identitytype", "account",       "tw_query"};
constexpr bool kRequired[ColCount] = {true, true, false, true, true, true, false, false, false};

int columnOf(QStringView name)
{
    for (int c = 0; c < ColCount; ++c)
        if (name.trimmed().compare(QLatin1StringView(kColumns[c]), Qt::CaseInsensitive) == 0)
            return c;
    return -1;
}

struct Builder
{
    EngineResult& out;
    RuleSet rules;
    QTimeZone zone;
    std::unordered_map<std::uint32_t, std::size_t> slot;

    std::uint32_t intern(const QString& s)
    {
        const QByteArray u = s.toUtf8();
        return out.store->strings.intern(std::string_view(u.constData(), static_cast<std::size_t>(u.size())));
    }

    std::optional<TimeMs> parseTime(const Value& v, Engine engine, QString* error)
    {
        const QString t = v.text.trimmed();
        bool isNumber = false;
        const double epoch = t.toDouble(&isNumber);
        if (isNumber && !t.contains(u'-')) // Splunk's _time when the ctime macro was left out
            return static_cast<TimeMs>(epoch * 1000.0);
        if (engine == Engine::Splunk && zone != QTimeZone::utc()) {
            QDateTime dt = QDateTime::fromString(t.left(19), QStringLiteral("yyyy-MM-ddTHH:mm:ss"));
            if (!dt.isValid())
                dt = QDateTime::fromString(t.left(19), QStringLiteral("yyyy-MM-dd HH:mm:ss"));
            if (dt.isValid() && t.size() == 19) {
                dt.setTimeZone(zone);
                return dt.toMSecsSinceEpoch();
            }
        } else {
            const QByteArray u = t.toUtf8();
            if (auto ms = parseEventTime(std::string_view(u.constData(), static_cast<std::size_t>(u.size()))))
                return ms;
        }
        *error = QStringLiteral("%1: not a time: '%2'").arg(v.where(), t.left(60));
        return std::nullopt;
    }

    bool add(const Row& r, Engine engine, QString* error)
    {
        for (int c = 0; c < ColCount; ++c) {
            if (kRequired[c] && c != Names && r[c].null && r[c].text.isEmpty()) {
                *error = QStringLiteral("%1: %2 is missing (NULL)")
                             .arg(r[c].where(), QLatin1StringView(kColumns[c]));
                return false;
            }
        }
        const QString& user = r[User].text;
        if (user.isEmpty()) {
            *error = QStringLiteral("%1: the user is empty").arg(r[User].where());
            return false;
        }
        bool ok = false;
        const quint64 count = r[Count].text.trimmed().toULongLong(&ok);
        if (!ok) {
            *error = QStringLiteral("%1: count is not a whole number: '%2'")
                         .arg(r[Count].where(), r[Count].text.left(40));
            return false;
        }
        quint64 readOnly = 0;
        if (!r[ReadOnly].null && !r[ReadOnly].text.isEmpty()) {
            readOnly = r[ReadOnly].text.trimmed().toULongLong(&ok);
            if (!ok || readOnly > count) {
                *error = QStringLiteral("%1: readonlycount is not a whole number up to count: '%2'")
                             .arg(r[ReadOnly].where(), r[ReadOnly].text.left(40));
                return false;
            }
        }
        const auto first = parseTime(r[First], engine, error);
        if (!first)
            return false;
        const auto last = parseTime(r[Last], engine, error);
        if (!last)
            return false;
        if (*last < *first) {
            *error = QStringLiteral("%1: lasttime is before firsttime").arg(r[Last].where());
            return false;
        }
        const std::uint32_t id = intern(user);
        auto [it, fresh] = slot.emplace(id, out.activity->users.size());
        if (fresh) {
            UserActivity a;
            a.user = id;
            a.firstTime = *first;
            a.lastTime = *last;
            out.activity->users.push_back(std::move(a));
        }
        UserActivity& a = out.activity->users[it->second];
        a.count += count;
        a.readOnlyCount += readOnly;
        a.firstTime = std::min(a.firstTime, *first);
        a.lastTime = std::max(a.lastTime, *last);
        for (const QString& s : parseListCell(r[Names].text))
            if (!s.isEmpty())
                a.eventNames.push_back(intern(s));
        for (const QString& s : parseListCell(r[Types].text))
            if (!s.isEmpty())
                a.identityTypes.push_back(intern(s));
        for (const QString& s : parseListCell(r[Accounts].text))
            if (!s.isEmpty())
                a.accounts.push_back(intern(s));
        out.activity->successful += count;
        ++out.rows;
        return true;
    }

    void finish()
    {
        const EventStore& store = *out.store;
        auto sortUnique = [&store](std::vector<std::uint32_t>& ids) {
            std::sort(ids.begin(), ids.end());
            ids.erase(std::unique(ids.begin(), ids.end()), ids.end());
            std::sort(ids.begin(), ids.end(),
                      [&store](auto a, auto b) { return store.str(a) < store.str(b); });
        };
        for (UserActivity& a : out.activity->users) {
            sortUnique(a.eventNames);
            sortUnique(a.identityTypes);
            sortUnique(a.accounts);
            // An engine result has no per-event details (console logins, MFA, who assumed a role):
            // the class is what the name and the identity types alone show (root, SSO sessions,
            // service-linked roles, admin-like names), so that approving from an imported result is
            // guarded like approving from a scan; the rest is "unknown", and says why.
            a.principal = classifyPrincipal(store, a);
            if (a.principal.cls == PrincipalClass::Unknown)
                a.principal.evidence = QStringLiteral("engine result: no event details to classify by");
            // The query counts successful calls and read-only ones only (enginequery.cpp): writes
            // (readOnly false, not merely "not true"), failed and sensitive calls are unknown, and a
            // risk from the rest would rank the finding as if they were 0.
            a.riskKnown = false;
            a.riskExplanation = riskNotAvailableExplanation();
        }
        std::sort(out.activity->users.begin(), out.activity->users.end(),
                  [&store](const UserActivity& a, const UserActivity& b) {
                      return store.str(a.user) < store.str(b.user);
                  });
    }
};

bool readCsvResult(const QString& path, const QString& text, Engine engine, Builder& b,
                   std::optional<QueryHeader>& header, QString* error)
{
    int index[ColCount];
    std::fill(std::begin(index), std::end(index), -1);
    std::size_t width = 0;
    bool haveHeader = false;
    QString rowError;
    auto onRow = [&](std::vector<Cell>& cells) {
        if (cells.size() == 1 && cells[0].null) // blank lines are no rows
            return true;
        if (!haveHeader) {
            haveHeader = true;
            width = cells.size();
            for (std::size_t c = 0; c < cells.size(); ++c) {
                const int col = columnOf(cells[c].text);
                if (col >= 0 && index[col] < 0)
                    index[col] = static_cast<int>(c);
            }
            for (int c = 0; c < ColCount; ++c)
                if (kRequired[c] && index[c] < 0) {
                    rowError =
                        QStringLiteral("%1: line 1: no column '%2' in the header (%3 needs user, count, "
                                       "firsttime, lasttime, eventname)")
                            .arg(path, QLatin1StringView(kColumns[c]), engineDisplayName(engine));
                    return false;
                }
            return true;
        }
        if (cells.size() != width) {
            rowError = QStringLiteral("%1: line %2: %3 fields, the header has %4")
                           .arg(path)
                           .arg(cells.front().line)
                           .arg(cells.size())
                           .arg(width);
            return false;
        }
        Row row(ColCount);
        for (int c = 0; c < ColCount; ++c) {
            if (index[c] < 0)
                continue;
            Cell& cell = cells[static_cast<std::size_t>(index[c])];
            Value& v = row[c];
            v.text = std::move(cell.text);
            v.null = cell.null;
            v.file = path;
            v.line = cell.line;
            v.column = cell.column;
            v.name = kColumns[c];
        }
        if (!header && !row[Header].text.isEmpty())
            header = QueryHeader::parse(row[Header].text);
        return b.add(row, engine, &rowError);
    };
    QString e;
    if (!parseCsv(text, onRow, &e)) {
        *error = rowError.isEmpty() ? path + QStringLiteral(": ") + e : rowError;
        return false;
    }
    if (!haveHeader) {
        *error = path + QStringLiteral(": line 1: empty file, no header");
        return false;
    }
    return true;
}

bool readLakeResult(const QString& path, const QByteArray& bytes, Builder& b,
                    std::optional<QueryHeader>& header, QString* error)
{
    using json = nlohmann::json;
    std::vector<json> pages;
    try {
        pages.push_back(json::parse(bytes.constData(), bytes.constData() + bytes.size()));
    } catch (const json::exception&) {
        // Several pages saved one per line (JSON lines).
        qsizetype line = 0;
        for (const QByteArray& l : bytes.split('\n')) {
            ++line;
            if (l.trimmed().isEmpty())
                continue;
            try {
                pages.push_back(json::parse(l.constData(), l.constData() + l.size()));
            } catch (const json::exception& ex) {
                *error = QStringLiteral("%1: line %2: not CloudTrail Lake get-query-results JSON (%3)")
                             .arg(path)
                             .arg(line)
                             .arg(QString::fromUtf8(ex.what()));
                return false;
            }
        }
    }
    qsizetype rowNumber = 0;
    for (const json& page : pages) {
        if (!page.is_object() || !page.contains("QueryResultRows") || !page["QueryResultRows"].is_array()) {
            *error = path + QStringLiteral(
                                ": not CloudTrail Lake get-query-results JSON (no QueryResultRows array)");
            return false;
        }
        if (page.contains("QueryStatus") && page["QueryStatus"].is_string() &&
            page["QueryStatus"] != "FINISHED")
            b.out.warnings << QStringLiteral(
                                  "%1: QueryStatus is %2, not FINISHED: the result may be incomplete")
                                  .arg(path, QString::fromStdString(page["QueryStatus"].get<std::string>()));
        for (const json& r : page["QueryResultRows"]) {
            ++rowNumber;
            if (!r.is_array()) {
                *error = QStringLiteral("%1: row %2: not an array of columns").arg(path).arg(rowNumber);
                return false;
            }
            Row row(ColCount);
            for (int c = 0; c < ColCount; ++c) {
                row[c].file = path;
                row[c].row = rowNumber;
                row[c].name = kColumns[c];
            }
            for (const json& cell : r) {
                if (!cell.is_object())
                    continue;
                for (auto it = cell.begin(); it != cell.end(); ++it) {
                    const int c = columnOf(QString::fromStdString(it.key()));
                    if (c < 0)
                        continue;
                    if (it.value().is_string()) {
                        row[c].text = QString::fromStdString(it.value().get<std::string>());
                        row[c].null = false;
                    } else if (it.value().is_number()) {
                        row[c].text = QString::fromStdString(it.value().dump());
                        row[c].null = false;
                    }
                }
            }
            for (int c = 0; c < ColCount; ++c)
                if (kRequired[c] && c != Names && row[c].null) {
                    *error = QStringLiteral("%1: column '%2' is missing")
                                 .arg(row[c].where(), QLatin1StringView(kColumns[c]));
                    return false;
                }
            if (!header && !row[Header].text.isEmpty())
                header = QueryHeader::parse(row[Header].text);
            if (!b.add(row, Engine::Lake, error))
                return false;
        }
    }
    return true;
}

} // namespace

DetectionResult detectImported(const EngineResult& imported, const LookupLoad& approved,
                               const LookupLoad& identities, const SuppressionSet& suppressions,
                               const QDateTime& now)
{
    const QDateTime at = now.isValid() ? now : QDateTime::currentDateTimeUtc();
    QStringList active, expired;
    for (const IdentityEntry& e : approved.entries)
        (e.expiresAt.isValid() && e.expiresAt <= at ? expired : active) << e.identity;
    const IdentityMatcher approvedMatcher(active), expiredMatcher(expired),
        identityMatcher(identities.identities);
    DetectionResult result =
        runDetection(*imported.store, *imported.activity, approvedMatcher, identityMatcher, &expiredMatcher);
    applySuppressions(*imported.store, suppressions.rules, result);
    return result;
}

QStringList parseListCell(const QString& cell)
{
    const QString t = cell.trimmed();
    if (t.isEmpty())
        return {};
    if (t.startsWith(u'[') && t.endsWith(u']')) {
        const QByteArray u = t.toUtf8();
        try {
            const auto j = nlohmann::json::parse(u.constData(), u.constData() + u.size());
            if (j.is_array()) {
                QStringList out;
                for (const auto& v : j)
                    if (v.is_string())
                        out << QString::fromStdString(v.get<std::string>());
                    else if (!v.is_null())
                        out << QString::fromStdString(v.dump());
                return out;
            }
        } catch (const nlohmann::json::exception&) {
        }
        // Athena's own rendering of an ARRAY: `[a, b]`. Ambiguous when a value holds ", "; the
        // generated query writes JSON instead.
        const QString inner = t.mid(1, t.size() - 2);
        if (inner.isEmpty())
            return {};
        return inner.split(QStringLiteral(", "));
    }
    // Splunk's multivalue field in a CSV export: one value a line.
    QStringList out;
    for (QString v : cell.split(u'\n')) {
        if (v.endsWith(u'\r'))
            v.chop(1);
        if (!v.isEmpty())
            out << v;
    }
    return out;
}

std::optional<Engine> detectResultEngine(const QByteArray& head)
{
    QByteArray h = head;
    if (h.startsWith("\xEF\xBB\xBF"))
        h = h.mid(3);
    const QByteArray t = h.trimmed();
    if (t.startsWith('{') || t.startsWith('['))
        return t.contains("QueryResultRows") || t.startsWith('{') ? std::optional(Engine::Lake)
                                                                  : std::nullopt;
    const qsizetype tw = t.indexOf("TrailWarden ");
    if (tw >= 0) {
        const qsizetype eng = t.indexOf("engine=", tw);
        if (eng >= 0) {
            const QByteArray name = t.mid(eng + 7, t.indexOf(';', eng) - eng - 7);
            if (auto e = engineFromName(QString::fromUtf8(name)))
                return e;
        }
    }
    const qsizetype newline = t.indexOf('\n');
    const QByteArray firstLine = newline < 0 ? t : t.left(newline);
    if (firstLine.contains("firstTime") || firstLine.contains("eventName"))
        return Engine::Splunk;
    return Engine::Athena;
}

QString EngineResult::describe() const
{
    QStringList names;
    if (store)
        for (const SourceFile& f : store->files)
            names << QFileInfo(f.path).fileName();
    QString s =
        QStringLiteral("From %1 result %2").arg(engineDisplayName(engine), names.join(QStringLiteral(", ")));
    s += header ? QStringLiteral(", %1 (%2 rules%3)")
                      .arg(header->windowText(), ruleSetName(rules),
                           header->listsEmbedded ? QStringLiteral(", lists embedded") : QString())
                : QStringLiteral(", window unknown (no TrailWarden header)");
    return s + QStringLiteral("; no event details");
}

EngineResult readEngineResults(const QStringList& paths, const EngineImportOptions& options)
{
    EngineResult out;
    out.store = std::make_shared<EventStore>();
    out.activity = std::make_shared<ActivityTable>();
    Builder b{out, RuleSet::Ta7, options.splunkTimeZone, {}};
    std::optional<Engine> first;
    for (const QString& path : paths) {
        QFile file(path);
        const QFileInfo info(path);
        if (!info.isFile()) {
            out.error = path + QStringLiteral(": not a regular file");
            return out;
        }
        if (info.size() > kMaxResultBytes) {
            out.error = path + QStringLiteral(": larger than 2 GB, not an engine result");
            return out;
        }
        if (!file.open(QIODevice::ReadOnly)) {
            out.error = QStringLiteral("%1: cannot read: %2").arg(path, file.errorString());
            return out;
        }
        const QByteArray bytes = file.readAll();
        const std::optional<Engine> engine =
            options.engine ? options.engine : detectResultEngine(bytes.left(4096));
        if (!engine) {
            out.error = path + QStringLiteral(": line 1: not an engine result TrailWarden knows");
            return out;
        }
        if (first && *engine != *first) {
            out.error = path + QStringLiteral(": a %1 result cannot be merged with a %2 result")
                                   .arg(engineDisplayName(*engine), engineDisplayName(*first));
            return out;
        }
        if (!first)
            first = engine;
        std::optional<QueryHeader> header;
        QString error;
        bool ok;
        if (*engine == Engine::Lake) {
            ok = readLakeResult(path, bytes, b, header, &error);
        } else {
            QString text = QString::fromUtf8(bytes);
            if (text.startsWith(QChar(0xFEFF)))
                text.remove(0, 1);
            ok = readCsvResult(path, text, *engine, b, header, &error);
        }
        if (!ok) {
            out.error = error;
            return out;
        }
        if (header) {
            if (out.header && out.header->toLine() != header->toLine())
                out.warnings << path + QStringLiteral(
                                           ": made by a different query than the first result file (%1)")
                                           .arg(header->toLine());
            if (!out.header)
                out.header = header;
        }
        SourceFile sf;
        sf.path = info.absoluteFilePath();
        sf.bytes = info.size();
        sf.contentBytes = bytes.size();
        out.store->files.push_back(sf);
        ++out.store->counts.files;
        out.store->counts.bytes += static_cast<std::uint64_t>(bytes.size());
    }
    out.engine = first.value_or(Engine::Athena);
    if (options.rules)
        out.rules = *options.rules;
    else if (out.header && out.header->rules)
        out.rules = *out.header->rules;
    if (out.header && out.header->engine && *out.header->engine != out.engine)
        out.warnings << QStringLiteral("the result says it was made for %1, read as %2")
                            .arg(engineDisplayName(*out.header->engine), engineDisplayName(out.engine));
    if (!out.header)
        out.warnings
            << QStringLiteral(
                   "the result has no tw_query column: its window and rules are unknown (taken as %1)")
                   .arg(ruleSetName(out.rules));
    if (out.engine == Engine::Splunk)
        out.warnings << QStringLiteral("Splunk times read in the time zone %1")
                            .arg(QString::fromUtf8(options.splunkTimeZone.id()));
    b.finish();
    out.activity->rules = out.rules;
    out.store->counts.events = out.activity->successful;
    return out;
}

ImportedBaseline baselineFromResult(const EngineResult& imported, const std::vector<IdentityEntry>& approved,
                                    const IdentityMatcher& identities)
{
    ImportedBaseline out;
    if (!imported.ok() || !imported.store || !imported.activity) {
        out.error = imported.error.isEmpty() ? QStringLiteral("no result") : imported.error;
        return out;
    }
    if (imported.header && imported.header->listsEmbedded && imported.header->approvedEntries > 0) {
        out.error = QStringLiteral(
            "the result was made with the approved list embedded: approved users are missing from it, so "
            "a baseline from it would drop every entry. Run the baseline query (query --baseline).");
        return out;
    }
    const EventStore& store = *imported.store;
    TimeMs first = std::numeric_limits<TimeMs>::max(), last = std::numeric_limits<TimeMs>::min();
    QStringList names; // activity.users is in byte-wise order, as computeBaseline sorts
    for (const UserActivity& a : imported.activity->users) {
        if (a.count == 0 || a.user == 0)
            continue;
        first = std::min(first, a.firstTime);
        last = std::max(last, a.lastTime);
        const QString name = store.qstr(a.user);
        if (identities.matches(name))
            continue;
        names << name;
        out.activity.insert(name, a);
    }
    const TimeWindow window = imported.header ? imported.header->window : TimeWindow();
    const TimeMs from = window.from ? *window.from : (names.isEmpty() ? 0 : first);
    const TimeMs to = window.to ? *window.to : (names.isEmpty() ? 0 : last + 1);
    out.diff = diffBaseline(store, imported.activity.get(), from, to, names, approved);
    return out;
}

} // namespace tw
