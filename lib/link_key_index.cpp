#include "link_key_index.h"

#include <algorithm>
#include <bit>

#include "link_key_counter.h"

namespace bx {

KeyIndex::KeyIndex(const Entries& entries) {
    size_t size = 0;
    entries([&](uint64_t, uint32_t) { ++size; });
    const int bits = static_cast<int>(std::bit_width(size));
    const int bucket_bits = std::max(1, bits - kEntriesPerBucket);
    const int present_bits = std::max(6, bits + kPresentBitsPerEntry);
    bucket_shift_ = 64 - bucket_bits;
    present_shift_ = 64 - present_bits;
    present_.assign((size_t{1} << present_bits) / 64, 0);
    bucket_start_.assign((size_t{1} << bucket_bits) + 1, 0);
    // A counting sort straight into place: the stores are independent of each other, so the
    // memory system overlaps them (an in-place permutation was several times slower).
    entries([&](uint64_t value, uint32_t) { ++bucket_start_[bucket(scramble_key(value)) + 1]; });
    for (size_t b = 1; b < bucket_start_.size(); ++b) bucket_start_[b] += bucket_start_[b - 1];
    entries_.resize(size);
    std::vector<uint32_t> next(bucket_start_.begin(), bucket_start_.end() - 1);
    entries([&](uint64_t value, uint32_t record) {
        const uint64_t key = scramble_key(value);
        entries_[next[bucket(key)]++] = {key, record};
    });
    next = std::vector<uint32_t>();  // freed (assigning {} would keep the capacity)
    for (size_t b = 0; b + 1 < bucket_start_.size(); ++b)
        std::sort(entries_.begin() + bucket_start_[b], entries_.begin() + bucket_start_[b + 1]);
    // A record giving one value twice (an ID with two equal neighbouring digits) is kept once.
    entries_.erase(std::unique(entries_.begin(), entries_.end()), entries_.end());
    std::fill(bucket_start_.begin(), bucket_start_.end(), 0);
    for (const KeyedRecord& entry : entries_) {
        ++bucket_start_[bucket(entry.key) + 1];
        const uint64_t bit = present_bit(entry.key);
        present_[bit / 64] |= uint64_t{1} << (bit % 64);
    }
    for (size_t b = 1; b < bucket_start_.size(); ++b) bucket_start_[b] += bucket_start_[b - 1];
}

void KeyIndex::prefetch_key(uint64_t key) const {
    if (entries_.empty()) return;
    __builtin_prefetch(&present_[present_bit(key) / 64]);
    __builtin_prefetch(&bucket_start_[bucket(key)]);
}

void KeyIndex::prefetch_bucket_key(uint64_t key) const {
    if (entries_.empty() || !is_present(key)) return;
    const uint32_t start = bucket_start_[bucket(key)];
    if (start < entries_.size()) __builtin_prefetch(&entries_[start]);
}

std::span<const KeyedRecord> KeyIndex::find_key(uint64_t key) const {
    if (entries_.empty() || !is_present(key)) return {};
    const size_t b = bucket(key);
    const auto first = entries_.begin() + bucket_start_[b], last = entries_.begin() + bucket_start_[b + 1];
    const auto [from, to] = std::equal_range(first, last, KeyedRecord{key, 0},
                                             [](const KeyedRecord& x, const KeyedRecord& y) { return x.key < y.key; });
    return {from, to};
}

}  // namespace bx
