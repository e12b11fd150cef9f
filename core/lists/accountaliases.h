// SPDX-License-Identifier: GPL-3.0-or-later

#pragma once

#include <QByteArray>
#include <QHash>
#include <QString>
#include <QStringList>
#include <QStringView>

namespace tw {

// Whether text is an AWS account id as CloudTrail writes it: exactly 12 ASCII digits.
bool isAccountId(QStringView text);

// Names for 12-digit AWS account ids, from an optional CSV with the columns `account_id,name`
// (File ▸ Account Aliases…, `trailwarden-cli scan --aliases`). Shown beside the ids only, as
// `123456789012 (prod-payments)`: aliases never take part in the detection, the lists or a sort.
//
// A row that cannot be used (an id that is not 12 digits, an empty name, an id given twice) is a
// problem naming the file, the line and the reason, and the other rows still load; a file that
// cannot be used at all (unreadable, not CSV, no header with both columns) is an error and gives no
// names. Names are kept as written (commas, quotes, any script); whoever shows them makes invisible
// characters visible, as for every other text from a file.
//
// Immutable after loading; safe to share between threads.
class AccountAliases
{
public:
    AccountAliases() = default;

    // Reads path (a regular file, at most kMaxLookupFileBytes). An empty path gives no aliases and
    // no error.
    static AccountAliases load(const QString& path);
    // The same from bytes already read; path only names the file in messages.
    static AccountAliases parse(const QByteArray& bytes, const QString& path);

    QString path() const { return m_path; }
    // "<path>: <reason>" when the file could not be used at all; empty otherwise.
    QString error() const { return m_error; }
    bool ok() const { return m_error.isEmpty(); }
    // "<path>: line N: <reason>" for every row that was not taken (or taken with a remark).
    const QStringList& problems() const { return m_problems; }

    qsizetype size() const { return m_names.size(); }
    qsizetype rows() const { return m_rows; } // data rows in the file, used or not
    bool isEmpty() const { return m_names.isEmpty(); }
    // The name of an account id, or a null QString when it has none.
    QString nameOf(const QString& accountId) const { return m_names.value(accountId); }
    // "123456789012 (prod-payments)", or the id alone when it has no name.
    QString label(const QString& accountId) const;
    QStringList labels(const QStringList& accountIds) const;
    const QHash<QString, QString>& names() const { return m_names; }

private:
    QString m_path;
    QString m_error;
    QStringList m_problems;
    QHash<QString, QString> m_names;
    qsizetype m_rows = 0;
};

} // namespace tw
