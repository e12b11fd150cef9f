// SPDX-License-Identifier: GPL-3.0-or-later

#include "core/report/markdownreport.h"

#include "core/detection/detectioninfo.h"
#include "core/detection/risk.h"
#include "core/report/htmlreport.h"
#include "core/report/reporttext.h"

#include <algorithm>
#include <cmath>

namespace tw {

namespace {

using ReportText::markdown;

QString list(const QStringList& values)
{
    if (values.isEmpty())
        return QStringLiteral("none");
    QStringList escaped;
    escaped.reserve(values.size());
    for (const QString& v : values)
        escaped << markdown(v);
    return escaped.join(QStringLiteral(", "));
}

QString tallies(const std::vector<Tally>& values)
{
    if (values.empty())
        return QStringLiteral("none recorded");
    QStringList parts;
    const std::size_t n = std::min<std::size_t>(kReportTallyLimit, values.size());
    for (std::size_t i = 0; i < n; ++i)
        parts << markdown(values[i].value) % u" (" % reportNumber(values[i].count) % u')';
    if (n < values.size())
        parts << u"and " % reportNumber(values.size() - n) % u" more";
    return parts.join(QStringLiteral(", "));
}

// Eight levels of Unicode block elements: a chart that survives any ticket system.
QString sparkline(const std::vector<quint32>& counts)
{
    // A middle dot for "none", so that quiet stretches stay visible and trailing ones are not trimmed.
    static constexpr char16_t kLevels[] = u"\u00b7\u2581\u2582\u2583\u2584\u2585\u2586\u2587\u2588";
    const quint32 peak = counts.empty() ? 0 : *std::max_element(counts.begin(), counts.end());
    QString out;
    for (quint32 c : counts) {
        const long level = c == 0 ? 0 : std::clamp(std::lround(8.0 * c / peak), 1L, 8L);
        out += QChar(kLevels[level]);
    }
    return out;
}

QString lookup(const ManifestLookup& l, QStringView what = u"identities")
{
    if (l.path.isEmpty())
        return QStringLiteral("none");
    QString s = markdown(l.path) % u" \u2014 " % reportNumber(l.entries) % u' ' % what % u" from " %
                reportNumber(l.rows) % u" rows, SHA-256 " % QString::fromLatin1(l.sha256);
    if (!l.error.isEmpty())
        s += u" \u2014 **" % markdown(l.error) % u"**";
    return s;
}

// scan --review: new since the last review (and what) and the triage, one line; empty without.
QString reviewLine(const ReportData& data, std::size_t i)
{
    if (i >= data.review.size())
        return {};
    const FindingReview& r = data.review[i];
    QString text =
        (r.since.isNew ? u"**new** (" + markdown(r.since.describe()) + u')' : QStringLiteral("not new")) +
        u"; status " + triageStatusName(r.status);
    if (!r.owner.isEmpty())
        text += u"; owner " + markdown(r.owner);
    if (!r.ticket.isEmpty())
        text += u"; ticket " + markdown(r.ticket);
    if (!r.note.isEmpty())
        text += u"; note: " + markdown(r.note);
    return u"- **Review:** " + text + u'\n';
}

QString known(const ReportFinding& f, quint64 value)
{
    return f.riskKnown ? reportNumber(value) : QString::fromLatin1(kRiskNotAvailable);
}

// "APIs (37, 2 sensitive)".
QString apisLabel(const ReportFinding& f)
{
    QString out = u"APIs (" % QString::number(f.eventNames.size());
    if (!f.riskKnown)
        out += u", sensitive " % QLatin1StringView(kRiskNotAvailable);
    else if (f.sensitiveApis > 0)
        out += u", " % QString::number(f.sensitiveApis) % u" sensitive";
    return out + u')';
}

} // namespace

QString markdownReport(const ReportData& data)
{
    ReportBuffer buffer;
    writeMarkdownReport(data, buffer.sink());
    return QString::fromUtf8(buffer.bytes());
}

bool writeMarkdownReport(const ReportData& data, const ReportSink& sink)
{
    const RunManifest& m = data.manifest;
    // Streamed like the HTML report (writeHtmlReport): pieces of whole appends.
    QString out;
    bool ok = true;
    const auto drain = [&](bool force) {
        if (ok && (force || out.size() > kReportChunk))
            ok = sink(out.toUtf8());
        out.clear();
        return ok;
    };
    out += u"# AWS API activity from unapproved accounts\n\nTrailWarden findings report \u00b7 generated " %
           markdown(generatedText(m)) % u" \u00b7 rules: " % ruleSetName(m.rules) % u"\n\n";
    if (!m.scope.isEmpty())
        out += u"**Scope:** " % markdown(m.scope) % u"\n\n";
    for (const QString& warning : reportWarnings(m))
        out += u"> **Warning:** " % markdown(warning) % u"\n\n";
    out += u"**" % reportNumber(m.reported) % u" findings** reported of " % reportNumber(m.findings) % u"; " %
           reportNumber(m.events) % u" events read from " % reportNumber(m.fileCount) % u" files, " %
           reportNumber(m.successful) % u" successful, " % reportNumber(m.excluded) %
           u" excluded by the lists.";
    if (m.firstEvent)
        out += u" Events from " % formatSplunkTime(*m.firstEvent) % u" to " % formatSplunkTime(*m.lastEvent) %
               u" UTC.";
    out += u" Times are UTC.\n\n## Findings\n\n";

    if (data.empty()) {
        out += u"No user made successful API calls without being on the approved accounts or the identity "
               u"list.\n\n";
    } else {
        out += u"| # | User | Risk | Class | Events | Writes | Failed | First seen | Last seen | APIs "
               u"|\n|--:|------|-----:|-------|-------:|-------:|-------:|------------|-----------|------|\n";
        // Each finding's detail exists only while its piece is written (ReportData::finding).
        for (std::size_t i = 0; i < data.size(); ++i) {
            if (out.size() > kReportChunk && !drain(false))
                return false;
            const ReportFinding f = data.headline(i);
            out +=
                u"| " % QString::number(i + 1) % u" | " % markdown(f.user) %
                (f.confusableWith.isEmpty() ? QString() : u" \u26a0 looks like " % list(f.confusableWith)) %
                u" | " % (f.riskKnown ? QString::number(f.risk) : QString::fromLatin1(kRiskNotAvailable)) %
                u" | " % markdown(f.principalClass) % u" | " % reportNumber(f.count) % u" | " %
                known(f, f.writeCalls) % u" | " % known(f, f.failedCalls) % u" | " %
                formatSplunkTime(f.firstTime) % u" | " % formatSplunkTime(f.lastTime) % u" | " %
                list(f.apis) % u" |\n";
        }
        out += u"\n## Finding details\n\n";
        for (std::size_t i = 0; i < data.size(); ++i) {
            if (out.size() > kReportChunk && !drain(false))
                return false;
            const ReportFinding f = data.finding(i);
            out += u"### " % QString::number(i + 1) % u". " % markdown(f.user) % u"\n\n" % u"- **Risk:** " %
                   markdown(f.riskExplanation) % u"\n" % u"- **Write / failed calls:** " %
                   known(f, f.writeCalls) % u" / " % known(f, f.failedCalls) %
                   u" (failed calls are not counted by the detection)\n" % u"- **Events:** " %
                   reportNumber(f.count) % u" (" % reportNumber(f.readOnly) % u" read-only, " %
                   reportNumber(f.write) % u" write" %
                   (f.readUnknown ? u", " % reportNumber(f.readUnknown) % u" unknown" : QString()) % u")\n" %
                   u"- **First / last seen:** " % formatSplunkTime(f.firstTime) % u" \u2013 " %
                   formatSplunkTime(f.lastTime) % u" UTC\n" % reviewLine(data, i) %
                   (f.confusableWith.isEmpty() ? QString()
                                               : u"- **Looks like:** " % list(f.confusableWith) %
                                                     u" (different characters that look the same)\n") %
                   u"- **Activity** (events per " % data.axis.unit() % u" from " %
                   formatSplunkTime(data.axis.start) % u"): " % sparkline(f.activity) % u"\n" % u"- **" %
                   apisLabel(f) % u":** " % list(f.apis) % u"\n" % u"- **Accounts:** " %
                   list(data.accountLabels(f.accounts)) % u"\n" % u"- **Class:** " %
                   markdown(f.principalClass) % u" (" % markdown(f.classEvidence) % u")\n" %
                   u"- **Identity types:** " % list(f.identityTypes) % u"\n" % u"- **Regions:** " %
                   tallies(f.regions) % u"\n" % u"- **Source IPs:** " % tallies(f.sourceIps) % u"\n" %
                   u"- **User agents:** " % tallies(f.userAgents) % u"\n" % u"- **Event sources:** " %
                   tallies(f.eventSources) % u"\n\n";
        }
    }

    out += QStringView(u"## Detection\n\n- **Name:** ") % markdown(QStringView(DetectionInfo::kName)) %
           u"\n" % u"- **Id:** " % QStringView(DetectionInfo::kId) % u"\n" % u"- **MITRE ATT&CK:** " %
           markdown(QStringView(DetectionInfo::kMitre)) % u"\n" % u"- **Type:** " %
           QStringView(DetectionInfo::kType) % u"; risk score " % QString::number(DetectionInfo::kRiskScore) %
           u" (impact " % QString::number(DetectionInfo::kImpact) % u", confidence " %
           QString::number(DetectionInfo::kConfidence) % u")\n" % u"- **Suppressions:** " %
           (m.suppressions.empty() && m.suppressionFile.path.isEmpty()
                ? QStringLiteral("none (the \\_filter macro is empty)")
                : list(suppressionLines(m))) %
           u"\n\n```spl\n" % QStringView(DetectionInfo::kSpl) % u"\n```\n\n";

    out += QStringView(u"## Run manifest\n\n- **Tool:** ") % markdown(m.tool) % u' ' % markdown(m.version) %
           u"\n" % u"- **Rules:** " % ruleSetName(m.rules) % u"\n" % u"- **Generated:** " %
           markdown(generatedText(m)) % u"\n" % u"- **Inputs:** " % list(m.inputs) % u"\n" %
           u"- **Files:** " % reportNumber(m.fileCount) % u" read (" % reportNumber(m.unreadableFiles) %
           u" unreadable, " % reportNumber(m.skippedFiles) % u" digest/Insight files skipped), " %
           reportNumber(m.bytes) % u" bytes\n" % u"- **Event time range:** " %
           (m.firstEvent
                ? formatSplunkTime(*m.firstEvent) % u" \u2013 " % formatSplunkTime(*m.lastEvent) % u" UTC"
                : QStringLiteral("no events")) %
           u"\n" % u"- **Events:** " % reportNumber(m.events) % u" read, " % reportNumber(m.duplicates) %
           u" duplicates dropped, " % reportNumber(m.malformed) % u" malformed, " %
           reportNumber(m.successful) % u" successful, " % reportNumber(m.excluded) % u" excluded (" %
           reportNumber(m.excludedUsers) % u" users)\n" % u"- **Findings:** " % reportNumber(m.reported) %
           u" reported of " % reportNumber(m.findings) % u"\n" % u"- **Input problems:** " %
           reportNumber(m.problems) % u"\n" % u"- **Approved accounts:** " % lookup(m.approved) % u"\n" %
           u"- **Identity list:** " % lookup(m.identities) % u"\n" %
           (m.accountAliases.path.isEmpty()
                ? QString()
                : u"- **Account aliases:** " % lookup(m.accountAliases, u"named accounts") % u"\n") %
           u"\n";

    out += m.hashed ? QStringLiteral("| File | Bytes | SHA-256 |\n|------|------:|---------|\n")
                    : QStringLiteral(
                          "SHA-256 values were not computed for this report.\n\n| File | Bytes | SHA-256 |\n"
                          "|------|------:|---------|\n");
    for (const ManifestFile& f : m.files) {
        if (out.size() > kReportChunk && !drain(false))
            return false;
        out += u"| " % markdown(f.path) % u" | " % reportNumber(static_cast<quint64>(f.bytes)) % u" | " %
               QString::fromLatin1(f.sha256) %
               (f.hashError.isEmpty() ? QString() : u" **" % markdown(f.hashError) % u"**") % u" |\n";
    }
    return drain(true);
}

} // namespace tw
