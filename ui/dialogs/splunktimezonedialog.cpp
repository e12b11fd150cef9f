// SPDX-License-Identifier: GPL-3.0-or-later

#include "ui/dialogs/splunktimezonedialog.h"

#include "core/report/reporttext.h"

#include <QComboBox>
#include <QDialogButtonBox>
#include <QFileInfo>
#include <QFormLayout>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QVBoxLayout>

using namespace Qt::StringLiterals;

namespace tw {

SplunkTimeZoneDialog::SplunkTimeZoneDialog(const QStringList& files, const QTimeZone& proposed,
                                           QWidget* parent)
    : QDialog(parent)
{
    setWindowTitle(tr("Time Zone of the Splunk Export"));
    QStringList names;
    for (const QString& file : files)
        names << ReportText::visible(QFileInfo(file).fileName());
    auto* text = new QLabel(
        tr("%1 is a Splunk export. Splunk writes firstTime and lastTime in the time zone of the user "
           "who ran the search (Splunk: Preferences ▸ Time zone), and the file does not say which. In "
           "which time zone are its times?")
            .arg(names.join(u", "_s)));
    text->setTextFormat(Qt::PlainText); // file names are the user's: never markup
    text->setWordWrap(true);

    m_zone = new QComboBox;
    m_zone->setObjectName(u"splunkTimeZone"_s);
    m_zone->setEditable(true);
    m_zone->setInsertPolicy(QComboBox::NoInsert);
    QStringList ids;
    ids << u"UTC"_s;
    const QString system = QString::fromUtf8(QTimeZone::systemTimeZoneId());
    if (!system.isEmpty() && system != u"UTC"_s)
        ids << system;
    for (const QByteArray& id : QTimeZone::availableTimeZoneIds()) {
        const QString name = QString::fromUtf8(id);
        if (!ids.contains(name))
            ids << name;
    }
    m_zone->addItems(ids);
    m_zone->setCurrentText(proposed.isValid() ? QString::fromUtf8(proposed.id()) : u"UTC"_s);
    auto* zoneLabel = new QLabel(tr("&Time zone:"));
    zoneLabel->setBuddy(m_zone);

    auto* form = new QFormLayout;
    form->addRow(zoneLabel, m_zone);

    auto* buttons = new QDialogButtonBox(QDialogButtonBox::Ok | QDialogButtonBox::Cancel);
    m_ok = buttons->button(QDialogButtonBox::Ok);
    m_ok->setText(tr("&Import"));
    connect(buttons, &QDialogButtonBox::accepted, this, &QDialog::accept);
    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
    connect(m_zone, &QComboBox::currentTextChanged, this, &SplunkTimeZoneDialog::updateState);

    auto* layout = new QVBoxLayout(this);
    layout->addWidget(text);
    layout->addLayout(form);
    layout->addWidget(buttons);
    m_zone->setFocus();
    updateState();
}

QTimeZone SplunkTimeZoneDialog::timeZone() const
{
    return QTimeZone(m_zone->currentText().trimmed().toUtf8());
}

void SplunkTimeZoneDialog::updateState()
{
    m_ok->setEnabled(timeZone().isValid());
}

} // namespace tw
