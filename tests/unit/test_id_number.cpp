#include <doctest/doctest.h>

#include <random>
#include <string>
#include <string_view>

#include "id_number.h"
#include "regions.h"

namespace {

using bx::Date;
using bx::IdStatus;

struct StatusCase {
    std::string_view raw;
    IdStatus status;
    std::string_view id;              // IdCheck::id
    std::string_view damaged_prefix;  // IdCheck::damaged_prefix
};

std::string with_check_char(std::string_view first17) { return std::string(first17) + bx::id_check_char(first17); }

}  // namespace

TEST_CASE("id_check_char matches the standard's examples") {
    CHECK(bx::id_check_char("11010519491231002") == 'X');
    CHECK(bx::id_check_char("44052418800101001") == '4');
    CHECK(bx::id_check_char("14032220150304123") == '1');
    CHECK(bx::id_check_char("14032220160229001") == '4');
}

TEST_CASE("to_string gives the enum names") {
    const std::pair<IdStatus, std::string_view> names[] = {
        {IdStatus::valid, "valid"},           {IdStatus::upgraded, "upgraded"},
        {IdStatus::bad_check, "bad_check"},   {IdStatus::bad_date, "bad_date"},
        {IdStatus::bad_region, "bad_region"}, {IdStatus::excel_damaged, "excel_damaged"},
        {IdStatus::wrong_length, "wrong_length"}, {IdStatus::not_digits, "not_digits"},
        {IdStatus::empty, "empty"},
    };
    for (const auto& [status, name] : names) CHECK(bx::to_string(status) == name);
}

TEST_CASE("normalize_id_text cleans what exports do to IDs") {
    const std::pair<std::string_view, std::string_view> cases[] = {
        {"140322201503041231", "140322201503041231"},
        {"  140322201503041231\t", "140322201503041231"},
        {"140322 20150304 1231", "140322201503041231"},
        {"14032220150304124x", "14032220150304124X"},
        {"'140322201503041231", "140322201503041231"},
        {"\"140322201503041231\"", "140322201503041231"},
        {"=\"140322201503041231\"", "140322201503041231"},
        {"\"'140322201503041231\"", "140322201503041231"},
        {"'140322201503041231'", "140322201503041231"},
        {"\t'14032220150304124x \r\n", "14032220150304124X"},
        // full-width digits and Ｘ
        {"\xEF\xBC\x91\xEF\xBC\x94\xEF\xBC\x90\xEF\xBC\x93\xEF\xBC\x92\xEF\xBC\x92" "20150304124" "\xEF\xBC\xB8",
         "14032220150304124X"},
        {"14032220150304124\xEF\xBD\x98", "14032220150304124X"},  // full-width ｘ
        {"\xE3\x80\x80" "140322201503041231" "\xE3\x80\x80", "140322201503041231"},  // U+3000
        {"140322\xC2\xA0" "201503041231", "140322201503041231"},                      // NBSP
        {"\xEF\xBB\xBF" "140322201503041231", "140322201503041231"},                  // BOM
        {"140322\xE2\x80\x8B" "201503041231", "140322201503041231"},                  // zero-width space
        {"\xE2\x80\x98" "140322201503041231" "\xE2\x80\x99", "140322201503041231"},   // curly quotes
        {"\xEF\xBC\x87" "140322201503041231", "140322201503041231"},                  // full-width apostrophe
        // a zero fraction left by a floating-point column (pandas, report tools)
        {"140322201503041231.0", "140322201503041231"},
        // hyphens between digit groups, ASCII or full-width
        {"140322-20150304-1231", "140322201503041231"},
        {"140322\xEF\xBC\x8D" "20150304\xEF\xBC\x8D" "1231", "140322201503041231"},
        {"140322150304123.00", "140322150304123"},
        {"140322201503041231.5", "140322201503041231.5"},
        {"14032220150304123X.0", "14032220150304123X.0"},
        {"", ""},
        {"  \xE3\x80\x80 ", ""},
        {"'", ""},
        {"身份证", "身份证"},
    };
    for (const auto& [raw, expected] : cases) {
        CAPTURE(raw);
        CHECK(bx::normalize_id_text(raw) == expected);
    }
}

