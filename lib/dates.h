#pragma once
// Calendar dates as they appear in registry, roster and poverty-file exports, and the age and
// school-year arithmetic built on them. Parsing never guesses: an ambiguous or impossible date is
// an error with a short machine reason (see docs/identity.md).
#include <optional>
#include <string>
#include <string_view>

#include <boost/date_time/gregorian/gregorian_types.hpp>

namespace bx {

using Date = boost::gregorian::date;

// Month precision comes from exports such as 入学年月 "201509"; the day is then unknown.
enum class DatePrecision : char { day, month };

struct ParsedDate {
    Date date;  // for month precision: the first day of that month
    DatePrecision precision = DatePrecision::day;
};

// Machine reasons for a date that was not accepted; stable strings meant for counts and reports.
namespace date_reason {
inline constexpr std::string_view empty = "empty";
inline constexpr std::string_view unrecognised = "unrecognised";
inline constexpr std::string_view invalid_date = "invalid_date";          // 2015-02-29, month 13
inline constexpr std::string_view year_out_of_range = "year_out_of_range";  // outside 1900..2099
inline constexpr std::string_view ambiguous = "ambiguous";                // 03/04/2015, 15-3-4
inline constexpr std::string_view year_only = "year_only";                // "2015"
inline constexpr std::string_view excel_1900_02_29 = "excel_1900_02_29";  // Excel serial 60
inline constexpr std::string_view serial_out_of_range = "serial_out_of_range";
}  // namespace date_reason

struct DateParseOptions {
    // A bare number of up to five digits is an Excel serial (1900 date system) only when it
    // falls in this range. The 1920 floor keeps numbers that look like years or small counts
    // from becoming dates; 4-digit numbers 1900..2099 are never serials in any case.
    Date serial_min{1920, 1, 1};   // serial 7306
    Date serial_max{2099, 12, 31};  // serial 73050
};

struct DateResult {
    std::optional<ParsedDate> value;
    std::string_view reason;  // one of date_reason::*, empty when `value` is set

    bool ok() const { return value.has_value(); }
};

// Accepts 2015-03-04, 2015/3/4, 2015.3.4, 20150304, 2015年3月4日 (日 or 号 or nothing), month
// precision 201503, 2015-03, 2015/3, 2015.3, 2015年3月, an optional trailing time
// ("2015-03-04 00:00:00", "2015/3/4 0:00", "2015-03-04T00:00"), full-width characters,
// surrounding spaces, a leading apostrophe, and Excel serials (see DateParseOptions).
DateResult parse_date(std::string_view text, const DateParseOptions& options = {});

// The date when year-month-day is a real calendar day within Boost's range, else nullopt.
std::optional<Date> date_from_ymd(int year, int month, int day);

std::string to_iso(Date date);                // "2015-03-04"
std::string to_iso(const ParsedDate& parsed);  // "2015-03-04", or "2015-03" at month precision
// The same appended to `out`: no temporary string, for loops over millions of rows.
void append_iso(std::string& out, Date date, DatePrecision precision = DatePrecision::day);

// A date's year, month and day without Boost's checked types (millions of birth dates).
struct CalendarDay {
    unsigned year, month, day;
};
CalendarDay calendar_day(Date date);

// Full years lived on `day`; negative when `day` is before `birth`. Someone born on 29 February
// turns a year older on 1 March in common years (the day after 28 February).
int age_on(Date birth, Date day);

// School years start on 1 September; returns the calendar year in which the one holding `day`
// started (2016-08-31 -> 2015, 2016-09-01 -> 2016).
int school_year_containing(Date day);

struct MonthDay {
    int month = 8;
    int day = 31;
};

// "08-31", "8-31", "8/31", "0831". Throws UsageError on anything else, including 02-29 (no
// such day in most years).
MonthDay parse_month_day(std::string_view text);

// The day on which ages are taken for `school_year`: `cutoff` in the year the school year
// starts (default 31 August, the day before it starts).
Date cutoff_date(int school_year, MonthDay cutoff);

// Grade a child should attend in `school_year`: age on the cutoff day - entry_age + 1.
// Below 1: not yet of school age; above 9: past compulsory schooling.
int expected_grade(Date birth, int school_year, MonthDay cutoff, int entry_age = 6);

// The local calendar day now, for "--as-of" defaults.
Date today();

// A command-line date, strictly YYYY-MM-DD; throws UsageError otherwise.
Date parse_iso_date_arg(std::string_view text);

}  // namespace bx
