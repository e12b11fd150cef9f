// SPDX-License-Identifier: GPL-3.0-or-later

#include "core/common/consolelinks.h"

#include <QRegularExpression>

namespace tw::ConsoleLinks {

using namespace Qt::StringLiterals;

namespace {

// Everything but RFC 3986's unreserved characters is encoded, '/' and '#' included: a name can
// never add a path segment, a query or a fragment of its own.
QString encoded(const QString& value)
{
    return QString::fromLatin1(QUrl::toPercentEncoding(value));
}

// IAM role and user names: 1-64 characters of [A-Za-z0-9+=,.@_-] (IAM's own limits).
bool isIamName(const QString& name)
{
    static const QRegularExpression re(u"^[A-Za-z0-9+=,.@_-]{1,64}$"_s);
    return re.match(name).hasMatch();
}

// The last segment of an ARN's resource ("role/path/name" -> "name") when the ARN is of `kind`.
QString nameFromArn(const QString& arn, QStringView kind)
{
    const QStringList parts = arn.split(u':');
    if (parts.size() != 6 || parts.at(0) != u"arn" || parts.at(2) != u"iam")
        return {};
    const QString resource = parts.at(5);
    if (!resource.startsWith(kind.toString() + u'/'))
        return {};
    return resource.section(u'/', -1);
}

// IAM is global within a partition: the partition's console host, taken from the identity's ARN.
QString iamHost(const QString& arn)
{
    if (arn.startsWith(u"arn:aws-cn:"))
        return u"console.amazonaws.cn"_s;
    if (arn.startsWith(u"arn:aws-us-gov:"))
        return u"console.amazonaws-us-gov.com"_s;
    return u"console.aws.amazon.com"_s;
}

QUrl iamUrl(const QString& arn, QStringView kind, const QString& name)
{
    if (!isIamName(name))
        return {};
    return QUrl(u"https://"_s + iamHost(arn) + u"/iam/home#/"_s + kind + u"/details/"_s + encoded(name),
                QUrl::StrictMode);
}

} // namespace

QString consoleHost(const QString& region)
{
    static const QRegularExpression re(u"^[a-z]{2}(-[a-z]+)+-[0-9]{1,2}$"_s);
    if (!re.match(region).hasMatch())
        return {};
    if (region.startsWith(u"cn-"))
        return u"console.amazonaws.cn"_s;
    if (region.startsWith(u"us-gov-"))
        return u"console.amazonaws-us-gov.com"_s;
    return u"console.aws.amazon.com"_s;
}

QUrl eventUrl(const QString& eventId, const QString& region)
{
    const QString host = consoleHost(region);
    if (host.isEmpty() || eventId.isEmpty() || eventId.size() > 128)
        return {};
    return QUrl(u"https://"_s + region + u'.' + host + u"/cloudtrailv2/home?region="_s + region +
                    u"#/events/"_s + encoded(eventId),
                QUrl::StrictMode);
}

QUrl eventUrl(const QJsonObject& record)
{
    return eventUrl(record.value(u"eventID"_s).toString(), record.value(u"awsRegion"_s).toString());
}

QUrl identityUrl(const QJsonObject& userIdentity)
{
    const QString type = userIdentity.value(u"type"_s).toString();
    if (type == u"IAMUser") {
        const QString arn = userIdentity.value(u"arn"_s).toString();
        const QString name = userIdentity.value(u"userName"_s).toString();
        return iamUrl(arn, u"users", name.isEmpty() ? nameFromArn(arn, u"user") : name);
    }
    if (type == u"AssumedRole") {
        const QJsonObject issuer =
            userIdentity.value(u"sessionContext"_s).toObject().value(u"sessionIssuer"_s).toObject();
        if (issuer.value(u"type"_s).toString() != u"Role")
            return {};
        const QString arn = issuer.value(u"arn"_s).toString();
        const QString name = issuer.value(u"userName"_s).toString();
        return iamUrl(arn, u"roles", name.isEmpty() ? nameFromArn(arn, u"role") : name);
    }
    return {};
}

} // namespace tw::ConsoleLinks
