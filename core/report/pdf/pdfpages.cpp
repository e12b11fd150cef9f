// SPDX-License-Identifier: GPL-3.0-or-later

#include "core/report/pdf/pdfpages.h"

#include <QAbstractTextDocumentLayout>
#include <QTextBlock>
#include <QTextDocument>
#include <QTextFrame>
#include <QTextLayout>
#include <QTextTable>

#include <algorithm>
#include <limits>

namespace tw {

namespace {

constexpr qreal kEps = 0.01;

// Stretches of the document that a page break must not cut through (open intervals: a cut at either
// end is fine), merged where they overlap; touching ones stay apart so that their common edge
// remains a place to cut.
class Spans
{
public:
    struct Span
    {
        qreal lo;
        qreal hi;
    };

    void add(qreal lo, qreal hi)
    {
        if (hi - lo > kEps)
            m_spans.push_back({lo, hi});
    }

    void finish()
    {
        std::sort(m_spans.begin(), m_spans.end(), [](const Span& a, const Span& b) { return a.lo < b.lo; });
        std::vector<Span> merged;
        for (const Span& s : m_spans) {
            if (!merged.empty() && s.lo < merged.back().hi - kEps)
                merged.back().hi = std::max(merged.back().hi, s.hi);
            else
                merged.push_back(s);
        }
        m_spans = std::move(merged);
    }

    // The span that y is strictly inside, or nullptr.
    const Span* containing(qreal y) const
    {
        auto it = std::upper_bound(m_spans.begin(), m_spans.end(), y - kEps,
                                   [](qreal v, const Span& s) { return v < s.lo; });
        if (it == m_spans.begin())
            return nullptr;
        --it;
        return y < it->hi - kEps ? &*it : nullptr;
    }

    // The last y in (floor, limit] that no span contains; floor when there is none.
    qreal lastFree(qreal floor, qreal limit) const
    {
        const Span* s = containing(limit);
        const qreal y = s ? s->lo : limit;
        return y > floor + kEps ? y : floor;
    }

    // Where the first span at or after y starts; `end` when none does.
    qreal nextStart(qreal y, qreal end) const
    {
        auto it = std::lower_bound(m_spans.begin(), m_spans.end(), y - kEps,
                                   [](const Span& s, qreal v) { return s.lo < v; });
        return it == m_spans.end() ? end : std::min(end, it->lo);
    }

private:
    std::vector<Span> m_spans;
};

// A table of the flow (not one inside a cell): where it starts, where its first body row starts
// (its header rows end) and where it ends.
struct TableExtent
{
    qreal top = 0;
    qreal bodyTop = 0;
    qreal bottom = 0;
    qreal border = 0;
    bool header = false;
};

class Layout
{
public:
    explicit Layout(const QTextDocument& doc)
        : m_layout(doc.documentLayout())
    {
        walk(doc.rootFrame());
        m_coarse.finish();
        m_fine.finish();
        std::sort(m_headings.begin(), m_headings.end());
        std::sort(m_rowEdges.begin(), m_rowEdges.end());
        std::sort(m_blocks.begin(), m_blocks.end(),
                  [](const BlockExtent& a, const BlockExtent& b) { return a.top < b.top; });
    }

    Spans m_coarse; // lines of the flow and whole table rows: never cut
    Spans m_fine;   // every line, also inside cells: where a row taller than a page is cut
    std::vector<qreal> m_headings;
    std::vector<TableExtent> m_tables; // in document order
    // Tops of the borders between two table rows, with the border's width: a page that ends there
    // also shows that border line, which the next page repeats at its top.
    std::vector<std::pair<qreal, qreal>> m_rowEdges;
    struct BlockExtent
    {
        qreal top;
        qreal bottom;
        int number;
    };
    std::vector<BlockExtent> m_blocks; // blocks of more than one line, which a page may split

    qreal rowEdgeBorder(qreal y) const
    {
        auto it = std::lower_bound(m_rowEdges.begin(), m_rowEdges.end(), std::pair{y - kEps, qreal(0)});
        return it != m_rowEdges.end() && it->first < y + kEps ? it->second : 0;
    }

private:
    const QAbstractTextDocumentLayout* m_layout;

