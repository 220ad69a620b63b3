#pragma once
// The files bx-link writes and reads around a LinkResult: the pairs file (one row per left
// record with the per-field weights that explain it), the right-hand records nobody linked, the
// review list a clerk fills in, and that list read back as ClerkDecisions.
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "csv_reader.h"
#include "csv_writer.h"
#include "link_side.h"
#include "linkage.h"

namespace bx {

// left_row, right_row (empty unless linked), method, weight, w_id ... w_region, review_row (the
// candidate of a `review` decision), then left_K and right_K for each kept column K.
void write_pairs(CsvWriter& writer, const LinkResult& result, const LinkSide& left, const LinkSide& right,
                 const std::vector<std::string>& keep);

// The right-hand file's own columns plus right_row, for records no left record links to.
void write_unmatched_right(CsvWriter& writer, const LinkResult& result, const LinkSide& right);

// left_row, right_row, weight, then left_F and right_F for each review field, and an empty
// `decision` column for the clerk. Needs both sides read with review_fields.
void write_review(CsvWriter& writer, const LinkResult& result, const LinkSide& left, const LinkSide& right);

// accept / reject and their spellings (是/否, 接受/拒绝, y/n, yes/no, 1/0); nullopt otherwise.
std::optional<bool> parse_clerk_word(std::string_view text);

// Rows of a filled-in review file (left_row, right_row, decision). Rows with an empty decision
// are skipped; anything else unreadable is a DataError at its line.
std::vector<ClerkDecision> read_clerk_decisions(CsvReader& reader);

}  // namespace bx
