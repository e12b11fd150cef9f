// SPDX-License-Identifier: GPL-3.0-or-later

#include "core/detection/suppressions.h"

#include "core/common/atomicfile.h"
#include "core/lists/identitylists.h"

#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QStringList>

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
    return parseSuppressions(read.bytes, path);
}

SuppressionSet parseSuppressions(const QByteArray& bytes, const QString& path)
{
    SuppressionSet set;
    if (bytes.isEmpty())
        return set;
    QJsonParseError parseError;
    const QJsonDocument doc = QJsonDocument::fromJson(bytes, &parseError);
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
        rule.reason = o.value(QLatin1String("reason")).toString();
        rule.by = o.value(QLatin1String("by")).toString();
        rule.changedAt = o.value(QLatin1String("at")).toString();
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

namespace {

QJsonObject ruleObject(const SuppressionRule& r)
{
    QJsonObject o{{QStringLiteral("id"), r.id}, {QStringLiteral("description"), r.description}};
    if (!r.reason.isEmpty())
        o.insert(QStringLiteral("reason"), r.reason);
    if (!r.by.isEmpty())
        o.insert(QStringLiteral("by"), r.by);
    if (!r.changedAt.isEmpty())
        o.insert(QStringLiteral("at"), r.changedAt);
    if (!r.user.isEmpty())
        o.insert(QStringLiteral("user"), r.user);
    if (r.allReadOnly)
        o.insert(QStringLiteral("allReadOnly"), true);
    if (!r.eventNames.isEmpty())
        o.insert(QStringLiteral("eventNames"), QJsonArray::fromStringList(r.eventNames));
    return o;
}

// What decides which findings a rule hides, and why: a change to any of it is a change of the rule.
bool sameRule(const SuppressionRule& a, const SuppressionRule& b)
{
    return a.description == b.description && a.reason == b.reason && a.user == b.user &&
           a.allReadOnly == b.allReadOnly && a.eventNames == b.eventNames;
}

const SuppressionRule* findRule(const std::vector<SuppressionRule>& rules, const QString& id)
{
    for (const SuppressionRule& r : rules)
        if (r.id == id)
            return &r;
    return nullptr;
}

} // namespace

QByteArray serializeSuppressions(const std::vector<SuppressionRule>& rules)
{
    QJsonArray array;
    for (const SuppressionRule& r : rules)
        array.append(ruleObject(r));
    return QJsonDocument(QJsonObject{{QStringLiteral("version"), 1}, {QStringLiteral("rules"), array}})
        .toJson();
}

QString writeSuppressions(const QString& path, const std::vector<SuppressionRule>& rules)
{
    return writeFileAtomically(path, serializeSuppressions(rules));
}

QString describeSuppressionChanges(const std::vector<SuppressionRule>& before,
                                   const std::vector<SuppressionRule>& after)
{
    int added = 0, changed = 0, removed = 0;
    for (const SuppressionRule& r : after) {
        const SuppressionRule* old = findRule(before, r.id);
        if (!old)
            ++added;
        else if (!sameRule(*old, r))
            ++changed;
    }
    for (const SuppressionRule& r : before)
        if (!findRule(after, r.id))
            ++removed;
    QStringList parts;
    if (added)
        parts << QStringLiteral("%1 added").arg(added);
    if (changed)
        parts << QStringLiteral("%1 changed").arg(changed);
    if (removed)
        parts << QStringLiteral("%1 removed").arg(removed);
    return parts.join(QLatin1String(", "));
}

ApprovalResult saveSuppressions(const QString& approvedCsv, const QByteArray& expectedCurrent,
                                const std::vector<SuppressionRule>& before,
                                std::vector<SuppressionRule> after, const QString& by, const QDateTime& at)
{
    const QString path = suppressionsPathFor(approvedCsv);
    ApprovalResult refused;
    refused.before = refused.after = expectedCurrent;
    if (by.trimmed().isEmpty()) {
        refused.message = path + QStringLiteral(": not saved: who makes the change is not given");
        return refused;
    }
    const QString stamp = at.toUTC().toString(Qt::ISODate);
    std::vector<AuditEntry> audit;
    const auto entry = [&](const QString& action, const SuppressionRule& r, const QString& reason) {
        audit.push_back({action, r.user.isEmpty() ? QStringList() : QStringList{r.user}, by, at, reason,
                         QJsonObject{{QStringLiteral("rule"), ruleObject(r)}}});
    };
    for (SuppressionRule& r : after) {
        if (r.reason.trimmed().isEmpty() || (r.user.isEmpty() && !r.allReadOnly && r.eventNames.isEmpty())) {
            refused.message = QStringLiteral("%1: not saved: rule '%2' needs %3")
                                  .arg(path, r.description.isEmpty() ? r.id : r.description,
                                       r.reason.trimmed().isEmpty() ? QStringLiteral("a reason")
                                                                    : QStringLiteral("a condition"));
            return refused;
        }
        const SuppressionRule* old = findRule(before, r.id);
        if (old && sameRule(*old, r)) {
            r.by = old->by;
            r.changedAt = old->changedAt;
            continue;
        }
        r.by = by;
        r.changedAt = stamp;
        entry(old ? QStringLiteral("change suppression") : QStringLiteral("add suppression"), r, r.reason);
    }
    for (const SuppressionRule& r : before)
        if (!findRule(after, r.id))
            entry(QStringLiteral("remove suppression"), r, QStringLiteral("removed; it was: ") + r.reason);
    if (audit.empty()) {
        refused.ok = true;
        refused.message = path + QStringLiteral(": no change");
        return refused;
    }
    return ApprovalService(approvedCsv)
        .replaceCompanion(path, serializeSuppressions(after), expectedCurrent, audit);
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
