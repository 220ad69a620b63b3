#include "link_blocking.h"

#include <algorithm>

#include "link_parallel.h"

namespace bx {

namespace {

uint64_t mix(uint64_t a, uint64_t b) { return a * 0x9E3779B97F4A7C15ull ^ (b + 0x632BE59BD9B4E019ull + (a >> 29)); }

bool is_damaged(const LinkRecord& record) { return record.id_prefix_digits != 0; }

// A record with neither a complete ID nor a birth date (an exemption-list row of name, sex and
// township): the other keys have few values or none for it.
bool is_thin(const LinkRecord& record) { return record.id() == 0 && record.birth == 0; }

// The values one record gives for one key (at most 11, for id_near), without a heap allocation.
class KeyValues {
public:
    void push(uint64_t value) { values_[size_++] = value; }
    void clear() { size_ = 0; }
    const uint64_t* begin() const { return values_.data(); }
    const uint64_t* end() const { return values_.data() + size_; }
    uint64_t* begin() { return values_.data(); }
    uint64_t* end() { return values_.data() + size_; }

private:
    std::array<uint64_t, 11> values_{};
    size_t size_ = 0;
};

// Two IDs one substitution or one adjacent transposition apart share a value here: the 17
// characters left by deleting one of positions 8..17 (an edit there, or a transposition across
// 8|9, leaves two of them equal), or characters 9..17 whole (an edit before them leaves those
// intact). 11 look-ups instead of the 18 of all deletions; the birth date in 6..13 keeps the
// last nine characters' blocks small.
void id_near_values(uint64_t packed_id, KeyValues& out) {
    const std::array<uint64_t, 18> deletions = id_deletion_keys(packed_id);
    for (size_t position = 8; position < 18; ++position) out.push(deletions[position]);
    out.push(mix(9, packed_id % 1'100'000'000ull));  // the last 8 digits and the check character (pack_id)
}

using KeyFunction = void (*)(const LinkRecord&, KeyValues&);

struct BlockingKey {
    std::string_view name;
    KeyFunction keys;
    // When set, the key pairs only where at least one side has this (a damaged ID, a thin record).
    bool (*only_with)(const LinkRecord&) = nullptr;
};

const BlockingKey kBlockingKeys[] = {
    {"id_near",
     [](const LinkRecord& r, KeyValues& out) {
         if (r.id() != 0) id_near_values(r.id(), out);
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
    // A damaged ID's surviving digits: 15 of them on their own, and the first 5 (a rounded
    // remnant's last digit may be one up, see compare_id) with the birth date.
    {"damaged_prefix",
     [](const LinkRecord& r, KeyValues& out) {
         if (r.id_prefix_digits == 15) out.push(mix(15, r.id_prefix()));
         if (r.id_prefix_digits == 15 && r.birth != 0) out.push(mix(r.id_prefix() / 10'000'000'000, r.birth));
         if (r.id_prefix_digits == 6 && r.birth != 0) out.push(mix(r.id_prefix() / 10, r.birth));
         if (r.id() != 0) {
             out.push(mix(15, id_leading_digits(r.id(), 15)));
             if (r.birth != 0) out.push(mix(id_leading_digits(r.id(), 5), r.birth));
         }
     },
     is_damaged},
    // A thin record's name, with its township when it has one: the county's namesakes are then
    // its candidates, and the other fields decide (often review, which is what such a row needs).
    {"name_thin",
     [](const LinkRecord& r, KeyValues& out) {
         if (r.name_hash == 0) return;
         out.push(mix(r.name_hash, 1));
         if (r.township_hash != 0) out.push(mix(r.name_hash, r.township_hash));
     },
     is_thin},
};

}  // namespace

std::array<uint64_t, 18> id_deletion_keys(uint64_t packed_id) {
    // Characters as base-11 digits, the check character last (X = 10).
    const std::array<uint8_t, 18> characters = unpack_id_values(packed_id);
    // Deleting position d leaves prefix(d) followed by the 17 - d characters after it:
    // key = prefix(d) * 11^(17-d) + suffix(d + 1), each part built once for all d.
    std::array<uint64_t, 19> suffix{}, power{};
    power[18] = 1;
    for (size_t i = 18; i-- > 0;) {
        suffix[i] = characters[i] * power[i + 1] + suffix[i + 1];
        power[i] = power[i + 1] * 11;
    }
    std::array<uint64_t, 18> keys{};
    uint64_t prefix = 0;
    for (size_t deleted = 0; deleted < 18; ++deleted) {
        keys[deleted] = prefix * power[deleted + 1] + suffix[deleted + 1];
        prefix = prefix * 11 + characters[deleted];
    }
    return keys;
}

std::span<const std::string_view> blocking_key_names() {
    static const auto names = [] {
        std::array<std::string_view, kBlockingKeyCount> list{};
        for (size_t k = 0; k < kBlockingKeyCount; ++k) list[k] = kBlockingKeys[k].name;
        return list;
    }();
    return names;
}

BlockingCounts& BlockingCounts::operator+=(const BlockingCounts& other) {
    for (size_t k = 0; k < kBlockingKeyCount; ++k) {
        found[k] += other.found[k];
        skipped[k] += other.skipped[k];
    }
    return *this;
}

CandidateIndex::CandidateIndex(std::span<const LinkRecord> held, const std::vector<bool>& held_open,
                               const BlockingOptions& options)
    : held_(held), max_block_(options.max_block) {
    std::vector<uint32_t> open;
    for (uint32_t h = 0; h < held.size(); ++h)
        if (held_open[h]) open.push_back(h);
    const auto index_of = [&](size_t k, bool (*only_with)(const LinkRecord&)) {
        return KeyIndex([&](const auto& emit) {
            KeyValues values;
            for (const uint32_t h : open) {
                if (only_with != nullptr && !only_with(held[h])) continue;
                values.clear();
                kBlockingKeys[k].keys(held[h], values);
                for (const uint64_t value : values) emit(value, h);
            }
        });
    };
    // The indexes are independent of each other: id_near's (first of the keys, and with 11
    // values a record the largest) on one core, the others on the other.
    const auto build = [&](size_t first, size_t last) {
        for (size_t k = first; k < last; ++k) {
            indexes_[k] = index_of(k, nullptr);
            if (kBlockingKeys[k].only_with != nullptr) narrow_indexes_[k] = index_of(k, kBlockingKeys[k].only_with);
        }
    };
    run_in_parallel([&] { build(0, 1); }, [&] { build(1, kBlockingKeyCount); });
}

// For a key that pairs only when one side has a property (a damaged ID, a thin record), a
// record without it looks only among the held records with it.
const KeyIndex& CandidateIndex::index_for(size_t k, const LinkRecord& record) const {
    const auto only_with = kBlockingKeys[k].only_with;
    return only_with != nullptr && !only_with(record) ? narrow_indexes_[k] : indexes_[k];
}

void CandidateIndex::candidates(const LinkRecord& record, std::vector<uint32_t>& out, BlockingCounts& counts) const {
    out.clear();
    std::array<KeyValues, kBlockingKeyCount> values;
    // Each look-up reads a bitmap word and a bucket offset, then the bucket: all the first reads
    // are started, then all the second, so that the record's cache misses overlap. The values
    // are turned into index keys once, in place.
    for (size_t k = 0; k < kBlockingKeyCount; ++k) {
        if (index_for(k, record).entries().empty()) continue;  // name_thin where no held record is thin
        kBlockingKeys[k].keys(record, values[k]);
        for (uint64_t& value : values[k]) {
            value = KeyIndex::key_of(value);
            index_for(k, record).prefetch_key(value);
        }
    }
    for (size_t k = 0; k < kBlockingKeyCount; ++k)
        for (const uint64_t key : values[k]) index_for(k, record).prefetch_bucket_key(key);
    for (size_t k = 0; k < kBlockingKeyCount; ++k) {
        for (const uint64_t key : values[k]) {
            const std::span<const KeyedRecord> block = index_for(k, record).find_key(key);
            if (block.size() > max_block_) {
                ++counts.skipped[k];
                continue;
            }
            for (const KeyedRecord& entry : block) {
                out.push_back(entry.record);
                ++counts.found[k];
            }
        }
    }
    std::sort(out.begin(), out.end());
    out.erase(std::unique(out.begin(), out.end()), out.end());
}

}  // namespace bx
