#include "dates.h"

#include <array>
#include <cstdint>
#include <initializer_list>
#include <stdexcept>

#include <boost/date_time/gregorian/gregorian.hpp>
#include <unicode/normalizer2.h>
#include <unicode/unistr.h>

#include "errors.h"
#include "text.h"

namespace bx {
namespace {

// Years outside this range are not plausible in any of our exports (births, enrolments).
constexpr int kMinYear = 1900;
constexpr int kMaxYear = 2099;

bool is_ascii(std::string_view text) {
    for (unsigned char c : text) {
        if (c >= 0x80) return false;
    }
    return true;
}

bool is_digit(char c) { return c >= '0' && c <= '9'; }

bool all_digits(std::string_view text) {
    if (text.empty()) return false;
    for (char c : text) {
        if (!is_digit(c)) return false;
    }
    return true;
}

// Only called on short runs of ASCII digits, so neither a sign nor overflow can occur.
int to_int(std::string_view digits) {
    int value = 0;
    for (const char c : digits) value = value * 10 + (c - '0');
    return value;
}

bool is_leap_year(int year) { return year % 4 == 0 && (year % 100 != 0 || year % 400 == 0); }

int days_in_month(int year, int month) {
    static constexpr std::array<int, 12> kDays{31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    return month == 2 && is_leap_year(year) ? 29 : kDays[static_cast<size_t>(month - 1)];
}

// Boost's day number for a real calendar day: the formula of gregorian_calendar::day_number,
// without the range checks of Boost's year, month and day types, which cost more than the
// arithmetic when every row of a large export holds a date or two.
Date::date_int_type day_number(int year, int month, int day) {
    const int a = (14 - month) / 12;
    const int y = year + 4800 - a;
    const int m = month + 12 * a - 3;
    return static_cast<Date::date_int_type>(day + (153 * m + 2) / 5 + 365 * y + y / 4 - y / 100 + y / 400 - 32045);
}

// Full-width digits and punctuation, U+3000 and NBSP become ASCII.
std::string nfkc(std::string_view text) {
    UErrorCode status = U_ZERO_ERROR;
    const icu::Normalizer2* normalizer = icu::Normalizer2::getNFKCInstance(status);
    if (U_FAILURE(status)) throw std::runtime_error("ICU NFKC normalizer unavailable");
    const icu::UnicodeString input =
        icu::UnicodeString::fromUTF8(icu::StringPiece(text.data(), static_cast<int32_t>(text.size())));
    const icu::UnicodeString normalized = normalizer->normalize(input, status);
    if (U_FAILURE(status)) throw std::runtime_error("ICU NFKC normalization failed");
    std::string out;
    normalized.toUTF8String(out);
    return out;
}

// "0:00", "00:00:00", "12:30:05.123": the time part that exports append to dates. Ignored.
bool is_time_of_day(std::string_view text) {
    const size_t colon = text.find(':');
    if (colon == std::string_view::npos) return false;
    const std::string_view hours = text.substr(0, colon);
    if (hours.size() > 2 || !all_digits(hours) || to_int(hours) > 23) return false;
    std::string_view rest = text.substr(colon + 1);
    for (int field = 0; field < 2 && !rest.empty(); ++field) {
        if (rest.size() < 2 || !all_digits(rest.substr(0, 2)) || to_int(rest.substr(0, 2)) > 59) return false;
        rest.remove_prefix(2);
        if (rest.empty()) return true;
        if (field == 0 && rest.front() == ':') {
            rest.remove_prefix(1);
        } else if (field == 1 && rest.front() == '.' && all_digits(rest.substr(1))) {
            return true;
        } else {
            return false;
        }
    }
    return false;
}

enum class Sep : char { none, dash, slash, dot, nian, yue, ri };

struct Token {
    std::string_view digits;  // set for numbers
    Sep sep = Sep::none;      // set for separators
};

constexpr size_t kMaxTokens = 6;
struct Tokens {
    std::array<Token, kMaxTokens> items;
    size_t size = 0;
};

// Splits "2015年3月4日" into numbers and separators; false on anything else.
bool tokenize(std::string_view text, Tokens& out) {
    static constexpr std::array<std::pair<std::string_view, Sep>, 7> kSeparators{{
        {"-", Sep::dash}, {"/", Sep::slash}, {".", Sep::dot},
        {"年", Sep::nian}, {"月", Sep::yue}, {"日", Sep::ri}, {"号", Sep::ri},
    }};
    while (!text.empty()) {
        if (out.size == kMaxTokens) return false;
        Token& token = out.items[out.size++];
        if (is_digit(text.front())) {
            size_t length = 1;
            while (length < text.size() && is_digit(text[length])) ++length;
            token.digits = text.substr(0, length);
            text.remove_prefix(length);
            continue;
        }
        bool matched = false;
        for (const auto& [spelling, sep] : kSeparators) {
            if (text.starts_with(spelling)) {
                token.sep = sep;
                text.remove_prefix(spelling.size());
                matched = true;
                break;
            }
        }
        if (!matched) return false;
    }
    return true;
}

DateResult failure(std::string_view reason) { return DateResult{std::nullopt, reason}; }

DateResult success(Date date, DatePrecision precision) { return DateResult{ParsedDate{date, precision}, {}}; }

// Year first, 4 digits. A short leading number is a two-digit year, or a day or month of a
// D/M/Y or M/D/Y date; either way we cannot tell.
std::string_view year_problem(std::string_view year) {
    if (year.size() == 4) {
        const int value = to_int(year);
        return value < kMinYear || value > kMaxYear ? date_reason::year_out_of_range : std::string_view{};
    }
    return year.size() <= 2 ? date_reason::ambiguous : date_reason::unrecognised;
}

DateResult from_parts(std::string_view year, std::string_view month, std::string_view day) {
    if (year.size() <= 2 && (day.size() == 4 || month.size() == 4)) return failure(date_reason::ambiguous);
    if (const auto problem = year_problem(year); !problem.empty()) return failure(problem);
    if (month.size() > 2 || day.size() > 2) return failure(date_reason::unrecognised);
    const auto date = date_from_ymd(to_int(year), to_int(month), to_int(day));
    return date ? success(*date, DatePrecision::day) : failure(date_reason::invalid_date);
}

DateResult from_parts(std::string_view year, std::string_view month) {
    if (year.size() <= 2 && month.size() == 4) return failure(date_reason::ambiguous);
    if (const auto problem = year_problem(year); !problem.empty()) return failure(problem);
    if (month.size() > 2) return failure(date_reason::unrecognised);
    const auto date = date_from_ymd(to_int(year), to_int(month), 1);
    return date ? success(*date, DatePrecision::month) : failure(date_reason::invalid_date);
}

// Excel's 1900 date system: serial 1 is 1900-01-01, and Excel counts a 29 February 1900
// (serial 60) that never existed, so serials from 61 on are one day ahead of a plain count.
DateResult from_excel_serial(std::string_view digits, const DateParseOptions& options) {
    const int serial = to_int(digits);
    if (serial == 60) return failure(date_reason::excel_1900_02_29);
    if (serial == 0) return failure(date_reason::serial_out_of_range);
    const Date date = serial < 60 ? Date(1899, 12, 31) + boost::gregorian::days(serial)
                                  : Date(1899, 12, 30) + boost::gregorian::days(serial);
    if (date < options.serial_min || date > options.serial_max) return failure(date_reason::serial_out_of_range);
    return success(date, DatePrecision::day);
}

DateResult from_bare_number(std::string_view digits, const DateParseOptions& options) {
    switch (digits.size()) {
        case 8:
            return from_parts(digits.substr(0, 4), digits.substr(4, 2), digits.substr(6, 2));
        case 6:
            // YYYYMM (入学年月); anything not starting 19/20 may be YYMMDD.
            if (digits.starts_with("19") || digits.starts_with("20")) return from_parts(digits.substr(0, 4), digits.substr(4, 2));
            return failure(date_reason::ambiguous);
        case 4:
            if (const int value = to_int(digits); value >= kMinYear && value <= kMaxYear) return failure(date_reason::year_only);
            return from_excel_serial(digits, options);
        case 1:
        case 2:
        case 3:
        case 5:
            return from_excel_serial(digits, options);
        default:
            return failure(date_reason::unrecognised);
    }
}

bool is_number(const Token& token) { return !token.digits.empty(); }

bool is_numeric_sep(Sep sep) { return sep == Sep::dash || sep == Sep::slash || sep == Sep::dot; }

DateResult from_tokens(const Tokens& tokens, const DateParseOptions& options) {
    const auto& t = tokens.items;
    const auto numbers_at = [&](std::initializer_list<size_t> positions) {
        for (size_t i : positions) {
            if (!is_number(t[i])) return false;
        }
        return true;
    };
    switch (tokens.size) {
        case 1:
            if (is_number(t[0])) return from_bare_number(t[0].digits, options);
            break;
        case 3:
            if (!numbers_at({0, 2})) break;
            // "43831.5": a serial with a time fraction; "2015.3" is a month.
            if (t[1].sep == Sep::dot && t[0].digits.size() != 4 && t[0].digits.size() <= 5) {
                return from_excel_serial(t[0].digits, options);
            }
            if (is_numeric_sep(t[1].sep) || t[1].sep == Sep::nian) return from_parts(t[0].digits, t[2].digits);
            break;
        case 4:
            if (numbers_at({0, 2}) && t[1].sep == Sep::nian && t[3].sep == Sep::yue) return from_parts(t[0].digits, t[2].digits);
            break;
        case 5:
            if (!numbers_at({0, 2, 4})) break;
            if ((is_numeric_sep(t[1].sep) && t[3].sep == t[1].sep) || (t[1].sep == Sep::nian && t[3].sep == Sep::yue)) {
                return from_parts(t[0].digits, t[2].digits, t[4].digits);
            }
            break;
        case 6:
            if (numbers_at({0, 2, 4}) && t[1].sep == Sep::nian && t[3].sep == Sep::yue && t[5].sep == Sep::ri) {
                return from_parts(t[0].digits, t[2].digits, t[4].digits);
            }
            break;
        default:
            break;
    }
    return failure(date_reason::unrecognised);
}

DateResult parse_normalized(std::string_view text, const DateParseOptions& options) {
    text = trim_ascii(text);
    if (text.starts_with('\'')) text = trim_ascii(text.substr(1));  // Excel's text marker
    text = drop_zero_fraction(text);
    if (text.empty()) return failure(date_reason::empty);

    // Split off a trailing time: "2015-03-04 00:00:00" or ISO "2015-03-04T00:00:00".
    size_t split = 0;
    while (split < text.size() && !is_ascii_space(text[split]) && text[split] != 'T') ++split;
    if (split < text.size() && !is_time_of_day(trim_ascii(text.substr(split + 1)))) return failure(date_reason::unrecognised);

    Tokens tokens;
    if (!tokenize(text.substr(0, split), tokens)) return failure(date_reason::unrecognised);
    return from_tokens(tokens, options);
}

void append_padded(std::string& out, unsigned value, int width) {
    char digits[8];
    for (int i = width - 1; i >= 0; --i) {
        digits[i] = static_cast<char>('0' + value % 10);
        value /= 10;
    }
    out.append(digits, static_cast<size_t>(width));
}

}  // namespace

DateResult parse_date(std::string_view text, const DateParseOptions& options) {
    if (is_ascii(text)) return parse_normalized(text, options);
    return parse_normalized(nfkc(text), options);
}

// The inverse of day_number: the formula of Boost's gregorian_calendar::from_day_number, without
// the range checks of the year, month and day types it builds, as the day number of a real date
// gives values in range anyway.
CalendarDay calendar_day(Date date) {
    const uint32_t a = date.day_number() + 32044;
    const uint32_t b = (4 * a + 3) / 146097;
    const uint32_t c = a - 146097 * b / 4;
    const uint32_t d = (4 * c + 3) / 1461;
    const uint32_t e = c - 1461 * d / 4;
    const uint32_t m = (5 * e + 2) / 153;
    return CalendarDay{100 * b + d - 4800 + m / 10, m + 3 - 12 * (m / 10), e - (153 * m + 2) / 5 + 1};
}

std::optional<Date> date_from_ymd(int year, int month, int day) {
    // Boost's calendar covers 1400..9999.
    if (year < 1400 || year > 9999 || month < 1 || month > 12 || day < 1) return std::nullopt;
    if (day > days_in_month(year, month)) return std::nullopt;
    return Date(day_number(year, month, day));
}

std::string to_iso(Date date) {
    std::string out;
    out.reserve(10);
    append_iso(out, date);
    return out;
}

std::string to_iso(const ParsedDate& parsed) {
    std::string out;
    out.reserve(10);
    append_iso(out, parsed.date, parsed.precision);
    return out;
}

void append_iso(std::string& out, Date date, DatePrecision precision) {
    const CalendarDay day = calendar_day(date);
    append_padded(out, day.year, 4);
    out += '-';
    append_padded(out, day.month, 2);
    if (precision == DatePrecision::month) return;
    out += '-';
    append_padded(out, day.day, 2);
}

int age_on(Date birth, Date day) {
    const CalendarDay b = calendar_day(birth), d = calendar_day(day);
    int age = static_cast<int>(d.year) - static_cast<int>(b.year);
    // Comparing (month, day) pairs makes a 29 February birthday fall on 1 March in common years.
    const bool before_birthday = d.month < b.month || (d.month == b.month && d.day < b.day);
    if (before_birthday) --age;
    return age;
}

int school_year_containing(Date day) {
    const CalendarDay d = calendar_day(day);
    return static_cast<int>(d.month >= 9 ? d.year : d.year - 1);
}

MonthDay parse_month_day(std::string_view text) {
    const std::string_view trimmed = trim_ascii(text);
    std::string_view month;
    std::string_view day;
    if (trimmed.size() == 4 && all_digits(trimmed)) {
        month = trimmed.substr(0, 2);
        day = trimmed.substr(2);
    } else if (const size_t sep = trimmed.find_first_of("-/"); sep != std::string_view::npos) {
        month = trimmed.substr(0, sep);
        day = trimmed.substr(sep + 1);
    }
    // A common year, so that 02-29 is refused: the cutoff must exist every year.
    const bool well_formed = month.size() >= 1 && month.size() <= 2 && day.size() >= 1 && day.size() <= 2 &&
                             all_digits(month) && all_digits(day) &&
                             date_from_ymd(2001, to_int(month), to_int(day)).has_value();
    if (!well_formed) {
        throw UsageError("bad month-day '" + std::string(text) + "' (expected MM-DD such as 08-31)");
    }
    return MonthDay{to_int(month), to_int(day)};
}

Date cutoff_date(int school_year, MonthDay cutoff) {
    return Date(static_cast<unsigned short>(school_year), static_cast<unsigned short>(cutoff.month),
                static_cast<unsigned short>(cutoff.day));
}

int expected_grade(Date birth, int school_year, MonthDay cutoff, int entry_age) {
    return age_on(birth, cutoff_date(school_year, cutoff)) - entry_age + 1;
}

Date today() { return boost::gregorian::day_clock::local_day(); }

Date parse_iso_date_arg(std::string_view text) {
    const bool shaped = text.size() == 10 && text[4] == '-' && text[7] == '-' && all_digits(text.substr(0, 4)) &&
                        all_digits(text.substr(5, 2)) && all_digits(text.substr(8, 2));
    if (shaped) {
        if (auto date = date_from_ymd(to_int(text.substr(0, 4)), to_int(text.substr(5, 2)), to_int(text.substr(8, 2)))) {
            return *date;
        }
    }
    throw UsageError("bad date '" + std::string(text) + "' (expected YYYY-MM-DD)");
}

}  // namespace bx
