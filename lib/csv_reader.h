#pragma once
// RFC 4180 CSV input over fast-cpp-csv-parser's LineReader: quoted fields with delimiters,
// doubled quotes and line breaks; comma- or tab-separated (detected); any number of columns; a
// header addressed by name; UTF-8, GB18030 or UTF-16 (detected) turned into UTF-8; footer rows
// (合计, 制表人：…) skipped on request. Errors are DataError with file and line.
#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "encoding.h"

namespace bx {

class CsvReader;

enum class Delimiter { Auto, Comma, Tab };
// Parses "auto" / "comma" / "tab" (also "," and "\t"); throws UsageError otherwise.
Delimiter parse_delimiter(std::string_view name);

struct CsvReadOptions {
    InputEncoding encoding = InputEncoding::Auto;
    // Auto: tab when the header's line has a tab and no comma outside quotes, else comma.
    Delimiter delimiter = Delimiter::Auto;
    // Lenient: short rows are padded with empty fields and empty trailing extra fields dropped;
    // otherwise a row whose field count differs from the header's is an error.
    bool lenient = false;
    // A header-only file is an empty list, not an error (an exemption list with no one on it).
    bool may_have_no_rows = false;
    size_t max_record_bytes = 1 << 20;
    // The input ends after this many bytes of the file: to read only the header again
    // (RecordFetcher, which wants its delimiter).
    uint64_t byte_limit = UINT64_MAX;
    // For inputs whose rows are people: rows that close an export (合计,,,1234 / 制表人：张三 /
    // 注：…, see footer_keyword in csv_record.h) are not handed out as rows, wherever they are
    // (a 小计 between townships too), and are counted in footer_rows().
    bool skip_footer_rows = false;
    // Called once, when the input ends, if footer rows were skipped: for a note and a count.
    std::function<void(const CsvReader&)> on_footer_rows;
    // Whether a line is a header by what it says (names of known columns): such a line within the
    // first few is the header, below any title lines, however many cells those fill (填报单位：…,
    // 填报日期：…; a merged group row above the header). Without it, or when no line says so, the
    // header is the first line with two filled cells.
    std::function<bool(const std::vector<std::string>&)> known_header;
    // The name used in messages, when not the path (a temporary copy of stdin is "<stdin>").
    std::string display_name;
};

// Rows skipped as footers: how many, the line of the first, and the keywords that made them
// footers (never their text, which may name a person).
struct FooterRows {
    long count = 0;
    long first_line = 0;
    std::vector<std::string_view> keywords;  // distinct, in the order met
};

class CsvReader {
public:
    // `path` "-" or "" reads stdin. Reads the header row at once (an error on an empty file),
    // skipping title lines above it: a line that fills at most one cell (a merged title such as
    // 某县2026年户籍人口名单) is a title when one of the next five lines fills two or more. Header
    // names may repeat; ColumnMap refuses a repeated name only where a tool reads it.
    CsvReader(const std::string& path, const CsvReadOptions& options = {});
    ~CsvReader();
    CsvReader(const CsvReader&) = delete;
    CsvReader& operator=(const CsvReader&) = delete;

    const std::vector<std::string>& header() const { return header_; }
    // Advances to the next record; false at end of input. Fields stay valid until the next call.
    bool next();
    const std::vector<std::string_view>& fields() const { return fields_; }
    std::string_view field(size_t column) const { return fields_[column]; }
    size_t size() const { return fields_.size(); }
    // The current record's line when it held no quote and its fields were taken as they stood
    // (not padded or trimmed by --lenient): exactly its fields joined by commas. Empty for any
    // other record, for every record of a tab-separated file, and for the rows read ahead while
    // looking for the header. Lets a writer copy the line instead of the fields one by one.
    std::string_view unquoted_line() const { return delimiter_ == ',' ? unquoted_line_ : std::string_view(); }

    // Where the current record starts in the file, for reading it back later (RecordFetcher);
    // none for GB18030 and UTF-16 input, whose bytes are transcoded as they are read.
    std::optional<uint64_t> file_offset() const;

    long line() const { return record_line_; }  // physical line where the current record starts
    long row() const { return row_; }           // 1-based data row number (header not counted)
    long header_line() const { return header_line_; }  // physical line of the header row
    int title_lines() const { return title_lines_; }  // lines skipped above the header as titles
    const std::string& file() const { return display_name_; }
    // Detected or forced encoding of the input, once known ("utf-8" until proven otherwise).
    std::string encoding_name() const;
    // ',' or '\t', decided with the header row.
    char delimiter() const { return delimiter_; }
    const FooterRows& footer_rows() const { return footer_rows_; }

    // A DataError at the current record's line.
    [[noreturn]] void fail(const std::string& message) const;

private:
    void read_header();
    bool read_ahead_record();
    void take_header_from_read_ahead(size_t i);
    void resplit_read_ahead();
    bool read_record(std::vector<std::string_view>& out, std::string_view& unquoted_line);
    bool next_read_ahead();
    bool skipped_as_footer();
    bool end_of_input();
    void check_width();

    struct Impl;
    std::unique_ptr<Impl> impl_;
    CsvReadOptions options_;
    std::string display_name_;
    std::vector<std::string> header_;
    std::vector<std::string_view> fields_;
    std::string_view unquoted_line_;
    char delimiter_ = 0;  // 0 while the header is looked for under Delimiter::Auto: each line's own
    FooterRows footer_rows_;
    bool ended_ = false;
    long record_line_ = 0;
    long row_ = 0;
    long header_line_ = 1;
    int title_lines_ = 0;
};

}  // namespace bx
