// SPDX-License-Identifier: GPL-3.0-or-later

#include "core/report/pdf/pdfreport.h"

#include "core/report/htmlreport.h"
#include "core/report/pdf/pdfpages.h"
#include "core/report/reportmanifest.h"

#include <QAbstractTextDocumentLayout>
#include <QBuffer>
#include <QFile>
#include <QFont>
#include <QGuiApplication>
#include <QImage>
#include <QPageLayout>
#include <QPainter>
#include <QPdfWriter>
#include <QTemporaryDir>
#include <QTextBlock>
#include <QTextDocument>
#include <QTextLayout>
#include <QUrl>

#include <algorithm>

namespace tw {

namespace {

// Charts are painted at this multiple of their size in the document so that they print sharply.
constexpr int kChartScale = 3;

// The same chart as the HTML report's SVG (htmlreport.cpp): bars of events per bucket on the shared
// axis, with the axis ends and the peak under it when labelled.
QByteArray chartPng(const std::vector<quint32>& counts, const ReportAxis& axis, int width, int height,
                    bool labels)
{
    QImage image(width * kChartScale, height * kChartScale, QImage::Format_RGB32);
    image.fill(Qt::white);
    QPainter p(&image);
    p.scale(kChartScale, kChartScale);
    const int labelH = labels ? 14 : 0;
    const int plotH = height - labelH;
    p.fillRect(QRectF(0, 0, width, plotH), QColor(0xf3, 0xf6, 0xf9));
    const quint32 peak = counts.empty() ? 0 : *std::max_element(counts.begin(), counts.end());
    if (axis.buckets > 0 && peak > 0) {
        const double slot = static_cast<double>(width) / axis.buckets;
        const double barW = std::max(1.0, slot * 0.8);
        for (int i = 0; i < axis.buckets; ++i) {
            const quint32 c = counts[static_cast<std::size_t>(i)];
            if (c == 0)
                continue;
            const double h = std::max(2.0, (plotH - 2) * static_cast<double>(c) / peak);
            p.fillRect(QRectF(i * slot + (slot - barW) / 2, plotH - h, barW, h), QColor(0x2f, 0x6d, 0xb3));
        }
    }
    if (labels && axis.buckets > 0) {
        QFont font(QStringLiteral("DejaVu Sans"));
        font.setPixelSize(9);
        p.setFont(font);
        p.setPen(QColor(0x5f, 0x6d, 0x7c));
        auto label = [&axis](TimeMs t) {
            const QString s = formatSplunkTime(t);
            return axis.bucketMs < 24LL * 3600 * 1000 ? s.left(13).replace(u'T', u' ') + u":00" : s.left(10);
        };
        const QRectF band(0, plotH, width, labelH);
        p.drawText(band, Qt::AlignLeft | Qt::AlignVCenter, label(axis.start));
        p.drawText(band, Qt::AlignRight | Qt::AlignVCenter, label(axis.start + axis.bucketMs * axis.buckets));
        p.drawText(band, Qt::AlignHCenter | Qt::AlignVCenter,
                   QStringLiteral("events per %1, peak %2 (UTC)").arg(axis.unit(), reportNumber(peak)));
    }
    p.end();
    QByteArray png;
    QBuffer buffer(&png);
    buffer.open(QIODevice::WriteOnly);
    image.save(&buffer, "PNG");
    return png;
}

} // namespace

PdfDocument pdfReport(const ReportData& data)
{
    if (!qobject_cast<QGuiApplication*>(QCoreApplication::instance()))
        return {{}, QStringLiteral("PDF reports need a QGuiApplication")};
    QTextDocument doc;
    QFont font(QStringLiteral("DejaVu Sans"));
    font.setPointSizeF(9);
    doc.setDefaultFont(font);
    doc.setDocumentMargin(0);

    // Encoded PNGs: a few KB a chart instead of a decoded image per finding held for the whole run.
    // Sizes match the <img> of htmlReport(QtRichText).
    // The PDF cannot stream: QTextDocument lays out the whole report at once, so it still holds
    // every finding's text and chart; only the other formats' memory stays flat.
    for (std::size_t i = 0; i < data.size(); ++i)
        doc.addResource(QTextDocument::ImageResource, QUrl(chartResourceName(static_cast<int>(i))),
                        chartPng(data.activity(i), data.axis, 640, 70, true));
    doc.addResource(QTextDocument::ImageResource, QUrl(chartResourceName(-1)),
                    chartPng(data.overview(), data.axis, 640, 90, true));
    doc.setHtml(htmlReport(data, HtmlFlavor::QtRichText));

    QByteArray pdf;
    QBuffer buffer(&pdf);
    buffer.open(QIODevice::WriteOnly);
    {
        QPdfWriter writer(&buffer);
        writer.setPageLayout(QPageLayout(QPageSize(QPageSize::A4), QPageLayout::Portrait,
                                         QMarginsF(15, 15, 15, 12), QPageLayout::Millimeter));
        writer.setResolution(300);
        writer.setTitle(QStringLiteral("TrailWarden findings report"));
        writer.setCreator(u"TrailWarden " % data.manifest.version);
        // Paginated here rather than by QTextDocument::print(), which adds 2 cm margins of its own
        // inside the page's and leaves too little width for the tables. The document is laid out in
        // 96 dpi pixels, the unit the <img> sizes are in, and scaled to the writer.
        const QRect paint = writer.pageLayout().paintRectPixels(writer.resolution());
        const double scale = writer.resolution() / 96.0;
        const double footer = 18 * scale;
        const QSizeF page(paint.width() / scale, (paint.height() - footer) / scale);
        // One continuous flow, cut into pages here: QTextDocument's own pages split a table row
        // line by line, repeat no header rows and have no "keep with next" for headings.
        doc.setTextWidth(page.width());
        constexpr qreal kKeep = 160; // a heading, its chart and the first rows, in document pixels
        const std::vector<PageSlice> pages = paginate(doc, page.height(), kKeep);
        QPainter painter(&writer);
        QFont small(QStringLiteral("DejaVu Sans"));
        small.setPointSizeF(7.5);
        const QString title =
            u"TrailWarden findings report \u00b7 " % generatedText(data.manifest) % u" \u00b7 page %1 of %2";
        // Each slice is drawn clipped to its rectangle, so that no part of a neighbouring row shows.
        // Qt decides what to draw from a clip of its own, which stays a pixel inside the slice: it
        // draws a block that only touches its clip, and places the text of table cells half a
        // border lower than blockBoundingRect() says; the text of what it draws outside the slice
        // would be in the PDF, hidden. A block that the slice's top cuts through is drawn here line
        // by line for the same reason (PageSlice::splitBlocks).
        const QColor text = QAbstractTextDocumentLayout::PaintContext().palette.color(QPalette::Text);
        const auto draw = [&](qreal top, qreal bottom, qreal at, const std::vector<int>& split) {
            constexpr qreal kInside = 1;
            const QRectF slice(0, top, page.width(), bottom - top);
            painter.save();
            painter.translate(0, at - top);
            painter.setClipRect(slice);
            std::vector<std::pair<QTextBlock, QPointF>> lines;
            for (const int number : split) {
                QTextBlock block = doc.findBlockByNumber(number);
                lines.emplace_back(block, doc.documentLayout()->blockBoundingRect(block).topLeft() -
                                              block.layout()->boundingRect().topLeft());
                block.setVisible(false); // a flag that drawing reads; the layout stays as it is
            }
            QAbstractTextDocumentLayout::PaintContext context;
            context.clip = slice.adjusted(0, kInside, 0, -kInside);
            doc.documentLayout()->draw(&painter, context);
            painter.setPen(text);
            for (auto& [block, position] : lines) {
                const QTextLayout* layout = block.layout();
                // Hidden, the block had its background (a <pre>'s) left out too.
                if (const QBrush background = block.blockFormat().background(); background != Qt::NoBrush)
                    painter.fillRect(layout->boundingRect().translated(position), background);
                for (int i = 0; i < layout->lineCount(); ++i) {
                    const QTextLine line = layout->lineAt(i);
                    const qreal y = position.y() + line.y();
                    if (y >= top - 0.01 && y < bottom - kInside)
                        line.draw(&painter, position);
                }
                block.setVisible(true);
            }
            painter.restore();
        };
        for (std::size_t i = 0; i < pages.size(); ++i) {
            if (i > 0)
                writer.newPage();
            const PageSlice& slice = pages[i];
            painter.save();
            painter.scale(scale, scale);
            if (slice.repeatsHeader())
                draw(slice.headerTop, slice.headerBottom, 0, {});
            draw(slice.top, slice.bottom, slice.offset, slice.splitBlocks);
            painter.restore();
            painter.setFont(small);
            painter.setPen(QColor(0x5f, 0x6d, 0x7c));
            painter.drawText(
                QRectF(0, paint.height() - footer, paint.width(), footer), Qt::AlignRight | Qt::AlignBottom,
                title.arg(static_cast<qulonglong>(i + 1)).arg(static_cast<qulonglong>(pages.size())));
        }
    }
    buffer.close();
    if (pdf.isEmpty())
        return {{}, QStringLiteral("the PDF could not be laid out")};
    return {pdf, {}};
}

std::unique_ptr<QCoreApplication> createHeadlessGuiApplication(int& argc, char** argv)
{
    if (qEnvironmentVariableIsEmpty("QT_QPA_PLATFORM"))
        qputenv("QT_QPA_PLATFORM", "offscreen");
    // Cron and CI sessions have no XDG_RUNTIME_DIR, and Qt warns about it on every run: a private
    // directory for the life of the process keeps stderr for real problems.
    if (qEnvironmentVariableIsEmpty("XDG_RUNTIME_DIR")) {
        static QTemporaryDir runtime;
        if (runtime.isValid())
            qputenv("XDG_RUNTIME_DIR", QFile::encodeName(runtime.path()));
    }
    return std::make_unique<QGuiApplication>(argc, argv);
}

} // namespace tw
