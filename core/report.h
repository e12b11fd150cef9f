#pragma once

#include "detection.h"
#include "eventstore.h"

#include <string>

namespace tw {

// Machine-readable output, exactly the object of docs/detection.md, Output.
std::string findingsJson(const EventStore& store, const DetectionResult& result, int indent = -1);

// Splunk's CSV export of the search: user,count,firstTime,lastTime,eventName, with the multivalue
// eventName as one quoted cell whose values are separated by newlines.
std::string findingsCsv(const EventStore& store, const DetectionResult& result);

// An aligned table for a terminal. Long API lists are shown as a count plus the first names so
// that a row stays on one line.
std::string findingsTable(const EventStore& store, const DetectionResult& result);

} // namespace tw
