#include "csv_writer.h"

#include <cstring>

#include "byte_scan.h"

namespace bx {

constexpr size_t kFlushBytes = 1 << 20;

void append_csv_field(std::string& out, std::string_view value) {
    if (!needs_csv_quotes(value)) {
        out.append(value);
        return;
    }
    out.push_back('"');
    for (char c : value) {
        if (c == '"') out.push_back('"');
        out.push_back(c);
    }
    out.push_back('"');
}

CsvWriter::CsvWriter(const std::string& path, const CsvWriteOptions& options)
    : out_(path), options_(options) {
    if (options_.encoding == OutputEncoding::Gb18030) encoder_ = std::make_unique<Gb18030Encoder>();
    if (options_.bom && options_.encoding == OutputEncoding::Utf8) buffer_ = "\xEF\xBB\xBF";
    buffer_.reserve(kFlushBytes + 4096);
}

CsvWriter::~CsvWriter() = default;

void CsvWriter::append_field(std::string_view value) {
    if (row_started_) buffer_.push_back(',');
    row_started_ = true;
    if (needs_csv_quotes(value)) {
        append_csv_field(buffer_, value);
    } else {
        buffer_.append(value);
    }
}

void CsvWriter::field(std::string_view value) { append_field(value); }

void CsvWriter::end_row() {
    if (options_.crlf) buffer_.push_back('\r');
    buffer_.push_back('\n');
    row_started_ = false;
    ++rows_;
    if (buffer_.size() >= kFlushBytes) flush_buffer();
}

void CsvWriter::write_row(const std::vector<std::string_view>& fields) {
    for (auto value : fields) append_field(value);
    end_row();
}

void CsvWriter::write_row(const std::vector<std::string>& fields) {
    for (const auto& value : fields) append_field(value);
    end_row();
}

void CsvWriter::write_row(std::initializer_list<std::string_view> fields) {
    for (auto value : fields) append_field(value);
    end_row();
}

void CsvWriter::flush_buffer() {
    if (buffer_.empty()) return;
    if (encoder_) {
        encoder_->encode(buffer_, encoded_);
        out_.write(encoded_);
    } else {
        out_.write(buffer_);
    }
    buffer_.clear();
}

void CsvWriter::commit() {
    flush_buffer();
    out_.commit();
}

}  // namespace bx
