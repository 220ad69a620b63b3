#pragma once
// Chosen records of a file read back by row number, without reading the file again from its
// start: while a file is read the first time, RecordCheckpoints notes where every 16th record
// starts; RecordFetcher then reads only the stretches that hold the rows asked for. bx-flag
// writes its few thousand flagged rows of a registry of millions this way. UTF-8 files only: a
// GB18030 or UTF-16 file is transcoded as it is read, so its records have no place in the file
// that the reader saw (CsvReader::file_offset), and is read again whole instead. Rows are split
// and footer rows skipped as CsvReader did with the same options.
#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "csv_reader.h"
#include "csv_record.h"

namespace bx {

class RecordCheckpoints {
public:
    static constexpr uint32_t kEvery = 16;
    static bool wanted(uint32_t row) { return (row - 1) % kEvery == 0; }
    // For each wanted row (1-based), in order, the reader's file_offset() there.
    void note(std::optional<uint64_t> offset);
    bool usable() const { return usable_ && !offsets_.empty(); }
    size_t size() const { return offsets_.size(); }
    // Where the stretch of rows [k * kEvery + 1, (k + 1) * kEvery] starts, and the next starts.
    uint64_t start(size_t k) const { return offsets_[k]; }
    std::optional<uint64_t> next_start(size_t k) const;

private:
    std::vector<uint64_t> offsets_;
    bool usable_ = true;
};

class RecordFetcher {
public:
    // `width`: the header's number of columns; `options`: as the file was read the first time.
    // Under Delimiter::Auto the header is read again to find the delimiter the reader found.
    RecordFetcher(const std::string& path, std::string display_name, const RecordCheckpoints& checkpoints, size_t width,
                  const CsvReadOptions& options);
    ~RecordFetcher();
    RecordFetcher(const RecordFetcher&) = delete;
    RecordFetcher& operator=(const RecordFetcher&) = delete;

    // The fields of data row `row` (1-based), valid until the next call; rows are asked for in
    // ascending order. A DataError if the file no longer holds the row where it was.
    std::span<const std::string_view> fetch(uint32_t row);

private:
    void load_stretch(size_t k);
    bool next_line(std::string_view& line, bool& had_cr);
    bool next_record(bool wanted);
    void split_record(std::string_view line, bool had_cr);
    [[noreturn]] void changed() const;

    int fd_ = -1;
    std::string name_;
    const RecordCheckpoints& checkpoints_;
    size_t width_;
    CsvReadOptions options_;
    char delimiter_ = ',';
    std::string stretch_;          // the bytes of the stretch in hand
    size_t stretch_index_ = SIZE_MAX;
    size_t position_ = 0;          // next unread byte of stretch_
    uint32_t next_row_ = 0;        // the row that starts at position_
    std::vector<std::string_view> fields_;
    UnescapedRecord unescaped_;
};

}  // namespace bx