    // blockBoundingRect() is in document coordinates, also for blocks in frames and table cells;
    // a line's y is relative to its block's layout.
    template <typename F> void forLines(const QTextBlock& block, F&& f)
    {
        const QTextLayout* layout = block.layout();
        if (!layout || !block.isVisible())
            return;
        const qreal top = m_layout->blockBoundingRect(block).top() - layout->boundingRect().top();
        if (layout->lineCount() > 1) {
            const QTextLine last = layout->lineAt(layout->lineCount() - 1);
            m_blocks.push_back(
                {top + layout->lineAt(0).y(), top + last.y() + last.height(), block.blockNumber()});
        }
        for (int i = 0; i < layout->lineCount(); ++i) {
            const QTextLine line = layout->lineAt(i);
            f(top + line.y(), top + line.y() + line.height());
        }
    }

    void walk(QTextFrame* frame)
    {
        for (auto it = frame->begin(); !it.atEnd(); ++it) {
            if (QTextFrame* child = it.currentFrame()) {
                if (auto* table = qobject_cast<QTextTable*>(child))
                    addTable(*table);
                else
                    walk(child);
                continue;
            }
            const QTextBlock block = it.currentBlock();
            bool first = true;
            forLines(block, [&](qreal lo, qreal hi) {
                m_coarse.add(lo, hi);
                m_fine.add(lo, hi);
                if (first && block.blockFormat().headingLevel() >= 2)
                    m_headings.push_back(lo);
                first = false;
            });
        }
    }

