#include "csv_reader.h"

#include <bit>
#include <cerrno>
#include <cstring>
#include <fcntl.h>
#include <unistd.h>

#include <fmt/format.h>

#include <unordered_map>

#include "byte_scan.h"
#include "decoding_source.h"
#include "errors.h"

namespace bx {

struct CsvReader::Impl {
    InputEncoding encoding = InputEncoding::Utf8;  // as decided by the source
    std::unique_ptr<io::LineReader> lines;
    std::string record;                  // unescaped text of a record that needed it
    std::vector<std::pair<size_t, size_t>> spans;  // field offsets into `record`
    bool saw_data_row = false;
};

namespace {

int open_input_fd(const std::string& path) {
    if (path.empty() || path == "-") return STDIN_FILENO;
    const int fd = open(path.c_str(), O_RDONLY | O_CLOEXEC);
    if (fd < 0) {
        throw UsageError(fmt::format("{}: cannot open: {}", path, std::strerror(errno)));
    }
    return fd;
}

// Strips the marked CR of a CR LF line end; returns whether there was one.
bool strip_marked_cr(std::string_view& line) {
    if (!line.empty() && line.back() == kMarkedCarriageReturn) {
        line.remove_suffix(1);
        return true;
    }
    return false;
}

// Splits a line that holds no quote at its commas, in place; false (and `out` cleared) when the
// line has a quote and needs the full parser. The common case in exports: no copy, and commas
// found eight bytes at a time.
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

}  // namespace

CsvReader::CsvReader(const std::string& path, const CsvReadOptions& options)
    : impl_(std::make_unique<Impl>()), options_(options) {
    display_name_ = !options.display_name.empty() ? options.display_name
                    : (path.empty() || path == "-")  ? "<stdin>"
                                                     : path;
    const int fd = open_input_fd(path);
    auto source = std::make_unique<DecodingSource>(fd, display_name_, options.encoding, &impl_->encoding);
    impl_->lines = std::make_unique<io::LineReader>(display_name_, std::move(source));

    std::vector<std::string_view> header_fields;
    std::string_view header_line;
    if (!read_record(header_fields, header_line)) throw DataError(display_name_, 1, "empty file: no header row");
    std::unordered_map<std::string_view, size_t> seen;
    for (size_t i = 0; i < header_fields.size(); ++i) {
        header_.emplace_back(header_fields[i]);
    }
    for (size_t i = 0; i < header_.size(); ++i) {
        if (header_[i].empty()) continue;  // unnamed columns (trailing commas) may repeat
        auto [it, inserted] = seen.emplace(header_[i], i);
        if (!inserted) {
            throw DataError(display_name_, record_line_,
                            fmt::format("duplicate header '{}' in columns {} and {}", header_[i],
                                        it->second + 1, i + 1));
        }
    }
}

CsvReader::~CsvReader() = default;

std::string CsvReader::encoding_name() const {
    return impl_->encoding == InputEncoding::Gb18030 ? "gb18030" : "utf-8";
}

void CsvReader::fail(const std::string& message) const {
    throw DataError(display_name_, record_line_, message);
}

bool CsvReader::next() {
    if (!read_record(fields_, unquoted_line_)) {
        if (!impl_->saw_data_row && !options_.lenient) {
            throw DataError(display_name_, record_line_ + 1,
                            "no data rows after the header (use --lenient to accept an empty list)");
        }
        return false;
    }
    impl_->saw_data_row = true;
    ++row_;
    check_width();
    return true;
}

void CsvReader::check_width() {
    const size_t expected = header_.size();
    if (fields_.size() == expected) return;
    unquoted_line_ = {};  // the fields are about to differ from the line, or it is an error
    if (options_.lenient) {
        while (fields_.size() > expected && fields_.back().empty()) fields_.pop_back();
        if (fields_.size() < expected) fields_.resize(expected);
        if (fields_.size() == expected) return;
    }
    fail(fmt::format("row has {} fields but the header has {}", fields_.size(), expected));
}

// Reads one record into `out`. Lines without quotes are split in place (the common case) and
// given as `unquoted_line`; a record with quotes is unescaped into impl_->record, continuing over
// line breaks, and `unquoted_line` is empty.
bool CsvReader::read_record(std::vector<std::string_view>& out, std::string_view& unquoted_line) {
    out.clear();
    unquoted_line = {};
    char* raw = nullptr;
    std::string_view line;
    bool line_had_cr = false;
    do {  // blank lines between records are not rows
        raw = impl_->lines->next_line();
        if (raw == nullptr) return false;
        line = raw;
        line_had_cr = strip_marked_cr(line);
    } while (line.empty());
    record_line_ = impl_->lines->get_file_line();
    if (line.size() > options_.max_record_bytes) {
        fail(fmt::format("line longer than {} bytes", options_.max_record_bytes));
    }

    if (split_unquoted(line, out)) {
        unquoted_line = line;
        return true;
    }

    std::string& record = impl_->record;
    auto& spans = impl_->spans;
    record.clear();
    spans.clear();
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
            raw = impl_->lines->next_line();
            if (raw == nullptr) {
                throw DataError(display_name_, record_line_,
                                "quoted field not closed before the end of the file");
            }
            record.append(line_had_cr ? "\r\n" : "\n");
            line = raw;
            line_had_cr = strip_marked_cr(line);
            i = 0;
            if (record.size() + line.size() > options_.max_record_bytes) {
                fail(fmt::format("record longer than {} bytes", options_.max_record_bytes));
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
        } else if (was_quoted && !options_.lenient) {
            fail(fmt::format("text after the closing quote of field {}", spans.size() + 1));
        } else {
            record.push_back(c);
        }
    }
    end_field();
    for (const auto& [offset, length] : spans) out.emplace_back(record.data() + offset, length);
    return true;
}

}  // namespace bx
