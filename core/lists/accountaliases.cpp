// SPDX-License-Identifier: GPL-3.0-or-later

#include "core/lists/accountaliases.h"

#include "core/common/atomicfile.h"
#include "core/lists/csvtable.h"
#include "core/lists/identitylists.h"

#include <cerrno>
#include <optional>

using namespace Qt::StringLiterals;

namespace tw {

namespace {

// A name is a label for people, not a document: longer than this it is a pasted mistake, and it
// would push the id out of every cell it is shown in.
constexpr qsizetype kMaxNameLength = 200;

} // namespace

bool isAccountId(QStringView text)
{
    if (text.size() != 12)
        return false;
    for (const QChar c : text)
        if (c < u'0' || c > u'9')
            return false;
    return true;
}

AccountAliases AccountAliases::load(const QString& path)
{
    if (path.isEmpty())
        return {};
    // A FIFO or a device would never end: an aliases file is a regular file or nothing.
    const FileRead read = readRegularFile(path, kMaxLookupFileBytes);
    if (!read.exists || !read.error.isEmpty()) {
        AccountAliases aliases;
        aliases.m_path = path;
        aliases.m_error = read.exists ? read.error : path + u": cannot open: "_s + systemErrorText(ENOENT);
        return aliases;
    }
    return parse(read.bytes, path);
}

AccountAliases AccountAliases::parse(const QByteArray& bytes, const QString& path)
{
    AccountAliases aliases;
    aliases.m_path = path;
    QString parseError;
    const std::optional<CsvTable> table = CsvTable::parse(bytes, &parseError);
    if (!table) {
        aliases.m_error = path + u": "_s + parseError;
        return aliases;
    }
    // Without case and spaces: `Account_ID, Name` from a spreadsheet or typed by hand is the same file.
    const QStringList header = table->header();
    const auto column = [&header](QStringView name) {
        for (qsizetype col = 0; col < header.size(); ++col)
            if (QStringView(header.at(col)).trimmed().compare(name, Qt::CaseInsensitive) == 0)
                return col;
        return qsizetype(-1);
    };
    const qsizetype idCol = column(u"account_id");
    const qsizetype nameCol = column(u"name");
    if (idCol < 0 || nameCol < 0) {
        aliases.m_error = u"%1: the header needs the columns 'account_id' and 'name' (found: %2)"_s.arg(
            path, header.join(u", "_s));
        return aliases;
    }
    QHash<QString, qsizetype> firstLine;
    aliases.m_rows = table->rowCount();
    for (qsizetype row = 0; row < table->rowCount(); ++row) {
        const qsizetype line = table->rowLineNumber(row);
        const auto problem = [&](const QString& reason) {
            aliases.m_problems << u"%1: line %2: %3"_s.arg(path, QString::number(line), reason);
        };
        // Spaces around a value are how people type CSV (`123456789012, prod`); nothing else is.
        const QString id = table->field(row, idCol).trimmed();
        const QString name = table->field(row, nameCol).trimmed();
        if (!isAccountId(id)) {
            QString why = u"'%1' is not an account id (12 digits)"_s.arg(id);
            bool digits = !id.isEmpty() && id.size() < 12;
            for (const QChar c : id)
                digits &= c >= u'0' && c <= u'9';
            // A spreadsheet reads the id as a number and drops its leading zeros.
            if (digits)
                why += u"; it has %1 digits: a spreadsheet may have dropped leading zeros"_s.arg(id.size());
            problem(why + u"; the row is not used"_s);
            continue;
        }
        if (name.isEmpty()) {
            problem(u"account %1 has no name; the row is not used"_s.arg(id));
            continue;
        }
        if (name.size() > kMaxNameLength) {
            problem(u"the name of account %1 is %2 characters long (at most %3); the row is not used"_s.arg(
                id, QString::number(name.size()), QString::number(kMaxNameLength)));
            continue;
        }
        if (const auto first = firstLine.constFind(id); first != firstLine.constEnd()) {
            problem(
                u"account %1 is named again; the name on line %2 is used"_s.arg(id, QString::number(*first)));
            continue;
        }
        if (const QString hidden = invisibleCharacterIn(name); !hidden.isEmpty())
            problem(u"the name of account %1 holds an invisible character (%2); it is shown as [U+…]"_s.arg(
                id, hidden));
        firstLine.insert(id, line);
        aliases.m_names.insert(id, name);
    }
    return aliases;
}

QString AccountAliases::label(const QString& accountId) const
{
    const auto it = m_names.constFind(accountId);
    return it == m_names.constEnd() ? accountId : accountId + u" ("_s + *it + u')';
}

QStringList AccountAliases::labels(const QStringList& accountIds) const
{
    QStringList out;
    out.reserve(accountIds.size());
    for (const QString& id : accountIds)
        out << label(id);
    return out;
}

} // namespace tw
