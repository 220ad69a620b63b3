#include "link_review.h"

#include <algorithm>
#include <charconv>

#include <fmt/format.h>

#include "errors.h"
#include "fields.h"
#include "link_compare.h"
#include "link_side.h"
#include "text.h"

namespace bx {

namespace {

std::string row_text(uint32_t row) { return std::to_string(row); }

std::string weight_text(double weight) { return fmt::format("{:.2f}", weight); }

// Both rows must be given: a decision is about one pair.
uint32_t required_row(const CsvReader& reader, size_t column, std::string_view name) {
    const uint32_t row = parse_row_number(reader, reader.field(column), name);
    if (row == 0) reader.fail(fmt::format("{} is empty", name));
    return row;
}

}  // namespace

PairsWriter::PairsWriter(CsvWriter& writer, const LinkModel& model, const std::vector<std::string>& keep)
    : writer_(writer), model_(model), keep_count_(keep.size()) {
    std::vector<std::string> header = {"left_row", "right_row", "method", "weight"};
    for (const std::string_view field : link_field_names()) header.push_back(fmt::format("w_{}", field));
    header.emplace_back("review_row");
    for (const std::string& column : keep) header.push_back("left_" + column);
    for (const std::string& column : keep) header.push_back("right_" + column);
    writer_.write_row(header);
}

void PairsWriter::write(uint32_t left_row, const LinkDecision& decision, uint32_t right_row,
                        std::span<const std::string> left_kept, std::span<const std::string> right_kept) {
    const bool has_candidate = decision.has_candidate();
    const bool linked = is_link(decision.method);
    writer_.field(row_text(left_row));
    writer_.field(linked ? row_text(right_row) : "");
    writer_.field(to_string(decision.method));
    writer_.field(has_candidate ? weight_text(decision.weight) : "");
    for (const float weight : explain_weight(model_, decision)) writer_.field(has_candidate ? weight_text(weight) : "");
    writer_.field(decision.method == LinkMethod::review ? row_text(right_row) : "");
    for (const std::string& value : left_kept) writer_.field(value);
    for (size_t k = 0; k < keep_count_; ++k) writer_.field(linked && k < right_kept.size() ? std::string_view(right_kept[k]) : "");
    writer_.end_row();
}

void write_review_header(CsvWriter& writer) {
    std::vector<std::string> header = {"left_row", "right_row", "weight"};
    for (const std::string_view field : kReviewFields) {
        header.push_back(fmt::format("left_{}", field));
        header.push_back(fmt::format("right_{}", field));
    }
    header.emplace_back("decision");
    writer.write_row(header);
}

void write_review_row(CsvWriter& writer, uint32_t left_row, uint32_t right_row, double weight,
                      std::span<const std::string> left_fields, std::span<const std::string> right_fields) {
    writer.field(row_text(left_row));
    writer.field(row_text(right_row));
    writer.field(weight_text(weight));
    for (size_t f = 0; f < std::size(kReviewFields); ++f) {
        writer.field(left_fields[f]);
        writer.field(right_fields[f]);
    }
    writer.field("");
    writer.end_row();
}

void write_unmatched_header(CsvWriter& writer, const std::vector<std::string>& right_header) {
    std::vector<std::string> header = right_header;
    header.emplace_back("right_row");
    writer.write_row(header);
}

void write_unmatched_row(CsvWriter& writer, std::span<const std::string_view> fields, uint32_t right_row) {
    for (const std::string_view value : fields) writer.field(value);
    writer.field(row_text(right_row));
    writer.end_row();
}

std::optional<bool> parse_clerk_word(std::string_view text) {
    const std::string word = lower_ascii(trim_ascii(text));
    for (const std::string_view yes : {"accept", "accepted", "y", "yes", "1", "是", "接受", "同意", "√"})
        if (word == yes) return true;
    for (const std::string_view no : {"reject", "rejected", "n", "no", "0", "否", "拒绝", "不同意", "×"})
        if (word == no) return false;
    return std::nullopt;
}

std::vector<ClerkDecision> read_clerk_decisions(CsvReader& reader) {
    const size_t left_column = require_header(reader, {"left_row"});
    const size_t right_column = require_header(reader, {"right_row"});
    const size_t decision_column = require_header(reader, {"decision"});
    std::vector<ClerkDecision> decisions;
    while (reader.next()) {
        const std::string_view text = reader.field(decision_column);
        if (trim_ascii(text).empty()) continue;
        const std::optional<bool> accept = parse_clerk_word(text);
        if (!accept) reader.fail("'decision' is not accept or reject");
        decisions.push_back({required_row(reader, left_column, "left_row"), required_row(reader, right_column, "right_row"), *accept});
    }
    return decisions;
}

}  // namespace bx
