// SPDX-License-Identifier: GPL-3.0-or-later

#include "approvecommand.h"

#include "core/approvalservice.h"

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

void ApproveCommand::undo()
{
    const ApprovalResult result = ApprovalService(m_csvPath).restore(m_before, m_after);
    m_done = false;
    m_callback(result, true);
}

void ApproveCommand::redo()
{
    if (m_done)
        return;
    const ApprovalResult result = ApprovalService(m_csvPath).restore(m_after, m_before);
    m_done = true;
    m_callback(result, false);
}

} // namespace tw
