#include <doctest/doctest.h>

#include <string>
#include <string_view>

#include <fmt/format.h>

#include "dates.h"
#include "errors.h"

namespace {

using bx::Date;
using bx::DatePrecision;

struct AcceptedCase {
    std::string_view input;
    std::string_view iso;  // to_iso of the result: "YYYY-MM-DD" or "YYYY-MM"
    DatePrecision precision;
};

struct RejectedCase {
    std::string_view input;
    std::string_view reason;
};

}  // namespace

TEST_CASE("parse_date accepts the formats seen in exports") {
    const AcceptedCase cases[] = {
        {"2015-03-04", "2015-03-04", DatePrecision::day},
        {"2015/3/4", "2015-03-04", DatePrecision::day},
        {"2015/03/04", "2015-03-04", DatePrecision::day},
        {"2015.3.4", "2015-03-04", DatePrecision::day},
        {"20150304", "2015-03-04", DatePrecision::day},
        {"2015年3月4日", "2015-03-04", DatePrecision::day},
        {"2015年03月04日", "2015-03-04", DatePrecision::day},
        {"2015年3月4号", "2015-03-04", DatePrecision::day},
        {"2015年3月4", "2015-03-04", DatePrecision::day},
        {"2015-03-04 00:00:00", "2015-03-04", DatePrecision::day},
        {"2015/3/4 0:00", "2015-03-04", DatePrecision::day},
        {"2015-03-04T00:00:00", "2015-03-04", DatePrecision::day},
        {"2015-03-04 12:30:05.250", "2015-03-04", DatePrecision::day},
        {"2015年3月4日 8:05", "2015-03-04", DatePrecision::day},
        {"  2015-03-04\t", "2015-03-04", DatePrecision::day},
        {"'20150304", "2015-03-04", DatePrecision::day},
        {"20150304.0", "2015-03-04", DatePrecision::day},  // a float column's zero fraction
        {"\xEF\xBC\x92\xEF\xBC\x90\xEF\xBC\x91\xEF\xBC\x95\xEF\xBC\x8D\xEF\xBC\x90\xEF\xBC\x93\xEF\xBC\x8D\xEF\xBC\x90"
         "\xEF\xBC\x94",  // ２０１５－０３－０４ (full width)
         "2015-03-04", DatePrecision::day},
        {"\xE3\x80\x80" "2015年3月4日" "\xE3\x80\x80", "2015-03-04", DatePrecision::day},  // U+3000 around
        {"\xC2\xA0" "2015/3/4", "2015-03-04", DatePrecision::day},                          // NBSP
        {"2016-02-29", "2016-02-29", DatePrecision::day},
        {"2000-02-29", "2000-02-29", DatePrecision::day},
        {"201503", "2015-03", DatePrecision::month},
        {"2015-03", "2015-03", DatePrecision::month},
        {"2015/3", "2015-03", DatePrecision::month},
        {"2015.3", "2015-03", DatePrecision::month},
        {"2015年3月", "2015-03", DatePrecision::month},
        {"2015年03", "2015-03", DatePrecision::month},
        {"42067", "2015-03-04", DatePrecision::day},      // Excel serial
        {"42067.0", "2015-03-04", DatePrecision::day},    // serial written as a float
        {"42067.75", "2015-03-04", DatePrecision::day},   // serial with a time of day
        {"7306", "1920-01-01", DatePrecision::day},       // lowest serial by default
        {"73050", "2099-12-31", DatePrecision::day},      // highest serial by default
    };
    for (const auto& c : cases) {
        CAPTURE(c.input);
        const auto result = bx::parse_date(c.input);
        REQUIRE(result.ok());
        CHECK(result.reason.empty());
        CHECK(bx::to_iso(*result.value) == c.iso);
        CHECK(result.value->precision == c.precision);
    }
}

