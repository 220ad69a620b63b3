#include "column_plan.h"

#include <algorithm>
#include <map>
#include <optional>

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

struct Repeat {
    size_t first, second;  // output columns
};

// Two output columns under one name (compared as headers are) that the input held under
// different names: a name the plan gave repeats another. Columns that repeat in the input (two
// 备注) pass through as they are, as in bx-clean.
std::optional<Repeat> find_made_repeat(const ColumnPlan& plan, const std::vector<std::string>& header) {
    std::map<std::string, size_t> first_by_name;
    for (size_t i = 0; i < plan.names.size(); ++i) {
        const auto [it, first] = first_by_name.try_emplace(normalize_header(plan.names[i]), i);
        if (first) continue;
        const std::string& earlier_source = header[plan.sources[it->second]];
        if (normalize_header(earlier_source) != normalize_header(header[plan.sources[i]])) return Repeat{it->second, i};
    }
    return std::nullopt;
}

// The input's own headers (recognised aliases, --canonical), so the message may show them.
void check_canonical_names(const ColumnPlan& plan, const std::vector<std::string>& header, const std::string& file,
                           long header_line) {
    const auto repeat = find_made_repeat(plan, header);
    if (!repeat) return;
    const size_t a = plan.sources[repeat->first], b = plan.sources[repeat->second];
    throw DataError(file, header_line,
                    fmt::format("--canonical: columns {} ('{}') and {} ('{}') would both be named '{}'; keep one with "
                                "--select",
                                a + 1, header[a], b + 1, header[b], plan.names[repeat->first]));
}

void apply_renames(ColumnPlan& plan, const std::vector<std::string>& header, const std::vector<std::string>& renames) {
    std::vector<std::string>& names = plan.names;
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
        if (const auto repeat = find_made_repeat(plan, header)) {
            throw UsageError(fmt::format("--rename {}: output columns {} and {} would both be named '{}'; choose another name",
                                         pair, repeat->first + 1, repeat->second + 1, names[repeat->first]));
        }
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
    if (request.canonical) check_canonical_names(plan, header, file, columns.header_line());
    apply_renames(plan, header, request.renames);
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
