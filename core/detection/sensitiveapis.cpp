// SPDX-License-Identifier: GPL-3.0-or-later

#include "core/detection/sensitiveapis.h"

#include <QFile>

#include <algorithm>
#include <array>

namespace tw {

namespace {

struct CategoryInfo
{
    const char* id;
    const char* name;
    int points;
};

// The table of docs/detection.md, Risk: keep the two the same. Evasion, destruction and leaving the
// organisation are hard to undo or hide everything after them, so they weigh more than a grant or a
// read of one secret.
constexpr std::array<CategoryInfo, kSensitiveCategoryCount> kCategories{{
    {"defence-evasion", "defence evasion", 3},
    {"persistence-privilege", "persistence and privilege", 2},
    {"exposure", "exposure", 2},
    {"credential-access", "credential access", 1},
    {"destruction", "destruction", 3},
    {"organisation", "organisation", 3},
}};

std::string_view view(const QByteArray& b)
{
    return {b.constData(), static_cast<std::size_t>(b.size())};
}

} // namespace

QString sensitiveCategoryId(SensitiveCategory category)
{
    return QString::fromLatin1(kCategories[static_cast<std::size_t>(category)].id);
}

QString sensitiveCategoryName(SensitiveCategory category)
{
    return QString::fromLatin1(kCategories[static_cast<std::size_t>(category)].name);
}

int sensitiveCategoryPoints(SensitiveCategory category)
{
    return kCategories[static_cast<std::size_t>(category)].points;
}

int SensitiveApiCatalogue::find(std::string_view eventSource, std::string_view eventName) const
{
    auto it =
        std::lower_bound(apis.begin(), apis.end(), eventName,
                         [](const SensitiveApi& a, std::string_view n) { return view(a.eventName) < n; });
    for (; it != apis.end() && view(it->eventName) == eventName; ++it)
        if (view(it->eventSource) == eventSource)
            return static_cast<int>(it - apis.begin());
    return -1;
}

bool SensitiveApiCatalogue::hasName(std::string_view eventName) const
{
    const auto it =
        std::lower_bound(apis.begin(), apis.end(), eventName,
                         [](const SensitiveApi& a, std::string_view n) { return view(a.eventName) < n; });
    return it != apis.end() && view(it->eventName) == eventName;
}

SensitiveApiCatalogue parseSensitiveApis(const QByteArray& text, const QString& path)
{
    SensitiveApiCatalogue out;
    const auto fail = [&](int line, const QString& reason) {
        out.apis.clear();
        out.error = QStringLiteral("%1:%2: %3").arg(path).arg(line).arg(reason);
        return out;
    };
    bool headerSeen = false;
    int lineNo = 0;
    for (QByteArray line : text.split('\n')) {
        ++lineNo;
        if (line.endsWith('\r'))
            line.chop(1);
        if (line.trimmed().isEmpty() || line.startsWith('#'))
            continue;
        if (!headerSeen) {
            if (line != "eventSource,eventName,category,why")
                return fail(lineNo, QStringLiteral("expected the header eventSource,eventName,category,why"));
            headerSeen = true;
            continue;
        }
        const qsizetype c1 = line.indexOf(',');
        const qsizetype c2 = c1 < 0 ? -1 : line.indexOf(',', c1 + 1);
        const qsizetype c3 = c2 < 0 ? -1 : line.indexOf(',', c2 + 1);
        if (c3 < 0)
            return fail(lineNo, QStringLiteral("expected 4 fields: eventSource,eventName,category,why"));
        SensitiveApi api;
        api.eventSource = line.left(c1).trimmed();
        api.eventName = line.mid(c1 + 1, c2 - c1 - 1).trimmed();
        const QString category = QString::fromUtf8(line.mid(c2 + 1, c3 - c2 - 1).trimmed());
        api.why = QString::fromUtf8(line.mid(c3 + 1).trimmed());
        api.line = lineNo;
        if (api.eventSource.isEmpty() || api.eventName.isEmpty() || api.why.isEmpty())
            return fail(lineNo, QStringLiteral("eventSource, eventName and why must not be empty"));
        const auto known = std::find_if(kCategories.begin(), kCategories.end(), [&](const CategoryInfo& c) {
            return category == QLatin1String(c.id);
        });
        if (known == kCategories.end())
            return fail(lineNo, QStringLiteral("unknown category \"%1\"").arg(category));
        api.category = static_cast<SensitiveCategory>(known - kCategories.begin());
        out.apis.push_back(std::move(api));
    }
    if (!headerSeen)
        return fail(lineNo, QStringLiteral("no header and no rows"));
    std::stable_sort(out.apis.begin(), out.apis.end(), [](const SensitiveApi& a, const SensitiveApi& b) {
        return std::pair(view(a.eventName), view(a.eventSource)) <
               std::pair(view(b.eventName), view(b.eventSource));
    });
    for (std::size_t i = 1; i < out.apis.size(); ++i)
        if (out.apis[i].eventName == out.apis[i - 1].eventName &&
            out.apis[i].eventSource == out.apis[i - 1].eventSource)
            return fail(out.apis[i].line, QStringLiteral("%1 %2 is listed twice (first on line %3)")
                                              .arg(QString::fromUtf8(out.apis[i].eventSource),
                                                   QString::fromUtf8(out.apis[i].eventName))
                                              .arg(std::min(out.apis[i].line, out.apis[i - 1].line)));
    return out;
}

SensitiveApiCatalogue loadSensitiveApis(const QString& path)
{
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly)) {
        SensitiveApiCatalogue out;
        out.error = QStringLiteral("%1: %2").arg(path, file.errorString());
        return out;
    }
    return parseSensitiveApis(file.readAll(), path);
}

const SensitiveApiCatalogue& builtinSensitiveApis()
{
    // Compiled in: a broken catalogue is a build defect, which tst_sensitiveapis catches; at run time
    // an unreadable one ranks nothing as sensitive and says so through ok()/error.
    static const SensitiveApiCatalogue catalogue =
        loadSensitiveApis(QString::fromLatin1(kBuiltinSensitiveApisPath));
    return catalogue;
}

} // namespace tw
