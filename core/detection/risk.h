// SPDX-License-Identifier: GPL-3.0-or-later

#pragma once

#include <QString>
#include <QStringList>

#include <vector>

namespace tw {

struct EventStore;
struct SensitiveApiCatalogue;
struct UserActivity;

// One term of a finding's risk: what it is and the points it adds.
struct RiskFactor
{
    QString label; // "root", "StopLogging", "3 console logins without MFA"
    int points = 0;

    bool operator==(const RiskFactor&) const = default;
};

// A finding's risk: the sum of the factors of docs/detection.md, Risk. No hidden weights: every
// point is one of the factors, and explanation() lists them all.
struct RiskAssessment
{
    int score = 0;
    std::vector<RiskFactor> factors; // in the order of the table in docs/detection.md, Risk

    // "9: root (+5), StopLogging (+3), 2 write calls (+1)"; "0: no risk factor".
    QString explanation() const;
};

// `user.sensitive` must refer to rows of `catalogue` (aggregateActivity fills it from the same one).
RiskAssessment assessRisk(const UserActivity& user, const SensitiveApiCatalogue& catalogue);

// What a finding says where its risk, write or failed counts are not known (UserActivity::riskKnown
// is false: an imported engine result counts neither), rather than a 0 that would read as "none".
inline constexpr auto kRiskNotAvailable = "not available";
// Its explanation there.
QString riskNotAvailableExplanation();

// A finding's API names as every view and report lists them (docs/detection.md, Risk): its
// sensitive calls first, most points first, each marked and counted ("\u26A0 StopLogging \u00D72"),
// then its other distinct names byte-wise. `user.sensitive` refers to builtinSensitiveApis().
QStringList apiNamesSensitiveFirst(const EventStore& store, const UserActivity& user);
// The mark and count of one sensitive call in that list.
QString sensitiveApiLabel(QStringView eventName, quint64 count);

} // namespace tw
