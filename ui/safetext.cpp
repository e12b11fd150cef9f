// SPDX-License-Identifier: GPL-3.0-or-later

#include "ui/safetext.h"

#include "core/report/reporttext.h"

namespace tw {

QVariant safeItemText(int role, const QVariant& value)
{
    if ((role != Qt::DisplayRole && role != Qt::ToolTipRole) || value.typeId() != QMetaType::QString)
        return value;
    const QString text = value.toString();
    if (role == Qt::DisplayRole)
        return ReportText::visible(text);
    if (text.isEmpty())
        return text;
    QStringList lines;
    for (QStringView line : QStringView(text).split(u'\n'))
        lines << ReportText::html(line);
    const QString html = QStringLiteral("<p style='white-space:pre-wrap'>") +
                         lines.join(QStringLiteral("<br>")) + QStringLiteral("</p>");
    return html;
}

QString safeToolTip(const QString& text)
{
    // visible() first: a line break of a log value is shown as [U+000A], as in the display text,
    // not as a break.
    return safeItemText(Qt::ToolTipRole, ReportText::visible(text)).toString();
}

} // namespace tw
