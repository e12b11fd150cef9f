// SPDX-License-Identifier: GPL-3.0-or-later

#include "app/clihints.h"

#include <QDir>
#include <QFileInfo>
#include <QRegularExpression>

#include <algorithm>
#include <vector>

namespace tw::cli {

namespace {

// Optimal string alignment distance: Levenshtein plus the swap of two neighbours ("--apporved").
qsizetype editDistance(const QString& a, const QString& b)
{
    const qsizetype n = a.size(), m = b.size();
    std::vector<std::vector<qsizetype>> d(std::size_t(n + 1), std::vector<qsizetype>(std::size_t(m + 1)));
    for (qsizetype i = 0; i <= n; ++i)
        d[i][0] = i;
    for (qsizetype j = 0; j <= m; ++j)
        d[0][j] = j;
    for (qsizetype i = 1; i <= n; ++i) {
        for (qsizetype j = 1; j <= m; ++j) {
            const qsizetype cost = a[i - 1] == b[j - 1] ? 0 : 1;
            d[i][j] = std::min({d[i - 1][j] + 1, d[i][j - 1] + 1, d[i - 1][j - 1] + cost});
            if (i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1])
                d[i][j] = std::min(d[i][j], d[i - 2][j - 2] + 1);
        }
    }
    return d[n][m];
}

QString lowerFirst(QString text)
{
    if (!text.isEmpty())
        text[0] = text[0].toLower();
    while (text.endsWith(u'.'))
        text.chop(1);
    return text;
}

} // namespace

QString nearestName(const QString& typed, const QStringList& candidates)
{
    QString best;
    qsizetype bestDistance = 0;
    for (const QString& candidate : candidates) {
        const qsizetype distance = editDistance(typed.toLower(), candidate.toLower());
        const qsizetype allowed = std::min<qsizetype>(3, std::max(typed.size(), candidate.size()) / 3);
        if (distance > allowed || (!best.isEmpty() && distance >= bestDistance))
            continue;
        best = candidate;
        bestDistance = distance;
    }
    return best;
}

QStringList longOptionsOf(const QCommandLineParser& parser)
{
    static const QRegularExpression option(QStringLiteral("^  (?:-[a-zA-Z?], )*(--[a-z][a-z-]*)"),
                                           QRegularExpression::MultilineOption);
    QStringList out;
    auto it = option.globalMatch(parser.helpText());
    while (it.hasNext())
        out << it.next().captured(1);
    return out;
}

QString parseErrorText(const QCommandLineParser& parser)
{
    const QStringList unknown = parser.unknownOptionNames();
    if (unknown.isEmpty())
        return lowerFirst(parser.errorText());
    // Qt reports the name without its dashes; show it as it is typed.
    const QString typed =
        (unknown.first().size() == 1 ? QStringLiteral("-") : QStringLiteral("--")) + unknown.first();
    const QString nearest = nearestName(typed, longOptionsOf(parser));
    if (nearest.isEmpty())
        return QStringLiteral("unknown option '%1'").arg(typed);
    return QStringLiteral("unknown option '%1'; did you mean '%2'?").arg(typed, nearest);
}

QString unknownCommandText(const QString& typed, const QStringList& commands)
{
    if (typed.startsWith(u'-'))
        return QStringLiteral("'%1' is no command; options come after the command, as in "
                              "'trailwarden-cli scan %1 ...'")
            .arg(typed);
    const QString nearest = nearestName(typed, commands);
    if (!nearest.isEmpty())
        return QStringLiteral("unknown command '%1'; did you mean '%2'?").arg(typed, nearest);
    if (QFileInfo::exists(typed) || typed.contains(u'/') || typed.contains(u'\\') ||
        typed.contains(QRegularExpression(QStringLiteral("\\.(json|jsonl|ndjson|gz)$"),
                                          QRegularExpression::CaseInsensitiveOption)))
        return QStringLiteral("unknown command '%1'; to look for findings in it: 'trailwarden-cli scan %1'")
            .arg(typed);
    return QStringLiteral("unknown command '%1'").arg(typed);
}

QString missingFolderText(const QString& option, const QString& path)
{
    if (path.isEmpty())
        return {};
    const QFileInfo info(path);
    if (info.absoluteDir().exists())
        return {};
    return QStringLiteral("%1 %2: the folder %3 does not exist")
        .arg(option, path, QDir::toNativeSeparators(info.absolutePath()));
}

} // namespace tw::cli
