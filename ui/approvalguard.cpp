// SPDX-License-Identifier: GPL-3.0-or-later
#include "ui/approvalguard.h"

#include "core/lists/identitylists.h"
#include "core/report/reporttext.h"

#include <QMessageBox>

namespace tw {

QStringList withoutWildcardNames(QWidget* parent, const QStringList& identities)
{
    QStringList approvable, reasons;
    for (const QString& identity : identities) {
        QString why;
        if (isLiteralApprovable(identity, &why))
            approvable << identity;
        else
            reasons << ReportText::visible(why);
    }
    if (reasons.isEmpty())
        return approvable;

    QMessageBox box(QMessageBox::Warning, QObject::tr("Cannot Approve"), QString(), QMessageBox::Ok, parent);
    box.setObjectName(QStringLiteral("wildcardRefusal"));
    // Log text: never read as markup.
    box.setTextFormat(Qt::PlainText);
    box.setText(approvable.isEmpty() ? QObject::tr("Nothing was approved.")
                                     : QObject::tr("%n other account(s) can still be approved.", nullptr,
                                                   int(approvable.size())));
    box.setInformativeText(reasons.join(QStringLiteral("\n\n")));
    box.exec();
    return approvable;
}

} // namespace tw