TEST_CASE("check_id classifies each kind of ID text") {
    const StatusCase cases[] = {
        {"140322201503041231", IdStatus::valid, "140322201503041231", ""},
        {"11010519491231002X", IdStatus::valid, "11010519491231002X", ""},
        {"11010519491231002x", IdStatus::valid, "11010519491231002X", ""},
        {"140322201602290014", IdStatus::valid, "140322201602290014", ""},  // leap day
        {"140322201503047000", IdStatus::valid, "140322201503047000", ""},  // real ID ending 000
        {"\xE3\x80\x80'14032220150304124\xEF\xBC\xB8 ", IdStatus::valid, "14032220150304124X", ""},
        {"110105491231002", IdStatus::upgraded, "11010519491231002X", ""},
        {"140322750304123", IdStatus::upgraded, "140322197503041232", ""},
        {"140322201503041232", IdStatus::bad_check, "140322201503041232", ""},
        {"140322201503041321", IdStatus::bad_check, "140322201503041321", ""},  // transposed
        {"14032220150304123X", IdStatus::bad_check, "14032220150304123X", ""},
        {"140322201502291239", IdStatus::bad_date, "140322201502291239", ""},  // 2015-02-29, check right
        {"140322201513041231", IdStatus::bad_date, "140322201513041231", ""},  // month 13
        {"14032218991231123X", IdStatus::bad_date, "14032218991231123X", ""},  // before 1900
        {"440524188001010014", IdStatus::bad_date, "440524188001010014", ""},  // the standard's 1880 example
        {"140322750229123", IdStatus::bad_date, "140322750229123", ""},        // 15 digits, 1975-02-29
        {"99032220150304123X", IdStatus::bad_region, "99032220150304123X", ""},
        {"000000000000000000", IdStatus::bad_region, "000000000000000000", ""},  // Excel drops leading 0s
        {"990322750304123", IdStatus::bad_region, "990322750304123", ""},
        {"1.40322E+17", IdStatus::excel_damaged, "1.40322E+17", "140322"},
        {"1.40322e17", IdStatus::excel_damaged, "1.40322e17", "140322"},
        {"1.40322201503041E+17", IdStatus::excel_damaged, "1.40322201503041E+17", "140322201503041"},
        {"1.4E+5", IdStatus::excel_damaged, "1.4E+5", "14"},
        {"140322201503041000", IdStatus::excel_damaged, "140322201503041000", "140322201503041"},
        {"990322201513041000", IdStatus::excel_damaged, "990322201513041000", "990322201513041"},
        {"14032220150304123", IdStatus::wrong_length, "14032220150304123", ""},
        {"1403222015030412311", IdStatus::wrong_length, "1403222015030412311", ""},
        {"14032275030412X", IdStatus::wrong_length, "14032275030412X", ""},
        {"1234", IdStatus::wrong_length, "1234", ""},
        {"1403222015030412X1", IdStatus::not_digits, "1403222015030412X1", ""},
        {"G140322201503041231", IdStatus::not_digits, "G140322201503041231", ""},
        {"L2015123", IdStatus::not_digits, "L2015123", ""},
        {"无", IdStatus::not_digits, "无", ""},
        {"E+17", IdStatus::not_digits, "E+17", ""},
        {"140322-20150304-1231", IdStatus::valid, "140322201503041231", ""},  // hyphens between groups
        {"140322_20150304_1231", IdStatus::not_digits, "140322_20150304_1231", ""},
        {"", IdStatus::empty, "", ""},
        {" \xE3\x80\x80 ", IdStatus::empty, "", ""},
    };
    for (const auto& c : cases) {
        CAPTURE(c.raw);
        const bx::IdCheck result = bx::check_id(c.raw);
        CHECK(bx::to_string(result.status) == bx::to_string(c.status));
        CHECK(result.id == c.id);
        CHECK(result.damaged_prefix == c.damaged_prefix);
        CHECK(result.usable() == (c.status == IdStatus::valid || c.status == IdStatus::upgraded));
    }
}

TEST_CASE("check_id with a reference day rejects births after it") {
    bx::IdCheckOptions options;
    options.reference_day = Date(2021, 9, 1);
    CHECK(bx::check_id("140322203001011234").status == IdStatus::valid);
    CHECK(bx::check_id("140322203001011234", options).status == IdStatus::bad_date);
    const std::string born_on_day = with_check_char("14032220210901123");
    const std::string born_day_after = with_check_char("14032220210902123");
    CHECK(bx::check_id(born_on_day, options).status == IdStatus::valid);
    CHECK(bx::check_id(born_day_after, options).status == IdStatus::bad_date);
}

