// SPDX-License-Identifier: GPL-3.0-or-later

// The PDF report's pagination (pdfpages.h) on documents made for it, without the report or a PDF:
// pages follow each other without gaps and are never taller than asked, no table row is cut, a
// page continuing a table with header rows repeats them, a heading does not end a page, a row
// taller than a page is cut only between its lines and an image taller than a page at the page
// height. tst_reportpaper checks the same on the PDF report, read back with pdftotext.

#include "core/report/pdf/pdfpages.h"

#include <QAbstractTextDocumentLayout>
#include <QImage>
#include <QTest>
#include <QTextBlock>
#include <QTextDocument>
#include <QTextLayout>
#include <QUrl>

#include <memory>

using namespace tw;
using namespace Qt::StringLiterals;

namespace {

constexpr qreal kPage = 300;
constexpr qreal kKeep = 80;

std::unique_ptr<QTextDocument> layOut(const QString& body)
{
    auto doc = std::make_unique<QTextDocument>();
    doc->setDocumentMargin(0);
    doc->setHtml(u"<html><head><style>table { border-collapse: collapse; } th, td { border: 1px solid #888; "
                 u"padding: 3px; }</style></head><body>"_s +
                 body + u"</body></html>"_s);
    doc->setTextWidth(400);
    return doc;
}

// A table with header rows of its own and rows of 1 to 6 lines, each row's lines "row N line K".
QString rowsTable(int rows)
{
    QString out = u"<h2>Rows</h2><table border=\"1\" cellspacing=\"0\" cellpadding=\"3\" width=\"100%\">"
                  u"<thead><tr><th>Head</th><th>More head</th></tr></thead><tbody>"_s;
    for (int r = 0; r < rows; ++r) {
        QStringList lines;
        for (int k = 0; k <= r % 6; ++k)
            lines << u"row %1 line %2"_s.arg(r).arg(k);
        out += u"<tr><td>"_s + lines.join(u"<br/>"_s) + u"</td><td>x</td></tr>"_s;
    }
    return out + u"</tbody></table><h2>After</h2><p>the end</p>"_s;
}

// Pages in order, each no taller than kPage, the next starting at or after the previous one's cut.
void checkPages(const std::vector<PageSlice>& pages, qreal end)
{
    QVERIFY(!pages.empty());
    QCOMPARE(pages.front().top, 0.0);
    QCOMPARE(pages.back().bottom, end);
    for (std::size_t i = 0; i < pages.size(); ++i) {
        const PageSlice& p = pages[i];
        QVERIFY2(p.bottom > p.top, qPrintable(QString::number(i)));
        QVERIFY2(p.offset + (p.bottom - p.top) <= kPage + 0.01,
                 qPrintable(u"page %1 is %2 tall"_s.arg(i).arg(p.offset + p.bottom - p.top)));
        if (i > 0)
            QVERIFY2(p.top >= pages[i - 1].bottom - 1.01, qPrintable(QString::number(i)));
    }
}

// The pages whose slice shows some of [top, bottom).
int pagesShowing(const std::vector<PageSlice>& pages, qreal top, qreal bottom)
{
    int n = 0;
    for (const PageSlice& p : pages)
        if (p.top < bottom - 0.01 && p.bottom > top + 0.01)
            ++n;
    return n;
}

} // namespace

