#include "row_batch.h"

#include <algorithm>

namespace bx {

// Room for `more` bytes of text. The views into the text move with it when it grows; as the
// storage is kept from batch to batch, that happens only in the first few.
void RowBatch::reserve_text(size_t more) {
    if (text_.capacity() - text_.size() >= more) return;
    std::string larger;
    larger.reserve(std::max(2 * text_.capacity(), text_.size() + more));
    larger.append(text_);
    for (std::string_view& view : views_) {
        view = std::string_view(larger.data() + (view.data() - text_.data()), view.size());
    }
    text_.swap(larger);
}

bool RowBatch::fill(CsvReader& reader, size_t limit) {
    text_.clear();
    views_.clear();
    first_field_.clear();
    lines_.clear();
    row_numbers_.clear();
    file_offsets_.clear();
    while (row_numbers_.size() < limit && reader.next()) {
        first_field_.push_back(views_.size());
        row_numbers_.push_back(static_cast<uint32_t>(reader.row()));
        file_offsets_.push_back(reader.file_offset());
        const size_t start = text_.size();
        if (const std::string_view line = reader.unquoted_line(); !line.empty()) {
            // One copy of the whole line; the fields are views into it.
            reserve_text(line.size());
            text_.append(line);
            lines_.emplace_back(start, line.size());
            const char* copy = text_.data() + start;
            for (const std::string_view field : reader.fields()) {
                views_.emplace_back(copy + (field.data() - line.data()), field.size());
            }
            continue;
        }
        lines_.emplace_back(start, 0);
        for (const std::string_view field : reader.fields()) {
            reserve_text(field.size());
            views_.emplace_back(text_.data() + text_.size(), field.size());
            text_.append(field);
        }
    }
    first_field_.push_back(views_.size());
    return !row_numbers_.empty();
}

std::span<const std::string_view> RowBatch::fields(size_t i) const {
    return std::span<const std::string_view>(views_).subspan(first_field_[i], first_field_[i + 1] - first_field_[i]);
}

std::string_view RowBatch::unquoted_line(size_t i) const {
    return std::string_view(text_).substr(lines_[i].first, lines_[i].second);
}

}  // namespace bx
