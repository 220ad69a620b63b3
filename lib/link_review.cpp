#include "link_review.h"

#include <algorithm>
#include <charconv>

#include <fmt/format.h>

#include "errors.h"
#include "fields.h"
#include "link_compare.h"
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

void write_pairs(CsvWriter& writer, const LinkResult& result, const LinkSide& left, const LinkSide& right,
                 const std::vector<std::string>& keep) {
    std::vector<std::string> header = {"left_row", "right_row", "method", "weight"};
    for (const std::string_view field : link_field_names()) header.push_back(fmt::format("w_{}", field));
    header.emplace_back("review_row");
    for (const std::string& column : keep) header.push_back("left_" + column);
    for (const std::string& column : keep) header.push_back("right_" + column);
    writer.write_row(header);
    for (size_t l = 0; l < result.decisions.size(); ++l) {
        const LinkDecision& decision = result.decisions[l];
        const bool has_candidate = decision.right >= 0;
        const bool linked = is_link(decision.method);
        const auto r = static_cast<size_t>(std::max<int64_t>(decision.right, 0));
        writer.field(row_text(left.records[l].row));
        writer.field(linked ? row_text(right.records[r].row) : "");
        writer.field(to_string(decision.method));
        writer.field(has_candidate ? weight_text(decision.weight) : "");
        for (const float weight : decision.field_weights) writer.field(has_candidate ? weight_text(weight) : "");
        writer.field(decision.method == LinkMethod::review ? row_text(right.records[r].row) : "");
        for (size_t k = 0; k < keep.size(); ++k) writer.field(left.kept[l][k]);
        for (size_t k = 0; k < keep.size(); ++k) writer.field(linked ? std::string_view(right.kept[r][k]) : "");
        writer.end_row();
    }
}

void write_unmatched_right(CsvWriter& writer, const LinkResult& result, const LinkSide& right) {
    std::vector<bool> linked(right.records.size());
    for (const LinkDecision& decision : result.decisions)
        if (is_link(decision.method)) linked[static_cast<size_t>(decision.right)] = true;
    std::vector<std::string> header = right.header;
    header.emplace_back("right_row");
    writer.write_row(header);
    for (size_t r = 0; r < right.records.size(); ++r) {
        if (linked[r]) continue;
        for (const std::string& value : right.rows[r]) writer.field(value);
        writer.field(row_text(right.records[r].row));
        writer.end_row();
    }
}

void write_review(CsvWriter& writer, const LinkResult& result, const LinkSide& left, const LinkSide& right) {
    std::vector<std::string> header = {"left_row", "right_row", "weight"};
    for (const std::string_view field : kReviewFields) {
        header.push_back(fmt::format("left_{}", field));
        header.push_back(fmt::format("right_{}", field));
    }
    header.emplace_back("decision");
    writer.write_row(header);
    for (size_t l = 0; l < result.decisions.size(); ++l) {
        const LinkDecision& decision = result.decisions[l];
        if (decision.method != LinkMethod::review) continue;
        const auto r = static_cast<size_t>(decision.right);
        writer.field(row_text(left.records[l].row));
        writer.field(row_text(right.records[r].row));
        writer.field(weight_text(decision.weight));
        for (size_t f = 0; f < std::size(kReviewFields); ++f) {
            writer.field(left.review_fields[l][f]);
            writer.field(right.review_fields[r][f]);
        }
        writer.field("");
        writer.end_row();
    }
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
