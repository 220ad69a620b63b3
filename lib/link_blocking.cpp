#include "link_blocking.h"

#include <algorithm>
#include <bit>

#include "link_key_counter.h"
#include "link_parallel.h"

namespace bx {

namespace {

uint64_t mix(uint64_t a, uint64_t b) { return a * 0x9E3779B97F4A7C15ull ^ (b + 0x632BE59BD9B4E019ull + (a >> 29)); }

uint64_t check_value_of(uint64_t packed_id) { return packed_id % 11; }

bool is_damaged(const LinkRecord& record) { return record.id_prefix_digits != 0; }

// The first `count` digits of a packed ID as a number.
uint64_t leading(uint64_t packed_id, int count) {
    uint64_t digits = packed_id / 11;
    for (int i = 17; i > count; --i) digits /= 10;
    return digits;
}

// The values one record gives for one key (at most 18, for id_near), without a heap allocation.
class KeyValues {
public:
    void push(uint64_t value) { values_[size_++] = value; }
    void assign(const std::array<uint64_t, 18>& values) {
        values_ = values;
        size_ = values.size();
    }
    void clear() { size_ = 0; }
    const uint64_t* begin() const { return values_.data(); }
    const uint64_t* end() const { return values_.data() + size_; }

private:
    std::array<uint64_t, 18> values_{};
    size_t size_ = 0;
};

using KeyFunction = void (*)(const LinkRecord&, KeyValues&);

struct BlockingKey {
    std::string_view name;
    KeyFunction keys;
    bool only_with_damaged = false;  // pair only when at least one side has a damaged ID
};

const BlockingKey kBlockingKeys[] = {
    {"id_near",
     [](const LinkRecord& r, KeyValues& out) {
         if (r.id != 0) out.assign(id_deletion_keys(r.id));
     }},
    {"birth_sex",
     [](const LinkRecord& r, KeyValues& out) {
         if (r.birth != 0 && !r.birth_month_only && r.sex != Sex::unknown) out.push(mix(r.birth, static_cast<uint64_t>(r.sex)));
     }},
    {"pinyin_month",
     [](const LinkRecord& r, KeyValues& out) {
         if (r.pinyin_hash != 0 && r.birth != 0) out.push(mix(r.pinyin_hash, r.birth / 100));
     }},
    {"household",
     [](const LinkRecord& r, KeyValues& out) {
         if (r.household_hash != 0) out.push(r.household_hash);
     }},
    {"guardian_phone",
     [](const LinkRecord& r, KeyValues& out) {
         if (r.guardian_hash != 0 && r.phone != 0) out.push(mix(r.guardian_hash, r.phone));
     }},
    {"phone",
     [](const LinkRecord& r, KeyValues& out) {
         if (r.phone != 0) out.push(r.phone);
     }},
    // A damaged ID's surviving digits: 15 of them on their own, or a 6-digit county code (whose
    // last digit may be rounded, so 5 are used) with the birth date.
    {"damaged_prefix",
     [](const LinkRecord& r, KeyValues& out) {
         if (r.id_prefix_digits == 15) out.push(mix(15, r.id_prefix));
         if (r.id_prefix_digits == 6 && r.birth != 0) out.push(mix(r.id_prefix / 10, r.birth));
         if (r.id != 0) {
             out.push(mix(15, leading(r.id, 15)));
             if (r.birth != 0) out.push(mix(leading(r.id, 5), r.birth));
         }
     },
     true},
};

struct KeyedRecord {
    uint64_t key;  // scramble_key of the value
    uint32_t record;
    auto operator<=>(const KeyedRecord&) const = default;
};

// The open right records by the (scrambled) values of one key: sorted, each (value, record)
// once, with an offset per bucket of the values' top bits. A lookup reads one offset and a short
// bucket instead of binary-searching millions of entries, and building it is a counting sort.
// Most lookups find nothing (an ID's 18 deletion keys), so a bitmap of the values' top bits, 8
// bits per bucket and small enough for the cache, turns most of them away before the offsets.
class BlockIndex {
public:
    BlockIndex(std::span<const LinkRecord> right, const std::vector<bool>& right_open, KeyFunction keys) {
        for_each_value(right, right_open, keys, [&](uint64_t, uint32_t) { ++size_; });
        const int bits = std::max(1, static_cast<int>(std::bit_width(size_)));
        shift_ = 64 - bits;
        present_.assign((size_t{1} << (bits + kPresentBits)) / 64 + 1, 0);
        bucket_start_.assign((size_t{1} << bits) + 1, 0);
        for_each_value(right, right_open, keys, [&](uint64_t key, uint32_t) { ++bucket_start_[bucket(key) + 1]; });
        for (size_t b = 1; b < bucket_start_.size(); ++b) bucket_start_[b] += bucket_start_[b - 1];
        entries_.resize(size_);
        std::vector<uint32_t> next(bucket_start_.begin(), bucket_start_.end() - 1);
        for_each_value(right, right_open, keys, [&](uint64_t key, uint32_t r) { entries_[next[bucket(key)]++] = {key, r}; });
        for (size_t b = 0; b + 1 < bucket_start_.size(); ++b)
            std::sort(entries_.begin() + bucket_start_[b], entries_.begin() + bucket_start_[b + 1]);
        drop_repeats();
    }

