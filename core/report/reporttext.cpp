// SPDX-License-Identifier: GPL-3.0-or-later

#include "core/report/reporttext.h"

namespace tw::ReportText {

namespace {

// "[U+0009]": plain ASCII, so that it shows in every font (control pictures often do not).
void appendCodePoint(QString& out, char32_t c)
{
    out += u"[U+" % QString::number(static_cast<uint>(c), 16).toUpper().rightJustified(4, u'0') % u']';
}

} // namespace

QString visible(QStringView text)
{
    QString out;
    out.reserve(text.size());
    for (qsizetype i = 0; i < text.size(); ++i) {
        const QChar ch = text[i];
        const char32_t c = ch.unicode();
        if (ch.isHighSurrogate() && i + 1 < text.size() && text[i + 1].isLowSurrogate()) {
            // Outside the BMP too: the TAG characters U+E0000..U+E007F are invisible format characters.
            const char32_t pair = QChar::surrogateToUcs4(ch, text[i + 1]);
            if (isInvisible(pair))
                appendCodePoint(out, pair);
            else
                out += text.mid(i, 2);
            ++i;
            continue;
        }
        if (ch.isSurrogate())
            out += QChar::ReplacementCharacter;
        else if (isInvisible(c))
            appendCodePoint(out, c);
        else
            out += ch;
    }
    return out;
}

QString html(QStringView text)
{
    const QString v = visible(text);
    QString out;
    out.reserve(v.size() + v.size() / 8);
    for (const QChar ch : v) {
        switch (ch.unicode()) {
        case u'&':
            out += u"&amp;";
            break;
        case u'<':
            out += u"&lt;";
            break;
        case u'>':
            out += u"&gt;";
            break;
        case u'"':
            out += u"&quot;";
            break;
        case u'\'':
            out += u"&#39;";
            break;
        default:
            out += ch;
        }
    }
    return out;
}

QString markdown(QStringView text)
{
    const QString v = visible(text);
    QString out;
    out.reserve(v.size() + v.size() / 8);
    for (const QChar ch : v) {
        switch (ch.unicode()) {
        // Entity and raw-HTML starts are written as entities: a backslash does not stop every
        // renderer from reading "&lt;" inside a value as an entity.
        case u'&':
            out += u"&amp;";
            break;
        case u'<':
            out += u"&lt;";
            break;
        case u'>':
            out += u"&gt;";
            break;
        // Emphasis, code spans, links and images (with '[' escaped neither '(' nor '!' can start
        // one), strikethrough, table cells, headings, math.
        case u'\\':
        case u'`':
        case u'*':
        case u'_':
        case u'[':
        case u']':
        case u'|':
        case u'~':
        case u'#':
        case u'$':
            out += u'\\';
            out += ch;
            break;
        default:
            out += ch;
        }
    }
    return out;
}

bool startsFormula(QStringView text)
{
    return !text.isEmpty() && (text[0] == u'=' || text[0] == u'+' || text[0] == u'-' || text[0] == u'@' ||
                               text[0] == u'\t' || text[0] == u'\r');
}

QString spreadsheetCell(QStringView text)
{
    // Checked on the raw value: visible() turns a leading tab or CR into a control picture, but a
    // value that began with one is a formula attempt worth marking all the same.
    return startsFormula(text) ? u'\'' + visible(text) : visible(text);
}

} // namespace tw::ReportText
