// SPDX-License-Identifier: GPL-3.0-or-later

// Log text shown in the window must not be able to disguise itself (bidi overrides, control
// characters) or be rendered as markup (tooltips are HTML in Qt when they look like it).

#include "core/analysissession.h"
#include "ui/models/findingsmodel.h"
#include "ui/safetext.h"

#include <QApplication>
#include <QTest>

using namespace tw;

class TestSafeText : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void roles()
    {
        const QString hostile = QStringLiteral("admin\u202Egnp.exe<img src=x>\n\x1b[31m");
        const QString display = safeItemText(Qt::DisplayRole, hostile).toString();
        QVERIFY(!display.contains(QChar(0x202E)));
        QVERIFY(!display.contains(QChar(0x1b)));
        QVERIFY(display.contains(QLatin1String("[U+202E]")));
        const QString tip = safeItemText(Qt::ToolTipRole, hostile).toString();
        QVERIFY(!tip.contains(QLatin1String("<img")));
        QVERIFY(tip.contains(QLatin1String("&lt;img src=x&gt;")));
        QVERIFY(tip.contains(QLatin1String("<br>"))); // the line break is kept as a break
        // Sorting and other roles see the value unchanged.
        QCOMPARE(safeItemText(Qt::UserRole, hostile).toString(), hostile);
        QCOMPARE(safeItemText(Qt::DisplayRole, 42).toInt(), 42);
    }

    void findingsOfHostileLogs()
    {
        AnalysisSession session;
        session.load({QStringLiteral(TRAILWARDEN_TEST_DATA "/hostile/hostile.json")});
        session.waitForLoad();
        QVERIFY(session.result() && !session.result()->findings.empty());
        FindingsModel model;
        model.setSnapshot(session.store(), session.result());
        for (int row = 0; row < model.rowCount(); ++row) {
            for (int column = 0; column < model.columnCount(); ++column) {
                const QString text = model.index(row, column).data(Qt::DisplayRole).toString();
                for (const QChar c : text)
                    QVERIFY2(c.unicode() >= 0x20 && c.unicode() != 0x202E && c.unicode() != 0x2066,
                             qPrintable(QStringLiteral("row %1 column %2: U+%3")
                                            .arg(row)
                                            .arg(column)
                                            .arg(c.unicode(), 4, 16)));
                const QString tip = model.index(row, column).data(Qt::ToolTipRole).toString();
                QVERIFY2(!tip.contains(QLatin1String("<script")) && !tip.contains(QLatin1String("<img")),
                         qPrintable(tip));
            }
        }
    }
};

QTEST_MAIN(TestSafeText)
#include "tst_safetext.moc"