    void addTable(const QTextTable& table)
    {
        const int rows = table.rows();
        const int columns = table.columns();
        if (rows == 0 || columns == 0)
            return;
        const QTextTableFormat format = table.format();
        const qreal border = format.border();
        // Rows joined by a rowspan form one group: a page may end only between groups.
        std::vector<int> group(rows);
        for (int r = 0, start = 0, last = 0; r < rows; ++r) {
            if (r > last)
                start = r;
            group[r] = start;
            for (int c = 0; c < columns; ++c) {
                const QTextTableCell cell = table.cellAt(r, c);
                if (cell.row() == r && cell.column() == c)
                    last = std::max(last, r + cell.rowSpan() - 1);
            }
            last = std::max(last, r);
        }
        // The top of each group's content (its cells' first lines less their padding) and the bottom
        // of the last group's.
        constexpr qreal kNone = std::numeric_limits<qreal>::max();
        std::vector<qreal> top(rows, kNone);
        qreal bottom = -kNone;
        for (int r = 0; r < rows; ++r) {
            for (int c = 0; c < columns; ++c) {
                const QTextTableCell cell = table.cellAt(r, c);
                if (cell.row() != r || cell.column() != c)
                    continue;
                const QTextTableCellFormat cf = cell.format().toTableCellFormat();
                const qreal padTop =
                    cf.hasProperty(QTextFormat::TableCellTopPadding) ? cf.topPadding() : format.cellPadding();
                const qreal padBottom = cf.hasProperty(QTextFormat::TableCellBottomPadding)
                                            ? cf.bottomPadding()
                                            : format.cellPadding();
                const QTextBlock last = cell.lastCursorPosition().block();
                for (QTextBlock b = cell.firstCursorPosition().block(); b.isValid(); b = b.next()) {
                    forLines(b, [&](qreal lo, qreal hi) {
                        m_fine.add(lo, hi);
                        top[group[r]] = std::min(top[group[r]], lo - padTop);
                        if (group[r] == group[rows - 1])
                            bottom = std::max(bottom, hi + padBottom);
                    });
                    if (b == last)
                        break;
                }
            }
        }
        // With collapsed borders Qt draws the border between two rows from half its width above
        // the lower row's padding (measured: a 1 px border of a row whose text starts at 108.5
        // behind 3 px of padding is the pixel row 104).
        std::vector<std::pair<int, qreal>> edges; // group's first row, top of the border above it
        for (int r = 0; r < rows; ++r)
            if (group[r] == r && top[r] != kNone)
                edges.push_back({r, top[r] - border * 1.5});
        if (edges.empty())
            return;
        TableExtent extent;
        extent.top = edges.front().second;
        extent.bottom = std::max(bottom + border * 0.5, edges.back().second + border);
        extent.border = border;
        for (std::size_t i = 0; i < edges.size(); ++i) {
            const qreal hi = i + 1 < edges.size() ? edges[i + 1].second : extent.bottom;
            m_coarse.add(edges[i].second, hi);
            if (i > 0)
                m_rowEdges.push_back({edges[i].second, border});
        }
        // The header rows stay with the first row after them.
        const int headerRows = format.headerRowCount();
        extent.bodyTop = extent.top;
        for (std::size_t i = 1; i < edges.size() && headerRows > 0; ++i) {
            if (edges[i].first == headerRows) {
                extent.header = true;
                extent.bodyTop = edges[i].second;
                m_coarse.add(extent.top, i + 1 < edges.size() ? edges[i + 1].second : extent.bottom);
            }
        }
        m_tables.push_back(extent);
    }
};

} // namespace

std::vector<PageSlice> paginate(const QTextDocument& doc, qreal pageHeight, qreal keep)
{
    const Layout layout(doc);
    const qreal end = doc.size().height();
    std::vector<PageSlice> pages;
    std::size_t table = 0;
    std::size_t block = 0;
    std::vector<Layout::BlockExtent> open; // blocks that start above the page's top
    qreal top = 0;
    do {
        PageSlice page;
        page.top = top;
        for (; block < layout.m_blocks.size() && layout.m_blocks[block].top < top - kEps; ++block)
            open.push_back(layout.m_blocks[block]);
        std::erase_if(open, [top](const Layout::BlockExtent& b) { return b.bottom <= top + kEps; });
        for (const Layout::BlockExtent& b : open)
            page.splitBlocks.push_back(b.number);
        // A page that starts inside a table with header rows repeats them.
        while (table < layout.m_tables.size() && layout.m_tables[table].bottom <= top + kEps)
            ++table;
        if (table < layout.m_tables.size()) {
            const TableExtent& t = layout.m_tables[table];
            // Header rows taller than half a page are not repeated: each page must make headway.
            if (t.header && top > t.top + kEps && t.bodyTop - t.top < pageHeight / 2) {
                page.headerTop = t.top;
                page.headerBottom = t.bodyTop + t.border;
                page.offset = t.bodyTop - t.top;
            }
        }
        // One pixel kept free for the border line under a row that ends the page.
        const qreal limit = top + pageHeight - page.offset - 1;
        if (limit >= end) {
            page.bottom = end;
            pages.push_back(page);
            break;
        }
        qreal cut = limit;
        if (const Spans::Span* span = layout.m_coarse.containing(limit)) {
            if (span->lo > top + kEps && span->hi - span->lo <= pageHeight) {
                cut = span->lo;
            } else {
                // Taller than a page (a finding with thousands of APIs): it is cut anyway, so it
                // starts where it is rather than after a gap or a heading left alone. Cut between
                // the lines of its cells, or, failing that, at the page height.
                cut = layout.m_fine.lastFree(top, limit);
                if (cut <= top)
                    cut = limit;
            }
        }
        // A heading with too little after it on this page starts the next one; so does one just
        // above it that would be left alone ("Finding details" over the first finding's heading).
        for (auto h = std::lower_bound(layout.m_headings.begin(), layout.m_headings.end(), cut - kEps);
             h != layout.m_headings.begin();) {
            --h;
            if (*h <= top + kEps || cut - *h >= keep)
                break;
            cut = *h;
        }
        page.bottom = cut + layout.rowEdgeBorder(cut);
        pages.push_back(page);
        // The next page starts with what follows the cut, not with the white space before it.
        top = layout.m_coarse.containing(cut) ? cut : layout.m_coarse.nextStart(cut, end);
    } while (top < end - kEps);
    return pages;
}

} // namespace tw
