// SPDX-License-Identifier: GPL-3.0-or-later

#pragma once

#include <QDateTime>
#include <QHash>
#include <QList>
#include <QString>
#include <QStringList>
#include <QStringView>

namespace tw {

// Splunk's subsearch returns at most this many rows, so a longer lookup excludes fewer users in Splunk
// than in TrailWarden, which reads every row.
inline constexpr qsizetype kSplunkSubsearchMaxRows = 10000;

// Lookup files larger than this are refused rather than read into memory: no real identity list is
// anywhere near it, so such a file is a mistake (a log picked as a lookup) or hostile.
inline constexpr qint64 kMaxLookupFileBytes = 256 * 1024 * 1024;

// One identity read from a lookup, with where it came from so a UI can point at the line.
struct IdentityEntry
{
    QString identity;
    qsizetype row = -1; // 0-based data row in the CSV (CsvTable row)
    qsizetype line = 0; // 1-based line number in the file where that row starts
    // Provenance columns of the approved list, when it has them (empty otherwise).
    QString approvedBy;
    QString approvedAt;
    QString reason;
    QString expires;     // as written
    QDateTime expiresAt; // parsed, UTC; invalid when there is no usable `expires`
    QStringList extra;   // the values of LookupLoad::extraColumns on this row, in that order
};

// An `expires` value: an ISO 8601 date (valid through the end of that day, UTC) or date-time.
// Returns an invalid QDateTime for an empty or unreadable value.
QDateTime parseExpiry(const QString& text);

// The case-insensitive form every list comparison uses: ASCII letters A-Z become a-z, nothing else
// changes. Unicode case folding would make an ASCII approval `kafka-svc` also exclude a user spelled
// with U+212A KELVIN SIGN, and `svc-backup` one with U+017F LONG S (likewise µ/μ, ς/σ, ẞ/ß): it
// would hide a finding. Folding ASCII only can err only towards reporting more (docs/detection.md,
// Case and look-alikes).
QString asciiFolded(QStringView text);

// Whether an identity can be written to the approved list as itself. An identity containing '*'
// cannot: the lookup's values are wildcards in the search (see IdentityMatcher), so writing the user
// name `svc*` would also approve svc-a, svc-b..., and `*` would approve everyone. There is no escape
// for '*' in that search, so such a user cannot be approved at all; it stays a finding. When false,
// `why` (if given) says so in a sentence for a dialog or the terminal.
bool isLiteralApprovable(QStringView identity, QString* why = nullptr);

// Whether a list entry matches every user name: one or more '*' and nothing else. Such a row turns
// the detection off, so it deserves a loud warning wherever the list is used.
bool isAllWildcard(QStringView entry);

// The first character of text that cannot be seen, as "U+200B at character 4", or an empty string:
// an invisible code point (core/common/invisible.h: controls, format characters, line and paragraph
// separators, default-ignorable fillers and selectors) other than tab, CR and LF, or a space other
// than U+0020. An identity holding one looks like another name and never matches the name a reader
// sees, so it is refused on approve.
QString invisibleCharacterIn(QStringView text);

// Decides whether a user name is on a list, the way the Splunk search does: values compare without
// case (ASCII letters only, asciiFolded), and '*' in an entry matches any run of characters
// (including none), because the subsearch turns each entry into `identity="<entry>"` in the search
// string, where '*' is a wildcard.
//
// Immutable after construction; safe to share between threads.
class IdentityMatcher
{
public:
    IdentityMatcher() = default;
    // Empty entries are ignored (an empty lookup value excludes nobody in Splunk).
    explicit IdentityMatcher(const QStringList& entries);

    bool matches(QStringView user) const;
    // The entry (as written in the lookup) that makes user match, or a null QString when none does.
    // Exact entries win over wildcard entries; among wildcards the first in list order wins.
    QString matchingEntry(QStringView user) const;
    // Distinct entries (compared case-insensitively) that take part in matching.
    qsizetype size() const { return m_exact.size() + m_wildcards.size(); }
    bool isEmpty() const { return size() == 0; }
    // The entries without '*', as first written (one per asciiFolded value), in no particular order.
    QStringList exactEntries() const { return m_exact.values(); }

    // Case-insensitive glob match, '*' only. Iterative with single-star backtracking, so the cost is
    // O(pattern * text) at worst, never exponential. Both sides must already be asciiFolded().
    // `steps`, when given, is increased by the number of steps taken (tests count them to check
    // the bound on the work, which a timer cannot do reliably).
    static bool globMatch(QStringView foldedPattern, QStringView foldedText, qsizetype* steps = nullptr);

private:
    struct Wildcard
    {
        QString folded;
        QString original;
    };
    QHash<QString, QString> m_exact; // asciiFolded entry -> the entry as first written
    QList<Wildcard> m_wildcards;
};

// The result of reading one lookup. When error is non-empty nothing was loaded.
// Invariant: identities.size() == entries.size(), identities[i] == entries[i].identity.
struct LookupLoad
{
    QStringList identities;
    QList<IdentityEntry> entries;
    QStringList warnings;
    QString error;
    // The approved list's columns besides identity and the provenance above (owner, notes, ...),
    // as named in the header, in file order.
    QStringList extraColumns;
    qsizetype rows = 0; // data rows in the file (blank lines excluded), for the 10,000-row comparison

    bool ok() const { return error.isEmpty(); }
};

// aws_service_accounts.csv: one identity a row in the `identity` column, taken as-is (Splunk does not
// trim lookup values); empty values are skipped. Other columns are ignored.
LookupLoad loadApprovedAccounts(const QString& path);

// identity_lookup_expanded exported as CSV: the `identity` value is pipe-delimited
// (`a.smith|asmith|a.smith@example.com`); each piece, trimmed, is one identity.
LookupLoad loadIdentityList(const QString& path);

} // namespace tw
