// SPDX-License-Identifier: GPL-3.0-or-later

#include "ui/dialogs/suppressionsdialog.h"

#include <QCheckBox>
#include <QDialogButtonBox>
#include <QDir>
#include <QFormLayout>
#include <QHBoxLayout>
#include <QLabel>
#include <QLineEdit>
#include <QListWidget>
#include <QPushButton>
#include <QRegularExpression>
#include <QVBoxLayout>

using namespace Qt::StringLiterals;

namespace tw {

namespace {
bool hasCondition(const SuppressionRule& r)
{
    return !r.user.isEmpty() || r.allReadOnly || !r.eventNames.isEmpty();
}
} // namespace

SuppressionsDialog::SuppressionsDialog(const QString& path, std::vector<SuppressionRule> rules,
                                       Preview preview, const QString& by, QWidget* parent)
    : QDialog(parent)
    , m_rules(std::move(rules))
    , m_previewRules(std::move(preview))
{
    setWindowTitle(tr("Suppression Rules"));
    m_hidden.assign(m_rules.size(), -1);

    auto* intro = new QLabel(
        tr("Rules hide findings without approving anyone, like the search's <tt>_filter</tt> macro. A rule "
           "with several conditions hides a finding only when all of them hold.<br>Saved in %1")
            .arg(QDir::toNativeSeparators(path).toHtmlEscaped()));
    intro->setWordWrap(true);
    intro->setTextFormat(Qt::RichText);

    m_list = new QListWidget;
    m_list->setObjectName(u"rulesList"_s);
    // A rule's summary is read in full: wrap it rather than scroll sideways.
    m_list->setWordWrap(true);
    m_list->setHorizontalScrollBarPolicy(Qt::ScrollBarAlwaysOff);
    auto* add = new QPushButton(tr("&Add Rule"));
    m_remove = new QPushButton(tr("&Remove"));
    connect(add, &QPushButton::clicked, this, &SuppressionsDialog::addRule);
    connect(m_remove, &QPushButton::clicked, this, &SuppressionsDialog::removeCurrent);
    auto* listButtons = new QHBoxLayout;
    listButtons->addWidget(add);
    listButtons->addWidget(m_remove);
    listButtons->addStretch();
    auto* left = new QVBoxLayout;
    left->addWidget(m_list, 1);
    left->addLayout(listButtons);

    m_description = new QLineEdit;
    m_description->setPlaceholderText(tr("e.g. CI runners"));
    m_user = new QLineEdit;
    m_user->setPlaceholderText(tr("glob, e.g. ci-*  (empty: any user)"));
    m_readOnly = new QCheckBox(tr("Every API call of the finding is read-&only"));
    m_apis = new QLineEdit;
    m_apis->setPlaceholderText(tr("e.g. Describe*, List*, Get*  (empty: any)"));
    m_apis->setToolTip(tr("The finding is hidden only when each of its API names matches one of these"));
    m_reason = new QLineEdit;
    m_reason->setObjectName(u"ruleReason"_s);
    m_reason->setPlaceholderText(tr("required: why findings like these may be hidden (ticket, owner)"));
    m_warning = new QLabel;
    m_warning->setWordWrap(true);
    m_preview = new QLabel;
    m_preview->setObjectName(u"suppressionPreview"_s);
    m_preview->setWordWrap(true);
    auto* form = new QFormLayout;
    form->addRow(tr("&Description:"), m_description);
    form->addRow(tr("&User matches:"), m_user);
    form->addRow(QString(), m_readOnly);
    form->addRow(tr("A&PI names:"), m_apis);
    form->addRow(tr("Rea&son:"), m_reason);
    form->addRow(m_preview);
    form->addRow(m_warning);

    auto* body = new QHBoxLayout;
    body->addLayout(left, 1);
    body->addLayout(form, 1);

    m_by = new QLineEdit(by);
    m_by->setObjectName(u"rulesBy"_s);
    auto* byLabel = new QLabel(tr("Changed &by:"));
    byLabel->setBuddy(m_by);
    auto* byRow = new QHBoxLayout;
    byRow->addWidget(byLabel);
    byRow->addWidget(m_by, 1);
    connect(m_by, &QLineEdit::textChanged, this, &SuppressionsDialog::updateState);

    auto* buttons = new QDialogButtonBox(QDialogButtonBox::Save | QDialogButtonBox::Cancel);
    m_ok = buttons->button(QDialogButtonBox::Save);
    connect(buttons, &QDialogButtonBox::accepted, this, &QDialog::accept);
    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);

    auto* layout = new QVBoxLayout(this);
    layout->addWidget(intro);
    layout->addLayout(body, 1);
    layout->addLayout(byRow);
    layout->addWidget(buttons);
    resize(760, 420);

    for (std::size_t i = 0; i < m_rules.size(); ++i)
        m_list->addItem(itemText(int(i)));
    connect(m_list, &QListWidget::currentRowChanged, this, &SuppressionsDialog::showRule);
    for (QLineEdit* edit : {m_description, m_user, m_apis, m_reason})
        connect(edit, &QLineEdit::textEdited, this, &SuppressionsDialog::storeRule);
    connect(m_readOnly, &QCheckBox::toggled, this, &SuppressionsDialog::storeRule);
    m_list->setCurrentRow(m_rules.empty() ? -1 : 0);
    showRule(m_list->currentRow());
    updatePreview();
}

QString SuppressionsDialog::by() const
{
    return m_by->text().trimmed();
}

