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

// The canonical field a header is an alias of, or "" when it is none. An exact alias wins; else a
// trailing qualifier in brackets is dropped and the rest looked up: 身份证号(18位) and
// 出生日期（年月日） are read as id and birth, while 乡镇(街道) stays an exact alias.
std::string_view field_of_header(std::string_view header);

// Whether a row reads as a header: two or more of its cells name known fields. Title rows
// (填报单位：…, 填报日期：…) and data rows do not.
bool names_known_fields(const std::vector<std::string>& cells);

// What a message may say about a header row: only cells that are aliases of some field, and how
// many others there are. When no row above the data is a header, the header is a data row, and
// its cells are personal data (names, IDs, phones) that a message must never carry.
std::string describe_header(const std::vector<std::string>& header, long line);

// Position of the column headed `name` (compared as normalize_header does), if any: for columns
// that are not canonical fields (left_row, 代码, a --column given by the user).
std::optional<size_t> find_header(const std::vector<std::string>& header, std::string_view name);
// The same, for a column a tool reads: DataError at `line` of `file` when two columns have that
// name, since either could be the one meant.
std::optional<size_t> find_only_header(const std::vector<std::string>& header, std::string_view name,
                                       const std::string& file, long line);
// The first of `names` the header has; else DataError at the reader's header line.
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

// Resolves canonical fields to column positions of one file's header. Two columns that both
// answer for a field (the same header twice, 联系电话 for father and mother) make that field
// ambiguous: an error only when a tool asks for the field, so that unused duplicates (two 备注
// columns) pass.
class ColumnMap {
public:
    // `header_line`: the physical line of the header, for messages (below a title row it is not 1).
    ColumnMap(const std::vector<std::string>& header, const ColumnOverrides& overrides, std::string file,
              long header_line = 1);

    // Throws DataError when the field's column is ambiguous.
    std::optional<size_t> find(std::string_view field) const;
    // Also throws DataError at the header line naming the recognised headers and the aliases tried.
    size_t require(std::string_view field) const;
    bool has(std::string_view field) const { return find(field).has_value(); }
    // The columns that answer for the field less well than the one find() gives, in header order:
    // 在校状态 beside 学籍状态. Empty when --col names the field's column.
    std::vector<size_t> others(std::string_view field) const;

    const std::vector<std::string>& header() const { return header_; }
    const std::string& file() const { return file_; }
    long header_line() const { return header_line_; }

private:
    struct Choice {
        size_t column = 0;
        std::optional<size_t> rival;  // another column that answers for the field as well
    };

    std::map<std::string, Choice, std::less<>> choices_;
    std::map<std::string, std::vector<size_t>, std::less<>> matches_;  // every column that answers, per field
    std::vector<std::string> header_;
    ColumnOverrides overrides_;
    std::string file_;
    long header_line_ = 1;
};

}  // namespace bx
