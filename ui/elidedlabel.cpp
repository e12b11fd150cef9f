// SPDX-License-Identifier: GPL-3.0-or-later

#include "ui/elidedlabel.h"

#include <QEvent>

#include <algorithm>

using namespace Qt::StringLiterals;

namespace tw {

QString withoutMnemonic(const QString& text)
{
    QString shown;
    shown.reserve(text.size());
    for (qsizetype i = 0; i < text.size(); ++i) {
        if (text.at(i) == u'&' && ++i == text.size())
            break; // a trailing '&' marks nothing
        shown += text.at(i);
    }
    return shown;
}

ElidedLabel::ElidedLabel(Qt::TextElideMode mode, QWidget* parent)
    : QLabel(parent)
    , m_mode(mode)
{
    setTextFormat(Qt::PlainText); // eliding counts characters: markup would be cut mid-tag
    setWordWrap(false);
    setSizePolicy(QSizePolicy::Ignored, QSizePolicy::Preferred);
}

void ElidedLabel::setFullText(const QString& text, const QString& toolTip)
{
    if (text == m_fullText && toolTip == m_toolTip)
        return;
    m_fullText = text;
    m_toolTip = toolTip;
    setAccessibleName(buddy() ? withoutMnemonic(text) : text);
    elide();
}

QSize ElidedLabel::minimumSizeHint() const
{
    // The ellipsis alone: whatever the text, the label can be as narrow as the layout needs.
    const QMargins m = contentsMargins();
    return QSize(fontMetrics().horizontalAdvance(u"\u2026"_s) + m.left() + m.right() + 2 * margin(),
                 QLabel::minimumSizeHint().height());
}

void ElidedLabel::resizeEvent(QResizeEvent* event)
{
    QLabel::resizeEvent(event);
    elide();
}

void ElidedLabel::showEvent(QShowEvent* event)
{
    QLabel::showEvent(event);
    elide(); // the text may have changed while hidden, at the width it had then
}

void ElidedLabel::changeEvent(QEvent* event)
{
    QLabel::changeEvent(event);
    if (event->type() == QEvent::FontChange || event->type() == QEvent::StyleChange)
        elide();
}

void ElidedLabel::elide()
{
    // Hidden, a label has no width to fit (a window not shown yet lays nothing out): the whole
    // text, for whoever reads it, until it is shown.
    if (!isVisible()) {
        if (text() != m_fullText)
            setText(m_fullText);
        if (toolTip() != m_toolTip)
            setToolTip(m_toolTip);
        return;
    }
    // The room QLabel draws in: its contents rectangle less its margin and indent.
    const int room = contentsRect().width() - 2 * margin() - std::max(0, indent());
    // A label shows a mnemonic only when it has a buddy (else '&' is drawn as it is). Then
    // Qt::TextShowMnemonic: the '&' takes no room, and a cut never separates it from its letter.
    const bool mnemonic = buddy() != nullptr;
    const QString shown =
        fontMetrics().elidedText(m_fullText, m_mode, room, mnemonic ? Qt::TextShowMnemonic : 0);
    const bool elided = shown != m_fullText;
    if (shown != text())
        setText(shown);
    const QString whole = mnemonic ? withoutMnemonic(m_fullText) : m_fullText;
    const QString tip = !m_toolTip.isEmpty() ? m_toolTip
                        : elided             ? u"<p>"_s + whole.toHtmlEscaped() + u"</p>"_s
                                             : QString();
    if (tip != toolTip())
        setToolTip(tip);
}

} // namespace tw
