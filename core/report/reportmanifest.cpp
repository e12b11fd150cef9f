// SPDX-License-Identifier: GPL-3.0-or-later

#include "core/report/reportmanifest.h"

#include "core/report/jsonsplice.h"
#include "core/report/manifestjson.h"

#include "core/common/atomicfile.h"
#include "core/common/sha256.h"

#include <QFile>
#include <QFileInfo>
#include <QTimeZone>
#include <QtConcurrent/QtConcurrentMap>

#include <algorithm>
#include <cstdlib>
#include <functional>
#include <memory>

namespace tw {

namespace {

ManifestLookup lookupEntry(const QString& path, const LookupLoad& load)
{
    ManifestLookup out;
    out.path = path;
    if (path.isEmpty())
        return out;
    out.entries = load.identities.size();
    out.rows = load.rows;
    out.error = load.error;
    for (const QString& identity : load.identities)
        if (isAllWildcard(identity) && !out.matchesEveryone.contains(identity))
            out.matchesEveryone << identity;
    QString error;
    out.sha256 = sha256OfFile(path, &error);
    if (out.error.isEmpty())
        out.error = error;
    return out;
}

std::string utf8(const QString& s)
{
    return s.toStdString();
}

std::string hex(const QByteArray& s)
{
    return s.toStdString();
}

// Appends a JSON string as nlohmann's dump writes it: printable ASCII without a quote or a
// backslash (every path of the S3 layout) as it is, anything else by nlohmann itself.
void appendJsonString(std::string& out, std::string_view s, bool ascii)
{
    if (std::all_of(s.begin(), s.end(),
                    [](char c) { return c >= 0x20 && c < 0x7f && c != '"' && c != '\\'; })) {
        out += '"';
        out += s;
        out += '"';
        return;
    }
    out += nlohmann::ordered_json(std::string(s))
               .dump(-1, ' ', ascii, nlohmann::ordered_json::error_handler_t::replace);
}

} // namespace

QByteArray sha256OfFile(const QString& path, QString* error)
{
    // A FIFO would block the hash, a device never end: only regular files are hashed.
    if (const QString reason = notRegularFileReason(path); !reason.isEmpty()) {
        if (error)
            *error = reason.mid(path.size() + 2);
        return {};
    }
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly)) {
        if (error)
            *error = file.errorString();
        return {};
    }
    Sha256 hash;
    QByteArray buffer(1 << 20, Qt::Uninitialized);
    for (;;) {
        const qint64 n = file.read(buffer.data(), buffer.size());
        if (n < 0) {
            if (error)
                *error = file.errorString();
            return {};
        }
        if (n == 0)
            break;
        hash.add(buffer.constData(), std::size_t(n));
    }
    QByteArray hex = hash.hexResult();
    if (hex.isEmpty() && error)
        *error = QStringLiteral("SHA-256 failed");
    return hex;
}

RunManifest buildManifest(const EventStore& store, const DetectionResult& result, const QStringList& inputs,
                          const QString& approvedPath, const LookupLoad& approved,
                          const QString& identityPath, const LookupLoad& identities,
                          const ManifestOptions& options)
{
    RunManifest m;
    m.rules = result.rules;
    m.inputs = inputs;
    m.fileCount = store.counts.files;
    m.unreadableFiles = store.counts.unreadable;
    m.skippedFiles = store.counts.skipped;
    m.bytes = store.counts.bytes;
    m.events = store.counts.events;
    m.duplicates = store.counts.duplicates;
    m.malformed = store.counts.malformed;
    m.successful = result.successful;
    m.excluded = result.excluded;
    m.excludedUsers = result.excludedUsers;
    m.findings = result.findings.size();
    m.reported = result.findings.size();
    m.problems = store.problems.size();

    const auto& times = store.events.time;
    if (!times.empty()) {
        const auto [lo, hi] = std::minmax_element(times.begin(), times.end());
        m.firstEvent = *lo;
        m.lastEvent = *hi;
    }

    m.files.reserve(store.files.size());
    for (const SourceFile& f : store.files)
        m.files.push_back({f.path, f.bytes, options.hashFiles ? f.sha256 : QByteArray(), {}});
    if (options.hashFiles) {
        // A file the load hashed (LoadOptions::hashFiles) has the hash of exactly the bytes that
        // were analysed. The others are read again here: one task per file on the global pool.
        QtConcurrent::blockingMap(m.files, [](ManifestFile& f) {
            if (!f.sha256.isEmpty())
                return;
            QString error;
            f.sha256 = sha256OfFile(f.path, &error);
            if (!error.isEmpty())
                f.hashError = error;
            else if (QFileInfo(f.path).size() != f.bytes)
                f.hashError = QStringLiteral("the file changed size since it was read");
        });
        m.hashed = true;
    }
    m.approved = lookupEntry(approvedPath, approved);
    m.identities = lookupEntry(identityPath, identities);
    m.generated = QDateTime::currentDateTime();
    m.timeZone = QString::fromUtf8(QTimeZone::systemTimeZoneId());
    return m;
}

