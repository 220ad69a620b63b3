#pragma once
// What the linkage engine keeps of a record (LinkRecord: 64 bytes, mostly integers and
// hashes) and the comparators that turn a pair of records into one agreement level per field.
// See docs/linkage.md for the levels and why they are cut where they are.
#include <array>
#include <cstdint>
#include <span>
#include <string>
#include <string_view>
#include <unordered_set>

#include "person.h"

namespace bx {

// 64-bit FNV-1a of a text, never 0 (0 means "missing" in LinkRecord).
uint64_t text_hash(std::string_view text);
// The same folded to 32 bits, never 0.
uint32_t short_hash(std::string_view text);

// A name's match key held inline (no heap per record): up to 12 bytes, four Han characters, cut
// at a character boundary. A longer name (many minority names) keeps its first characters, is
// equal to another only when their hashes of the whole key agree too, and is never "one
// character off".
struct NameKey {
    std::array<char, 12> bytes{};
    uint8_t size : 4 = 0;
    bool cut : 1 = false;
    std::string_view view() const { return {bytes.data(), size}; }
};
NameKey make_name_key(std::string_view key);

// 64 bytes a record, a cache line: the engine holds one per record of the smaller side, and
// bx-flag spills one per registry child. The texts that only need to agree are 32-bit hashes:
// two different households in one county share a hash with odds of one in four billion per
// compared pair.
struct LinkRecord {
    uint32_t row = 0;              // 1-based data row in its file
    uint32_t birth = 0;            // yyyymmdd, 0 when unknown
    // pack_id of any 18-character ID text (also bad_check); for an Excel-damaged ID, its
    // surviving digits as a number. Read through id() and id_prefix().
    uint64_t id_digits = 0;
    uint64_t phone = 0;            // the digits as a number; 0 when missing or a placeholder
    uint32_t name_hash = 0;        // short_hash of each text, 0 when empty; the name's of its key
    uint32_t pinyin_hash = 0;
    uint32_t guardian_hash = 0;
    uint32_t household_hash = 0;
    uint32_t township_hash = 0;
    uint32_t village_hash = 0;
    NameKey name_key;              // for equality and the one-character comparison
    IdStatus id_status = IdStatus::empty;
    uint8_t id_prefix_digits : 4 = 0;  // 6 or 15 for a damaged ID, else 0
    bool id_as_written : 1 = false;
    bool birth_month_only : 1 = false;
    Sex sex = Sex::unknown;

    bool id_usable() const { return id_status == IdStatus::valid || id_status == IdStatus::upgraded; }
    uint64_t id() const { return id_prefix_digits == 0 ? id_digits : 0; }         // 0 without one
    uint64_t id_prefix() const { return id_prefix_digits == 0 ? 0 : id_digits; }  // 0 unless damaged
    uint64_t usable_id() const { return id_usable() ? id() : 0; }                 // what the exact join uses
};
static_assert(sizeof(LinkRecord) == 64);

LinkRecord make_link_record(const Person& person);

// Phones such as 13800000000, 11111111111 or fewer than 7 digits carry no identity.
bool is_placeholder_phone(std::string_view digits);

// The compared fields and their levels. The last level of every field is `missing` (one side
// lacks the value); its weight is always 0.
enum class LinkField : uint8_t { id, name, birth, sex, guardian, phone, household, region };

namespace id_level {
inline constexpr uint8_t equal = 0, one_edit = 1, damaged_agrees = 2, sibling = 3, different = 4,
                         missing = 5;
}
namespace name_level {
inline constexpr uint8_t equal = 0, same_pinyin = 1, one_char = 2, different = 3, missing = 4;
}
namespace birth_level {
inline constexpr uint8_t equal = 0, one_part = 1, different = 2, missing = 3;
}
namespace simple_level {  // sex, guardian, phone, household
inline constexpr uint8_t equal = 0, different = 1, missing = 2;
}
namespace region_level {
inline constexpr uint8_t equal = 0, township = 1, different = 2, missing = 3;
}

inline constexpr int kLinkFields = 8;
using AgreementPattern = std::array<uint8_t, kLinkFields>;
inline uint8_t level_of(const AgreementPattern& pattern, LinkField field) { return pattern[static_cast<size_t>(field)]; }

// Number of levels and their names per field, in LinkField order.
int level_count(int field);
std::span<const std::string_view> level_names(int field);
inline bool is_missing_level(int field, uint8_t level) { return level + 1 == level_count(field); }

// Phones that occur so often on one side that they are shared placeholders, compared as missing.
using PhoneSet = std::unordered_set<uint64_t>;

uint8_t compare_id(const LinkRecord& a, const LinkRecord& b);
uint8_t compare_name(const LinkRecord& a, const LinkRecord& b);
uint8_t compare_birth(const LinkRecord& a, const LinkRecord& b);
AgreementPattern compare_records(const LinkRecord& a, const LinkRecord& b, const PhoneSet& placeholder_phones);

// A mixed-radix number for a pattern (for counting patterns), and back.
uint32_t pattern_index(const AgreementPattern& pattern);
AgreementPattern pattern_from_index(uint32_t index);
uint32_t pattern_space();

}  // namespace bx