void SuppressionsDialog::updatePreview()
{
    // Cheap (one detection pass over the distinct users, milliseconds at 1M events): computed on
    // every edit, so the count is seen before the rule is saved.
    const std::vector<std::uint64_t> counts =
        m_previewRules ? m_previewRules(m_rules) : std::vector<std::uint64_t>();
    const bool have = counts.size() == m_rules.size() + 1;
    for (std::size_t i = 0; i < m_rules.size(); ++i)
        m_hidden[i] = have ? qint64(counts[i]) : -1;
    m_total = have ? qint64(counts.back()) : -1;
    for (int row = 0; row < m_list->count() && row < int(m_rules.size()); ++row)
        m_list->item(row)->setText(itemText(row));
    if (!have) {
        m_preview->setText(tr("No logs loaded: what the rules hide is shown once logs are open."));
        return;
    }
    const int row = m_list->currentRow();
    const QString total = m_total == 1 ? tr("These rules hide 1 finding of the loaded data.")
                                       : tr("These rules hide %1 findings of the loaded data.").arg(m_total);
    m_preview->setText(row >= 0 && row < int(m_rules.size())
                           ? tr("This rule hides %1.")
                                     .arg(m_hidden[std::size_t(row)] == 1
                                              ? tr("1 finding")
                                              : tr("%1 findings").arg(m_hidden[std::size_t(row)])) +
                                 u' ' + total
                           : total);
}

QString SuppressionsDialog::itemText(int row) const
{
    const SuppressionRule& r = m_rules[std::size_t(row)];
    QStringList conditions;
    if (!r.user.isEmpty())
        conditions << tr("user %1").arg(r.user);
    if (r.allReadOnly)
        conditions << tr("read-only");
    if (!r.eventNames.isEmpty())
        conditions << tr("APIs %1").arg(r.eventNames.join(u", "_s));
    const qint64 hid = m_hidden[std::size_t(row)];
    const QString count = hid < 0 ? tr("no data to preview") : tr("hides %1").arg(hid);
    const QString name = r.description.isEmpty() ? r.id : r.description;
    return u"%1 — %2 (%3)"_s.arg(
        name, conditions.isEmpty() ? tr("no condition: ignored") : conditions.join(u" and "_s), count);
}

void SuppressionsDialog::showRule(int row)
{
    m_loading = true;
    const bool valid = row >= 0 && row < int(m_rules.size());
    for (QWidget* w : std::initializer_list<QWidget*>{m_description, m_user, m_readOnly, m_apis, m_reason})
        w->setEnabled(valid);
    m_remove->setEnabled(valid);
    const SuppressionRule empty;
    const SuppressionRule& r = valid ? m_rules[std::size_t(row)] : empty;
    m_description->setText(r.description);
    m_user->setText(r.user);
    m_readOnly->setChecked(r.allReadOnly);
    m_apis->setText(r.eventNames.join(u", "_s));
    m_reason->setText(r.reason);
    m_loading = false;
    updateState();
    if (m_previewRules || !m_rules.empty())
        updatePreview();
}

void SuppressionsDialog::storeRule()
{
    const int row = m_list->currentRow();
    if (m_loading || row < 0 || row >= int(m_rules.size()))
        return;
    SuppressionRule& r = m_rules[std::size_t(row)];
    r.description = m_description->text().trimmed();
    r.user = m_user->text().trimmed();
    r.allReadOnly = m_readOnly->isChecked();
    r.reason = m_reason->text().trimmed();
    r.eventNames.clear();
    for (const QString& name : m_apis->text().split(QRegularExpression(u"[,\\s]+"_s), Qt::SkipEmptyParts))
        r.eventNames << name;
    updateState();
    updatePreview();
}

void SuppressionsDialog::addRule()
{
    // A fresh id that no rule uses, so that the file stays readable by a person.
    int n = int(m_rules.size()) + 1;
    const auto used = [this](const QString& id) {
        return std::any_of(m_rules.begin(), m_rules.end(),
                           [&id](const SuppressionRule& r) { return r.id == id; });
    };
    while (used(u"rule-%1"_s.arg(n)))
        ++n;
    SuppressionRule rule;
    rule.id = u"rule-%1"_s.arg(n);
    m_rules.push_back(rule);
    m_hidden.push_back(-1);
    m_list->addItem(itemText(int(m_rules.size()) - 1));
    m_list->setCurrentRow(int(m_rules.size()) - 1);
    m_user->setFocus(Qt::TabFocusReason);
}

void SuppressionsDialog::removeCurrent()
{
    const int row = m_list->currentRow();
    if (row < 0 || row >= int(m_rules.size()))
        return;
    m_rules.erase(m_rules.begin() + row);
    m_hidden.erase(m_hidden.begin() + row);
    delete m_list->takeItem(row);
    showRule(m_list->currentRow());
    updatePreview();
}

void SuppressionsDialog::updateState()
{
    const bool allHaveConditions = std::all_of(m_rules.begin(), m_rules.end(), hasCondition);
    // A suppression hides findings as surely as an approval: it is as accountable.
    const bool allHaveReasons = std::all_of(m_rules.begin(), m_rules.end(), [](const SuppressionRule& r) {
        return !r.reason.trimmed().isEmpty();
    });
    QStringList problems;
    if (!allHaveConditions)
        problems << tr("A rule without a condition would hide every finding; give each rule at least one "
                       "condition or remove it.");
    if (!allHaveReasons)
        problems << tr("Every rule needs a reason: why may findings like these be hidden?");
    if (by().isEmpty())
        problems << tr("Say who makes the change (Changed by).");
    m_warning->setText(problems.join(u' '));
    m_ok->setEnabled(problems.isEmpty());
}

} // namespace tw