void addSuppressions(RunManifest& m, const QString& path, const SuppressionSet& set,
                     const DetectionResult& result)
{
    m.suppressionFile = {};
    m.suppressions.clear();
    m.suppressed = result.suppressed;
    if (!path.isEmpty() && QFileInfo::exists(path)) {
        m.suppressionFile.path = path;
        m.suppressionFile.entries = qsizetype(set.rules.size());
        m.suppressionFile.error = set.error;
        QString error;
        m.suppressionFile.sha256 = sha256OfFile(path, &error);
        if (m.suppressionFile.error.isEmpty())
            m.suppressionFile.error = error;
    }
    for (std::size_t i = 0; i < set.rules.size(); ++i)
        m.suppressions.push_back({set.rules[i].id, set.rules[i].description,
                                  i < result.suppressedByRule.size() ? result.suppressedByRule[i] : 0});
}

QStringList suppressionLines(const RunManifest& m)
{
    QStringList lines;
    for (const ManifestSuppression& s : m.suppressions)
        lines << s.id % (s.description.isEmpty() ? QString() : u" \u2014 " % s.description) % u": hid " %
                     QString::number(s.hidden) % (s.hidden == 1 ? u" finding" : u" findings");
    if (!m.suppressionFile.path.isEmpty())
        lines << u"rules from " % m.suppressionFile.path % u" (SHA-256 " %
                     QString::fromLatin1(m.suppressionFile.sha256) % u')' %
                     (m.suppressionFile.error.isEmpty() ? QString() : u": " % m.suppressionFile.error);
    return lines;
}

QString generatedText(const RunManifest& m)
{
    const int offset = m.generated.offsetFromUtc();
    const int minutes = std::abs(offset) / 60;
    return m.generated.toString(QStringLiteral("yyyy-MM-dd HH:mm:ss")) % u" UTC" %
           (offset < 0 ? u'-' : u'+') % QString::number(minutes / 60).rightJustified(2, u'0') % u':' %
           QString::number(minutes % 60).rightJustified(2, u'0') % u" (" % m.timeZone % u')';
}

nlohmann::ordered_json manifestJsonValue(const RunManifest& m, std::string_view filesPlaceholder)
{
    using json = nlohmann::ordered_json;
    auto lookup = [](const ManifestLookup& l) -> json {
        if (l.path.isEmpty())
            return nullptr;
        json o = {
            {"path", utf8(l.path)}, {"sha256", hex(l.sha256)}, {"entries", l.entries}, {"rows", l.rows}};
        if (!l.error.isEmpty())
            o["error"] = utf8(l.error);
        if (!l.matchesEveryone.isEmpty()) {
            json all = json::array();
            for (const QString& e : l.matchesEveryone)
                all.push_back(utf8(e));
            o["matchesEveryone"] = std::move(all);
        }
        return o;
    };
    json files = json::array();
    if (!filesPlaceholder.empty() && !m.files.empty())
        files.push_back(std::string(filesPlaceholder));
    else
        for (const ManifestFile& f : m.files) {
            json o = {{"path", utf8(f.path)}, {"bytes", f.bytes}};
            if (m.hashed)
                o["sha256"] = hex(f.sha256);
            if (!f.hashError.isEmpty())
                o["hashError"] = utf8(f.hashError);
            files.push_back(std::move(o));
        }
    json inputs = json::array();
    for (const QString& p : m.inputs)
        inputs.push_back(utf8(p));
    json suppressions = json::array();
    for (const ManifestSuppression& s : m.suppressions)
        suppressions.push_back(
            {{"id", utf8(s.id)}, {"description", utf8(s.description)}, {"hidden", s.hidden}});
    auto time = [](const std::optional<TimeMs>& t) -> json {
        return t ? json(formatSplunkTimeUtf8(*t)) : json(nullptr);
    };
    json out = {
        {"tool", utf8(m.tool)},
        {"version", utf8(m.version)},
        {"rules", utf8(ruleSetName(m.rules))},
        {"inputs", std::move(inputs)},
        {"files",
         {{"count", m.fileCount},
          {"unreadable", m.unreadableFiles},
          {"skipped", m.skippedFiles},
          {"bytes", m.bytes},
          {"hashed", m.hashed},
          {"list", std::move(files)}}},
        {"events",
         {{"firstTime", time(m.firstEvent)},
          {"lastTime", time(m.lastEvent)},
          {"read", m.events},
          {"duplicates", m.duplicates},
          {"malformed", m.malformed},
          {"successful", m.successful},
          {"excluded", m.excluded},
          {"excludedUsers", m.excludedUsers}}},
        {"findings", {{"total", m.findings}, {"reported", m.reported}, {"scope", utf8(m.scope)}}},
        {"problems", m.problems},
        {"approved", lookup(m.approved)},
        {"identities", lookup(m.identities)},
        {"suppressionFile", lookup(m.suppressionFile)},
        {"suppressions", std::move(suppressions)},
        {"suppressed", m.suppressed},
        {"generated", utf8(m.generated.toString(Qt::ISODate))},
        {"timeZone", utf8(m.timeZone)},
    };
    if (!m.accountAliases.path.isEmpty())
        out["accountAliases"] = lookup(m.accountAliases);
    if (m.rangeFrom || m.rangeTo)
        out["timeRange"] = {{"from", time(m.rangeFrom)}, {"to", time(m.rangeTo)}};
    if (m.engineResult)
        out["engineResult"] = {{"engine", utf8(m.engineResult->engine)},
                               {"query", utf8(m.engineResult->query)},
                               {"window", utf8(m.engineResult->window)},
                               {"listsEmbedded", m.engineResult->listsEmbedded}};
    return out;
}

