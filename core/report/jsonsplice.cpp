// SPDX-License-Identifier: GPL-3.0-or-later

#include "core/report/jsonsplice.h"

#include <QByteArray>
#include <QRandomGenerator>

#include <utility>

namespace tw {

namespace {

constexpr std::size_t kChunk = 256 * 1024;

} // namespace

std::string JsonSplice::placeholder(std::string_view what)
{
    return "\x01trailwarden-" + std::string(what) + '-' +
           QByteArray::number(QRandomGenerator::global()->generate64(), 16).toStdString() + '\x01';
}

JsonSplice::JsonSplice(std::string skeleton, int indent, const std::function<bool(std::string_view)>& sink)
    : m_skeleton(std::move(skeleton))
    , m_indent(indent)
    , m_sink(sink)
{}

void JsonSplice::open(std::string_view marker)
{
    // The marker is the array's only element when what comes before it is the array's opening:
    // "[" directly, or "[", a line break and the indentation. Within a string the marker's quote
    // would follow a backslash, and no string holds a raw line break.
    std::size_t at = m_skeleton.find(marker, m_at);
    std::size_t head = at;
    for (; at != std::string::npos; at = m_skeleton.find(marker, at + 1)) {
        head = at;
        if (m_indent >= 0) {
            while (head > m_at && m_skeleton[head - 1] == ' ')
                --head;
            if (head > m_at + 1 && m_skeleton[head - 1] == '\n' && m_skeleton[head - 2] == '[')
                break;
        } else if (at > m_at && m_skeleton[at - 1] == '[') {
            break;
        }
    }
    if (at == std::string::npos) { // not a dump with this marker: the elements go at its end
        at = head = m_skeleton.size();
        marker = {};
    }
    m_text.append(m_skeleton, m_at, head - m_at);
    m_prefix.assign(m_skeleton, head, at - head);
    m_at = at;
    m_marker = marker.size();
    m_count = 0;
}

std::string& JsonSplice::element()
{
    if (m_count++ > 0)
        m_text += m_indent >= 0 ? ",\n" : ",";
    m_text += m_prefix;
    return m_text;
}

void JsonSplice::appendIndented(std::string_view dumped)
{
    if (m_prefix.empty()) {
        m_text += dumped;
        return;
    }
    // A JSON string holds no raw line break: each one is the layout's.
    for (std::size_t from = 0;;) {
        const std::size_t line = dumped.find('\n', from);
        if (line == std::string_view::npos) {
            m_text += dumped.substr(from);
            return;
        }
        m_text += dumped.substr(from, line + 1 - from);
        m_text += m_prefix;
        from = line + 1;
    }
}

bool JsonSplice::flush()
{
    if (m_failed)
        return false;
    if (m_text.size() > kChunk) {
        m_failed = !m_sink(m_text);
        m_text.clear();
    }
    return !m_failed;
}

void JsonSplice::close()
{
    m_at += m_marker;
}

bool JsonSplice::finish()
{
    if (m_failed)
        return false;
    m_text.append(m_skeleton, m_at);
    m_text += '\n';
    return m_sink(m_text);
}

} // namespace tw
