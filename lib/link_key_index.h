#pragma once
// A read-only index from 64-bit key values to record numbers, built once over the held side of a
// link: its usable IDs (the exact join) and its blocking keys. Most lookups find nothing (an ID's
// 11 near-ID keys), so it is laid out for misses: a bitmap of the values' top bits, about 8 bits
// per entry, turns most of them away; the rest read one bucket offset and a short sorted bucket
// instead of binary-searching millions of entries.
#include <cstdint>
#include <functional>
#include <span>
#include <vector>

#include "link_key_counter.h"

namespace bx {

struct KeyedRecord {
    uint64_t key;  // scramble_key of the value
    uint32_t record;
    auto operator<=>(const KeyedRecord&) const = default;
};

class KeyIndex {
public:
    // Calls emit(value, record) for every entry; called three times (size, bucket counts, fill),
    // so that the table is written once, in place, with no second copy of it.
    using Entries = std::function<void(const std::function<void(uint64_t value, uint32_t record)>& emit)>;

    KeyIndex() = default;
    // Each (value, record) is kept once.
    explicit KeyIndex(const Entries& entries);

    // The entries with this value, records ascending.
    std::span<const KeyedRecord> find(uint64_t value) const { return find_key(key_of(value)); }
    // Starts loading what find(value) reads first: the bitmap word and the bucket offset. Look-ups
    // miss the cache one after another otherwise; prefetched together, their waits overlap.
    void prefetch(uint64_t value) const { prefetch_key(key_of(value)); }
    // The next stage, some look-ups after prefetch(value): starts loading the bucket itself (if
    // the bitmap has the value).
    void prefetch_bucket(uint64_t value) const { prefetch_bucket_key(key_of(value)); }

    // The same three on a value's key, for a caller that looks one value up in stages and would
    // otherwise scramble it three times.
    static uint64_t key_of(uint64_t value) { return scramble_key(value); }
    std::span<const KeyedRecord> find_key(uint64_t key) const;
    void prefetch_key(uint64_t key) const;
    void prefetch_bucket_key(uint64_t key) const;
    // Every entry, equal values next to each other (ordered by scrambled value, then record).
    std::span<const KeyedRecord> entries() const { return entries_; }

private:
    size_t bucket(uint64_t key) const { return static_cast<size_t>(key >> bucket_shift_); }
    uint64_t present_bit(uint64_t key) const { return key >> present_shift_; }
    bool is_present(uint64_t key) const { return (present_[present_bit(key) / 64] >> (present_bit(key) % 64) & 1) != 0; }

    // About 8 bitmap bits per entry (few false alarms), 4 entries per bucket (a bucket table small
    // enough to stay in cache while it is counted into and looked up).
    static constexpr int kPresentBitsPerEntry = 3;  // log2
    static constexpr int kEntriesPerBucket = 2;     // log2

    int bucket_shift_ = 63, present_shift_ = 63;
    std::vector<uint64_t> present_;  // bit present_bit(key): some entry has it
    std::vector<uint32_t> bucket_start_;
    std::vector<KeyedRecord> entries_;
};

}  // namespace bx
