// SPDX-License-Identifier: GPL-3.0-or-later

#pragma once

#include <QLabel>

namespace tw {

// A one-line label that elides its text to the width it is given instead of clipping it mid-glyph
// (a plain QLabel narrower than its text cuts it where the width ends: "Events of AWSF" with half
// an 'F'). The whole text is in the tooltip whenever it is cut, and in the accessible name. The
// text may carry a mnemonic ("&Events of …", the buddy set before the text): ElideRight keeps it.
// It asks for no width (QSizePolicy::Ignored): a long user name never widens the window past a
// small screen. Hidden, it has no width to fit and holds the whole text; shown, it elides again.
//
// Set the text with setFullText, not QLabel::setText (which is not virtual: the text would not be
// elided again at the next resize). UI thread only.
class ElidedLabel : public QLabel
{
    Q_OBJECT
public:
    explicit ElidedLabel(Qt::TextElideMode mode = Qt::ElideRight, QWidget* parent = nullptr);

    // toolTip: shown whether or not the text is cut (say, a longer sentence than the text, as
    // escaped HTML); empty: the text itself, only when it is cut.
    void setFullText(const QString& text, const QString& toolTip = QString());

    QSize minimumSizeHint() const override;

protected:
    void resizeEvent(QResizeEvent* event) override;
    void showEvent(QShowEvent* event) override;
    void changeEvent(QEvent* event) override;

private:
    void elide();

    QString m_fullText;
    QString m_toolTip;
    Qt::TextElideMode m_mode;
};

// The text a label shows for `text` with its mnemonic: "&&" is one '&', a single '&' is dropped.
QString withoutMnemonic(const QString& text);

} // namespace tw
