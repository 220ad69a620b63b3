#pragma once
// Canonical field names and the header aliases that real exports use for them. Columns are always
// found by name through this table, never by position.
#include <initializer_list>
#include <map>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "csv_reader.h"

namespace bx {

struct FieldAliases {
    std::string_view field;                 // canonical name, e.g. "id"
    std::string_view description;           // one line for docs and error messages
    std::vector<std::string_view> aliases;  // headers seen in exports, best first
};

// The whole table, in documentation order.
const std::vector<FieldAliases>& field_table();

// The form headers are compared in: NFKC (full-width brackets and letters to ASCII), no spaces,
// no BOM, no required-field star, lower case. 乡镇（街道） and 乡镇(街道) compare equal.
std::string normalize_header(std::string_view header);

// Position of the column headed `name` (compared as normalize_header does), if any: for columns
// that are not canonical fields (left_row, 代码, a --column given by the user).
std::optional<size_t> find_header(const std::vector<std::string>& header, std::string_view name);
// The first of `names` the header has; else DataError at line 1 of `file` listing the headers.
size_t require_header(const std::vector<std::string>& header, std::initializer_list<std::string_view> names,
                      const std::string& file);
// The same for the file a reader reads.
size_t require_header(const CsvReader& reader, std::initializer_list<std::string_view> names);

// The field in an optional column (ColumnMap::find): empty when the file has no such column.
inline std::string_view optional_field(std::span<const std::string_view> fields, const std::optional<size_t>& column) {
    return column ? fields[*column] : std::string_view{};
}

// A 1-based data row number as the tools write it (registry_row, left_row, …): 0 for an empty
// cell, else a DataError at the reader's current line naming `column`.
uint32_t parse_row_number(const CsvReader& reader, std::string_view text, std::string_view column);

// FIELD=HEADER pairs from --col; throws UsageError on a malformed pair or an unknown field.
using ColumnOverrides = std::map<std::string, std::string, std::less<>>;
ColumnOverrides parse_column_overrides(const std::vector<std::string>& pairs);

// Resolves canonical fields to column positions of one file's header.
class ColumnMap {
public:
    ColumnMap(const std::vector<std::string>& header, const ColumnOverrides& overrides,
              std::string file);

    std::optional<size_t> find(std::string_view field) const;
    // Throws DataError at line 1 listing the headers found and the aliases tried.
    size_t require(std::string_view field) const;
    bool has(std::string_view field) const { return find(field).has_value(); }

private:
    std::map<std::string, size_t, std::less<>> positions_;
    std::vector<std::string> header_;
    ColumnOverrides overrides_;
    std::string file_;
};

}  // namespace bx
