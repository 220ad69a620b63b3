#pragma once
// Candidate pairs for the records the exact ID join left over: several blocking keys, each an
// index over the held side's open records (lib/link_key_index.h), never a comparison of every
// pair. A key value shared by more held records than a cap (an empty-looking phone, a
// placeholder, a huge family name) is skipped and counted, so no block can grow quadratically.
#include <array>
#include <cstdint>
#include <span>
#include <string_view>
#include <vector>

#include "link_compare.h"
#include "link_key_index.h"

namespace bx {

inline constexpr size_t kBlockingKeyCount = 8;

// id_near, birth_sex, pinyin_month, household, guardian_phone, phone, damaged_prefix, name_thin
std::span<const std::string_view> blocking_key_names();

struct BlockingOptions {
    size_t max_block = 500;  // held records per key value; larger blocks are skipped
};

// Per key: candidate pairs found (before the union over keys) and oversized blocks skipped.
struct BlockingCounts {
    std::array<long, kBlockingKeyCount> found{}, skipped{};
    BlockingCounts& operator+=(const BlockingCounts& other);
};

class CandidateIndex {
public:
    CandidateIndex() = default;
    // Indexes the held records marked open (the others take no part).
    CandidateIndex(std::span<const LinkRecord> held, const std::vector<bool>& held_open, const BlockingOptions& options);

    // Replaces `out` with the open held records that share a key value with `record`, each once,
    // ascending. Safe to call from several threads, each with its own `out` and `counts`.
    void candidates(const LinkRecord& record, std::vector<uint32_t>& out, BlockingCounts& counts) const;

private:
    const KeyIndex& index_for(size_t k, const LinkRecord& record) const;

    std::span<const LinkRecord> held_;
    std::array<KeyIndex, kBlockingKeyCount> indexes_;
    std::array<KeyIndex, kBlockingKeyCount> narrow_indexes_;  // keys that pair only with a property (only_with)
    size_t max_block_ = 500;
};

// The 18 strings an 18-character ID gives with one position deleted, packed as base-11 numbers.
// Two IDs one substitution or one adjacent transposition apart share at least one of them.
std::array<uint64_t, 18> id_deletion_keys(uint64_t packed_id);

}  // namespace bx
