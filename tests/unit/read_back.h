#pragma once
// Test helpers for RecordFetcher: a file read whole as bx-flag reads a registry (its rows, and
// the checkpoints that let them be read back), and a fetched row as plain strings.
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "csv_reader.h"
#include "record_fetch.h"

namespace bx::test {

struct ReadWhole {
    std::vector<std::vector<std::string>> rows;
    RecordCheckpoints checkpoints;
};

inline ReadWhole read_noting_checkpoints(const std::string& path, const CsvReadOptions& options = {}) {
    CsvReader reader(path, options);
    ReadWhole read;
    while (reader.next()) {
        if (RecordCheckpoints::wanted(static_cast<uint32_t>(reader.row()))) read.checkpoints.note(reader.file_offset());
        read.rows.emplace_back(reader.fields().begin(), reader.fields().end());
    }
    return read;
}

inline std::vector<std::string> strings(std::span<const std::string_view> fields) {
    return {fields.begin(), fields.end()};
}

}  // namespace bx::test
