// SPDX-License-Identifier: GPL-3.0-or-later

#include "suppressions.h"

#include "atomicfile.h"
#include "identitylists.h"

#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>

namespace tw {

namespace {

bool ruleHides(const EventStore& store, const SuppressionRule& rule, const UserActivity& finding)
{
    if (!rule.user.isEmpty() &&
        !IdentityMatcher::globMatch(asciiFolded(rule.user), asciiFolded(store.qstr(finding.user))))
        return false;
    if (rule.allReadOnly && finding.readOnlyCount != finding.count)
        return false;
    if (!rule.eventNames.isEmpty()) {
        const IdentityMatcher apis(rule.eventNames);
        for (auto id : finding.eventNames)
            if (!apis.matches(store.qstr(id)))
                return false;
    }
    // A rule with no condition would hide everything: that is never what someone meant.
    return !rule.user.isEmpty() || rule.allReadOnly || !rule.eventNames.isEmpty();
}

} // namespace

QString suppressionsPathFor(const QString& approvedCsv)
{
    QString base = approvedCsv;
    if (base.endsWith(QLatin1String(".csv"), Qt::CaseInsensitive))
        base.chop(4);
    return base + QStringLiteral(".suppressions.json");
}

SuppressionSet loadSuppressions(const QString& path)
{
    SuppressionSet set;
    if (path.isEmpty())
        return set;
    // Only a regular file, and only so much of it: the window loads this file by itself when it
    // lies beside the approved CSV, and a FIFO there would hang it, /dev/zero exhaust its memory.
    const FileRead read = readRegularFile(path, kMaxSuppressionsBytes);
    if (!read.exists)
        return set;
    if (!read.error.isEmpty()) {
        set.error = QStringLiteral("cannot read the suppression rules: ") + read.error;
        return set;
    }
    QJsonParseError parseError;
    const QJsonDocument doc = QJsonDocument::fromJson(read.bytes, &parseError);
    if (parseError.error != QJsonParseError::NoError || !doc.isObject()) {
        set.error = QStringLiteral("%1: not a suppression-rules file (%2 at byte %3)")
                        .arg(path, parseError.errorString())
                        .arg(parseError.offset);
        return set;
    }
    const QJsonValue rules = doc.object().value(QLatin1String("rules"));
    if (!rules.isArray()) {
        set.error = QStringLiteral("%1: \"rules\" must be an array").arg(path);
        return set;
    }
    int index = 0;
    for (const QJsonValue& value : rules.toArray()) {
        ++index;
        const QJsonObject o = value.toObject();
        SuppressionRule rule;
        rule.id = o.value(QLatin1String("id")).toString(QStringLiteral("rule-%1").arg(index));
        rule.description = o.value(QLatin1String("description")).toString();
        rule.user = o.value(QLatin1String("user")).toString();
        rule.allReadOnly = o.value(QLatin1String("allReadOnly")).toBool();
        for (const QJsonValue& name : o.value(QLatin1String("eventNames")).toArray())
            rule.eventNames.append(name.toString());
        if (rule.user.isEmpty() && !rule.allReadOnly && rule.eventNames.isEmpty()) {
            set.warnings.append(
                QStringLiteral("%1: rule '%2' has no condition and is ignored").arg(path, rule.id));
            continue;
        }
        set.rules.push_back(std::move(rule));
    }
    return set;
}

QString writeSuppressions(const QString& path, const std::vector<SuppressionRule>& rules)
{
    QJsonArray array;
    for (const SuppressionRule& r : rules) {
        QJsonObject o{{QStringLiteral("id"), r.id}, {QStringLiteral("description"), r.description}};
        if (!r.user.isEmpty())
            o.insert(QStringLiteral("user"), r.user);
        if (r.allReadOnly)
            o.insert(QStringLiteral("allReadOnly"), true);
        if (!r.eventNames.isEmpty())
            o.insert(QStringLiteral("eventNames"), QJsonArray::fromStringList(r.eventNames));
        array.append(o);
    }
    const QByteArray bytes =
        QJsonDocument(QJsonObject{{QStringLiteral("version"), 1}, {QStringLiteral("rules"), array}}).toJson();
    return writeFileAtomically(path, bytes);
}

void applySuppressions(const EventStore& store, const std::vector<SuppressionRule>& rules,
                       DetectionResult& result)
{
    result.suppressedByRule.assign(rules.size(), 0);
    if (rules.empty())
        return;
    std::vector<UserActivity> kept;
    std::vector<QString> keptExpired;
    for (std::size_t i = 0; i < result.findings.size(); ++i) {
        bool hidden = false;
        for (std::size_t r = 0; r < rules.size() && !hidden; ++r) {
            if (ruleHides(store, rules[r], result.findings[i])) {
                ++result.suppressedByRule[r];
                hidden = true;
            }
        }
        if (hidden) {
            ++result.suppressed;
            continue;
        }
        kept.push_back(std::move(result.findings[i]));
        keptExpired.push_back(i < result.expiredApproval.size() ? result.expiredApproval[i] : QString());
    }
    result.findings = std::move(kept);
    result.expiredApproval = std::move(keptExpired);
}

} // namespace tw
