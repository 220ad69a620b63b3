#include "id_number.h"

#include <array>
#include <stdexcept>
#include <vector>

#include <unicode/normalizer2.h>
#include <unicode/uchar.h>
#include <unicode/unistr.h>

#include "regions.h"
#include "text.h"

namespace bx {
namespace {

constexpr std::array<int, 17> kCheckWeights{7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2};
constexpr std::string_view kCheckChars = "10X98765432";  // indexed by weighted sum mod 11
constexpr int kMinBirthYear = 1900;

bool is_digit(char c) { return c >= '0' && c <= '9'; }

int digit(char c) { return c - '0'; }

bool is_ascii(std::string_view text) {
    for (unsigned char c : text) {
        if (c >= 0x80) return false;
    }
    return true;
}

bool is_ascii_space(char c) { return c == ' ' || c == '\t' || c == '\r' || c == '\n' || c == '\v' || c == '\f'; }

std::string compact_ascii(std::string_view raw) {
    std::string out;
    out.reserve(raw.size());
    for (char c : raw) {
        if (!is_ascii_space(c)) out += c;
    }
    return out;
}

// NFKC turns full-width digits and Ｘ into ASCII and U+3000 / NBSP into spaces; white space and
// invisible format characters (zero-width space, BOM) are then dropped, and curly quotes become
// ASCII so that the wrapper stripping below sees them.
std::string compact_unicode(std::string_view raw) {
    UErrorCode status = U_ZERO_ERROR;
    const icu::Normalizer2* normalizer = icu::Normalizer2::getNFKCInstance(status);
    if (U_FAILURE(status)) throw std::runtime_error("ICU NFKC normalizer unavailable");
    const icu::UnicodeString normalized = normalizer->normalize(
        icu::UnicodeString::fromUTF8(icu::StringPiece(raw.data(), static_cast<int32_t>(raw.size()))), status);
    if (U_FAILURE(status)) throw std::runtime_error("ICU NFKC normalization failed");
    icu::UnicodeString kept;
    for (int32_t i = 0; i < normalized.length();) {
        UChar32 c = normalized.char32At(i);
        i += U16_LENGTH(c);
        if (u_isUWhiteSpace(c) || u_charType(c) == U_FORMAT_CHAR) continue;
        if (c == 0x2018 || c == 0x2019) c = '\'';
        if (c == 0x201C || c == 0x201D) c = '"';
        kept.append(c);
    }
    std::string out;
    kept.toUTF8String(out);
    return out;
}

// Digits and X only, as nearly every ID cell is: already normalised.
bool is_normal_id_text(std::string_view raw) {
    for (const char c : raw) {
        if (!is_digit(c) && c != 'X') return false;
    }
    return true;
}

// Excel text markers: 'ID, "ID", ="ID" (formula forcing text), in any nesting.
void strip_wrappers(std::string& text) {
    size_t begin = 0;
    size_t end = text.size();
    for (bool changed = true; changed && begin < end;) {
        changed = false;
        const std::string_view view(text.data() + begin, end - begin);
        if (view.size() >= 3 && view.starts_with("=\"") && view.ends_with('"')) {
            begin += 2;
            end -= 1;
            changed = true;
        } else if (view.size() >= 2 && view.front() == '"' && view.back() == '"') {
            begin += 1;
            end -= 1;
            changed = true;
        } else if (view.front() == '\'') {
            begin += 1;
            if (view.size() >= 2 && view.back() == '\'') end -= 1;
            changed = true;
        }
    }
    text.erase(end);
    text.erase(0, begin);
}

// "1.40322E+17", "1.40322e17": Excel's display of a long number. Returns the significant
// digits of the integer it stood for, or nullopt when the text is not in that notation.
std::optional<std::string> scientific_significant_digits(std::string_view text) {
    const size_t e = text.find_first_of("Ee");
    if (e == std::string_view::npos || e == 0) return std::nullopt;
    std::string_view exponent = text.substr(e + 1);
    if (exponent.starts_with('+')) exponent.remove_prefix(1);
    if (exponent.empty() || exponent.size() > 2) return std::nullopt;
    size_t power = 0;
    for (char c : exponent) {
        if (!is_digit(c)) return std::nullopt;
        power = power * 10 + static_cast<size_t>(digit(c));
    }
    std::string digits;
    bool seen_dot = false;
    for (char c : text.substr(0, e)) {
        if (c == '.' && !seen_dot) {
            seen_dot = true;
        } else if (is_digit(c)) {
            digits += c;
        } else {
            return std::nullopt;
        }
    }
    if (digits.empty() || digits.front() == '0') return std::nullopt;
    // Only the integer part's digits carry information (1.5E+0 stood for 1 or 2, not 15).
    if (digits.size() > power + 1) digits.resize(power + 1);
    return digits;
}

bool is_province_code(int code) {
    // GB/T 2260 provinces; 83 is the prefix of Taiwan residents' residence permits (居住证), which
    // use the ID format alongside Hong Kong's 81 and Macau's 82.
    return (code >= 11 && code <= 15) || (code >= 21 && code <= 23) || (code >= 31 && code <= 37) ||
           (code >= 41 && code <= 46) || (code >= 50 && code <= 54) || (code >= 61 && code <= 65) || code == 71 ||
           code == 81 || code == 82 || code == 83;
}

// Residence permits carry these province-level codes for the holder's home region.
bool is_residence_permit_region(std::string_view code6) {
    return code6 == "810000" || code6 == "820000" || code6 == "830000";
}

bool region_ok(std::string_view id, const IdCheckOptions& options) {
    if (!is_province_code(digit(id[0]) * 10 + digit(id[1]))) return false;
    const std::string_view code6 = id.substr(0, 6);
    return options.regions == nullptr || options.regions->has(code6) || is_residence_permit_region(code6);
}

int number(std::string_view digits) {
    int value = 0;
    for (char c : digits) value = value * 10 + digit(c);
    return value;
}

std::optional<Date> birth_date(int year, std::string_view month_day) {
    return date_from_ymd(year, number(month_day.substr(0, 2)), number(month_day.substr(2, 2)));
}

// The year is tested before the date is made: reading it back from a Date costs a conversion.
bool birth_date_ok(int year, std::string_view month_day, const IdCheckOptions& options) {
    if (year < kMinBirthYear) return false;
    const auto birth = birth_date(year, month_day);
    return birth && (!options.reference_day || *birth <= *options.reference_day);
}

int check_value(char check) { return check == 'X' ? 10 : digit(check); }

// Digits, except that the last character may be X.
bool digits_and_final_x(std::string_view text) {
    for (size_t i = 0; i + 1 < text.size(); ++i) {
        if (!is_digit(text[i])) return false;
    }
    return is_digit(text.back()) || text.back() == 'X';
}

// 17 digits then a digit or X.
bool is_id18_shaped(std::string_view text) { return text.size() == 18 && digits_and_final_x(text); }

// Classifies normalised, non-empty text (see the precedence in the header). Fills
// `damaged_prefix` for excel_damaged.
IdStatus classify(std::string_view text, const IdCheckOptions& options, std::string& damaged_prefix) {
    // Digits (and a final X) hold no exponent, so the search for Excel's notation is for the rest.
    if (!digits_and_final_x(text)) {
        if (auto significant = scientific_significant_digits(text)) {
            damaged_prefix = std::move(*significant);
            return IdStatus::excel_damaged;
        }
        return IdStatus::not_digits;
    }
    const bool legacy = text.size() == 15 && is_digit(text.back());
    if (!legacy && text.size() != 18) return IdStatus::wrong_length;

    const bool check_ok = legacy || id_check_char(text.substr(0, 17)) == text[17];
    // Excel keeps 15 significant digits: the last three of an 18-digit ID become 000. A real ID
    // ending in 000 passes the check; one that fails cannot be told from a damaged one. (Excel
    // would also have dropped a leading 0, so 000000000000000000 is a placeholder, not damage.)
    if (!check_ok && text.ends_with("000") && text.front() != '0') {
        damaged_prefix = text.substr(0, 15);
        return IdStatus::excel_damaged;
    }
    if (!region_ok(text, options)) return IdStatus::bad_region;
    const bool birth_ok = legacy ? birth_date_ok(1900 + number(text.substr(6, 2)), text.substr(8, 4), options)
                                 : birth_date_ok(number(text.substr(6, 4)), text.substr(10, 4), options);
    if (!birth_ok) return IdStatus::bad_date;
    if (!check_ok) return IdStatus::bad_check;
    return legacy ? IdStatus::upgraded : IdStatus::valid;
}

}  // namespace

std::string_view to_string(IdStatus status) {
    switch (status) {
        case IdStatus::valid: return "valid";
        case IdStatus::upgraded: return "upgraded";
        case IdStatus::bad_check: return "bad_check";
        case IdStatus::bad_date: return "bad_date";
        case IdStatus::bad_region: return "bad_region";
        case IdStatus::excel_damaged: return "excel_damaged";
        case IdStatus::wrong_length: return "wrong_length";
        case IdStatus::not_digits: return "not_digits";
        case IdStatus::empty: return "empty";
    }
    return "unknown";
}

std::string normalize_id_text(std::string_view raw) {
    if (is_normal_id_text(raw)) return std::string(raw);
    std::string text = is_ascii(raw) ? compact_ascii(raw) : compact_unicode(raw);
    strip_wrappers(text);
    text.erase(drop_zero_fraction(text).size());
    std::erase(text, '-');  // 140322-20150304-1231: digits grouped by hand (also full-width －)
    for (char& c : text) {
        if (c == 'x') c = 'X';
    }
    return text;
}

char id_check_char(std::string_view first17) {
    int sum = 0;
    for (size_t i = 0; i < kCheckWeights.size(); ++i) sum += digit(first17[i]) * kCheckWeights[i];
    return kCheckChars[static_cast<size_t>(sum % 11)];
}

IdCheck check_id(std::string_view raw, const IdCheckOptions& options) {
    IdCheck result;
    result.id = normalize_id_text(raw);
    if (result.id.empty()) return result;  // status empty
    result.status = classify(result.id, options, result.damaged_prefix);
    if (result.status == IdStatus::upgraded) {
        // Legacy IDs were issued to people born in the 1900s: the year gains "19", then a check.
        std::string upgraded;
        upgraded.reserve(18);
        upgraded.append(result.id, 0, 6).append("19").append(result.id, 6);
        upgraded += id_check_char(upgraded);
        result.id = std::move(upgraded);
    }
    return result;
}

std::optional<Date> id_birth_date(std::string_view id18) {
    if (!is_id18_shaped(id18)) return std::nullopt;
    return birth_date(number(id18.substr(6, 4)), id18.substr(10, 4));
}

Sex id_sex(std::string_view id18) {
    if (id18.size() != 18 || !is_digit(id18[16])) return Sex::unknown;
    return digit(id18[16]) % 2 == 1 ? Sex::male : Sex::female;
}

uint64_t pack_id(std::string_view id18) {
    if (!is_id18_shaped(id18)) return 0;
    uint64_t packed = 0;
    for (size_t i = 0; i < 17; ++i) packed = packed * 10 + static_cast<uint64_t>(digit(id18[i]));
    return packed * 11 + static_cast<uint64_t>(check_value(id18[17]));
}

std::array<uint8_t, 18> unpack_id_values(uint64_t packed) {
    std::array<uint8_t, 18> values{};
    values[17] = static_cast<uint8_t>(packed % 11);
    const uint64_t digits = packed / 11;
    // Two 32-bit halves, the first 8 digits and the last 9: two short chains of cheap divisions
    // instead of one long chain of 64-bit ones (compare_id and the blocking keys unpack millions).
    auto high = static_cast<uint32_t>(digits / 1'000'000'000u);
    auto low = static_cast<uint32_t>(digits % 1'000'000'000u);
    for (size_t i = 17; i-- > 8;) {
        values[i] = static_cast<uint8_t>(low % 10);
        low /= 10;
    }
    for (size_t i = 8; i-- > 0;) {
        values[i] = static_cast<uint8_t>(high % 10);
        high /= 10;
    }
    return values;
}

std::array<char, 18> unpack_id_characters(uint64_t packed) {
    const std::array<uint8_t, 18> values = unpack_id_values(packed);
    std::array<char, 18> id{};
    for (size_t i = 0; i < 18; ++i) id[i] = values[i] == 10 ? 'X' : static_cast<char>('0' + values[i]);
    return id;
}

uint64_t id_leading_digits(uint64_t packed, int count) {
    static constexpr std::array<uint64_t, 17> kPowersOfTen = [] {
        std::array<uint64_t, 17> powers{};
        uint64_t power = 1;
        for (auto& p : powers) {
            p = power;
            power *= 10;
        }
        return powers;
    }();
    return packed / 11 / kPowersOfTen[static_cast<size_t>(17 - count)];
}

std::string unpack_id(uint64_t packed) {
    const auto id = unpack_id_characters(packed);
    return std::string(id.begin(), id.end());
}

bool ids_one_edit_apart(std::string_view a, std::string_view b) {
    if (a.size() != 18 || b.size() != 18) return false;
    size_t first = 0;
    while (first < 18 && a[first] == b[first]) ++first;
    if (first == 18) return false;  // identical: no edit
    size_t last = 17;
    while (a[last] == b[last]) --last;
    if (first == last) return true;  // one substitution
    return last == first + 1 && a[first] == b[last] && a[last] == b[first];
}

std::string mask_id(std::string_view id) {
    constexpr size_t kKeepHead = 6;
    constexpr size_t kKeepTail = 4;
    // Count characters, not bytes, so a stray multi-byte character is starred whole.
    std::vector<size_t> starts;
    for (size_t i = 0; i < id.size(); ++i) {
        if ((static_cast<unsigned char>(id[i]) & 0xC0) != 0x80) starts.push_back(i);
    }
    const size_t length = starts.size();
    if (length <= kKeepHead + kKeepTail) return std::string(length, '*');
    const size_t tail_start = starts[length - kKeepTail];
    std::string masked(id.substr(0, starts[kKeepHead]));
    masked.append(length - kKeepHead - kKeepTail, '*');
    masked.append(id.substr(tail_start));
    return masked;
}

std::string mask_student_number(std::string_view number) {
    const bool lettered = !number.empty() && ((number.front() >= 'A' && number.front() <= 'Z') ||
                                              (number.front() >= 'a' && number.front() <= 'z'));
    if (!lettered) return mask_id(number);
    return std::string(1, number.front()) + mask_id(number.substr(1));
}

}  // namespace bx