class TestPdfPages : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void rowsWholeHeaderRepeated()
    {
        const auto doc = layOut(rowsTable(80));
        const std::vector<PageSlice> pages = paginate(*doc, kPage, kKeep);
        checkPages(pages, doc->size().height());
        QVERIFY2(pages.size() >= 8, qPrintable(QString::number(pages.size())));
        const QAbstractTextDocumentLayout* layout = doc->documentLayout();
        qreal tableBottom = 0;
        for (QTextBlock b = doc->begin(); b.isValid(); b = b.next()) {
            const QRectF r = layout->blockBoundingRect(b);
            if (b.text().startsWith(u"row "_s)) {
                QCOMPARE(pagesShowing(pages, r.top(), r.bottom()), 1);
                tableBottom = std::max(tableBottom, r.bottom());
            }
        }
        int continued = 0;
        for (std::size_t i = 1; i < pages.size(); ++i) {
            if (pages[i].top >= tableBottom)
                break;
            QVERIFY2(pages[i].repeatsHeader(), qPrintable(QString::number(i)));
            QVERIFY(pages[i].offset > 10);
            ++continued;
        }
        QVERIFY(continued >= 5);
    }

    // Sections of different lengths: with no rule some heading would end a page.
    void headingsKeptWithContent()
    {
        QString body;
        for (int s = 0; s < 16; ++s) {
            body += u"<h2>Section %1</h2>"_s.arg(s);
            for (int p = 0; p <= (s * 5) % 7; ++p)
                body += u"<p>Paragraph %1 of section %2, long enough to wrap onto a second line in a text "
                        u"width of four hundred pixels.</p>"_s.arg(p)
                            .arg(s);
        }
        const auto doc = layOut(body);
        const std::vector<PageSlice> pages = paginate(*doc, kPage, kKeep);
        checkPages(pages, doc->size().height());
        QVERIFY(pages.size() >= 6);
        int headings = 0;
        for (QTextBlock b = doc->begin(); b.isValid(); b = b.next()) {
            if (b.blockFormat().headingLevel() != 2)
                continue;
            ++headings;
            const qreal top = doc->documentLayout()->blockBoundingRect(b).top();
            for (std::size_t i = 0; i + 1 < pages.size(); ++i)
                QVERIFY2(!(top >= pages[i].top && top < pages[i].bottom && pages[i].bottom - top < kKeep),
                         qPrintable(u"%1 at %2, page %3 ends at %4"_s.arg(b.text()).arg(top).arg(i).arg(
                             pages[i].bottom)));
        }
        QCOMPARE(headings, 16);
    }

    // A row of 60 lines (taller than a page) is cut, only between lines; the rows after it are whole.
    void overTallRowCutBetweenLines()
    {
        QStringList lines;
        for (int k = 0; k < 60; ++k)
            lines << u"tall line %1"_s.arg(k);
        const auto doc =
            layOut(u"<p>before</p><table border=\"1\" cellspacing=\"0\" width=\"100%\"><tr><td>"_s +
                   lines.join(u"<br/>"_s) + u"</td></tr><tr><td>short row</td></tr></table>"_s);
        const std::vector<PageSlice> pages = paginate(*doc, kPage, kKeep);
        checkPages(pages, doc->size().height());
        QVERIFY(pages.size() >= 3);
        for (QTextBlock b = doc->begin(); b.isValid(); b = b.next()) {
            const QRectF r = doc->documentLayout()->blockBoundingRect(b);
            const QTextLayout* l = b.layout();
            for (int i = 0; i < l->lineCount(); ++i) {
                const qreal top = r.top() + l->lineAt(i).y();
                QCOMPARE(pagesShowing(pages, top, top + l->lineAt(i).height()), 1);
            }
            if (b.text().startsWith(u"tall line"_s)) {
                // The pages after the one it starts on list it as split: they draw its lines.
                int split = 0;
                for (const PageSlice& p : pages)
                    split += std::count(p.splitBlocks.begin(), p.splitBlocks.end(), b.blockNumber());
                QVERIFY(split >= 2);
            }
        }
    }

    // An image taller than a page has no lines to cut between: cut at the page height.
    void overTallImageCutAtPageHeight()
    {
        auto doc = std::make_unique<QTextDocument>();
        QImage image(50, 1000, QImage::Format_RGB32);
        image.fill(Qt::gray);
        doc->addResource(QTextDocument::ImageResource, QUrl(u"tall"_s), image);
        doc->setDocumentMargin(0);
        doc->setHtml(u"<p>before</p><p><img src=\"tall\" width=\"50\" height=\"1000\"/></p><p>after</p>"_s);
        doc->setTextWidth(400);
        const std::vector<PageSlice> pages = paginate(*doc, kPage, kKeep);
        checkPages(pages, doc->size().height());
        QVERIFY2(pages.size() >= 4, qPrintable(QString::number(pages.size())));
    }
};

QTEST_MAIN(TestPdfPages)
#include "tst_pdfpages.moc"