    // The entries with this scrambled value, records ascending.
    std::span<const KeyedRecord> block(uint64_t key) const {
        const uint64_t bit = key >> (shift_ - kPresentBits);
        if ((present_[bit / 64] >> (bit % 64) & 1) == 0) return {};
        const size_t b = bucket(key);
        const auto first = entries_.begin() + bucket_start_[b], last = entries_.begin() + bucket_start_[b + 1];
        const auto [from, to] = std::equal_range(first, last, KeyedRecord{key, 0},
                                                 [](const KeyedRecord& a, const KeyedRecord& b) { return a.key < b.key; });
        return {from, to};
    }

private:
    template <class F>
    static void for_each_value(std::span<const LinkRecord> right, const std::vector<bool>& right_open, KeyFunction keys,
                               F&& f) {
        KeyValues values;
        for (uint32_t r = 0; r < right.size(); ++r) {
            if (!right_open[r]) continue;
            values.clear();
            keys(right[r], values);
            for (const uint64_t value : values) f(scramble_key(value), r);
        }
    }

    size_t bucket(uint64_t key) const { return static_cast<size_t>(key >> shift_); }

    // A record giving one value twice (an ID with two equal neighbouring digits) is indexed once.
    void drop_repeats() {
        entries_.erase(std::unique(entries_.begin(), entries_.end()), entries_.end());
        std::fill(bucket_start_.begin(), bucket_start_.end(), 0);
        for (const KeyedRecord& entry : entries_) {
            ++bucket_start_[bucket(entry.key) + 1];
            const uint64_t bit = entry.key >> (shift_ - kPresentBits);
            present_[bit / 64] |= uint64_t{1} << (bit % 64);
        }
        for (size_t b = 1; b < bucket_start_.size(); ++b) bucket_start_[b] += bucket_start_[b - 1];
    }

    static constexpr int kPresentBits = 3;

    size_t size_ = 0;
    int shift_ = 63;
    std::vector<uint64_t> present_;  // bit (value >> (shift_ - kPresentBits)): some entry has it
    std::vector<uint32_t> bucket_start_;
    std::vector<KeyedRecord> entries_;
};

struct Probe {
    std::vector<CandidatePair> pairs;
    long emitted = 0, skipped = 0;
};

// The pairs of left records [first, last) with the indexed right records sharing a value.
void probe(const BlockingKey& key, const BlockIndex& index, std::span<const LinkRecord> left,
           std::span<const LinkRecord> right, const std::vector<bool>& left_open, uint32_t first, uint32_t last,
           size_t max_block, Probe& out) {
    KeyValues values;
    for (uint32_t l = first; l < last; ++l) {
        if (!left_open[l]) continue;
        values.clear();
        key.keys(left[l], values);
        for (const uint64_t value : values) {
            const std::span<const KeyedRecord> block = index.block(scramble_key(value));
            if (block.size() > max_block) {
                ++out.skipped;
                continue;
            }
            for (const KeyedRecord& entry : block) {
                if (key.only_with_damaged && !is_damaged(left[l]) && !is_damaged(right[entry.record])) continue;
                out.pairs.push_back({l, entry.record});
                ++out.emitted;
            }
        }
    }
}

}  // namespace

std::array<uint64_t, 18> id_deletion_keys(uint64_t packed_id) {
    // Characters as base-11 digits, the check character last (X = 10).
    std::array<uint64_t, 18> characters{};
    characters[17] = check_value_of(packed_id);
    uint64_t digits = packed_id / 11;
    for (size_t i = 17; i-- > 0;) {
        characters[i] = digits % 10;
        digits /= 10;
    }
    std::array<uint64_t, 18> keys{};
    for (size_t deleted = 0; deleted < 18; ++deleted) {
        uint64_t key = 0;
        for (size_t i = 0; i < 18; ++i)
            if (i != deleted) key = key * 11 + characters[i];
        keys[deleted] = key;
    }
    return keys;
}

BlockingResult block_candidates(std::span<const LinkRecord> left, std::span<const LinkRecord> right,
                                const std::vector<bool>& left_open, const std::vector<bool>& right_open,
                                const BlockingOptions& options) {
    BlockingResult result;
    // The left records are probed in two halves on two threads; the pairs are sorted at the end,
    // so the result does not depend on which half found a pair first.
    const auto half = static_cast<uint32_t>(left.size() / 2), all = static_cast<uint32_t>(left.size());
    Probe low, high;
    for (const BlockingKey& key : kBlockingKeys) {
        const BlockIndex index(right, right_open, key.keys);
        low.emitted = low.skipped = high.emitted = high.skipped = 0;
        run_in_parallel([&] { probe(key, index, left, right, left_open, 0, half, options.max_block, low); },
                        [&] { probe(key, index, left, right, left_open, half, all, options.max_block, high); });
        result.counts.emplace_back("candidates " + std::string(key.name), low.emitted + high.emitted);
        if (const long skipped = low.skipped + high.skipped; skipped != 0)
            result.counts.emplace_back("oversized blocks " + std::string(key.name), skipped);
    }
    result.pairs = std::move(low.pairs);
    result.pairs.insert(result.pairs.end(), high.pairs.begin(), high.pairs.end());
    std::sort(result.pairs.begin(), result.pairs.end());
    result.pairs.erase(std::unique(result.pairs.begin(), result.pairs.end()), result.pairs.end());
    result.counts.emplace_back("candidate pairs", static_cast<long>(result.pairs.size()));
    return result;
}

}  // namespace bx