TEST_CASE("check_id with a region table: retired codes count, unknown codes do not") {
    bx::RegionTable regions;
    regions.add("140322", "盂县", 1983, 0);
    regions.add("110103", "崇文区", 1981, 2010);  // retired
    bx::IdCheckOptions options;
    options.regions = &regions;

    CHECK(bx::check_id("140322201503041231", options).status == IdStatus::valid);
    CHECK(bx::check_id(with_check_char("11010320050101123"), options).status == IdStatus::valid);
    // A real province, but a county code the table never had.
    const std::string unknown_county = with_check_char("14039920150304123");
    CHECK(bx::check_id(unknown_county).status == IdStatus::valid);
    CHECK(bx::check_id(unknown_county, options).status == IdStatus::bad_region);
    // Residence permits of Hong Kong, Macau and Taiwan residents.
    CHECK(bx::check_id(with_check_char("83000020100101123"), options).status == IdStatus::valid);
    CHECK(bx::check_id(with_check_char("81000020100101123"), options).status == IdStatus::valid);
}

TEST_CASE("province codes") {
    for (std::string_view province : {"11", "15", "21", "23", "31", "37", "41", "46", "50", "54", "61", "65", "71", "81",
                                      "82", "83"}) {
        CAPTURE(province);
        CHECK(bx::check_id(with_check_char(std::string(province) + "032220150304123")).status == IdStatus::valid);
    }
    for (std::string_view other : {"10", "16", "20", "24", "30", "38", "40", "47", "49", "55", "60", "66", "70", "72",
                                   "80", "84", "90"}) {
        CAPTURE(other);
        CHECK(bx::check_id(with_check_char(std::string(other) + "032220150304123")).status == IdStatus::bad_region);
    }
}

TEST_CASE("property: every single substitution and adjacent transposition of a correct ID fails") {
    const std::string_view regions[] = {"140322", "140302", "110101", "440305", "650102", "810000"};
    std::mt19937 random(20240901);
    std::uniform_int_distribution<size_t> pick_region(0, std::size(regions) - 1);
    std::uniform_int_distribution<int> pick_day(0, 365 * 110);
    std::uniform_int_distribution<int> pick_sequence(0, 999);

    int mutations = 0;
    for (int n = 0; n < 1000; ++n) {
        const Date birth = Date(1910, 1, 1) + boost::gregorian::days(pick_day(random));
        const std::string first17 = std::string(regions[pick_region(random)]) + bx::to_iso(birth).substr(0, 4) +
                                    bx::to_iso(birth).substr(5, 2) + bx::to_iso(birth).substr(8, 2) +
                                    std::to_string(1000 + pick_sequence(random)).substr(1);
        const std::string id = with_check_char(first17);
        CAPTURE(id);
        REQUIRE(bx::check_id(id).status == IdStatus::valid);
        CHECK(bx::id_birth_date(id) == birth);

        for (size_t position = 0; position < 18; ++position) {
            for (char replacement : std::string_view("0123456789X")) {
                if (replacement == id[position] || (replacement == 'X' && position != 17)) continue;
                std::string typo = id;
                typo[position] = replacement;
                CAPTURE(typo);
                CHECK(bx::id_check_char(std::string_view(typo).substr(0, 17)) != typo[17]);
                CHECK(bx::check_id(typo).status != IdStatus::valid);
                CHECK(bx::ids_one_edit_apart(id, typo));
                ++mutations;
            }
        }
        for (size_t position = 0; position + 1 < 18; ++position) {
            if (id[position] == id[position + 1]) continue;
            std::string swapped = id;
            std::swap(swapped[position], swapped[position + 1]);
            CAPTURE(swapped);
            if (swapped[16] != 'X') CHECK(bx::id_check_char(std::string_view(swapped).substr(0, 17)) != swapped[17]);
            CHECK(bx::check_id(swapped).status != IdStatus::valid);
            CHECK(bx::ids_one_edit_apart(id, swapped));
            ++mutations;
        }
    }
    CHECK(mutations > 150000);
}

