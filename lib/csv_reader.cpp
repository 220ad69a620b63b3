#include "csv_reader.h"

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <fmt/format.h>

#include "csv_record.h"
#include "decoding_source.h"
#include "errors.h"
#include "text.h"

namespace bx {

namespace {

int open_input_fd(const std::string& path) {
    if (path.empty() || path == "-") return STDIN_FILENO;
    const int fd = open(path.c_str(), O_RDONLY | O_CLOEXEC);
    if (fd < 0) {
        throw UsageError(fmt::format("{}: cannot open: {}", path, std::strerror(errno)));
    }
    // A folder opens, and fails only on the first read: a wrong path, like a missing file.
    struct stat status {};
    if (fstat(fd, &status) == 0 && S_ISDIR(status.st_mode)) {
        close(fd);
        throw UsageError(fmt::format("{}: is a directory", path));
    }
    return fd;
}

// How many records past the first one to look at for the header below a title.
constexpr size_t kTitleLookahead = 5;

// A CR that is not part of CR LF: LineReader ends lines at LF only, so a file with CR-only line
// ends (old Mac) reads as one long line.
bool has_bare_cr(const std::string& cell) {
    for (size_t at = cell.find('\r'); at != std::string::npos; at = cell.find('\r', at + 1)) {
        if (at + 1 == cell.size() || cell[at + 1] != '\n') return true;
    }
    return false;
}

size_t filled_cells(const std::vector<std::string>& cells) {
    return static_cast<size_t>(std::count_if(cells.begin(), cells.end(), [](const std::string& cell) { return !cell.empty(); }));
}

// Strips the marked CR of a CR LF line end; returns whether there was one.
bool strip_marked_cr(std::string_view& line) {
    if (!line.empty() && line.back() == kMarkedCarriageReturn) {
        line.remove_suffix(1);
        return true;
    }
    return false;
}

char forced_delimiter(Delimiter delimiter) {
    switch (delimiter) {
        case Delimiter::Comma: return ',';
        case Delimiter::Tab: return '\t';
        case Delimiter::Auto: return 0;
    }
    return 0;
}

}  // namespace

Delimiter parse_delimiter(std::string_view name) {
    const std::string key = lower_ascii(name);
    if (key == "auto") return Delimiter::Auto;
    if (key == "comma" || key == ",") return Delimiter::Comma;
    if (key == "tab" || key == "\t") return Delimiter::Tab;
    throw UsageError("unknown --delimiter '" + std::string(name) + "' (use auto, comma or tab)");
}

struct CsvReader::Impl {
    SourceStart start;  // as settled by the source
    std::unique_ptr<io::LineReader> lines;
    UnescapedRecord unescaped;  // a record that had quotes
    uint64_t consumed = 0;       // bytes of the decoded text handed out as lines, line ends included
    uint64_t record_offset = 0;  // where the current record starts in the decoded text
    char line_delimiter = 0;     // the delimiter found for the last record read under Auto
    bool saw_data_row = false;

    // Records read while looking for a header below a title that turned out to be data rows (a
    // file of one column), handed out by next() before it reads on.
    struct ReadAhead {
        std::vector<std::string> fields;
        long line = 0;
        uint64_t offset = 0;
        char delimiter = ',';      // its line's own, under Delimiter::Auto
        std::string unquoted_line;  // empty if it had quotes
    };
    std::vector<ReadAhead> read_ahead;
    size_t next_read_ahead = 0;

