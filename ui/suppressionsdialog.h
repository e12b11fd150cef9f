// SPDX-License-Identifier: GPL-3.0-or-later

#pragma once

#include "core/suppressions.h"

#include <QDialog>

#include <vector>

class QCheckBox;
class QLabel;
class QLineEdit;
class QListWidget;
class QPushButton;

namespace tw {

// Tools ▸ Suppression Rules…: the detection's `_filter` macro as a list of rules that hide findings
// without approving anyone (user glob, every API read-only, API names). Shows how many findings each
// rule hid in the last run. The dialog edits a copy; the caller saves it (writeSuppressions beside
// the approved CSV) and re-runs.
class SuppressionsDialog : public QDialog
{
    Q_OBJECT
public:
    // hidden: per rule, in rule order, what it hid in the last run (DetectionResult::suppressedByRule).
    SuppressionsDialog(const QString& path, std::vector<SuppressionRule> rules,
                       std::vector<std::uint64_t> hidden, QWidget* parent = nullptr);

    const std::vector<SuppressionRule>& rules() const { return m_rules; }

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

    std::vector<SuppressionRule> m_rules;
    std::vector<qint64> m_hidden; // -1: new or changed since the run
    bool m_loading = false;
    QListWidget* m_list = nullptr;
    QLineEdit* m_description = nullptr;
    QLineEdit* m_user = nullptr;
    QCheckBox* m_readOnly = nullptr;
    QLineEdit* m_apis = nullptr;
    QLabel* m_warning = nullptr;
    QPushButton* m_remove = nullptr;
    QPushButton* m_ok = nullptr;
};

} // namespace tw
