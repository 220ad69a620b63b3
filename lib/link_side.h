#pragma once
// One input of bx-link read into memory: a compact LinkRecord per row, plus only what the
// requested outputs need (kept columns, the key fields a review shows, whole rows for the
// unmatched list). See docs/linkage.md for how memory grows.
#include <string>
#include <vector>

#include "csv_reader.h"
#include "fields.h"
#include "link_compare.h"

namespace bx {

struct LinkSideOptions {
    std::vector<std::string> keep;  // canonical fields or headers copied to the pairs file
    bool review_fields = false;     // keep the key fields shown side by side in a review file
    bool whole_rows = false;        // keep every column (for --unmatched-right)
    IdCheckOptions id_options;
};

// The key fields of a review file, in column order.
inline constexpr std::string_view kReviewFields[] = {"id", "name", "birth", "sex", "guardian", "phone"};

struct LinkSide {
    std::string file;
    std::vector<std::string> header;
    std::vector<LinkRecord> records;
    std::vector<std::vector<std::string>> kept;           // per record, LinkSideOptions::keep order
    std::vector<std::vector<std::string>> review_fields;  // per record, kReviewFields order
    std::vector<std::vector<std::string>> rows;           // per record, every column
};

// Throws DataError for a file without an ID column (and without name and birth) or without a
// kept column.
LinkSide read_link_side(CsvReader& reader, const ColumnMap& columns, const LinkSideOptions& options);

}  // namespace bx
