#pragma once
// The RFC 4180 rules for one record, shared by the streaming reader (lib/csv_reader.h, lines
// from fast-cpp-csv-parser) and by RecordFetcher (lib/record_fetch.h, lines from bytes read back
// by offset), so that a record read back has exactly the fields it had the first time.
#include <cstddef>
#include <functional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace bx {

// Splits a line that holds no quote at its commas, in place; false (and `out` cleared) when the
// line has a quote and needs unescape_record. The common case in exports: no copy, and commas
// found eight bytes at a time.
bool split_unquoted(std::string_view line, std::vector<std::string_view>& out);

// The next physical line of a record whose quoted field goes on: false at the end of the input.
using NextLine = std::function<bool(std::string_view& line, bool& had_cr)>;

struct UnescapeOptions {
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

}  // namespace bx