    // The next physical line, without its line end; false at the end of the input.
    bool next_line(std::string_view& line, bool& had_cr) {
        const char* raw = lines->next_line();
        if (raw == nullptr) return false;
        line = raw;
        consumed += line.size() + 1;
        had_cr = strip_marked_cr(line);
        return true;
    }
};

CsvReader::CsvReader(const std::string& path, const CsvReadOptions& options)
    : impl_(std::make_unique<Impl>()), options_(options) {
    display_name_ = !options.display_name.empty() ? options.display_name
                    : (path.empty() || path == "-")  ? "<stdin>"
                                                     : path;
    const int fd = open_input_fd(path);
    auto source = std::make_unique<DecodingSource>(fd, display_name_, options.encoding, &impl_->start, options.byte_limit);
    impl_->lines = std::make_unique<io::LineReader>(display_name_, std::move(source));
    read_header();
}

// Under Delimiter::Auto each line looked at here is split by its own delimiter (a title line may
// have none), and the header's decides the file's.
void CsvReader::read_header() {
    delimiter_ = impl_->line_delimiter = forced_delimiter(options_.delimiter);
    std::vector<std::string_view> fields;
    std::string_view line;
    if (!read_record(fields, line)) throw DataError(display_name_, 1, "empty file: no header row");
    header_.assign(fields.begin(), fields.end());
    header_line_ = record_line_;
    const char first_line_delimiter = impl_->line_delimiter;
    if (std::any_of(header_.begin(), header_.end(), has_bare_cr)) {
        throw DataError(display_name_, header_line_,
                        "line ends are CR only (old Mac format); save the file with CR LF or LF line ends");
    }
    auto& ahead = impl_->read_ahead;
    if (options_.known_header && !options_.known_header(header_)) {
        while (ahead.size() < kTitleLookahead && read_ahead_record()) {
            if (options_.known_header(ahead.back().fields)) return take_header_from_read_ahead(ahead.size() - 1);
        }
    }
    // Police and poverty-office exports put a title (one merged cell) above the header.
    if (filled_cells(header_) < 2) {
        for (size_t i = 0; i < ahead.size() || (i < kTitleLookahead && read_ahead_record()); ++i) {
            if (filled_cells(ahead[i].fields) > 1) return take_header_from_read_ahead(i);
        }
    }
    // The first line is the header (of a narrow file, if no wider line follows); the lines read
    // ahead are its rows.
    if (delimiter_ == 0) delimiter_ = first_line_delimiter;
    record_line_ = header_line_;
    resplit_read_ahead();
}

bool CsvReader::read_ahead_record() {
    std::vector<std::string_view> fields;
    std::string_view line;
    if (!read_record(fields, line)) return false;
    impl_->read_ahead.push_back({{fields.begin(), fields.end()}, record_line_, impl_->record_offset,
                                 impl_->line_delimiter, std::string(line)});
    return true;
}

// The i-th line read ahead is the header: the first line and those before it are titles, the
// ones after it rows.
void CsvReader::take_header_from_read_ahead(size_t i) {
    auto& ahead = impl_->read_ahead;
    title_lines_ = static_cast<int>(i) + 1;
    header_ = std::move(ahead[i].fields);
    header_line_ = ahead[i].line;
    if (delimiter_ == 0) delimiter_ = ahead[i].delimiter;
    ahead.erase(ahead.begin(), ahead.begin() + static_cast<std::ptrdiff_t>(i) + 1);
    record_line_ = header_line_;
    resplit_read_ahead();
}

// Rows read ahead whose own delimiter differed from the file's are split again by the file's
// ("140322…\t" in a list of IDs).
void CsvReader::resplit_read_ahead() {
    std::vector<std::string_view> fields;
    for (auto& record : impl_->read_ahead) {
        if (record.delimiter == delimiter_ || record.unquoted_line.empty()) continue;
        split_unquoted(record.unquoted_line, delimiter_, fields);
        record.fields.assign(fields.begin(), fields.end());
    }
}

CsvReader::~CsvReader() = default;

std::string CsvReader::encoding_name() const {
    return std::string(input_encoding_name(impl_->start.encoding));
}

void CsvReader::fail(const std::string& message) const {
    throw DataError(display_name_, record_line_, message);
}

bool CsvReader::next() {
    if (impl_->next_read_ahead < impl_->read_ahead.size()) [[unlikely]] return next_read_ahead();
    do {
        if (!read_record(fields_, unquoted_line_)) return end_of_input();
    } while (options_.skip_footer_rows && skipped_as_footer());
    impl_->saw_data_row = true;
    ++row_;
    check_width();
    return true;
}

bool CsvReader::next_read_ahead() {
    const Impl::ReadAhead& record = impl_->read_ahead[impl_->next_read_ahead++];
    fields_.assign(record.fields.begin(), record.fields.end());
    unquoted_line_ = {};
    record_line_ = record.line;
    impl_->record_offset = record.offset;
    if (options_.skip_footer_rows && skipped_as_footer()) return next();
    impl_->saw_data_row = true;
    ++row_;
    check_width();
    return true;
}

// Whether the record just read is a footer row; if so it is counted instead of handed out. Before
// the width check: a footer rarely has the header's width.
bool CsvReader::skipped_as_footer() {
    const std::string_view first = fields_[0];
    if (!first.empty() && !may_start_footer(static_cast<unsigned char>(first[0]))) return false;  // nearly every row
    const std::string_view keyword = footer_keyword(fields_);
    if (keyword.empty()) return false;
    if (footer_rows_.count++ == 0) footer_rows_.first_line = record_line_;
    auto& keywords = footer_rows_.keywords;
    if (std::find(keywords.begin(), keywords.end(), keyword) == keywords.end()) keywords.push_back(keyword);
    return true;
}

// The footer rows are reported first, also when they were the only rows.
bool CsvReader::end_of_input() {
    if (!ended_ && footer_rows_.count > 0 && options_.on_footer_rows) options_.on_footer_rows(*this);
    ended_ = true;
    if (!impl_->saw_data_row && !options_.lenient && !options_.may_have_no_rows) {
        throw DataError(display_name_, record_line_ + 1,
                        "no data rows after the header (use --lenient to accept an empty list)");
    }
    return false;
}

void CsvReader::check_width() {
    if (fields_.size() == header_.size()) return;
    unquoted_line_ = {};  // the fields are about to differ from the line, or it is an error
    const size_t given = fields_.size();
    if (!fit_width(fields_, header_.size(), options_.lenient))
        fail(fmt::format("row has {} fields but the header has {}", given, header_.size()));
}

std::optional<uint64_t> CsvReader::file_offset() const {
    if (impl_->start.encoding != InputEncoding::Utf8) return std::nullopt;
    return impl_->record_offset + impl_->start.mark_bytes;
}

// Reads one record into `out`. Lines without quotes are split in place (the common case) and
// given as `unquoted_line`; a record with quotes is unescaped, continuing over line breaks, and
// `unquoted_line` is empty.
bool CsvReader::read_record(std::vector<std::string_view>& out, std::string_view& unquoted_line) {
    out.clear();
    unquoted_line = {};
    std::string_view line;
    bool had_cr = false;
    do {  // blank lines between records are not rows
        impl_->record_offset = impl_->consumed;
        if (!impl_->next_line(line, had_cr)) return false;
    } while (line.empty());
    record_line_ = impl_->lines->get_file_line();
    if (line.size() > options_.max_record_bytes) {
        fail(fmt::format("line longer than {} bytes", options_.max_record_bytes));
    }
    char delimiter = delimiter_;
    if (delimiter == 0) [[unlikely]] delimiter = impl_->line_delimiter = detect_delimiter(line);
    if (split_unquoted(line, delimiter, out)) {
        unquoted_line = line;
        return true;
    }
    UnescapedRecord& record = impl_->unescaped;
    unescape_record(line, had_cr, [&](std::string_view& more, bool& cr) { return impl_->next_line(more, cr); },
                    {delimiter, options_.lenient, options_.max_record_bytes}, record);
    switch (record.problem) {
        case RecordProblem::none: break;
        case RecordProblem::unclosed_quote: fail("quoted field not closed before the end of the file");
        case RecordProblem::too_long: fail(fmt::format("record longer than {} bytes", options_.max_record_bytes));
        case RecordProblem::text_after_quote: fail(fmt::format("text after the closing quote of field {}", record.problem_field));
    }
    for (const auto& [offset, length] : record.spans) out.emplace_back(record.text.data() + offset, length);
    return true;
}

}  // namespace bx
