#pragma once
// The files bx-link writes and reads around a LinkResult: the pairs file (one row per left
// record with the per-field weights that explain it), the right-hand records nobody linked, the
// review list a clerk fills in, and that list read back as ClerkDecisions.
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "csv_reader.h"
#include "csv_writer.h"
#include "linkage.h"

namespace bx {

// left_row, right_row (empty unless linked), method, weight, w_id ... w_region, review_row (the
// candidate of a `review` decision), then left_K and right_K for each kept column K. Rows are
// written one left record at a time, in left order.
class PairsWriter {
public:
    PairsWriter(CsvWriter& writer, const LinkModel& model, const std::vector<std::string>& keep);
    // `right_row`: the candidate's row, 0 without one; `right_kept` empty unless linked.
    void write(uint32_t left_row, const LinkDecision& decision, uint32_t right_row,
               std::span<const std::string> left_kept, std::span<const std::string> right_kept);

private:
    CsvWriter& writer_;
    const LinkModel& model_;
    size_t keep_count_;
};

// left_row, right_row, weight, then left_F and right_F for each review field, and an empty
// `decision` column for the clerk.
void write_review_header(CsvWriter& writer);
void write_review_row(CsvWriter& writer, uint32_t left_row, uint32_t right_row, double weight,
                      std::span<const std::string> left_fields, std::span<const std::string> right_fields);

// The right-hand file's own columns plus right_row, for records no left record links to.
void write_unmatched_header(CsvWriter& writer, const std::vector<std::string>& right_header);
void write_unmatched_row(CsvWriter& writer, std::span<const std::string_view> fields, uint32_t right_row);

// accept / reject and their spellings (是/否, 接受/拒绝, y/n, yes/no, 1/0); nullopt otherwise.
std::optional<bool> parse_clerk_word(std::string_view text);

// Rows of a filled-in review file (left_row, right_row, decision). Rows with an empty decision
// are skipped; anything else unreadable is a DataError at its line.
std::vector<ClerkDecision> read_clerk_decisions(CsvReader& reader);

}  // namespace bx
