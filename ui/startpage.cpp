// SPDX-License-Identifier: GPL-3.0-or-later

#include "ui/startpage.h"

#include <QHBoxLayout>
#include <QLabel>
#include <QPushButton>
#include <QVBoxLayout>

using namespace Qt::StringLiterals;

namespace tw {

StartPage::StartPage(bool offerSample, QWidget* parent)
    : QWidget(parent)
{
    setObjectName(u"startPage"_s);
    m_title = new QLabel(tr("No CloudTrail logs loaded"));
    m_title->setObjectName(u"emptyTitle"_s);
    m_title->setWordWrap(true);
    QFont big = m_title->font();
    big.setPointSizeF(big.pointSizeF() * 1.6);
    big.setBold(true);
    m_title->setFont(big);
    m_title->setAlignment(Qt::AlignCenter);
    m_text = new QLabel;
    m_text->setObjectName(u"emptyText"_s);
    m_text->setWordWrap(true);
    // Several lines when a load read nothing: never shrunk below what its text needs.
    m_text->setSizePolicy(QSizePolicy::Preferred, QSizePolicy::MinimumExpanding);
    m_text->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_text->setAlignment(Qt::AlignCenter);
    m_text->setContentsMargins(40, 0, 40, 0);

    auto* openFolder = new QPushButton(tr("Open &Folder…"));
    openFolder->setDefault(true);
    connect(openFolder, &QPushButton::clicked, this, &StartPage::openFolderRequested);
    auto* openFiles = new QPushButton(tr("Open F&iles…"));
    connect(openFiles, &QPushButton::clicked, this, &StartPage::openFilesRequested);

    m_buttons = new QWidget;
    m_buttons->setObjectName(u"startButtons"_s);
    auto* buttons = new QHBoxLayout(m_buttons);
    buttons->setContentsMargins(0, 0, 0, 0);
    buttons->addStretch();
    buttons->addWidget(openFolder);
    buttons->addWidget(openFiles);
    if (offerSample) {
        auto* sample = new QPushButton(tr("Open the &Sample"));
        sample->setObjectName(u"openSampleButton"_s);
        sample->setToolTip(tr("A small synthetic data set with both lists, to see what TrailWarden does"));
        connect(sample, &QPushButton::clicked, this, &StartPage::openSampleRequested);
        buttons->addWidget(sample);
    }
    buttons->addStretch();

    auto* layout = new QVBoxLayout(this);
    layout->addStretch(2);
    layout->addWidget(m_title);
    layout->addWidget(m_text);
    layout->addSpacing(12);
    layout->addWidget(m_buttons);
    layout->addStretch(3);
}

void StartPage::showNothingLoaded()
{
    m_buttons->show();
    m_title->setText(tr("No CloudTrail logs loaded"));
    m_text->setTextFormat(Qt::RichText);
    m_text->setText(tr("Open a folder of CloudTrail logs (for example the S3 <tt>AWSLogs</tt> folder "
                       "or an export of CloudTrail Lake), open files, or drop them on this window."));
}

void StartPage::showLoading(const QString& folderName)
{
    m_buttons->hide();
    m_title->setText(tr("Loading %1…").arg(folderName));
    m_text->setTextFormat(Qt::PlainText);
    m_text->setText(tr("Reading the logs: the status bar shows the progress, and Esc cancels."));
}

void StartPage::showNothingRead(const QString& text)
{
    m_buttons->show();
    m_title->setText(tr("No CloudTrail events were read"));
    m_text->setTextFormat(Qt::PlainText);
    m_text->setText(text);
}

} // namespace tw
