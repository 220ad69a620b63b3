#pragma once
// Candidate pairs for the records the exact ID join left over: several blocking keys, each a
// sorted index over the right-hand records, never a comparison of every pair. A key value shared
// by more right-hand records than a cap (an empty-looking phone, a placeholder, a huge family
// name) is skipped and counted, so no block can grow quadratically.
#include <array>
#include <cstdint>
#include <span>
#include <string>
#include <utility>
#include <vector>

#include "link_compare.h"

namespace bx {

struct CandidatePair {
    uint32_t left = 0;
    uint32_t right = 0;
    auto operator<=>(const CandidatePair&) const = default;
};

struct BlockingOptions {
    size_t max_block = 500;  // right-hand records per key value; larger blocks are skipped
};

struct BlockingResult {
    std::vector<CandidatePair> pairs;                      // sorted, each pair once
    std::vector<std::pair<std::string, long>> counts;      // pairs per key, skipped blocks
};

// `left_open` / `right_open`: records still looking for a partner (others take no part).
BlockingResult block_candidates(std::span<const LinkRecord> left, std::span<const LinkRecord> right,
                                const std::vector<bool>& left_open, const std::vector<bool>& right_open,
                                const BlockingOptions& options = {});

// The 18 strings an 18-character ID gives with one position deleted, packed as base-11 numbers.
// Two IDs one substitution or one adjacent transposition apart share at least one of them.
std::array<uint64_t, 18> id_deletion_keys(uint64_t packed_id);

}  // namespace bx
