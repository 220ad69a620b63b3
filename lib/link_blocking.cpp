#include "link_blocking.h"

#include <algorithm>
#include <functional>

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

using KeyFunction = std::function<void(const LinkRecord&, std::vector<uint64_t>&)>;

struct BlockingKey {
    std::string name;
    KeyFunction keys;
    bool only_with_damaged = false;  // pair only when at least one side has a damaged ID
};

std::vector<BlockingKey> blocking_keys() {
    std::vector<BlockingKey> keys;
    keys.push_back({"id_near", [](const LinkRecord& r, std::vector<uint64_t>& out) {
                        if (r.id != 0) out = id_deletion_keys(r.id);
                    }});
    keys.push_back({"birth_sex", [](const LinkRecord& r, std::vector<uint64_t>& out) {
                        if (r.birth != 0 && !r.birth_month_only && r.sex != Sex::unknown)
                            out.push_back(mix(r.birth, static_cast<uint64_t>(r.sex)));
                    }});
    keys.push_back({"pinyin_month", [](const LinkRecord& r, std::vector<uint64_t>& out) {
                        if (r.pinyin_hash != 0 && r.birth != 0) out.push_back(mix(r.pinyin_hash, r.birth / 100));
                    }});
    keys.push_back({"household", [](const LinkRecord& r, std::vector<uint64_t>& out) {
                        if (r.household_hash != 0) out.push_back(r.household_hash);
                    }});
    keys.push_back({"guardian_phone", [](const LinkRecord& r, std::vector<uint64_t>& out) {
                        if (r.guardian_hash != 0 && r.phone != 0) out.push_back(mix(r.guardian_hash, r.phone));
                    }});
    keys.push_back({"phone", [](const LinkRecord& r, std::vector<uint64_t>& out) {
                        if (r.phone != 0) out.push_back(r.phone);
                    }});
    // A damaged ID's surviving digits: 15 of them on their own, or a 6-digit county code (whose
    // last digit may be rounded, so 5 are used) with the birth date.
    keys.push_back({"damaged_prefix",
                    [](const LinkRecord& r, std::vector<uint64_t>& out) {
                        if (r.id_prefix_digits == 15) out.push_back(mix(15, r.id_prefix));
                        if (r.id_prefix_digits == 6 && r.birth != 0) out.push_back(mix(r.id_prefix / 10, r.birth));
                        if (r.id != 0) {
                            out.push_back(mix(15, leading(r.id, 15)));
                            if (r.birth != 0) out.push_back(mix(leading(r.id, 5), r.birth));
                        }
                    },
                    true});
    return keys;
}

struct KeyedRecord {
    uint64_t key;
    uint32_t record;
    bool operator<(const KeyedRecord& other) const { return key < other.key || (key == other.key && record < other.record); }
};

std::vector<KeyedRecord> build_index(std::span<const LinkRecord> right, const std::vector<bool>& right_open,
                                     const KeyFunction& keys) {
    std::vector<KeyedRecord> index;
    std::vector<uint64_t> values;
    for (uint32_t i = 0; i < right.size(); ++i) {
        if (!right_open[i]) continue;
        values.clear();
        keys(right[i], values);
        for (const uint64_t value : values) index.push_back({value, i});
    }
    std::sort(index.begin(), index.end());
    index.erase(std::unique(index.begin(), index.end(), [](const KeyedRecord& a, const KeyedRecord& b) {
                    return a.key == b.key && a.record == b.record;
                }),
                index.end());
    return index;
}

}  // namespace

std::vector<uint64_t> id_deletion_keys(uint64_t packed_id) {
    // Characters as base-11 digits, the check character last (X = 10).
    std::array<uint64_t, 18> characters{};
    characters[17] = check_value_of(packed_id);
    uint64_t digits = packed_id / 11;
    for (size_t i = 17; i-- > 0;) {
        characters[i] = digits % 10;
        digits /= 10;
    }
    std::vector<uint64_t> keys;
    keys.reserve(18);
    for (size_t deleted = 0; deleted < 18; ++deleted) {
        uint64_t key = 0;
        for (size_t i = 0; i < 18; ++i)
            if (i != deleted) key = key * 11 + characters[i];
        keys.push_back(key);
    }
    return keys;
}

BlockingResult block_candidates(std::span<const LinkRecord> left, std::span<const LinkRecord> right,
                                const std::vector<bool>& left_open, const std::vector<bool>& right_open,
                                const BlockingOptions& options) {
    BlockingResult result;
    std::vector<uint64_t> values;
    for (const BlockingKey& key : blocking_keys()) {
        const std::vector<KeyedRecord> index = build_index(right, right_open, key.keys);
        long pairs = 0, skipped = 0;
        for (uint32_t l = 0; l < left.size(); ++l) {
            if (!left_open[l]) continue;
            values.clear();
            key.keys(left[l], values);
            for (const uint64_t value : values) {
                const auto first = std::lower_bound(index.begin(), index.end(), KeyedRecord{value, 0});
                const auto last = std::upper_bound(first, index.end(), KeyedRecord{value, UINT32_MAX});
                if (static_cast<size_t>(last - first) > options.max_block) {
                    ++skipped;
                    continue;
                }
                for (auto entry = first; entry != last; ++entry) {
                    if (key.only_with_damaged && !is_damaged(left[l]) && !is_damaged(right[entry->record])) continue;
                    result.pairs.push_back({l, entry->record});
                    ++pairs;
                }
            }
        }
        result.counts.emplace_back("candidates " + key.name, pairs);
        if (skipped != 0) result.counts.emplace_back("oversized blocks " + key.name, skipped);
    }
    std::sort(result.pairs.begin(), result.pairs.end());
    result.pairs.erase(std::unique(result.pairs.begin(), result.pairs.end()), result.pairs.end());
    result.counts.emplace_back("candidate pairs", static_cast<long>(result.pairs.size()));
    return result;
}

}  // namespace bx
