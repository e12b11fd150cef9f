// SPDX-License-Identifier: GPL-3.0-or-later

#include "core/report/report.h"

#include "core/report/reporttext.h"

#include <nlohmann/json.hpp>

#include <algorithm>

namespace tw {

namespace {

std::string text_of(const EventStore& store, std::uint32_t id)
{
    return std::string(store.str(id));
}

std::string csvField(const std::string& s)
{
    if (s.find_first_of(",\"\r\n") == std::string::npos)
        return s;
    std::string out = "\"";
    for (char c : s) {
        if (c == '"')
            out += '"';
        out += c;
    }
    return out + '"';
}

// Display width of a UTF-8 string in a terminal, counting code points (no East Asian width
// tables; user names and API names are ASCII in practice).
std::size_t displayWidth(const std::string& s)
{
    return static_cast<std::size_t>(std::count_if(
        s.begin(), s.end(), [](char c) { return (static_cast<unsigned char>(c) & 0xC0) != 0x80; }));
}

// Control characters from a log would move the cursor or recolour the terminal (ESC, and the 8-bit
// CSI U+009B too), invisible ones would hide part of a name: shown as "[U+001B]", as in every report.
std::string terminalSafe(std::string_view s)
{
    const bool plain = std::all_of(s.begin(), s.end(), [](char c) {
        const auto u = static_cast<unsigned char>(c);
        return u >= 0x20 && u < 0x7f;
    });
    if (plain)
        return std::string(s);
    return ReportText::visible(QString::fromUtf8(s.data(), static_cast<qsizetype>(s.size()))).toStdString();
}

} // namespace

bool writeFindingsJson(const EventStore& store, const DetectionResult& result, const std::string* manifest,
                       int indent, bool ascii, const std::function<bool(std::string_view)>& sink,
                       const QStringList& warnings)
{
    using json = nlohmann::ordered_json;
    json errors = json::array();
    for (const LoadProblem& p : store.problems)
        errors.push_back({{"path", p.path.toStdString()}, {"message", p.message.toStdString()}});
    // The document is dumped once with a placeholder for the findings, which are then dumped one
    // at a time in its place: the same text as one dump of everything, without holding it all.
    const std::string placeholder = "\x01trailwarden-findings\x01";
    json out = {{"summary",
                 {{"files", store.counts.files},
                  {"events", store.counts.events},
                  {"duplicates", store.counts.duplicates},
                  {"malformed", store.counts.malformed},
                  {"successful", result.successful},
                  {"excluded", result.excluded},
                  {"findings", result.findings.size()},
                  {"errors", std::move(errors)}}},
                {"findings", result.findings.empty() ? json::array() : json::array({placeholder})}};
    if (!warnings.isEmpty()) {
        json list = json::array();
        for (const QString& w : warnings)
            list.push_back(w.toStdString());
        out["summary"]["warnings"] = std::move(list);
    }
    if (manifest) {
        // Beyond the object of docs/detection.md (Output), in `--format json` and reports: the
        // findings the suppression rules hid, so a pipeline sees that some were hidden.
        out["summary"]["suppressed"] = result.suppressed;
        out["manifest"] = json::parse(*manifest);
    }
    // Log text is already valid UTF-8 (the parser checks); paths from the file system may not be.
    const auto dump = [&](const json& j) {
        return j.dump(indent, ' ', ascii, json::error_handler_t::replace);
    };
    const std::string skeleton = dump(out);
    if (result.findings.empty())
        return sink(skeleton + "\n");
    const std::string marker = dump(json(placeholder));
    const std::size_t at = skeleton.find(marker);
    std::size_t head = at;
    std::string prefix; // the indentation of an element of the findings array
    if (indent >= 0) {
        head = skeleton.rfind('\n', at) + 1;
        prefix = skeleton.substr(head, at - head);
    }
    std::string text = skeleton.substr(0, head);
    constexpr std::size_t kChunk = 256 * 1024;
    for (std::size_t i = 0; i < result.findings.size(); ++i) {
        const UserActivity& a = result.findings[i];
        json names = json::array();
        for (auto id : a.eventNames)
            names.push_back(text_of(store, id));
        json finding{{"user", text_of(store, a.user)},
                     {"count", a.count},
                     {"firstTime", formatSplunkTimeUtf8(a.firstTime)},
                     {"lastTime", formatSplunkTimeUtf8(a.lastTime)},
                     {"eventName", std::move(names)},
                     {"class", principalClassName(a.principal.cls).toStdString()},
                     {"classEvidence", a.principal.evidence.toStdString()}};
        // Only on look-alikes, so that the object stays the documented one for every other finding.
        if (!a.confusableWith.isEmpty()) {
            json like = json::array();
            for (const QString& n : a.confusableWith)
                like.push_back(n.toStdString());
            finding["confusableWith"] = std::move(like);
        }
        const std::string one = dump(finding);
        if (i > 0)
            text += indent >= 0 ? ",\n" : ",";
        text += prefix;
        for (char c : one) { // JSON strings hold no raw line break: each one is the layout's
            text += c;
            if (c == '\n')
                text += prefix;
        }
        if (text.size() > kChunk) {
            if (!sink(text))
                return false;
            text.clear();
        }
    }
    text += skeleton.substr(at + marker.size());
    text += '\n';
    return sink(text);
}

std::string findingsJson(const EventStore& store, const DetectionResult& result, int indent)
{
    std::string out;
    writeFindingsJson(store, result, nullptr, indent, false, [&out](std::string_view piece) {
        out += piece;
        return true;
    });
    return out;
}

std::string findingsCsv(const EventStore& store, const DetectionResult& result)
{
    std::string out = "user,count,firstTime,lastTime,eventName,class,classEvidence\n";
    for (const UserActivity& a : result.findings) {
        std::string names;
        for (auto id : a.eventNames) {
            if (!names.empty())
                names += '\n';
            names += text_of(store, id);
        }
        out += csvField(text_of(store, a.user)) + ',' + std::to_string(a.count) + ',' +
               formatSplunkTimeUtf8(a.firstTime) + ',' + formatSplunkTimeUtf8(a.lastTime) + ',' +
               csvField(names) + ',' + csvField(principalClassName(a.principal.cls).toStdString()) + ',' +
               csvField(a.principal.evidence.toStdString()) + '\n';
    }
    return out;
}

std::string findingsTable(const EventStore& store, const DetectionResult& result)
{
    constexpr std::size_t kMaxApis = 4;
    std::vector<std::array<std::string, 5>> rows;
    rows.push_back({"USER", "COUNT", "FIRST SEEN (UTC)", "LAST SEEN (UTC)", "APIS"});
    for (const UserActivity& a : result.findings) {
        std::string apis = std::to_string(a.eventNames.size()) + ":";
        for (std::size_t i = 0; i < a.eventNames.size() && i < kMaxApis; ++i)
            apis += (i ? ", " : " ") + terminalSafe(store.str(a.eventNames[i]));
        if (a.eventNames.size() > kMaxApis)
            apis += ", ...";
        rows.push_back({terminalSafe(store.str(a.user)), std::to_string(a.count),
                        formatSplunkTimeUtf8(a.firstTime), formatSplunkTimeUtf8(a.lastTime), apis});
    }
    std::array<std::size_t, 5> width{};
    for (const auto& r : rows)
        for (std::size_t c = 0; c < r.size(); ++c)
            width[c] = std::max(width[c], displayWidth(r[c]));
    std::string out;
    for (const auto& r : rows) {
        for (std::size_t c = 0; c < r.size(); ++c) {
            const std::string pad(width[c] - displayWidth(r[c]), ' ');
            out += c == 1 ? pad + r[c] : r[c] + (c + 1 < r.size() ? pad : std::string());
            if (c + 1 < r.size())
                out += "  ";
        }
        out += '\n';
    }
    char summary[256];
    std::snprintf(summary, sizeof summary,
                  "%zu findings; %llu files, %llu events (%llu duplicates, %llu malformed), %llu successful, "
                  "%llu excluded by the lists, %llu hidden by suppression rules\n",
                  result.findings.size(), static_cast<unsigned long long>(store.counts.files),
                  static_cast<unsigned long long>(store.counts.events),
                  static_cast<unsigned long long>(store.counts.duplicates),
                  static_cast<unsigned long long>(store.counts.malformed),
                  static_cast<unsigned long long>(result.successful),
                  static_cast<unsigned long long>(result.excluded),
                  static_cast<unsigned long long>(result.suppressed));
    out += '\n';
    out += summary;
    if (store.counts.skippedByName > 0)
        out += std::to_string(store.counts.skippedByName) +
               (store.counts.skippedByName == 1 ? " file" : " files") +
               " in the folders skipped by their name, not read (listed on stderr)\n";
    return out;
}

} // namespace tw
