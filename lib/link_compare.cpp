#include "link_compare.h"

#include <array>
#include <charconv>
#include <optional>

#include "names.h"

namespace bx {

namespace {

constexpr std::string_view kIdLevels[] = {"equal", "one_edit", "damaged_agrees", "sibling", "different", "missing"};
constexpr std::string_view kNameLevels[] = {"equal", "same_pinyin", "one_char", "different", "missing"};
constexpr std::string_view kBirthLevels[] = {"equal", "one_part", "different", "missing"};
constexpr std::string_view kSimpleLevels[] = {"equal", "different", "missing"};
constexpr std::string_view kRegionLevels[] = {"equal", "township", "different", "missing"};

const std::array<std::span<const std::string_view>, kLinkFields> kLevelNames = {
    kIdLevels, kNameLevels, kBirthLevels, kSimpleLevels, kSimpleLevels, kSimpleLevels, kSimpleLevels, kRegionLevels,
};

uint64_t digits_value(std::string_view digits) {
    uint64_t value = 0;
    std::from_chars(digits.data(), digits.data() + digits.size(), value);
    return value;
}

uint32_t birth_number(const std::optional<Date>& birth) {
    if (!birth) return 0;
    const CalendarDay day = calendar_day(*birth);
    return day.year * 10000 + day.month * 100 + day.day;
}

uint32_t optional_short_hash(std::string_view text) { return text.empty() ? 0 : short_hash(text); }

// The first `count` digits of a remnant.
uint64_t id_prefix_leading_digits(const LinkRecord& damaged, int count) {
    uint64_t digits = damaged.id_prefix();
    for (int dropped = damaged.id_prefix_digits - count; dropped > 0; --dropped) digits /= 10;
    return digits;
}

// Whether a remnant can stand for an ID whose leading digits are `leading`. Excel keeps 15
// significant digits, cut or rounded (1.40322201601046E+17 for 140322201601045869), and shows
// 6, rounded (a 15-digit ID's seventh digit may round its sixth up), so a remnant may be one more
// in its last place.
bool remnant_fits(uint64_t remnant, uint64_t leading) { return remnant == leading || remnant == leading + 1; }

// The last place two numbers of `digits` digits differ in, when they differ in one digit or by
// one adjacent transposition; nullopt otherwise.
std::optional<size_t> last_of_one_edit(uint64_t a, uint64_t b, int digits) {
    const auto size = static_cast<size_t>(digits);
    std::array<uint8_t, 18> da{}, db{};
    for (size_t i = size; i-- > 0; a /= 10, b /= 10) {
        da[i] = static_cast<uint8_t>(a % 10);
        db[i] = static_cast<uint8_t>(b % 10);
    }
    size_t first = size, differing = 0;
    for (size_t i = 0; i < size; ++i) {
        if (da[i] != db[i] && differing++ == 0) first = i;
    }
    if (differing == 1) return first;
    const bool swapped = differing == 2 && first + 1 < size && da[first] == db[first + 1] && da[first + 1] == db[first];
    return swapped ? std::optional<size_t>(first + 1) : std::nullopt;
}

// A damaged ID against a complete one. 15 surviving digits agree or differ. A 6-digit remnant is
// the region code: agreeing says little (nearly everyone in a county shares it), so it compares as
// missing, but another region is another person's ID. One digit apart is no evidence either way
// (missing) where a typo is the likelier cause: when the complete ID fails its check, or in the
// region or birth date of 15 digits (a sibling's valid ID differs in the sequence number, the
// 15th).
uint8_t compare_damaged(const LinkRecord& damaged, const LinkRecord& full) {
    const int digits = damaged.id_prefix_digits;
    const uint64_t leading = id_leading_digits(full.id(), digits);
    if (remnant_fits(damaged.id_prefix(), leading)) return digits == 15 ? id_level::damaged_agrees : id_level::missing;
    const std::optional<size_t> edit = last_of_one_edit(damaged.id_prefix(), leading, digits);
    if (!edit) return id_level::different;
    const bool typo_likelier = !full.id_usable() || (digits == 15 && *edit < 14);
    return typo_likelier ? id_level::missing : id_level::different;
}

// Two damaged IDs: compared on the digits both kept, either perhaps rounded up.
uint8_t compare_remnants(const LinkRecord& a, const LinkRecord& b) {
    const int digits = std::min(a.id_prefix_digits, b.id_prefix_digits);
    const uint64_t kept_a = id_prefix_leading_digits(a, digits), kept_b = id_prefix_leading_digits(b, digits);
    if (!remnant_fits(kept_a, kept_b) && !remnant_fits(kept_b, kept_a)) return id_level::different;
    return digits == 15 ? id_level::damaged_agrees : id_level::missing;
}

uint8_t simple(uint64_t a, uint64_t b) {
    if (a == 0 || b == 0) return simple_level::missing;
    return a == b ? simple_level::equal : simple_level::different;
}

uint8_t compare_sex(Sex a, Sex b) {
    if (a == Sex::unknown || b == Sex::unknown) return simple_level::missing;
    return a == b ? simple_level::equal : simple_level::different;
}

uint8_t compare_region(const LinkRecord& a, const LinkRecord& b) {
    if (a.township_hash == 0 || b.township_hash == 0) return region_level::missing;
    if (a.township_hash != b.township_hash) return region_level::different;
    return a.village_hash != 0 && a.village_hash == b.village_hash ? region_level::equal : region_level::township;
}

uint64_t phone_for(const LinkRecord& record, const PhoneSet& placeholder_phones) {
    return placeholder_phones.contains(record.phone) ? 0 : record.phone;
}

}  // namespace

uint64_t text_hash(std::string_view text) {
    uint64_t hash = 14695981039346656037ull;
    for (const char c : text) {
        hash ^= static_cast<unsigned char>(c);
        hash *= 1099511628211ull;
    }
    return hash == 0 ? 1 : hash;
}

uint32_t short_hash(std::string_view text) {
    const uint64_t hash = text_hash(text);
    const auto folded = static_cast<uint32_t>(hash ^ (hash >> 32));
    return folded == 0 ? 1 : folded;
}

NameKey make_name_key(std::string_view key) {
    NameKey name;
    if (key.size() <= name.bytes.size()) {
        std::copy(key.begin(), key.end(), name.bytes.begin());
        name.size = static_cast<uint8_t>(key.size()) & 0xF;
        return name;
    }
    // Cut before the first byte that continues a UTF-8 character past the end.
    size_t end = name.bytes.size();
    while (end > 0 && (static_cast<unsigned char>(key[end]) & 0xC0) == 0x80) --end;
    std::copy(key.begin(), key.begin() + static_cast<std::ptrdiff_t>(end), name.bytes.begin());
    name.size = static_cast<uint8_t>(end) & 0xF;
    name.cut = true;
    return name;
}

bool is_placeholder_phone(std::string_view digits) {
    if (digits.size() < 7) return true;
    // After a 3-digit prefix (138, 010) the rest is one repeated digit: 13800000000, 13888888888.
    const std::string_view rest = digits.substr(3);
    return rest.find_first_not_of(rest.front()) == std::string_view::npos;
}

LinkRecord make_link_record(const Person& person) {
    LinkRecord record;
    record.row = person.row;
    record.birth = birth_number(person.birth);
    record.birth_month_only = person.birth_month_only;
    const bool damaged = person.id_status == IdStatus::excel_damaged;
    if (!damaged && person.id.size() == 18) {
        record.id_digits = pack_id(person.id);
    } else if (damaged && person.id_prefix.size() >= 6) {
        // 15 digits, or the 6 of the region code that a shorter remnant surely holds.
        const size_t kept = person.id_prefix.size() >= 15 ? 15 : 6;
        record.id_digits = digits_value(std::string_view(person.id_prefix).substr(0, kept));
        record.id_prefix_digits = static_cast<uint8_t>(kept);
    }
    record.id_status = person.id_status;
    record.id_as_written = person.id_as_written;
    record.name_key = make_name_key(person.name_key);
    record.name_hash = optional_short_hash(person.name_key);
    record.pinyin_hash = optional_short_hash(person.pinyin);
    record.guardian_hash = optional_short_hash(name_match_key(person.guardian));
    record.phone = is_placeholder_phone(person.phone) ? 0 : digits_value(person.phone);
    record.household_hash = optional_short_hash(person.household);
    record.township_hash = optional_short_hash(person.township);
    record.village_hash = optional_short_hash(person.village);
    record.sex = person.sex;
    return record;
}

int level_count(int field) { return static_cast<int>(kLevelNames[static_cast<size_t>(field)].size()); }

std::span<const std::string_view> level_names(int field) { return kLevelNames[static_cast<size_t>(field)]; }

uint8_t compare_id(const LinkRecord& a, const LinkRecord& b) {
    if (a.id() != 0 && b.id() != 0) {
        if (a.id() == b.id()) return id_level::equal;
        // No heap: compare_id runs on millions of candidate and random pairs.
        const auto text_a = unpack_id_characters(a.id());
        const auto text_b = unpack_id_characters(b.id());
        const std::string_view view_a(text_a.data(), text_a.size()), view_b(text_b.data(), text_b.size());
        if (ids_one_edit_apart(view_a, view_b)) return id_level::one_edit;
        // Same region and birth date, another sequence number: a twin or a sibling born the
        // same day, i.e. evidence of a different person.
        if (view_a.substr(0, 14) == view_b.substr(0, 14)) return id_level::sibling;
        return id_level::different;
    }
    if (a.id_prefix_digits != 0 && b.id() != 0) return compare_damaged(a, b);
    if (b.id_prefix_digits != 0 && a.id() != 0) return compare_damaged(b, a);
    if (a.id_prefix_digits != 0 && b.id_prefix_digits != 0) return compare_remnants(a, b);
    return id_level::missing;
}

uint8_t compare_name(const LinkRecord& a, const LinkRecord& b) {
    if (a.name_hash == 0 || b.name_hash == 0) return name_level::missing;
    if (a.name_hash == b.name_hash && a.name_key.view() == b.name_key.view()) return name_level::equal;
    if (a.pinyin_hash == b.pinyin_hash) return name_level::same_pinyin;
    if (a.name_key.cut || b.name_key.cut) return name_level::different;
    return han_char_differences(a.name_key.view(), b.name_key.view()) == 1 ? name_level::one_char : name_level::different;
}

uint8_t compare_birth(const LinkRecord& a, const LinkRecord& b) {
    if (a.birth == 0 || b.birth == 0) return birth_level::missing;
    if (a.birth_month_only || b.birth_month_only)
        return a.birth / 100 == b.birth / 100 ? birth_level::one_part : birth_level::different;
    if (a.birth == b.birth) return birth_level::equal;
    const uint32_t year_a = a.birth / 10000, month_a = a.birth / 100 % 100, day_a = a.birth % 100;
    const uint32_t year_b = b.birth / 10000, month_b = b.birth / 100 % 100, day_b = b.birth % 100;
    const int parts_differing = (year_a != year_b) + (month_a != month_b) + (day_a != day_b);
    const bool day_month_swapped = year_a == year_b && month_a == day_b && day_a == month_b;
    return parts_differing == 1 || day_month_swapped ? birth_level::one_part : birth_level::different;
}

AgreementPattern compare_records(const LinkRecord& a, const LinkRecord& b, const PhoneSet& placeholder_phones) {
    return {
        compare_id(a, b),
        compare_name(a, b),
        compare_birth(a, b),
        compare_sex(a.sex, b.sex),
        simple(a.guardian_hash, b.guardian_hash),
        simple(phone_for(a, placeholder_phones), phone_for(b, placeholder_phones)),
        simple(a.household_hash, b.household_hash),
        compare_region(a, b),
    };
}

uint32_t pattern_index(const AgreementPattern& pattern) {
    uint32_t index = 0;
    for (int field = 0; field < kLinkFields; ++field)
        index = index * static_cast<uint32_t>(level_count(field)) + pattern[static_cast<size_t>(field)];
    return index;
}

AgreementPattern pattern_from_index(uint32_t index) {
    AgreementPattern pattern{};
    for (int field = kLinkFields; field-- > 0;) {
        const auto levels = static_cast<uint32_t>(level_count(field));
        pattern[static_cast<size_t>(field)] = static_cast<uint8_t>(index % levels);
        index /= levels;
    }
    return pattern;
}

uint32_t pattern_space() {
    uint32_t size = 1;
    for (int field = 0; field < kLinkFields; ++field) size *= static_cast<uint32_t>(level_count(field));
    return size;
}

}  // namespace bx
