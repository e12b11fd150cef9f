// SPDX-License-Identifier: GPL-3.0-or-later

#include "core/detection/risk.h"

#include "core/detection/detection.h"
#include "core/detection/sensitiveapis.h"
#include "core/ingest/eventstore.h"

#include <QSet>

namespace tw {

namespace {

// docs/detection.md, Risk: keep the two the same.
constexpr int kRootPoints = 5;
constexpr int kAdminPoints = 2;
constexpr int kConsoleWithoutMfaPoints = 3;
constexpr int kWritePoints = 1;
constexpr int kFailedPoints = 1;

QString counted(quint64 n, const char* one, const char* many)
{
    return QStringLiteral("%1 %2").arg(n).arg(QString::fromLatin1(n == 1 ? one : many));
}

} // namespace

QString RiskAssessment::explanation() const
{
    if (factors.empty())
        return QStringLiteral("%1: no risk factor").arg(score);
    QString out = QString::number(score) + u':';
    for (std::size_t i = 0; i < factors.size(); ++i)
        out += QStringLiteral("%1 %2 (+%3)").arg(i ? u"," : u"", factors[i].label).arg(factors[i].points);
    return out;
}

RiskAssessment assessRisk(const UserActivity& user, const SensitiveApiCatalogue& catalogue)
{
    RiskAssessment risk;
    const auto add = [&risk](QString label, int points) {
        risk.score += points;
        risk.factors.push_back({std::move(label), points});
    };
    if (user.principal.cls == PrincipalClass::Root)
        add(QStringLiteral("root"), kRootPoints);
    if (user.principal.adminLike)
        add(QStringLiteral("administrator access"), kAdminPoints);
    if (const auto n = user.facts.consoleLoginsWithoutMfa)
        add(counted(n, "console login without MFA", "console logins without MFA"), kConsoleWithoutMfaPoints);
    for (const SensitiveCall& call : user.sensitive) {
        const SensitiveApi& api = catalogue.apis[call.api];
        add(QString::fromUtf8(api.eventName), sensitiveCategoryPoints(api.category));
    }
    if (user.writeCount)
        add(counted(user.writeCount, "write call", "write calls"), kWritePoints);
    if (user.failedCount)
        add(counted(user.failedCount, "failed call", "failed calls"), kFailedPoints);
    return risk;
}

QString riskNotAvailableExplanation()
{
    return QStringLiteral("not available: the engine result counts no write, failed or sensitive calls");
}

QString sensitiveApiLabel(QStringView eventName, quint64 count)
{
    return QStringLiteral("\u26A0 ") + eventName.toString() + QStringLiteral(" \u00D7") +
           QString::number(count);
}

QStringList apiNamesSensitiveFirst(const EventStore& store, const UserActivity& user)
{
    QStringList out;
    out.reserve(static_cast<qsizetype>(user.eventNames.size()));
    if (user.sensitive.empty()) {
        for (std::uint32_t id : user.eventNames)
            out << store.qstr(id);
        return out;
    }
    const SensitiveApiCatalogue& catalogue = builtinSensitiveApis();
    QSet<QByteArray> shown;
    for (const SensitiveCall& call : user.sensitive) {
        const SensitiveApi& api = catalogue.apis[call.api];
        out << sensitiveApiLabel(QString::fromUtf8(api.eventName), call.count);
        shown.insert(api.eventName);
    }
    for (std::uint32_t id : user.eventNames) {
        const std::string_view name = store.str(id);
        if (!shown.contains(QByteArray::fromRawData(name.data(), static_cast<qsizetype>(name.size()))))
            out << store.qstr(id);
    }
    return out;
}

} // namespace tw
