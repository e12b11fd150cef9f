// SPDX-License-Identifier: GPL-3.0-or-later

#include "ui/approvecommand.h"

#include "core/lists/approvalservice.h"

#include <QDateTime>
#include <QJsonObject>

namespace tw {

ApproveCommand::ApproveCommand(const QString& text, QString csvPath, QByteArray before, QByteArray after,
                               Callback callback)
    : m_csvPath(std::move(csvPath))
    , m_before(std::move(before))
    , m_after(std::move(after))
    , m_callback(std::move(callback))
{
    setText(text);
}

namespace {
QString currentUser()
{
    const QString user = qEnvironmentVariable("USER");
    return user.isEmpty() ? qEnvironmentVariable("USERNAME") : user;
}
} // namespace

void ApproveCommand::undo()
{
    const ApprovalResult result = ApprovalService(m_csvPath).restore(
        m_before, m_after, {QStringLiteral("undo"), text(), currentUser()});
    m_done = false;
    m_callback(result, true);
}

void ApproveCommand::redo()
{
    if (m_done)
        return;
    const ApprovalResult result = ApprovalService(m_csvPath).restore(
        m_after, m_before, {QStringLiteral("redo"), text(), currentUser()});
    m_done = true;
    m_callback(result, false);
}

SuppressionsCommand::SuppressionsCommand(const QString& text, QString csvPath, QString rulesPath,
                                         QByteArray before, QByteArray after,
                                         ApproveCommand::Callback callback)
    : m_csvPath(std::move(csvPath))
    , m_rulesPath(std::move(rulesPath))
    , m_before(std::move(before))
    , m_after(std::move(after))
    , m_callback(std::move(callback))
{
    setText(text);
}

void SuppressionsCommand::put(const QByteArray& contents, const QByteArray& expected, bool undo)
{
    const QString action = undo ? QStringLiteral("undo") : QStringLiteral("redo");
    AuditEntry entry{action,
                     {},
                     currentUser(),
                     QDateTime::currentDateTimeUtc(),
                     QStringLiteral("%1 of: %2").arg(action, text()),
                     QJsonObject{{undo ? QStringLiteral("undone") : QStringLiteral("redone"), text()},
                                 {QStringLiteral("file"), m_rulesPath}}};
    const ApprovalResult result =
        ApprovalService(m_csvPath).replaceCompanion(m_rulesPath, contents, expected, {entry});
    m_done = !undo;
    m_callback(result, undo);
}

void SuppressionsCommand::undo()
{
    put(m_before, m_after, true);
}

void SuppressionsCommand::redo()
{
    if (m_done)
        return;
    put(m_after, m_before, false);
}

} // namespace tw
