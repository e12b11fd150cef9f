// SPDX-License-Identifier: GPL-3.0-or-later
#include "ui/dialogs/enginequerydialog.h"

#include "core/common/atomicfile.h"
#include "ui/dateedits.h"

#include <QApplication>
#include <QCheckBox>
#include <QClipboard>
#include <QComboBox>
#include <QDateTimeEdit>
#include <QDialogButtonBox>
#include <QFileDialog>
#include <QFontDatabase>
#include <QFormLayout>
#include <QHBoxLayout>
#include <QLabel>
#include <QLineEdit>
#include <QLocale>
#include <QMessageBox>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QRadioButton>
#include <QSpinBox>
#include <QTimeZone>
#include <QVBoxLayout>

using namespace Qt::StringLiterals;

namespace tw {

EngineQueryDialog::EngineQueryDialog(RuleSet rules, QStringList approved, QStringList identities,
                                     QString approvedSha256, QString identitiesSha256, QWidget* parent)
    : QDialog(parent)
    , m_rules(rules)
    , m_approved(std::move(approved))
    , m_identities(std::move(identities))
    , m_approvedSha(std::move(approvedSha256))
    , m_identitiesSha(std::move(identitiesSha256))
{
    setWindowTitle(tr("Export Engine Query"));
    m_engine = new QComboBox;
    m_engine->setObjectName(u"engineCombo"_s);
    for (Engine e : {Engine::Athena, Engine::Lake, Engine::SecurityLake, Engine::Splunk})
        m_engine->addItem(engineDisplayName(e), int(e));
    m_database = new QLineEdit(QStringLiteral("default"));
    m_table = new QLineEdit(QStringLiteral("cloudtrail_logs_pp"));
    m_tableLabel = new QLabel(tr("&Table:"));
    m_tableLabel->setBuddy(m_table);

    // The last 30 days to the current minute, in UTC like the query.
    const QDateTime now =
        QDateTime::fromMSecsSinceEpoch(QDateTime::currentMSecsSinceEpoch() / 60000 * 60000, QTimeZone::utc());
    // Tab leaves each in one press, not after its five sections.
    m_from = new OneStopDateTimeEdit(now.addDays(-30));
    m_to = new OneStopDateTimeEdit(now);
    for (QDateTimeEdit* edit : {m_from, m_to}) {
        edit->setTimeSpec(Qt::UTC); // setTimeZone is Qt 6.7+
        edit->setDisplayFormat(QStringLiteral("yyyy-MM-dd HH:mm 'UTC'"));
        edit->setCalendarPopup(true);
    }
    m_slack = new QSpinBox;
    m_slack->setRange(0, 30);
    m_slack->setValue(1);
    m_slack->setSuffix(tr(" day(s)"));
    m_slack->setToolTip(tr("Partitions read after the window: CloudTrail delivers records up to hours late, "
                           "under the day the file was written."));
    m_onImport =
        new QRadioButton(tr("Applied on &import (recommended: no size limit, the identity list stays here)"));
    m_embedded = new QRadioButton(tr("&Embedded in the query (%1 entries; for scheduled queries and alerts)")
                                      .arg(QLocale().toString(m_approved.size() + m_identities.size())));
    m_onImport->setChecked(true);
    m_embedded->setObjectName(u"embedLists"_s);
    m_dedup = new QCheckBox(tr("Remove &duplicate deliveries (costs a shuffle in the engine)"));
    m_dedup->setChecked(true);

    auto* form = new QFormLayout;
    form->addRow(tr("E&ngine:"), m_engine);
    form->addRow(tr("&Database:"), m_database);
    form->addRow(m_tableLabel, m_table);
    auto* window = new QHBoxLayout;
    window->addWidget(m_from);
    window->addWidget(new QLabel(tr("to")));
    window->addWidget(m_to);
    window->addStretch();
    form->addRow(tr("Window:"), window);
    form->addRow(tr("Partition &slack:"), m_slack);
    form->addRow(tr("Lists:"), m_onImport);
    form->addRow(QString(), m_embedded);
    form->addRow(QString(), m_dedup);

    m_text = new QPlainTextEdit;
    m_text->setReadOnly(true);
    m_text->setLineWrapMode(QPlainTextEdit::NoWrap);
    m_text->setFont(QFontDatabase::systemFont(QFontDatabase::FixedFont));
    m_text->setObjectName(QStringLiteral("engineQueryText"));
    m_size = new QLabel;
    m_size->setObjectName(QStringLiteral("engineQuerySize"));
    m_size->setWordWrap(true);

    auto* buttons = new QDialogButtonBox(QDialogButtonBox::Close);
    auto* copyButton = buttons->addButton(tr("&Copy"), QDialogButtonBox::ActionRole);
    auto* saveButton = buttons->addButton(tr("&Save…"), QDialogButtonBox::ActionRole);
    connect(copyButton, &QPushButton::clicked, this, &EngineQueryDialog::copy);
    connect(saveButton, &QPushButton::clicked, this, &EngineQueryDialog::save);
    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);