TEST_CASE("id_birth_date and id_sex") {
    CHECK(bx::id_birth_date("11010519491231002X") == Date(1949, 12, 31));
    CHECK(bx::id_birth_date("140322201602290014") == Date(2016, 2, 29));
    CHECK_FALSE(bx::id_birth_date("140322201502291239"));
    CHECK_FALSE(bx::id_birth_date("110105491231002"));
    CHECK_FALSE(bx::id_birth_date("1403222015030412X1"));

    CHECK(bx::id_sex("140322201503041231") == bx::Sex::male);    // sequence 123
    CHECK(bx::id_sex("14032220150304124X") == bx::Sex::female);  // sequence 124
    CHECK(bx::id_sex("11010519491231002X") == bx::Sex::female);
    CHECK(bx::id_sex("140322201503041418") == bx::Sex::male);
    CHECK(bx::id_sex("short") == bx::Sex::unknown);
}

TEST_CASE("pack_id and unpack_id round-trip") {
    for (std::string_view id : {"11010519491231002X", "140322201503041231", "810000201001011235", "000000000000000010",
                                "99999999999999999X", "140322201503041232"}) {
        CAPTURE(id);
        const uint64_t packed = bx::pack_id(id);
        CHECK(packed != 0);
        CHECK(bx::unpack_id(packed) == id);
    }
    CHECK(bx::pack_id("11010519491231002X") != bx::pack_id("110105194912310021"));
    CHECK(bx::pack_id("110105491231002") == 0);
    CHECK(bx::pack_id("1101051949123100XX") == 0);
    CHECK(bx::pack_id("") == 0);
}

TEST_CASE("a packed ID's character values and leading digits match its text") {
    std::mt19937_64 rng(17);
    std::uniform_int_distribution<int> digit(0, 9), check(0, 10);
    for (int round = 0; round < 2000; ++round) {
        std::string id;
        for (int i = 0; i < 17; ++i) id += static_cast<char>('0' + digit(rng));
        const int check_value = check(rng);
        id += check_value == 10 ? 'X' : static_cast<char>('0' + check_value);
        CAPTURE(id);
        const uint64_t packed = bx::pack_id(id);
        const auto values = bx::unpack_id_values(packed);
        for (size_t i = 0; i < 18; ++i) CHECK(values[i] == (id[i] == 'X' ? 10 : id[i] - '0'));
        for (int count = 1; count <= 17; ++count) CHECK(bx::id_leading_digits(packed, count) == std::stoull(id.substr(0, static_cast<size_t>(count))));
    }
}

TEST_CASE("ids_one_edit_apart") {
    const std::string_view id = "140322201503041231";
    CHECK(bx::ids_one_edit_apart(id, "140322201503041232"));   // substitution
    CHECK(bx::ids_one_edit_apart(id, "140322201503041321"));   // adjacent swap
    CHECK(bx::ids_one_edit_apart(id, "410322201503041231"));   // swap at the start
    CHECK(bx::ids_one_edit_apart(id, "140322201503041213"));   // swap with the check character
    CHECK_FALSE(bx::ids_one_edit_apart(id, id));                // identical
    CHECK_FALSE(bx::ids_one_edit_apart(id, "140322201503041222"));  // two substitutions
    CHECK_FALSE(bx::ids_one_edit_apart(id, "140322201503043211"));  // swap of non-adjacent characters
    CHECK_FALSE(bx::ids_one_edit_apart(id, "240322201503041232"));  // two apart
    CHECK_FALSE(bx::ids_one_edit_apart(id, "14032220150304123"));   // different length
}

TEST_CASE("mask_student_number masks the ID inside a G number and keeps the letter") {
    CHECK(bx::mask_student_number("G140302201904136471") == "G140302********6471");
    CHECK(bx::mask_student_number("g14030220190413647X") == "g140302********647X");
    CHECK(bx::mask_student_number("L140302201910260637") == "L140302********0637");
    CHECK(bx::mask_student_number("140302201904136471") == "140302********6471");
    CHECK(bx::mask_student_number("G") == "G");
    CHECK(bx::mask_student_number("") == "");
}

TEST_CASE("mask_id keeps the first 6 and last 4 characters") {
    CHECK(bx::mask_id("140322201503041234") == "140322********1234");
    CHECK(bx::mask_id("11010519491231002X") == "110105********002X");
    CHECK(bx::mask_id("110105491231002") == "110105*****1002");
    CHECK(bx::mask_id("1.40322E+17") == "1.4032*E+17");
    CHECK(bx::mask_id("1234567890") == "**********");
    CHECK(bx::mask_id("") == "");
    CHECK(bx::mask_id("身份证号码") == "*****");
    CHECK(bx::mask_id("身份证号码未填写的儿童") == "身份证号码未*写的儿童");
}
