#include "column_plan.h"

#include <algorithm>

#include <fmt/format.h>

#include "errors.h"

namespace bx {

namespace {

size_t resolve_selected(const std::vector<std::string>& header, const ColumnMap& columns,
                        const std::string& item, const std::string& file) {
    if (auto exact = find_only_header(header, item, file, columns.header_line())) return *exact;
    bool is_field = false;
    for (const auto& entry : field_table()) is_field = is_field || entry.field == item;
    if (is_field) return columns.require(item);
    throw DataError(file, columns.header_line(),
                    fmt::format("no column '{}'; {}", item, describe_header(header, columns.header_line())));
}

void apply_renames(std::vector<std::string>& names, const std::vector<std::string>& renames) {
    for (const auto& pair : renames) {
        const auto eq = pair.find('=');
        if (eq == std::string::npos || eq == 0 || eq + 1 == pair.size()) {
            throw UsageError("--rename wants OLD=NEW, got '" + pair + "'");
        }
        const std::string from = pair.substr(0, eq);
        bool found = false;
        for (auto& name : names) {
            if (name == from) {
                name = pair.substr(eq + 1);
                found = true;
            }
        }
        if (!found) throw UsageError("--rename: no output column '" + from + "'");
    }
}

}  // namespace

ColumnPlan plan_columns(const std::vector<std::string>& header, const ColumnMap& columns,
                        const ColumnPlanRequest& request, const std::string& file) {
    ColumnPlan plan;
    if (request.select.empty()) {
        for (size_t i = 0; i < header.size(); ++i) plan.sources.push_back(i);
    } else {
        for (const auto& item : request.select) {
            plan.sources.push_back(resolve_selected(header, columns, item, file));
        }
    }
    for (size_t source : plan.sources) {
        std::string name = header[source];
        if (request.canonical) {
            if (auto field = field_of_header(name); !field.empty()) name = field;
        }
        plan.names.push_back(std::move(name));
    }
    apply_renames(plan.names, request.renames);
    return plan;
}

std::vector<size_t> merge_header(const std::vector<std::string>& header, std::vector<std::string>& names) {
    std::vector<size_t> positions;
    positions.reserve(header.size());
    for (size_t column = 0; column < header.size(); ++column) {
        const std::string& name = header[column];
        const auto repeat = static_cast<size_t>(std::count(header.begin(), header.begin() + static_cast<std::ptrdiff_t>(column), name));
        size_t position = names.size();
        for (size_t i = 0, seen = 0; i < names.size(); ++i) {
            if (names[i] == name && seen++ == repeat) {
                position = i;
                break;
            }
        }
        if (position == names.size()) names.push_back(name);
        positions.push_back(position);
    }
    return positions;
}

}  // namespace bx