bool writeManifestFiles(const RunManifest& m, JsonSplice& splice, int indent, bool ascii)
{
    // The members as the dump above lays them out: each on a line of its own, one indentation in
    // from the element's, or all on one line.
    const std::string member =
        indent >= 0 ? "\n" + splice.indentation() + std::string(std::size_t(indent), ' ') : "";
    const std::string_view colon = indent >= 0 ? ": " : ":";
    const auto key = [&](std::string& out, std::string_view name) {
        out += member;
        out += '"';
        out += name;
        out += '"';
        out += colon;
    };
    for (const ManifestFile& f : m.files) {
        std::string& out = splice.element();
        out += '{';
        key(out, "path");
        appendJsonString(out, utf8(f.path), ascii);
        out += ',';
        key(out, "bytes");
        out += std::to_string(f.bytes);
        if (m.hashed) {
            out += ',';
            key(out, "sha256");
            appendJsonString(out, std::string_view(f.sha256.constData(), std::size_t(f.sha256.size())),
                             ascii);
        }
        if (!f.hashError.isEmpty()) {
            out += ',';
            key(out, "hashError");
            appendJsonString(out, utf8(f.hashError), ascii);
        }
        if (indent >= 0) {
            out += '\n';
            out += splice.indentation();
        }
        out += '}';
        if (!splice.flush())
            return false;
    }
    return true;
}

std::string manifestJson(const RunManifest& m, int indent)
{
    using json = nlohmann::ordered_json;
    const std::string placeholder = JsonSplice::placeholder("manifest-files");
    const auto dump = [indent](const json& j) {
        return j.dump(indent, ' ', false, json::error_handler_t::replace);
    };
    std::string out;
    const std::function<bool(std::string_view)> sink = [&out](std::string_view piece) {
        out += piece;
        return true;
    };
    JsonSplice splice(dump(manifestJsonValue(m, placeholder)), indent, sink);
    if (!m.files.empty()) {
        splice.open(dump(json(placeholder)));
        writeManifestFiles(m, splice, indent, false);
        splice.close();
    }
    splice.finish();
    out.pop_back(); // finish's line break: the text is the object alone
    return out;
}

QString timeRangeText(std::optional<TimeMs> from, std::optional<TimeMs> to)
{
    if (!from && !to)
        return {};
    return QStringLiteral("events from %1 to %2 UTC only (time range)")
        .arg(from ? formatSplunkTime(*from) : QStringLiteral("the first event"),
             to ? formatSplunkTime(*to) : QStringLiteral("the last event"));
}

QStringList reportWarnings(const RunManifest& m)
{
    QStringList out;
    const auto add = [&out](const ManifestLookup& l, const QString& what) {
        if (l.matchesEveryone.isEmpty())
            return;
        out << QStringLiteral("The %1 %2 has the entry '%3', which matches every user name: it excludes "
                              "everyone, so this report cannot show any finding.")
                   .arg(what, l.path, l.matchesEveryone.join(QStringLiteral("', '")));
    };
    add(m.approved, QStringLiteral("approved accounts list"));
    add(m.identities, QStringLiteral("identity list"));
    return out;
}

} // namespace tw
