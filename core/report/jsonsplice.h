// SPDX-License-Identifier: GPL-3.0-or-later

#pragma once

#include <functional>
#include <string>
#include <string_view>

namespace tw {

// Writes a JSON document dumped once with a placeholder in place of each long array (the array
// holding one string, the marker), and the arrays' elements written one at a time in their place:
// the same text as one dump of everything, without every element held as a JSON value at once.
// Written to the sink a piece at a time.
class JsonSplice
{
public:
    // A string to stand for an array's elements in the document, with `what` in it: its text
    // holds a random number, so that no path or message of the document (a file named like the
    // placeholder, say) can be taken for it.
    static std::string placeholder(std::string_view what);

    // `skeleton`: the document's dump with `indent` (nlohmann's: below 0 on one line). The sink is
    // kept by reference, not copied, so it must outlive this splice: pass a named function (both
    // writers pass their caller's), never a lambda written in the call, whose temporary
    // std::function would be gone after this constructor.
    JsonSplice(std::string skeleton, int indent, const std::function<bool(std::string_view)>& sink);

    // The dump of a marker string (as `skeleton` has it, with the same options).
    // Writes the document up to the element the marker stands for; markers are opened in the
    // order of the document. An occurrence of the marker's text that is not an array's only
    // element (within a string of the document, where every quote is escaped) is passed over.
    void open(std::string_view marker);
    // Starts the next element of the open array (its separator and indentation) and returns the
    // text to append it to.
    std::string& element();
    // The indentation of the open array's elements, for each line of an element after its first.
    const std::string& indentation() const { return m_prefix; }
    // Appends an element as dumped on its own (at no indentation), each line indented.
    void appendIndented(std::string_view dumped);
    // Passes the text on to the sink once it is long enough; false when the sink failed.
    bool flush();
    // After the open array's last element: the document goes on after the marker.
    void close();
    // Writes the rest of the document and a line break; false when the sink failed (now or before).
    bool finish();

private:
    std::string m_skeleton;
    int m_indent;
    const std::function<bool(std::string_view)>& m_sink;
    std::size_t m_at = 0;     // where the skeleton goes on
    std::size_t m_marker = 0; // the open marker's length
    std::size_t m_count = 0;  // elements of the open array so far
    std::string m_prefix;
    std::string m_text;
    bool m_failed = false;
};

} // namespace tw
