#include "sex.h"

#include <doctest/doctest.h>

#include <string_view>

TEST_CASE("parse_sex") {
    struct Case {
        std::string_view text;
        bx::Sex expected;
    };
    const Case cases[] = {
        {"男", bx::Sex::male},       {"女", bx::Sex::female},
        {"男性", bx::Sex::male},     {"女性", bx::Sex::female},
        {"男生", bx::Sex::male},     {"女生", bx::Sex::female},  // rosters
        {"1", bx::Sex::male},        {"2", bx::Sex::female},
        {"M", bx::Sex::male},        {"F", bx::Sex::female},
        {"m", bx::Sex::male},        {"f", bx::Sex::female},
        {"male", bx::Sex::male},     {"female", bx::Sex::female},
        {"Male", bx::Sex::male},     {"FEMALE", bx::Sex::female},
        {"１", bx::Sex::male},       {"２", bx::Sex::female},    // full-width digits
        {"1.0", bx::Sex::male},      {"2.0", bx::Sex::female},   // a float column's codes
        {"Ｍ", bx::Sex::male},       {"ｆ", bx::Sex::female},    // full-width letters
        {"Ｆｅｍａｌｅ", bx::Sex::female},
        {" 男 ", bx::Sex::male},     {"\u3000女", bx::Sex::female},
        {"0", bx::Sex::unknown},     {"9", bx::Sex::unknown},    // GB/T 2261.1 unknown codes
        {"未知", bx::Sex::unknown},  {"", bx::Sex::unknown},
        {"  ", bx::Sex::unknown},    {"男女", bx::Sex::unknown},
        {"3", bx::Sex::unknown},     {"12", bx::Sex::unknown},
        {"1.5", bx::Sex::unknown},   {".0", bx::Sex::unknown},
        {"X", bx::Sex::unknown},     {"\xFF", bx::Sex::unknown},
    };
    for (const Case& c : cases) {
        CAPTURE(c.text);
        CHECK(bx::parse_sex(c.text) == c.expected);
    }
}

TEST_CASE("Sex to text") {
    CHECK(bx::to_string(bx::Sex::male) == "M");
    CHECK(bx::to_string(bx::Sex::female) == "F");
    CHECK(bx::to_string(bx::Sex::unknown) == "");
    CHECK(bx::to_chinese(bx::Sex::male) == "男");
    CHECK(bx::to_chinese(bx::Sex::female) == "女");
    CHECK(bx::to_chinese(bx::Sex::unknown) == "");
    for (bx::Sex sex : {bx::Sex::male, bx::Sex::female}) {
        CHECK(bx::parse_sex(bx::to_string(sex)) == sex);
        CHECK(bx::parse_sex(bx::to_chinese(sex)) == sex);
    }
}
