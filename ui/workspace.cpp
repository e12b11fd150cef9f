// SPDX-License-Identifier: GPL-3.0-or-later

#include "ui/workspace.h"

#include "core/common/atomicfile.h"

#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>

using namespace Qt::StringLiterals;

namespace tw {

namespace {

// A workspace is a few kilobytes; anything far larger is not one (and is not read into memory).
constexpr qint64 kMaxBytes = 4 << 20;
const QString kFormat = u"trailwarden-workspace"_s;

QJsonArray toArray(const QStringList& list)
{
    return QJsonArray::fromStringList(list);
}

} // namespace

std::optional<Workspace> readWorkspace(const QString& path, QString* error)
{
    const auto fail = [&](const QString& reason) {
        if (error)
            *error = path + u": "_s + reason;
        return std::nullopt;
    };
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly))
        return fail(file.errorString());
    if (file.size() > kMaxBytes)
        return fail(QStringLiteral("too large for a workspace (%1 bytes)").arg(file.size()));
    QJsonParseError parse{};
    const QJsonDocument doc = QJsonDocument::fromJson(file.readAll(), &parse);
    if (parse.error != QJsonParseError::NoError)
        return fail(
            QStringLiteral("not valid JSON (%1 at byte %2)").arg(parse.errorString()).arg(parse.offset));
    const QJsonObject o = doc.object();
    if (!doc.isObject() || o.value(u"format"_s).toString() != kFormat)
        return fail(u"not a TrailWarden workspace (no \"format\": \"trailwarden-workspace\")"_s);
    const int version = o.value(u"version"_s).toInt(-1);
    if (version < 1)
        return fail(u"no valid \"version\""_s);
    if (version > Workspace::kVersion)
        return fail(QStringLiteral("version %1 is newer than this TrailWarden reads (%2)")
                        .arg(version)
                        .arg(Workspace::kVersion));

    Workspace w;
    QString wrong;
    const auto text = [&](const QString& key, QString& out) {
        const QJsonValue v = o.value(key);
        if (v.isUndefined() || v.isNull())
            return;
        if (!v.isString())
            wrong = key;
        out = v.toString();
    };
    const auto list = [&](const QString& key, QStringList& out) {
        const QJsonValue v = o.value(key);
        if (v.isUndefined() || v.isNull())
            return;
        if (!v.isArray()) {
            wrong = key;
            return;
        }
        for (const QJsonValue& item : v.toArray()) {
            if (!item.isString())
                wrong = key;
            out << item.toString();
        }
    };
    const auto bytes = [&](const QString& key, QByteArray& out) {
        QString encoded;
        text(key, encoded);
        const auto decoded =
            QByteArray::fromBase64Encoding(encoded.toLatin1(), QByteArray::AbortOnBase64DecodingErrors);
        if (!decoded)
            wrong = key;
        out = *decoded;
    };
    list(u"dataPaths"_s, w.dataPaths);
    text(u"approved"_s, w.approved);
    text(u"identities"_s, w.identities);
    if (const QJsonValue v = o.value(u"aliases"_s); !v.isUndefined() && !v.isNull()) {
        QString aliases;
        text(u"aliases"_s, aliases);
        w.aliases = aliases;
    }
    text(u"rules"_s, w.rules);
    text(u"filter"_s, w.filter);
    text(u"eventsFilter"_s, w.eventsFilter);
    list(u"selection"_s, w.selection);
    text(u"current"_s, w.current);
    bytes(u"findingsHeader"_s, w.findingsHeader);
    bytes(u"eventsHeader"_s, w.eventsHeader);
    if (const QJsonValue v = o.value(u"localTime"_s); !v.isUndefined()) {
        if (!v.isBool())
            wrong = u"localTime"_s;
        w.localTime = v.toBool();
    }
    if (!wrong.isEmpty())
        return fail(QStringLiteral("\"%1\" has the wrong type").arg(wrong));
    if (w.rules != u"ta7" && w.rules != u"legacy")
        return fail(QStringLiteral("\"rules\" must be \"ta7\" or \"legacy\", not \"%1\"").arg(w.rules));
    if (w.dataPaths.isEmpty())
        return fail(u"no \"dataPaths\": a workspace names the data it shows"_s);
    return w;
}

bool writeWorkspace(const QString& path, const Workspace& w, QString* error)
{
    QJsonObject o;
    o.insert(u"format"_s, kFormat);
    o.insert(u"version"_s, Workspace::kVersion);
    o.insert(u"dataPaths"_s, toArray(w.dataPaths));
    o.insert(u"approved"_s, w.approved);
    o.insert(u"identities"_s, w.identities);
    if (w.aliases)
        o.insert(u"aliases"_s, *w.aliases);
    o.insert(u"rules"_s, w.rules);
    o.insert(u"localTime"_s, w.localTime);
    o.insert(u"filter"_s, w.filter);
    o.insert(u"eventsFilter"_s, w.eventsFilter);
    o.insert(u"selection"_s, toArray(w.selection));
    o.insert(u"current"_s, w.current);
    o.insert(u"findingsHeader"_s, QString::fromLatin1(w.findingsHeader.toBase64()));
    o.insert(u"eventsHeader"_s, QString::fromLatin1(w.eventsHeader.toBase64()));

    AtomicFile file(path);
    if (!file.open() || !file.write(QJsonDocument(o).toJson(QJsonDocument::Indented)) || !file.commit()) {
        if (error)
            *error = file.errorString();
        return false;
    }
    return true;
}

} // namespace tw
