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

bool excel_would_damage(std::string_view value) {
    if (value.size() < 2) return false;
    const std::string_view digits = value.back() == 'X' || value.back() == 'x' ? value.substr(0, value.size() - 1) : value;
    if (digits.empty() || digits.find_first_not_of("0123456789") != std::string_view::npos) return false;
    return value.size() >= 12 || value[0] == '0';
}

void CsvRowBuffer::field(std::string_view value) {
    if (row_started_) text_.push_back(',');
    row_started_ = true;
    if (excel_text_ && excel_would_damage(value)) {
        // ="…" is a formula whose value is the text; quoted as RFC 4180 wants: "=""…"""
        text_.append("\"=\"\"").append(value).append("\"\"\"");
    } else if (needs_csv_quotes(value)) {
        append_csv_field(text_, value);
    } else {
        text_.append(value);
    }
}

void CsvRowBuffer::joined_fields(std::string_view fields) {
    if (excel_text_) {  // each field looked at
        for (size_t begin = 0;;) {
            const size_t end = fields.find(',', begin);
            field(fields.substr(begin, end - begin));
            if (end == std::string_view::npos) return;
            begin = end + 1;
        }
    }
    if (row_started_) text_.push_back(',');
    row_started_ = true;
    text_.append(fields);
}

void CsvRowBuffer::end_row() {
    if (crlf_) text_.push_back('\r');
    text_.push_back('\n');
    row_started_ = false;
}

void CsvRowBuffer::clear() {
    text_.clear();
    row_started_ = false;
}

CsvWriter::CsvWriter(const std::string& path, const CsvWriteOptions& options, RunOutputs* together)
    : out_(path), together_(together), options_(options), buffer_(options.crlf, options.excel_text) {
    if (options_.encoding == OutputEncoding::Gb18030) encoder_ = std::make_unique<Gb18030Encoder>();
    if (options_.bom && options_.encoding == OutputEncoding::Utf8) buffer_.append_text("\xEF\xBB\xBF");
    buffer_.reserve(kFlushBytes + 4096);
}

CsvWriter::~CsvWriter() = default;

void CsvWriter::field(std::string_view value) { buffer_.field(value); }

void CsvWriter::joined_fields(std::string_view fields) { buffer_.joined_fields(fields); }

void CsvWriter::end_row() {
    buffer_.end_row();
    ++rows_;
    flush_if_full();
}

void CsvWriter::flush_if_full() {
    if (buffer_.size() >= kFlushBytes) flush_buffer();
}

void CsvWriter::write_row(const std::vector<std::string_view>& fields) {
    for (auto value : fields) buffer_.field(value);
    end_row();
}

void CsvWriter::write_row(const std::vector<std::string>& fields) {
    for (const auto& value : fields) buffer_.field(value);
    end_row();
}

void CsvWriter::write_row(std::initializer_list<std::string_view> fields) {
    for (auto value : fields) buffer_.field(value);
    end_row();
}

void CsvWriter::flush_buffer() {
    if (buffer_.size() == 0) return;
    if (encoder_) {
        encoder_->encode(buffer_.text(), encoded_);
        out_.write(encoded_);
    } else {
        out_.write(buffer_.text());
    }
    buffer_.clear();
}

void CsvWriter::commit() {
    flush_buffer();
    if (!together_) {
        out_.commit();
        return;
    }
    together_->add_finished(out_);
}

}  // namespace bx
