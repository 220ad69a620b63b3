#pragma once
// The RFC 4180 rules for one record, shared by the streaming reader (lib/csv_reader.h, lines
// from fast-cpp-csv-parser) and by RecordFetcher (lib/record_fetch.h, lines from bytes read back
// by offset), so that a record read back has exactly the fields it had the first time.
#include <cstddef>
#include <functional>
#include <span>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace bx {

// Splits a line that holds no quote at its delimiters (',' or '\t'), in place; false (and `out`
// cleared) when the line has a quote and needs unescape_record. The common case in exports: no
// copy, and delimiters found eight bytes at a time.
bool split_unquoted(std::string_view line, char delimiter, std::vector<std::string_view>& out);

// The delimiter of a header line: tab when the line has a tab and no comma outside quotes (Excel's
// "text (tab delimited)" and "Unicode text", many government systems), else comma. Only the
// header's first physical line is looked at.
char detect_delimiter(std::string_view line);

// The next physical line of a record whose quoted field goes on: false at the end of the input.
using NextLine = std::function<bool(std::string_view& line, bool& had_cr)>;

struct UnescapeOptions {
    char delimiter = ',';
    bool lenient = false;  // text after a closing quote is kept instead of refused
    size_t max_record_bytes = 1 << 20;
};

enum class RecordProblem { none, unclosed_quote, too_long, text_after_quote };

struct UnescapedRecord {
    std::string text;                               // the fields' text, unescaped, back to back
    std::vector<std::pair<size_t, size_t>> spans;  // per field: offset and length in `text`
    RecordProblem problem = RecordProblem::none;
    size_t problem_field = 0;                       // 1-based, for text_after_quote
};

// Unescapes a record from its first line (without its line end), asking `next` for more lines
// while a quoted field is open; a line break inside quotes is kept as it was (CR LF or LF).
void unescape_record(std::string_view first_line, bool had_cr, const NextLine& next, const UnescapeOptions& options,
                     UnescapedRecord& out);

// Fits a record's fields to the header's width: under --lenient short rows are padded with empty
// fields and empty trailing extras dropped. False when the width still differs (an error).
bool fit_width(std::vector<std::string_view>& fields, size_t width, bool lenient);

// Footer rows: lines that close an export rather than describe a person (合计,,,1234 /
// 总计：356人 / 制表人：张三,,审核人：李四 / 填表日期：… / 注：… / 说明：…). A row is a footer when its
// first cell that is not blank (spaces, U+3000) starts with a footer keyword and none of its
// cells looks like an ID number (15 or more digits, or Excel's 1.40322E+17). A row whose cells
// are all blank (",,,,,", left by Excel below a table) is skipped the same way, as "空行". The
// keyword found, or empty for a row of data. A keyword is never cell text that could be personal.
std::string_view footer_keyword(std::span<const std::string_view> fields);

// Every footer keyword starts with one of these bytes (a space or the lead byte of its first
// character): the one test a row of data pays.
inline bool may_start_footer(unsigned char first_byte) {
    return first_byte == ' ' || (first_byte >= 0xE3 && first_byte <= 0xE8);
}

// The same first test on a line not yet split: its first byte that is not a delimiter.
bool line_may_be_footer(std::string_view line, char delimiter);

}  // namespace bx
