#pragma once
// Which input columns go to the output, in what order and under what names: the shared
// --select / --rename / --canonical logic of tools that pass rows through.
#include <string>
#include <string_view>
#include <vector>

#include "fields.h"

namespace bx {

struct ColumnPlan {
    std::vector<size_t> sources;     // input column for each output column
    std::vector<std::string> names;  // output header
};

struct ColumnPlanRequest {
    std::vector<std::string> select;   // canonical fields or header names; empty: all columns
    std::vector<std::string> renames;  // OLD=NEW pairs on output names
    bool canonical = false;            // recognised headers take their canonical field names
};

// Throws DataError (at the header line of `file`) for a selected column the file does not have or
// has twice, or when --canonical gives two columns of different headers one name (身份证号 and
// 公民身份号码 both id); UsageError for a malformed rename or one whose new name another column
// has. Columns that share a name in the input keep it.
ColumnPlan plan_columns(const std::vector<std::string>& header, const ColumnMap& columns,
                        const ColumnPlanRequest& request, const std::string& file);

// Several files' columns under one header (bx-flag's registries, rosters): a name seen before
// shares its column, the k-th repeat of a name within one file (two 备注 columns) the union's
// k-th column of that name, so that no two columns of one file land in one. Appends to `names`
// what is new; returns each column's position in it.
std::vector<size_t> merge_header(const std::vector<std::string>& header, std::vector<std::string>& names);

}  // namespace bx
