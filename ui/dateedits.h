// SPDX-License-Identifier: GPL-3.0-or-later

#pragma once

#include <QDateEdit>
#include <QDateTimeEdit>
#include <QKeyEvent>

namespace tw {

// A date (or date and time) edit that Tab and Shift+Tab leave in one press, as every other field of
// a dialog. QDateTimeEdit takes them to step through its sections (year, month, day, hour, …) and
// lets the focus go only from the last one: an analyst tabbing through a dialog was held three
// stops in a yyyy-MM-dd date. The sections are reached as in any QDateTimeEdit otherwise: Ctrl+Left
// and Ctrl+Right, the cursor keys, typing a separator; Up and Down step the section selected.
template <typename Edit> class OneStopEdit : public Edit
{
public:
    using Edit::Edit;

protected:
    bool event(QEvent* event) override
    {
        // QWidget::event moves the focus on Tab through focusNextPrevChild(), which QDateTimeEdit
        // overrides to select its next section; the widget's own version leaves the editor.
        if (event->type() == QEvent::KeyPress) {
            const auto* key = static_cast<QKeyEvent*>(event);
            const bool tab = key->key() == Qt::Key_Tab || key->key() == Qt::Key_Backtab;
            if (tab && !(key->modifiers() & (Qt::ControlModifier | Qt::AltModifier))) {
                const bool back = key->key() == Qt::Key_Backtab || (key->modifiers() & Qt::ShiftModifier);
                if (QWidget::focusNextPrevChild(!back)) {
                    event->accept();
                    return true;
                }
            }
        }
        return Edit::event(event);
    }
};

using OneStopDateEdit = OneStopEdit<QDateEdit>;
using OneStopDateTimeEdit = OneStopEdit<QDateTimeEdit>;

} // namespace tw
