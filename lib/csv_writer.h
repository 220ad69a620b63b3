#pragma once
// RFC 4180 CSV output: quotes only where needed, LF or CRLF, optional BOM, UTF-8 or GB18030.
#include <initializer_list>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "encoding.h"
#include "output_file.h"
#include "run_outputs.h"

namespace bx {

struct CsvWriteOptions {
    bool crlf = false;                              // Excel-style line ends
    bool bom = false;                               // UTF-8 BOM so Excel detects UTF-8
    bool excel_text = false;                        // numbers Excel would damage written as ="…"
    OutputEncoding encoding = OutputEncoding::Utf8;
};

// CSV rows formatted in memory: the writer's buffer.
class CsvRowBuffer {
public:
    explicit CsvRowBuffer(bool crlf = false, bool excel_text = false) : crlf_(crlf), excel_text_(excel_text) {}
    void field(std::string_view value);
    // Several fields at once, already joined by commas and needing no quotes.
    void joined_fields(std::string_view fields);
    void end_row();
    void append_text(std::string_view text) { text_.append(text); }  // e.g. a BOM
    void clear();
    std::string_view text() const { return text_; }
    size_t size() const { return text_.size(); }
    void reserve(size_t bytes) { text_.reserve(bytes); }

private:
    std::string text_;
    bool crlf_ = false;
    bool excel_text_ = false;
    bool row_started_ = false;
};

// Whether Excel, opening a CSV, would damage a cell: a number of 12 digits or more (shown as
// 1.40322E+17, and past 15 digits cut to zeros; an ID's final X included), or one with a leading
// 0 (户号 0302000001 loses it).
bool excel_would_damage(std::string_view value);

class CsvWriter {
public:
    // `path` "-" or "" is stdout; a regular file is written atomically (see OutputFile). With
    // `together`, commit() leaves the finished file to it, to be put in place with the run's others.
    CsvWriter(const std::string& path, const CsvWriteOptions& options, RunOutputs* together = nullptr);
    ~CsvWriter();
    CsvWriter(const CsvWriter&) = delete;
    CsvWriter& operator=(const CsvWriter&) = delete;

    void write_row(const std::vector<std::string_view>& fields);
    void write_row(const std::vector<std::string>& fields);
    void write_row(std::initializer_list<std::string_view> fields);

    // Field-by-field form: field(...) repeatedly, then end_row().
    void field(std::string_view value);
    // Several fields at once, already joined by commas and needing no quotes: a line the reader
    // had without quotes (CsvReader::unquoted_line) that holds no CR either.
    void joined_fields(std::string_view fields);
    void end_row();

    long rows_written() const { return rows_; }
    // Flushes and puts the file in place (or hands it to `together`). Without commit() a regular
    // file target is removed.
    void commit();

private:
    void flush_buffer();
    void flush_if_full();

    OutputFile out_;
    RunOutputs* together_ = nullptr;
    CsvWriteOptions options_;
    CsvRowBuffer buffer_;
    std::string encoded_;
    std::unique_ptr<Gb18030Encoder> encoder_;
    long rows_ = 0;
};

// Appends `value` to `out` quoted as RFC 4180 requires (only when it holds , " CR or LF).
void append_csv_field(std::string& out, std::string_view value);

}  // namespace bx
