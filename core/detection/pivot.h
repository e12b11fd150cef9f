// SPDX-License-Identifier: GPL-3.0-or-later

#pragma once

#include "core/detection/detection.h"
#include "core/ingest/eventstore.h"

#include <QString>
#include <QStringList>

#include <cstdint>
#include <optional>
#include <vector>

namespace tw {

// The event fields an analyst can pivot on: every event with the same value, whoever made it.
// Each is a string column of the store, so a value is a StringPool id and a pivot is one pass of
// integer compares over that column (no string is read). The access key and the session are read
// through the store's credential column: first which credential ids hold the value, then one
// look-up an event.
enum class PivotField : std::uint8_t {
    EventName,
    EventSource,
    Region,
    Account,
    SourceIp,
    UserAgent,
    ErrorCode,
    AccessKey, // userIdentity.accessKeyId; an access key id, not a string id (pivotValue())
    Session,   // docs/detection.md, Pivots: "<arn> @ <sessionContext.attributes.creationDate>"; a
               // session id, not a string id (pivotValue())
};

// The CloudTrail name of the field ("sourceIPAddress", "awsRegion", ...), for labels and workspaces.
QString pivotFieldName(PivotField field);
// The inverse of pivotFieldName(); std::nullopt for any other text.
std::optional<PivotField> pivotFieldFromName(const QString& name);
// The field's value in one event (0: absent): a string id, except for AccessKey and Session, whose
// values are ids of the store's access key and session tables (the text is composed only when
// shown: pivotValueText()).
std::uint32_t pivotValue(const EventStore& store, PivotField field, std::uint32_t event);
// The text of a value of the field, as the window shows it.
QString pivotValueText(const EventStore& store, PivotField field, std::uint32_t value);

// Every event whose field has the value (as pivotValue() gives it), of every user, successful or
// not, on the lists or not, in time order (ties in store order). Value 0 (absent) matches nothing:
// "every event without a source IP" is not a pivot. Cost: one pass over the column, then, unless
// the hits are in time order already, one sort of compact (time, event) pairs; it runs on a worker
// thread in the window.
std::vector<std::uint32_t> eventsWithValue(const EventStore& store, PivotField field, std::uint32_t value);

// The findings of result (their users' string ids, in result order) that have at least one event
// the detection counts (successful under result.rules) with the value.
std::vector<std::uint32_t> findingsWithValue(const EventStore& store, const DetectionResult& result,
                                             PivotField field, std::uint32_t value);

// For each term, the users (string ids, ascending) with at least one event the detection counts
// (successful under rules) whose field, one of fields, contains the term case-insensitively: what
// the findings filter adds for the columns a finding's row does not show (source IP, user agent,
// region). Each distinct string is compared once per term; the rest is integer look-ups.
std::vector<std::vector<std::uint32_t>> usersWithEventText(const EventStore& store, RuleSet rules,
                                                           const QStringList& terms,
                                                           const std::vector<PivotField>& fields);

} // namespace tw
