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

// One save of the suppression rules beside the approved CSV, as an undo step: undo and redo put
// the rules file back through ApprovalService::replaceCompanion (the list's lock, an atomic write,
// only over the bytes expected on disk) and say so in the audit log.
class SuppressionsCommand : public QUndoCommand
{
public:
    SuppressionsCommand(const QString& text, QString csvPath, QString rulesPath, QByteArray before,
                        QByteArray after, ApproveCommand::Callback callback);

    void undo() override;
    void redo() override;

private:
    void put(const QByteArray& contents, const QByteArray& expected, bool undo);

    QString m_csvPath;
    QString m_rulesPath;
    QByteArray m_before;
    QByteArray m_after;
    ApproveCommand::Callback m_callback;
    bool m_done = true;
};

} // namespace tw