TEST_CASE("parse_date rejects with a reason and never guesses") {
    const RejectedCase cases[] = {
        {"", "empty"},
        {"   ", "empty"},
        {"\xE3\x80\x80", "empty"},
        {"'", "empty"},
        {"2015-02-29", "invalid_date"},
        {"2015-13-01", "invalid_date"},
        {"2015-00-10", "invalid_date"},
        {"2015-04-31", "invalid_date"},
        {"20150229", "invalid_date"},
        {"201513", "invalid_date"},
        {"2015年2月30日", "invalid_date"},
        {"1900-02-29", "invalid_date"},
        {"03/04/2015", "ambiguous"},
        {"4/3/2015", "ambiguous"},
        {"25.12.2015", "ambiguous"},
        {"15-3-4", "ambiguous"},
        {"15/03/04", "ambiguous"},
        {"15年3月4日", "ambiguous"},
        {"150304", "ambiguous"},
        {"03/2015", "ambiguous"},
        {"1899-12-31", "year_out_of_range"},
        {"2100-01-01", "year_out_of_range"},
        {"2015", "year_only"},
        {"1900", "year_only"},
        {"2099", "year_only"},
        {"60", "excel_1900_02_29"},
        {"61", "serial_out_of_range"},  // 1900-03-01, below the default floor
        {"0", "serial_out_of_range"},
        {"7305", "serial_out_of_range"},
        {"73051", "serial_out_of_range"},
        {"99999", "serial_out_of_range"},
        {"2015-03-04 25:00", "unrecognised"},
        {"2015-03-04 noon", "unrecognised"},
        {"2015-03/04", "unrecognised"},
        {"2015年3月4日日", "unrecognised"},
        {"2015-3-4-5", "unrecognised"},
        {"1.40322E+17", "unrecognised"},
        {"1234567", "unrecognised"},
        {"201503041", "unrecognised"},
        {"March 4, 2015", "unrecognised"},
        {"不详", "unrecognised"},
        {"2015- 03-04", "unrecognised"},
    };
    for (const auto& c : cases) {
        CAPTURE(c.input);
        const auto result = bx::parse_date(c.input);
        CHECK_FALSE(result.ok());
        CHECK(result.reason == c.reason);
    }
}

TEST_CASE("Excel serials follow the 1900 date system around its fictitious 29 February") {
    bx::DateParseOptions options;
    options.serial_min = Date(1900, 1, 1);
    const struct {
        std::string_view serial;
        std::string_view iso;
    } cases[] = {
        {"1", "1900-01-01"}, {"31", "1900-01-31"}, {"59", "1900-02-28"}, {"61", "1900-03-01"},
        {"366", "1900-12-31"}, {"367", "1901-01-01"}, {"36526", "2000-01-01"}, {"43831", "2020-01-01"},
    };
    for (const auto& c : cases) {
        CAPTURE(c.serial);
        const auto result = bx::parse_date(c.serial, options);
        REQUIRE(result.ok());
        CHECK(bx::to_iso(result.value->date) == c.iso);
    }
    CHECK(bx::parse_date("60", options).reason == "excel_1900_02_29");
    // 4-digit year-like numbers stay year_only even when the serial floor allows them.
    CHECK(bx::parse_date("2015", options).reason == "year_only");

    options.serial_max = Date(2020, 12, 31);
    CHECK(bx::parse_date("44196", options).ok());  // 2020-12-31
    CHECK(bx::parse_date("44197", options).reason == "serial_out_of_range");
}

TEST_CASE("to_iso pads and honours month precision") {
    CHECK(bx::to_iso(Date(1905, 1, 9)) == "1905-01-09");
    CHECK(bx::to_iso(bx::ParsedDate{Date(2015, 9, 1), DatePrecision::month}) == "2015-09");
    CHECK(bx::to_iso(bx::ParsedDate{Date(2015, 9, 1), DatePrecision::day}) == "2015-09-01");
}

TEST_CASE("date_from_ymd validates the calendar") {
    CHECK(bx::date_from_ymd(2016, 2, 29) == Date(2016, 2, 29));
    CHECK_FALSE(bx::date_from_ymd(2015, 2, 29));
    CHECK_FALSE(bx::date_from_ymd(1900, 2, 29));
    CHECK(bx::date_from_ymd(2000, 2, 29));
    CHECK_FALSE(bx::date_from_ymd(2015, 0, 1));
    CHECK_FALSE(bx::date_from_ymd(2015, 1, 0));
    CHECK_FALSE(bx::date_from_ymd(2015, 6, 31));
    CHECK_FALSE(bx::date_from_ymd(1000, 1, 1));
}

TEST_CASE("date_from_ymd, calendar_day and to_iso agree with Boost on every day of Boost's calendar") {
    int mismatches = 0;
    for (Date day(1400, 1, 1); day <= Date(9999, 12, 31); day += boost::gregorian::days(1)) {
        const auto ymd = day.year_month_day();
        const std::string iso = fmt::format("{:04}-{:02}-{:02}", int{ymd.year}, int{ymd.month}, int{ymd.day});
        const bx::CalendarDay mine = bx::calendar_day(day);
        const bool same_day = mine.year == ymd.year && mine.month == ymd.month && mine.day == ymd.day;
        if (bx::date_from_ymd(ymd.year, ymd.month, ymd.day) != day || bx::to_iso(day) != iso || !same_day) ++mismatches;
    }
    CHECK(mismatches == 0);
    CHECK_FALSE(bx::date_from_ymd(1399, 12, 31));
    CHECK_FALSE(bx::date_from_ymd(10000, 1, 1));
}

