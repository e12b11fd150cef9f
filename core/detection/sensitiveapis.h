// SPDX-License-Identifier: GPL-3.0-or-later

#pragma once

#include <QString>

#include <cstdint>
#include <string_view>
#include <vector>

namespace tw {

// What a sensitive call does for an attacker (docs/detection.md, Risk). The points each category adds
// to a finding's risk are sensitiveCategoryPoints(), documented in the same section.
enum class SensitiveCategory : std::uint8_t {
    DefenceEvasion,
    PersistencePrivilege,
    Exposure,
    CredentialAccess,
    Destruction,
    Organisation,
};
inline constexpr int kSensitiveCategoryCount = 6;

// One row of resources/sensitive-apis.csv.
struct SensitiveApi
{
    QByteArray eventSource; // UTF-8, compared byte-wise with the store's strings
    QByteArray eventName;
    SensitiveCategory category = SensitiveCategory::DefenceEvasion;
    QString why;
    int line = 0; // in the file, for messages
};

// The catalogue as loaded (the load-error idiom of docs/conventions.md).
struct SensitiveApiCatalogue
{
    std::vector<SensitiveApi> apis; // sorted by eventName, then eventSource
    QString error;                  // "<path>:<line>: <reason>"; empty when the file loaded
    bool ok() const { return error.isEmpty(); }

    // The row of a call, or -1. Byte-wise; no allocation, so the per-event loop can call it.
    int find(std::string_view eventSource, std::string_view eventName) const;
    // True when some row has this eventName (under any eventSource).
    bool hasName(std::string_view eventName) const;
};

// Parses the catalogue's text; `path` only names the file in messages. Rules: '#' starts a comment
// line, blank lines are skipped, the first other line is the header
// `eventSource,eventName,category,why`, and `why` takes the rest of the line (it may hold commas).
SensitiveApiCatalogue parseSensitiveApis(const QByteArray& text, const QString& path);
SensitiveApiCatalogue loadSensitiveApis(const QString& path);
// The catalogue compiled into the program (resources/sensitive-apis.csv as a Qt resource).
inline constexpr auto kBuiltinSensitiveApisPath = ":/trailwarden/sensitive-apis.csv";
const SensitiveApiCatalogue& builtinSensitiveApis();

// "defence-evasion", ... as written in the file.
QString sensitiveCategoryId(SensitiveCategory category);
// "defence evasion", "persistence and privilege", ... for a person to read.
QString sensitiveCategoryName(SensitiveCategory category);
// The points one distinct call of the category adds to a finding's risk (docs/detection.md, Risk).
int sensitiveCategoryPoints(SensitiveCategory category);

} // namespace tw
