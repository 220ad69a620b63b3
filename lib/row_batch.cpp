#include "row_batch.h"

namespace bx {

bool RowBatch::fill(CsvReader& reader, size_t limit) {
    text_.clear();
    spans_.clear();
    first_field_.clear();
    row_numbers_.clear();
    while (row_numbers_.size() < limit && reader.next()) {
        first_field_.push_back(spans_.size());
        row_numbers_.push_back(static_cast<uint32_t>(reader.row()));
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

}  // namespace bx