    auto* layout = new QVBoxLayout(this);
    layout->addLayout(form);
    layout->addWidget(m_text, 1);
    layout->addWidget(m_size);
    layout->addWidget(buttons);
    resize(900, 700);

    connect(m_engine, &QComboBox::currentIndexChanged, this, &EngineQueryDialog::updateQuery);
    for (QLineEdit* edit : {m_database, m_table})
        connect(edit, &QLineEdit::textChanged, this, &EngineQueryDialog::updateQuery);
    for (QDateTimeEdit* edit : {m_from, m_to})
        connect(edit, &QDateTimeEdit::dateTimeChanged, this, &EngineQueryDialog::updateQuery);
    connect(m_slack, &QSpinBox::valueChanged, this, &EngineQueryDialog::updateQuery);
    connect(m_embedded, &QRadioButton::toggled, this, &EngineQueryDialog::updateQuery);
    connect(m_dedup, &QCheckBox::toggled, this, &EngineQueryDialog::updateQuery);
    updateQuery();
}

QueryOptions EngineQueryDialog::options() const
{
    QueryOptions o;
    o.engine = Engine(m_engine->currentData().toInt());
    o.rules = m_rules;
    o.window.from = m_from->dateTime().toMSecsSinceEpoch();
    o.window.to = m_to->dateTime().toMSecsSinceEpoch();
    o.window.slackDays = m_slack->value();
    o.dedup = m_dedup->isChecked();
    o.database = m_database->text().trimmed();
    o.table = m_table->text().trimmed();
    o.eventDataStore = m_table->text().trimmed();
    if (o.engine == Engine::SecurityLake &&
        !o.table.startsWith(QStringLiteral("amazon_security_lake_table_"))) {
        o.region = o.table; // a region names the standard tables
        o.table.clear();
        o.database.clear();
    }
    o.embedLists = m_embedded->isChecked();
    if (o.embedLists) {
        o.approved = m_approved;
        o.identities = m_identities;
        o.approvedSha256 = m_approvedSha;
        o.identitiesSha256 = m_identitiesSha;
    }
    return o;
}

QString EngineQueryDialog::queryText() const
{
    return m_query.error.isEmpty() ? m_query.text : QString();
}

void EngineQueryDialog::updateQuery()
{
    const Engine e = Engine(m_engine->currentData().toInt());
    const bool sql = e != Engine::Splunk;
    m_database->setEnabled(e == Engine::Athena || e == Engine::SecurityLake);
    m_table->setEnabled(sql);
    m_slack->setEnabled(e == Engine::Athena);
    m_tableLabel->setText(e == Engine::Lake           ? tr("Event data &store ID:")
                          : e == Engine::SecurityLake ? tr("&Table or region:")
                                                      : tr("&Table:"));
    m_query = renderQuery(options());
    const QLocale locale;
    const QString unit = e == Engine::Lake ? tr("characters") : tr("bytes");
    if (!m_query.error.isEmpty() && m_query.text.isEmpty()) {
        m_text->setPlainText(QString());
        m_size->setText(m_query.error);
        return;
    }
    m_text->setPlainText(m_query.text);
    QString size = m_query.limit > 0 ? tr("%1 of %2 %3 (%4's limit)")
                                           .arg(locale.toString(m_query.size), locale.toString(m_query.limit),
                                                unit, engineDisplayName(e))
                                     : tr("%1 %2 (%3 documents no limit)")
                                           .arg(locale.toString(m_query.size), unit, engineDisplayName(e));
    if (!m_query.fits())
        size = u"<b>"_s + tr("Too long: ") + size.toHtmlEscaped() + u"</b><br>"_s +
               tr("%1 of the %2 list entries fit. Apply the lists on import instead.")
                   .arg(locale.toString(m_query.entriesThatFit), locale.toString(m_query.listEntries));
    else
        size = size.toHtmlEscaped();
    for (const QString& w : m_query.warnings)
        size += u"<br>"_s + w.toHtmlEscaped();
    m_size->setText(size);
}

void EngineQueryDialog::copy()
{
    if (queryText().isEmpty()) {
        QMessageBox::warning(this, windowTitle(), m_query.error);
        return;
    }
    QApplication::clipboard()->setText(queryText());
}

void EngineQueryDialog::save()
{
    if (queryText().isEmpty()) {
        QMessageBox::warning(this, windowTitle(), m_query.error);
        return;
    }
    const bool spl = options().engine == Engine::Splunk;
    const QString path = QFileDialog::getSaveFileName(this, tr("Save Engine Query"),
                                                      spl ? u"trailwarden.spl"_s : u"trailwarden.sql"_s);
    if (path.isEmpty())
        return;
    // The checked atomic writer, like every file the program writes; a failure is a modal error.
    if (const QString error = writeFileAtomically(path, queryText().toUtf8()); !error.isEmpty())
        QMessageBox::critical(this, windowTitle(), error);
}

} // namespace tw
