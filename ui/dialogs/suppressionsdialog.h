// SPDX-License-Identifier: GPL-3.0-or-later

#pragma once

#include "core/detection/suppressions.h"

#include <QDialog>

#include <functional>
#include <vector>

class QCheckBox;
class QLabel;
class QLineEdit;
class QListWidget;
class QPushButton;

namespace tw {

// Tools ▸ Suppression Rules…: the detection's `_filter` macro as a list of rules that hide findings
// without approving anyone (user glob, every API read-only, API names). Every rule needs a reason,
// and the dialog previews, while the rules are edited, how many findings each would hide in the
// loaded data. The dialog edits a copy; the caller saves it (ApprovedListWriter::saveSuppressions:
// the list's lock, an atomic write, the audit log, one undo step).
class SuppressionsDialog : public QDialog
{
    Q_OBJECT
public:
    // Per rule, in rule order, what the rules would hide, then the total (AnalysisSession::
    // previewSuppressions); empty when there is no data to preview on.
    using Preview = std::function<std::vector<std::uint64_t>(const std::vector<SuppressionRule>&)>;

    SuppressionsDialog(const QString& path, std::vector<SuppressionRule> rules, Preview preview,
                       const QString& by, QWidget* parent = nullptr);

    const std::vector<SuppressionRule>& rules() const { return m_rules; }
    QString by() const;
    QLineEdit* reasonEdit() const { return m_reason; }
    QLineEdit* byEdit() const { return m_by; }
    QLabel* previewLabel() const { return m_preview; }
    QPushButton* saveButton() const { return m_ok; }

    // What the buttons do (public for tests): a new rule becomes current.
    void addRule();
    void removeCurrent();
    QListWidget* list() const { return m_list; }
    QLineEdit* userEdit() const { return m_user; }
    QLineEdit* apisEdit() const { return m_apis; }
    QLineEdit* descriptionEdit() const { return m_description; }
    QCheckBox* readOnlyBox() const { return m_readOnly; }

private:
    void showRule(int row);
    void storeRule();
    QString itemText(int row) const;
    void updateState();
    void updatePreview();

    std::vector<SuppressionRule> m_rules;
    Preview m_previewRules;
    std::vector<qint64> m_hidden; // per rule, what it would hide now; -1: no data to preview on
    qint64 m_total = -1;
    bool m_loading = false;
    QListWidget* m_list = nullptr;
    QLineEdit* m_description = nullptr;
    QLineEdit* m_user = nullptr;
    QCheckBox* m_readOnly = nullptr;
    QLineEdit* m_apis = nullptr;
    QLineEdit* m_reason = nullptr;
    QLineEdit* m_by = nullptr;
    QLabel* m_preview = nullptr;
    QLabel* m_warning = nullptr;
    QPushButton* m_remove = nullptr;
    QPushButton* m_ok = nullptr;
};

} // namespace tw
