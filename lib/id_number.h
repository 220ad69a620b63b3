#pragma once
// Resident ID numbers (GB 11643-1999): cleaning the text that exports hold, classifying it, and
// the helpers record linkage needs. 18 characters: 6-digit GB/T 2260 region code, 8-digit birth
// date, 3-digit sequence (odd male, even female), check character. See docs/identity.md.
#include <array>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "dates.h"
#include "sex.h"

namespace bx {

class RegionTable;

// Classes in order of precedence: the first that applies wins (see check_id).
enum class IdStatus : char {
    valid,          // 18 characters, all checks pass
    upgraded,       // a correct legacy 15-digit ID, converted to 18
    bad_check,      // 18 characters, plausible region and date, check character fails: a typo
    bad_date,       // no such birth date, before 1900, or after the reference day
    bad_region,     // not a province code (or, with a region list, a code that never existed)
    excel_damaged,  // shown by Excel as 1.40322E+17 or with the last three digits zeroed
    wrong_length,   // digits (perhaps a final X) but not 18 of them, nor a 15-digit legacy ID
    not_digits,     // other characters
    empty,
};

std::string_view to_string(IdStatus status);  // "valid", "bad_check", ... exactly the enum names

// Full-width digits and Ｘ become ASCII (NFKC), every kind of white space goes (also inside the
// number, U+3000, NBSP), and so do Excel's text wrappers: a leading apostrophe, surrounding
// quotes and ="...". A lowercase x becomes X. Plain ASCII input never touches ICU.
std::string normalize_id_text(std::string_view raw);

// The check character for the first 17 digits (precondition: 17 ASCII digits).
char id_check_char(std::string_view first17);

struct IdCheckOptions {
    std::optional<Date> reference_day;      // a birth date after this day is bad_date
    const RegionTable* regions = nullptr;   // when set, the 6-digit code must have existed
};

struct IdCheck {
    IdStatus status = IdStatus::empty;
    // valid / upgraded: the 18-character ID. Otherwise the normalised text (for bad_check,
    // bad_date and bad_region it is 15 or 18 well-formed characters, usable for near matching).
    std::string id;
    // excel_damaged only: the significant digits that survived ("140322" from 1.40322E+17, whose
    // last digit may be rounded; or the first 15 digits of an ID whose last three became 000).
    // Never completed to an ID: match such a child on other fields.
    std::string damaged_prefix;

    bool usable() const { return status == IdStatus::valid || status == IdStatus::upgraded; }
};

// Precedence: empty, excel_damaged, not_digits, wrong_length, then bad_region, bad_date,
// bad_check (a wrong region or date says where the typo is, and such an ID nearly always fails
// the check as well), then valid or upgraded.
IdCheck check_id(std::string_view raw, const IdCheckOptions& options = {});

// For 18-character IDs (precondition: from check_id): birth date from digits 7-14 (nullopt if
// impossible), and sex from the 17th digit.
std::optional<Date> id_birth_date(std::string_view id18);
Sex id_sex(std::string_view id18);

// Packs 17 digits and a check character (0-9 or X) into 64 bits (digits * 11 + check value) so
// that indexes hold integers, not strings. Returns 0 for text of any other shape.
uint64_t pack_id(std::string_view id18);
// Each character's value (digits 0-9, the check character X as 10), without a heap
// allocation, for hot loops.
std::array<uint8_t, 18> unpack_id_values(uint64_t packed);
std::array<char, 18> unpack_id_characters(uint64_t packed);
std::string unpack_id(uint64_t packed);
// The first `count` (1..17) digits of a packed ID as a number.
uint64_t id_leading_digits(uint64_t packed, int count);

// True when two 18-character IDs differ by exactly one substituted character or one swap of
// adjacent characters: the typing errors the check character exists to catch.
bool ids_one_edit_apart(std::string_view a, std::string_view b);

// For lists that circulate: first 6 and last 4 characters kept, the rest starred
// (140322********1234). Text of 10 characters or fewer is starred entirely.
std::string mask_id(std::string_view id);
// A national student number masked as mask_id masks an ID: it is G + the child's ID (L and J
// numbers are built the same way), so G140322********1234. The leading letter stays.
std::string mask_student_number(std::string_view number);

}  // namespace bx