TEST_CASE("age_on counts full years, and 29 February birthdays move to 1 March") {
    const struct {
        Date birth;
        Date day;
        int age;
    } cases[] = {
        {Date(2010, 3, 4), Date(2016, 3, 3), 5},
        {Date(2010, 3, 4), Date(2016, 3, 4), 6},
        {Date(2010, 3, 4), Date(2010, 3, 4), 0},
        {Date(2010, 3, 4), Date(2010, 3, 3), -1},
        {Date(2012, 2, 29), Date(2013, 2, 28), 0},
        {Date(2012, 2, 29), Date(2013, 3, 1), 1},
        {Date(2012, 2, 29), Date(2016, 2, 28), 3},
        {Date(2012, 2, 29), Date(2016, 2, 29), 4},
        {Date(2012, 2, 28), Date(2013, 2, 28), 1},
        {Date(2009, 8, 31), Date(2015, 8, 31), 6},
        {Date(2009, 9, 1), Date(2015, 8, 31), 5},
    };
    for (const auto& c : cases) {
        CAPTURE(bx::to_iso(c.birth));
        CAPTURE(bx::to_iso(c.day));
        CHECK(bx::age_on(c.birth, c.day) == c.age);
    }
}

TEST_CASE("school_year_containing starts on 1 September") {
    CHECK(bx::school_year_containing(Date(2016, 8, 31)) == 2015);
    CHECK(bx::school_year_containing(Date(2016, 9, 1)) == 2016);
    CHECK(bx::school_year_containing(Date(2016, 12, 31)) == 2016);
    CHECK(bx::school_year_containing(Date(2017, 1, 1)) == 2016);
}

TEST_CASE("parse_month_day") {
    const struct {
        std::string_view text;
        int month;
        int day;
    } good[] = {{"08-31", 8, 31}, {"8-31", 8, 31}, {"8/31", 8, 31}, {"0831", 8, 31}, {"12-1", 12, 1}, {"02-28", 2, 28}};
    for (const auto& c : good) {
        CAPTURE(c.text);
        const auto parsed = bx::parse_month_day(c.text);
        CHECK(parsed.month == c.month);
        CHECK(parsed.day == c.day);
    }
    for (std::string_view bad : {"", "831", "13-01", "00-10", "08-32", "02-29", "8-", "-31", "08.31", "aa-bb", "108-31"}) {
        CAPTURE(bad);
        CHECK_THROWS_AS(bx::parse_month_day(bad), bx::UsageError);
    }
}

TEST_CASE("cutoff_date and expected_grade around the 31 August cutoff") {
    const bx::MonthDay cutoff{8, 31};
    CHECK(bx::cutoff_date(2021, cutoff) == Date(2021, 8, 31));
    CHECK(bx::cutoff_date(2021, bx::parse_month_day("12-31")) == Date(2021, 12, 31));

    const struct {
        Date birth;
        int school_year;
        int entry_age;
        int grade;
    } cases[] = {
        {Date(2015, 8, 31), 2021, 6, 1},  // turns 6 on the cutoff day: grade 1
        {Date(2015, 9, 1), 2021, 6, 0},   // one day too young
        {Date(2015, 9, 1), 2022, 6, 1},
        {Date(2015, 8, 31), 2021, 7, 0},  // where entry is at 7
        {Date(2012, 2, 29), 2021, 6, 4},
        {Date(2006, 8, 31), 2021, 6, 10},  // past grade 9
        {Date(2007, 8, 31), 2021, 6, 9},
        {Date(2020, 1, 1), 2021, 6, -4},
    };
    for (const auto& c : cases) {
        CAPTURE(bx::to_iso(c.birth));
        CAPTURE(c.school_year);
        CHECK(bx::expected_grade(c.birth, c.school_year, cutoff, c.entry_age) == c.grade);
    }
    CHECK(bx::expected_grade(Date(2015, 8, 31), 2021, cutoff) == 1);  // default entry age 6
}

TEST_CASE("parse_iso_date_arg is strict") {
    CHECK(bx::parse_iso_date_arg("2021-09-01") == Date(2021, 9, 1));
    CHECK(bx::parse_iso_date_arg("2016-02-29") == Date(2016, 2, 29));
    for (std::string_view bad : {"", "2021-9-1", "2021/09/01", "20210901", "2015-02-29", "2021-13-01", " 2021-09-01"}) {
        CAPTURE(bad);
        CHECK_THROWS_AS(bx::parse_iso_date_arg(bad), bx::UsageError);
    }
}

TEST_CASE("today is a real date") {
    const Date now = bx::today();
    CHECK(now.year() >= 2024);
    CHECK(bx::parse_iso_date_arg(bx::to_iso(now)) == now);
}
