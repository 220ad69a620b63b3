#pragma once
// A batch of CSV records copied out of the reader (whose fields live only until its next row),
// so that another thread can work on them while the reader goes on.
#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "csv_reader.h"

namespace bx {

class RowBatch {
public:
    // Copies up to `limit` records from the reader; false when the reader had none left.
    bool fill(CsvReader& reader, size_t limit);
    size_t size() const { return row_numbers_.size(); }
    // The fields of record i, valid until the next fill().
    std::span<const std::string_view> fields(size_t i) const;
    // Record i's line when the reader had it unquoted (see CsvReader::unquoted_line), else
    // empty; valid until the next fill().
    std::string_view unquoted_line(size_t i) const;
    uint32_t row_number(size_t i) const { return row_numbers_[i]; }
    std::optional<uint64_t> file_offset(size_t i) const { return file_offsets_[i]; }  // CsvReader::file_offset

private:
    void reserve_text(size_t more);

    std::string text_;
    std::vector<std::string_view> views_;            // the fields of every record, into text_
    std::vector<size_t> first_field_;                // per record, index into views_; one extra at the end
    std::vector<std::pair<size_t, size_t>> lines_;   // per record, offset and length into text_; 0 length: none
    std::vector<uint32_t> row_numbers_;
    std::vector<std::optional<uint64_t>> file_offsets_;
};

}  // namespace bx
