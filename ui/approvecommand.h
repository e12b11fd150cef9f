// SPDX-License-Identifier: GPL-3.0-or-later

#pragma once

#include <QByteArray>
#include <QString>
#include <QUndoCommand>

#include <functional>

namespace tw {

struct ApprovalResult;

// One write to the approved-accounts CSV, as an undo step. Undo and redo go through
// ApprovalService::restore() with the bytes we expect on disk, so a change made by someone else in
// between is never overwritten: restore() refuses and the callback reports it.
//
// The write itself has already happened when the command is pushed, so the first redo() does nothing.
class ApproveCommand : public QUndoCommand
{
public:
    // Called after every undo/redo attempt with the restore result and whether it was an undo.
    using Callback = std::function<void(const ApprovalResult& result, bool undo)>;

    ApproveCommand(const QString& text, QString csvPath, QByteArray before, QByteArray after,
                   Callback callback);

    void undo() override;
    void redo() override;

private:
    QString m_csvPath;
    QByteArray m_before;
    QByteArray m_after;
    Callback m_callback;
    bool m_done = true;
};

} // namespace tw
