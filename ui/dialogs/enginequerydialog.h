// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "core/engines/enginequery.h"

#include <QDialog>

class QCheckBox;
class QComboBox;
class QDateTimeEdit;
class QLabel;
class QLineEdit;
class QPlainTextEdit;
class QRadioButton;
class QSpinBox;

namespace tw {

// File > Export Engine Query: the detection written for Athena, CloudTrail Lake, Security Lake or
// Splunk, with its size against the engine's limit shown as the options change. The lists are
// applied on import by default; embedding them needs the lists, given by the caller.
class EngineQueryDialog : public QDialog
{
    Q_OBJECT
public:
    EngineQueryDialog(RuleSet rules, QStringList approved, QStringList identities, QString approvedSha256,
                      QString identitiesSha256, QWidget* parent = nullptr);

    QueryOptions options() const;
    QString queryText() const;

private:
    void updateQuery();
    void copy();
    void save();

    RuleSet m_rules;
    QStringList m_approved, m_identities;
    QString m_approvedSha, m_identitiesSha;
    QComboBox* m_engine = nullptr;
    QLineEdit* m_database = nullptr;
    QLineEdit* m_table = nullptr;
    QLabel* m_tableLabel = nullptr;
    QDateTimeEdit* m_from = nullptr;
    QDateTimeEdit* m_to = nullptr;
    QSpinBox* m_slack = nullptr;
    QRadioButton* m_onImport = nullptr;
    QRadioButton* m_embedded = nullptr;
    QCheckBox* m_dedup = nullptr;
    QPlainTextEdit* m_text = nullptr;
    QLabel* m_size = nullptr;
    RenderedQuery m_query;
};

} // namespace tw
