// SPDX-License-Identifier: GPL-3.0-or-later

#pragma once

#include <QtGlobal>

#include <vector>

class QTextDocument;

namespace tw {

// One printed page of a document laid out as a single flow: the slice [top, bottom) of the document
// drawn at `offset` from the page's top, under the header rows [headerTop, headerBottom) of the
// table that the page continues (none when headerBottom <= headerTop). Document pixels.
struct PageSlice
{
    qreal top = 0;
    qreal bottom = 0;
    qreal offset = 0;
    qreal headerTop = 0;
    qreal headerBottom = 0;
    // Blocks (numbers) that the page's top cuts through: their lines above it were on the page
    // before. QTextLayout::draw() also draws the last line above its clip, so these must be drawn
    // line by line, or their text would be in the PDF twice, once hidden under the clip.
    std::vector<int> splitBlocks;

    bool repeatsHeader() const { return headerBottom > headerTop; }
};

// Cuts a QTextDocument laid out with a text width and no page height (one continuous flow) into
// pages of at most pageHeight. A page never ends inside a line of text or a table row (rows joined
// by a rowspan count as one), nor between a table's header rows and its first row; a heading (level
// 2 and up) with less than `keep` of itself and what follows it on the page starts the next page
// instead. A page that begins inside a table with header rows (<thead>) repeats them at its top.
// Only something taller than a page is cut, starting where it is: between the lines of its cells,
// or, for a single line taller than a page, at the page height. Always at least one page.
std::vector<PageSlice> paginate(const QTextDocument& doc, qreal pageHeight, qreal keep);

} // namespace tw
