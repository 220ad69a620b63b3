#include "row_batch.h"

namespace bx {

bool RowBatch::fill(CsvReader& reader, size_t limit) {
    text_.clear();
    spans_.clear();
    first_field_.clear();
    lines_.clear();
    row_numbers_.clear();
    while (row_numbers_.size() < limit && reader.next()) {
        first_field_.push_back(spans_.size());
        row_numbers_.push_back(static_cast<uint32_t>(reader.row()));
        const size_t start = text_.size();
        if (const std::string_view line = reader.unquoted_line(); !line.empty()) {
            // One copy of the whole line; the fields are views into it.
            text_.append(line);
            lines_.emplace_back(start, line.size());
            for (const std::string_view field : reader.fields()) {
                spans_.emplace_back(start + static_cast<size_t>(field.data() - line.data()), field.size());
            }
            continue;
        }
        lines_.emplace_back(start, 0);
        for (const std::string_view field : reader.fields()) {
            spans_.emplace_back(text_.size(), field.size());
            text_.append(field);
        }
    }
    first_field_.push_back(spans_.size());
    // Views are made once the text no longer grows.
    views_.clear();
    views_.reserve(spans_.size());
    for (const auto& [offset, length] : spans_) views_.emplace_back(text_.data() + offset, length);
    return !row_numbers_.empty();
}

std::span<const std::string_view> RowBatch::fields(size_t i) const {
    return std::span<const std::string_view>(views_).subspan(first_field_[i], first_field_[i + 1] - first_field_[i]);
}

std::string_view RowBatch::unquoted_line(size_t i) const {
    return std::string_view(text_).substr(lines_[i].first, lines_[i].second);
}

}  // namespace bx
