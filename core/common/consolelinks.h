// SPDX-License-Identifier: GPL-3.0-or-later

#pragma once

#include <QJsonObject>
#include <QString>
#include <QUrl>

namespace tw {

// Links into the AWS console for what a CloudTrail record names, built from the record alone: the
// program never fetches them, the analyst's browser opens them (signed in to whichever account the
// analyst chooses). Every value comes from a log, so each one is checked before it goes into a
// link: a region must look like a region (it becomes part of the host name), names and IDs are
// percent-encoded. A value that does not pass gives an empty QUrl, never a guessed link.
namespace ConsoleLinks {

// The console's host for a region's partition: console.aws.amazon.com, console.amazonaws.cn
// (cn-*), console.amazonaws-us-gov.com (us-gov-*); empty for a value that is not a region.
QString consoleHost(const QString& region);

// CloudTrail Event history, the one event:
// https://<region>.<host>/cloudtrailv2/home?region=<region>#/events/<eventId>
QUrl eventUrl(const QString& eventId, const QString& region);
// The same from a record (eventID and awsRegion).
QUrl eventUrl(const QJsonObject& record);

// The IAM role (AssumedRole: the session issuer's role) or the IAM user (IAMUser) behind a
// record's userIdentity; empty for root, AWS services, federated and other identities, which
// have no IAM page of their own.
QUrl identityUrl(const QJsonObject& userIdentity);

} // namespace ConsoleLinks

} // namespace tw
