#include "csv_record.h"

#include <bit>

#include "byte_scan.h"

namespace bx {

bool split_unquoted(std::string_view line, std::vector<std::string_view>& out) {
    const char* begin = line.data();
    const char* end = begin + line.size();
    const char* field = begin;
    const char* p = begin;
    for (; end - p >= 8; p += 8) {
        const uint64_t word = load_word(p);
        if (word_has_byte(word, '"')) {
            out.clear();
            return false;
        }
        for (uint64_t commas = word_byte_mask(word, ','); commas != 0; commas &= commas - 1) {
            const char* comma = p + std::countr_zero(commas) / 8;
            out.emplace_back(field, static_cast<size_t>(comma - field));
            field = comma + 1;
        }
    }
    for (; p < end; ++p) {
        if (*p == ',') {
            out.emplace_back(field, static_cast<size_t>(p - field));
            field = p + 1;
        } else if (*p == '"') {
            out.clear();
            return false;
        }
    }
    out.emplace_back(field, static_cast<size_t>(end - field));
    return true;
}

void unescape_record(std::string_view line, bool had_cr, const NextLine& next, const UnescapeOptions& options,
                     UnescapedRecord& out) {
    std::string& record = out.text;
    auto& spans = out.spans;
    record.clear();
    spans.clear();
    out.problem = RecordProblem::none;
    size_t field_start = 0;
    size_t i = 0;
    bool quoted = false;      // inside a quoted section
    bool was_quoted = false;  // current field began with a quote and it has closed
    auto end_field = [&] {
        spans.emplace_back(field_start, record.size() - field_start);
        field_start = record.size();
        was_quoted = false;
    };
    for (;;) {
        if (i == line.size()) {
            if (!quoted) break;
            // A line break inside quotes belongs to the field, CR LF or LF as it was.
            const bool line_had_cr = had_cr;
            if (!next(line, had_cr)) {
                out.problem = RecordProblem::unclosed_quote;
                return;
            }
            record.append(line_had_cr ? "\r\n" : "\n");
            i = 0;
            if (record.size() + line.size() > options.max_record_bytes) {
                out.problem = RecordProblem::too_long;
                return;
            }
            continue;
        }
        const char c = line[i++];
        if (quoted) {
            if (c != '"') {
                record.push_back(c);
            } else if (i < line.size() && line[i] == '"') {
                record.push_back('"');
                ++i;
            } else {
                quoted = false;
                was_quoted = true;
            }
        } else if (c == ',') {
            end_field();
        } else if (c == '"' && record.size() == field_start && !was_quoted) {
            quoted = true;
        } else if (was_quoted && !options.lenient) {
            out.problem = RecordProblem::text_after_quote;
            out.problem_field = spans.size() + 1;
            return;
        } else {
            record.push_back(c);
        }
    }
    end_field();
}

bool fit_width(std::vector<std::string_view>& fields, size_t width, bool lenient) {
    if (fields.size() == width) return true;
    if (!lenient) return false;
    while (fields.size() > width && fields.back().empty()) fields.pop_back();
    if (fields.size() < width) fields.resize(width);
    return fields.size() == width;
}

}  // namespace bx
