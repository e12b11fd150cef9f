// SPDX-License-Identifier: GPL-3.0-or-later

#include "ui/loadstatuswidget.h"

#include "ui/viewhelpers.h"

#include <QHBoxLayout>
#include <QLabel>
#include <QProgressBar>
#include <QPushButton>

#include <algorithm>

using namespace Qt::StringLiterals;

namespace tw {

LoadStatusWidget::LoadStatusWidget(QWidget* parent)
    : QWidget(parent)
{
    setObjectName(u"loadStatus"_s);
    m_label = new QLabel;
    m_bar = new QProgressBar;
    m_bar->setRange(0, 1000);
    m_bar->setMaximumWidth(220);
    m_bar->setTextVisible(false);
    m_cancel = new QPushButton(tr("Cancel"));
    m_cancel->setToolTip(tr("Stop loading (Esc)"));
    m_cancel->setShortcut(Qt::Key_Escape);
    connect(m_cancel, &QPushButton::clicked, this, &LoadStatusWidget::cancelRequested);

    auto* layout = new QHBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(m_label);
    layout->addWidget(m_bar);
    layout->addWidget(m_cancel);
    hide();
}

void LoadStatusWidget::start()
{
    m_clock.start();
    m_bar->setRange(0, 1000);
    m_bar->setValue(0);
    m_label->setText(tr("Reading…"));
    show();
}

void LoadStatusWidget::setProgress(quint64 filesDone, quint64 filesTotal, quint64 bytesDone,
                                   quint64 bytesTotal, quint64 events)
{
    if (bytesTotal > 0)
        m_bar->setValue(int(1000.0 * double(bytesDone) / double(bytesTotal)));
    else
        m_bar->setRange(0, 0);
    const double seconds = std::max<qint64>(m_clock.elapsed(), 1) / 1000.0;
    const double mbPerSecond = double(bytesDone) / (1024.0 * 1024.0) / seconds;
    m_label->setText(tr("%1 of %2 files · %3 events · %4 MB/s")
                         .arg(number(filesDone), number(filesTotal), number(events))
                         .arg(mbPerSecond, 0, 'f', 1));
}

qint64 LoadStatusWidget::finish()
{
    m_bar->setRange(0, 1000);
    hide();
    return m_clock.isValid() ? m_clock.elapsed() : 0;
}

} // namespace tw
