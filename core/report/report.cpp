// SPDX-License-Identifier: GPL-3.0-or-later

#include "core/report/report.h"

#include "core/report/jsonsplice.h"
#include "core/report/manifestjson.h"
#include "core/report/reporttext.h"

#include "core/detection/risk.h"
#include "core/detection/sensitiveapis.h"

#include <nlohmann/json.hpp>

#include <algorithm>

namespace tw {

namespace {

std::string text_of(const EventStore& store, std::uint32_t id)
{
    return std::string(store.str(id));
}

// The finding's sensitive calls (docs/detection.md, Risk), most points first.
nlohmann::ordered_json sensitiveJson(const UserActivity& a)
{
    const SensitiveApiCatalogue& catalogue = builtinSensitiveApis();
    nlohmann::ordered_json out = nlohmann::ordered_json::array();
    for (const SensitiveCall& call : a.sensitive) {
        const SensitiveApi& api = catalogue.apis[call.api];
        out.push_back({{"eventSource", api.eventSource.toStdString()},
                       {"eventName", api.eventName.toStdString()},
                       {"category", sensitiveCategoryId(api.category).toStdString()},
                       {"count", call.count}});
    }
    return out;
}

// Risk, writes and failed calls as text for a table or CSV cell: kRiskNotAvailable where unknown.
std::string known(const UserActivity& a, auto value)
{
    return a.riskKnown ? std::to_string(value) : std::string(kRiskNotAvailable);
}

// The sensitive calls for a CSV cell, marked and counted as everywhere ("\u26A0 StopLogging \u00D72"),
// one a line, most points first: the same cell as the safe CSV's for benign values.
std::string sensitiveCell(const UserActivity& a)
{
    if (!a.riskKnown)
        return kRiskNotAvailable;
    const SensitiveApiCatalogue& catalogue = builtinSensitiveApis();
    std::string out;
    for (const SensitiveCall& call : a.sensitive) {
        if (!out.empty())
            out += '\n';
        out += sensitiveApiLabel(QString::fromUtf8(catalogue.apis[call.api].eventName), call.count)
                   .toStdString();
    }
    return out;
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

bool writeFindingsJson(const EventStore& store, const DetectionResult& result, const RunManifest* manifest,
                       int indent, bool ascii, const std::function<bool(std::string_view)>& sink,
                       const QStringList& warnings, const std::vector<FindingReview>* review,
                       const AccountAliases* aliases)
{
    using json = nlohmann::ordered_json;
    json errors = json::array();
    for (const LoadProblem& p : store.problems)
        errors.push_back({{"path", p.path.toStdString()}, {"message", p.message.toStdString()}});
    // The document is dumped once with placeholders for the findings and the manifest's files,
    // which are then written one at a time in their place: the same text as one dump of
    // everything, without holding it all.
    const std::string placeholder = JsonSplice::placeholder("findings");
    const std::string filesPlaceholder = JsonSplice::placeholder("manifest-files");
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
    if (review) {
        std::size_t fresh = 0;
        for (const FindingReview& r : *review)
            fresh += r.since.isNew ? 1 : 0;
        out["summary"]["new"] = fresh;
    }
    if (manifest) {
        // Beyond the object of docs/detection.md (Output), in `--format json` and reports: the
        // findings the suppression rules hid, so a pipeline sees that some were hidden.
        out["summary"]["suppressed"] = result.suppressed;
        // The value itself, not its text parsed back: with 100,000 input files the list was
        // dumped, parsed and dumped again, a tenth of the scan.
        out["manifest"] = manifestJsonValue(*manifest, filesPlaceholder);
    }
    // Log text is already valid UTF-8 (the parser checks); paths from the file system may not be.
    const auto dump = [&](const json& j) {
        return j.dump(indent, ' ', ascii, json::error_handler_t::replace);
    };
    JsonSplice splice(dump(out), indent, sink);
    if (!result.findings.empty())
        splice.open(dump(json(placeholder)));
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
        // docs/detection.md, Risk; null where an imported engine result does not know them.
        if (a.riskKnown) {
            finding["risk"] = a.risk;
            finding["riskExplanation"] = a.riskExplanation.toStdString();
            finding["writeCalls"] = a.writeCount;
            finding["failedCalls"] = a.failedCount;
            finding["sensitive"] = sensitiveJson(a);
        } else {
            finding["risk"] = nullptr;
            finding["riskExplanation"] = a.riskExplanation.toStdString();
            finding["writeCalls"] = nullptr;
            finding["failedCalls"] = nullptr;
            finding["sensitive"] = nullptr;
        }
        // Only on look-alikes, so that the object stays the documented one for every other finding.
        if (!a.confusableWith.isEmpty()) {
            json like = json::array();
            for (const QString& n : a.confusableWith)
                like.push_back(n.toStdString());
            finding["confusableWith"] = std::move(like);
        }
        // Only with an aliases file, and then on every finding (an empty object: none named), so that
        // a reader can tell "no names" from "no aliases file".
        if (aliases) {
            json named = json::object();
            for (const auto id : a.accounts)
                if (const QString name = aliases->nameOf(store.qstr(id)); !name.isNull())
                    named[text_of(store, id)] = name.toStdString();
            finding["accountAliases"] = std::move(named);
        }
        // docs/detection.md, "New since last review": only with scan --review.
        if (review && i < review->size()) {
            const FindingReview& r = (*review)[i];
            const auto list = [](const QStringList& values) {
                json array = json::array();
                for (const QString& v : values)
                    array.push_back(v.toStdString());
                return array;
            };
            finding["new"] = r.since.isNew;
            if (r.since.isNew)
                finding["newSince"] = {{"neverReviewed", r.since.neverSeen},
                                       {"apis", list(r.since.apis)},
                                       {"accounts", list(r.since.accounts)},
                                       {"regions", list(r.since.regions)}};
            finding["status"] = triageStatusName(r.status).toStdString();
            finding["owner"] = r.owner.toStdString();
            finding["ticket"] = r.ticket.toStdString();
            finding["note"] = r.note.toStdString();
        }
        splice.element();
        splice.appendIndented(dump(finding));
        if (!splice.flush())
            return false;
    }
    if (!result.findings.empty())
        splice.close();
    if (manifest && !manifest->files.empty()) {
        splice.open(dump(json(filesPlaceholder)));
        if (!writeManifestFiles(*manifest, splice, indent, ascii))
            return false;
        splice.close();
    }
    return splice.finish();
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

std::string findingsCsv(const EventStore& store, const DetectionResult& result,
                        const std::vector<FindingReview>* review)
{
    // Splunk's columns first (what `import` reads back), then ours (docs/detection.md, Risk), then,
    // with scan --review, new since the last review and the triage.
    std::string out = "user,count,firstTime,lastTime,eventName,class,classEvidence,risk,riskExplanation,"
                      "writeCalls,failedCalls,sensitiveApis";
    out += review ? ",new,newSince,status,owner,ticket,note\n" : "\n";
    for (std::size_t i = 0; i < result.findings.size(); ++i) {
        const UserActivity& a = result.findings[i];
        std::string names;
        for (auto id : a.eventNames) {
            if (!names.empty())
                names += '\n';
            names += text_of(store, id);
        }
        out += csvField(text_of(store, a.user)) + ',' + std::to_string(a.count) + ',' +
               formatSplunkTimeUtf8(a.firstTime) + ',' + formatSplunkTimeUtf8(a.lastTime) + ',' +
               csvField(names) + ',' + csvField(principalClassName(a.principal.cls).toStdString()) + ',' +
               csvField(a.principal.evidence.toStdString()) + ',' + known(a, a.risk) + ',' +
               csvField(a.riskExplanation.toStdString()) + ',' + known(a, a.writeCount) + ',' +
               known(a, a.failedCount) + ',' + csvField(sensitiveCell(a));
        if (review && i < review->size()) {
            const FindingReview& r = (*review)[i];
            out += std::string(r.since.isNew ? ",true," : ",false,") +
                   csvField(r.since.describe().toStdString()) + ',' +
                   csvField(triageStatusName(r.status).toStdString()) + ',' +
                   csvField(r.owner.toStdString()) + ',' + csvField(r.ticket.toStdString()) + ',' +
                   csvField(r.note.toStdString());
        }
        out += '\n';
    }
    return out;
}

std::string findingsTable(const EventStore& store, const DetectionResult& result,
                          const std::vector<FindingReview>* review)
{
    constexpr std::size_t kMaxApis = 4;
    constexpr std::size_t kColumns = 8;
    std::vector<std::array<std::string, kColumns>> rows;
    rows.push_back(
        {"USER", "RISK", "COUNT", "WRITES", "FAILED", "FIRST SEEN (UTC)", "LAST SEEN (UTC)", "APIS"});
    std::vector<std::string> marks; // "NEW STATUS " per row, with review
    std::size_t fresh = 0;
    if (review)
        marks.push_back("NEW  STATUS         ");
    for (std::size_t f = 0; f < result.findings.size(); ++f) {
        const UserActivity& a = result.findings[f];
        if (review) {
            const FindingReview* r = f < review->size() ? &(*review)[f] : nullptr;
            std::string mark = r && r->since.isNew ? "new  " : "     ";
            fresh += r && r->since.isNew ? 1 : 0;
            std::string status = r ? triageStatusName(r->status).toStdString() : std::string("New");
            status.resize(15, ' ');
            marks.push_back(mark + status);
        }
        // Sensitive calls first, marked and counted, so that they are among the names shown.
        const QStringList names = apiNamesSensitiveFirst(store, a);
        std::string apis = std::to_string(a.eventNames.size()) + ":";
        for (qsizetype i = 0; i < names.size() && i < qsizetype(kMaxApis); ++i)
            apis += (i ? ", " : " ") + terminalSafe(names[i].toStdString());
        if (names.size() > qsizetype(kMaxApis))
            apis += ", ...";
        rows.push_back({terminalSafe(store.str(a.user)), known(a, a.risk), std::to_string(a.count),
                        known(a, a.writeCount), known(a, a.failedCount), formatSplunkTimeUtf8(a.firstTime),
                        formatSplunkTimeUtf8(a.lastTime), apis});
    }
    std::array<std::size_t, kColumns> width{};
    for (const auto& r : rows)
        for (std::size_t c = 0; c < r.size(); ++c)
            width[c] = std::max(width[c], displayWidth(r[c]));
    std::string out;
    for (std::size_t row = 0; row < rows.size(); ++row) {
        const auto& r = rows[row];
        if (row < marks.size())
            out += marks[row];
        for (std::size_t c = 0; c < r.size(); ++c) {
            const std::string pad(width[c] - displayWidth(r[c]), ' ');
            const bool number = c >= 1 && c <= 4; // right-aligned
            out += number ? pad + r[c] : r[c] + (c + 1 < r.size() ? pad : std::string());
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
    if (review)
        out += std::to_string(fresh) + " new since the last review; what is new: --format json or csv\n";
    if (store.counts.skippedByName > 0)
        out += std::to_string(store.counts.skippedByName) +
               (store.counts.skippedByName == 1 ? " file" : " files") +
               " in the folders skipped by their name, not read (listed on stderr)\n";
    return out;
}

} // namespace tw
