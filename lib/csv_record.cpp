#include "csv_record.h"

#include <bit>
#include <cctype>

#include "byte_scan.h"

namespace bx {

namespace {

// With the delimiter fixed at compile time, the comma case compiles to what it was before tabs
// were known.
template <char Delimiter>
bool split_unquoted_by(std::string_view line, std::vector<std::string_view>& out) {
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
        for (uint64_t delimiters = word_byte_mask(word, Delimiter); delimiters != 0; delimiters &= delimiters - 1) {
            const char* delimiter = p + std::countr_zero(delimiters) / 8;
            out.emplace_back(field, static_cast<size_t>(delimiter - field));
            field = delimiter + 1;
        }
    }
    for (; p < end; ++p) {
        if (*p == Delimiter) {
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

}  // namespace

bool split_unquoted(std::string_view line, char delimiter, std::vector<std::string_view>& out) {
    return delimiter == '\t' ? split_unquoted_by<'\t'>(line, out) : split_unquoted_by<','>(line, out);
}

// The line is read as tab-separated (a quote opens a field only at its start, here after a tab):
// a comma outside quotes then means a comma-separated file.
char detect_delimiter(std::string_view line) {
    bool field_start = true, quoted = false, has_tab = false;
    for (size_t i = 0; i < line.size(); ++i) {
        const char c = line[i];
        if (quoted) {
            if (c == '"' && i + 1 < line.size() && line[i + 1] == '"') {
                ++i;
            } else if (c == '"') {
                quoted = false;
            }
        } else if (c == ',') {
            return ',';
        } else if (c == '\t') {
            has_tab = true;
            field_start = true;
        } else {
            quoted = c == '"' && field_start;
            field_start = false;
        }
    }
    return has_tab ? '\t' : ',';
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
        } else if (c == options.delimiter) {
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

namespace {

constexpr std::string_view kIdeographicSpace = "\u3000";

// Without leading spaces, ASCII or full-width (U+3000).
std::string_view without_leading_blanks(std::string_view cell) {
    for (;;) {
        if (cell.starts_with(' ')) {
            cell.remove_prefix(1);
        } else if (cell.starts_with(kIdeographicSpace)) {
            cell.remove_prefix(kIdeographicSpace.size());
        } else {
            return cell;
        }
    }
}

// The words that open a footer row. 注 and 备注 only with a colon: 注意 and 备注栏 are no footer.
constexpr std::string_view kFooterKeywords[] = {
    "合计", "总计", "小计", "共计", "制表", "填表", "填报", "审核", "负责人", "经办人",
    "注：", "注:", "备注：", "备注:", "说明"};

// The first character of a three-byte UTF-8 string (every keyword's is).
char32_t first_cjk_character(std::string_view text) {
    const auto byte = [&](size_t i) { return static_cast<char32_t>(static_cast<unsigned char>(text[i])); };
    return (byte(0) & 0x0F) << 12 | (byte(1) & 0x3F) << 6 | (byte(2) & 0x3F);
}

// One switch on the first character rules out nearly every name and place before any keyword is
// compared.
bool starts_with_keyword_character(std::string_view cell) {
    if (cell.size() < 4 || (static_cast<unsigned char>(cell[0]) & 0xF0) != 0xE0) return false;  // 注: is the shortest
    switch (first_cjk_character(cell)) {
        case U'合': case U'总': case U'小': case U'共': case U'制': case U'填':
        case U'审': case U'负': case U'经': case U'注': case U'备': case U'说':
            return true;
        default:
            return false;
    }
}

std::string_view keyword_at_start(std::string_view cell) {
    if (!starts_with_keyword_character(cell)) return {};
    for (const std::string_view keyword : kFooterKeywords) {
        if (cell.starts_with(keyword)) return keyword;
    }
    return {};
}

// A subtotal names what it sums first: 盂县秀水中心小学小计, 东关村合计.
constexpr std::string_view kTotalKeywords[] = {"小计", "合计", "总计"};

std::string_view keyword_at_start_or_end(std::string_view cell) {
    if (const std::string_view keyword = keyword_at_start(cell); !keyword.empty()) return keyword;
    const std::string_view trimmed = cell.substr(0, cell.find_last_not_of(' ') + 1);
    for (const std::string_view keyword : kTotalKeywords) {
        if (trimmed.ends_with(keyword)) return keyword;
    }
    return {};
}

// Excel's display of a long number, 1.40322E+17: what an ID column often holds.
bool is_excel_scientific_id(std::string_view cell) {
    const size_t exponent = cell.find("E+");
    if (exponent == std::string_view::npos || exponent < 3 || cell.size() != exponent + 4) return false;
    if (!std::isdigit(static_cast<unsigned char>(cell[0])) || cell[1] != '.') return false;
    for (size_t i = 2; i < exponent; ++i) {
        if (!std::isdigit(static_cast<unsigned char>(cell[i]))) return false;
    }
    return cell[exponent + 2] == '1' && cell[exponent + 3] >= '4' && cell[exponent + 3] <= '7';
}

// 15 or more digits (ASCII or full-width) in one cell: an ID number, old or new, or one mistyped.
bool looks_like_id_number(std::string_view cell) {
    size_t digits = 0;
    for (size_t i = 0; i < cell.size(); ++i) {
        if (cell[i] >= '0' && cell[i] <= '9') {
            ++digits;
        } else if (cell.substr(i, 2) == "\xEF\xBC" && i + 2 < cell.size() &&
                   static_cast<unsigned char>(cell[i + 2]) >= 0x90 && static_cast<unsigned char>(cell[i + 2]) <= 0x99) {
            ++digits;  // ０..９
            i += 2;
        }
    }
    return digits >= 15 || is_excel_scientific_id(without_leading_blanks(cell));
}

}  // namespace

std::string_view footer_keyword(std::span<const std::string_view> fields) {
    std::string_view first;
    for (const std::string_view field : fields) {
        first = without_leading_blanks(field);
        if (!first.empty()) break;
    }
    if (first.empty()) return "空行";  // every cell blank: the ",,,,," rows Excel leaves below a table
    const std::string_view keyword = keyword_at_start_or_end(first);
    if (keyword.empty()) return {};
    for (const std::string_view field : fields) {
        if (looks_like_id_number(field)) return {};
    }
    return keyword;
}

bool line_may_be_footer(std::string_view line, char delimiter) {
    const size_t first = line.find_first_not_of(delimiter);
    return first == std::string_view::npos || may_start_footer(static_cast<unsigned char>(line[first]));
}

}  // namespace bx
