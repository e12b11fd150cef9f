#include "jsonreport.h"

#include "report.h"

#include <nlohmann/json.hpp>

namespace tw {

std::string jsonReport(const ReportData& data, int indent)
{
    using json = nlohmann::ordered_json;
    // Built from findingsJson's text so that the summary and findings (docs/detection.md, Output)
    // can never drift from `--format json`.
    json out = json::parse(findingsJson(*data.store, data.result));
    out["manifest"] = json::parse(manifestJson(data.manifest));
    return out.dump(indent, ' ', true, json::error_handler_t::replace) + "\n";
}

} // namespace tw
