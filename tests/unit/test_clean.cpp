#include "clean.h"

#include <doctest/doctest.h>

#include <string>
#include <vector>

#include "errors.h"
#include "idcheck.h"
#include "person.h"

namespace {

std::vector<std::string> output_names(const bx::CleanLayout& layout) {
    std::vector<std::string> names;
    for (const auto& column : layout.columns) names.push_back(column.name);
    return names;
}

constexpr uint16_t bit(bx::PersonIssue issue) { return static_cast<uint16_t>(issue); }

}  // namespace

TEST_CASE("plan_clean_layout: canonical columns appended, colliding ones kept as NAME_raw") {
    struct Case {
        std::vector<std::string> header;
        std::vector<std::string> expected;
    };
    const Case cases[] = {
        {{"公民身份号码", "姓名", "出生日期"},
         {"公民身份号码", "姓名", "出生日期", "id", "id_status", "birth", "sex", "name_norm", "name_pinyin", "issues"}},
        // bx-convert --canonical output: the originals keep their values under NAME_raw.
        {{"id", "name", "birth", "reason"},
         {"id_raw", "name", "birth_raw", "reason", "id", "id_status", "birth", "sex", "name_norm", "name_pinyin",
          "issues"}},
        // An unrelated `issues` column is kept too.
        {{"身份证号", "issues"},
         {"身份证号", "issues_raw", "id", "id_status", "birth", "sex", "name_norm", "name_pinyin", "issues"}},
        // A file bx-clean wrote: its columns are replaced in place, nothing appended.
        {{"id_raw", "name", "id", "id_status", "birth", "sex", "name_norm", "name_pinyin", "issues"},
         {"id_raw", "name", "id", "id_status", "birth", "sex", "name_norm", "name_pinyin", "issues"}},
    };
    for (const Case& c : cases) {
        CAPTURE(c.header.front());
        CHECK(output_names(bx::plan_clean_layout(c.header, {}, "f.csv", 1)) == c.expected);
    }
}

TEST_CASE("plan_clean_layout: a cleaned file is read from its original columns") {
    const std::vector<std::string> cleaned = {"id_raw", "name", "birth_raw", "id",          "id_status",
                                              "birth",  "sex",  "name_norm", "name_pinyin", "issues"};
    const auto layout = bx::plan_clean_layout(cleaned, {}, "f.csv", 1);
    CHECK(layout.overrides.at("id") == "id_raw");
    CHECK(layout.overrides.at("birth") == "birth_raw");
    CHECK(layout.overrides.at("sex") == "sex_raw");  // derived from the ID: no column at all
    const bx::ColumnMap columns(cleaned, layout.overrides, "f.csv");
    CHECK(columns.find("id") == 0u);
    CHECK(columns.find("birth") == 2u);
    CHECK_FALSE(columns.has("sex"));

    // --col wins over the redirection.
    const auto forced = bx::plan_clean_layout(cleaned, {{"id", "id"}}, "f.csv", 1);
    CHECK(forced.overrides.at("id") == "id");
}

TEST_CASE("plan_clean_layout: an output name that would repeat is an error") {
    CHECK_THROWS_AS(bx::plan_clean_layout({"id", "id_raw"}, {}, "f.csv", 1), bx::DataError);
}

TEST_CASE("clean_values") {
    bx::Person person;
    person.id_status = bx::IdStatus::valid;
    person.id = "140322201503041231";
    person.birth = bx::Date(2015, 3, 4);
    person.sex = bx::Sex::male;
    person.name = "王小明";
    person.pinyin = "wangxiaoming";
    person.issues = bit(bx::PersonIssue::sex_mismatch_id) | bit(bx::PersonIssue::birth_mismatch_id);
    bx::CleanValues values;
    bx::clean_values(person, values);
    CHECK(values == bx::CleanValues{"140322201503041231", "valid", "2015-03-04", "M", "王小明", "wangxiaoming",
                                    "birth_mismatch_id;sex_mismatch_id"});

    // An unusable ID leaves `id` empty; month precision prints as YYYY-MM; values are reused.
    person.id_status = bx::IdStatus::bad_check;
    person.birth_month_only = true;
    person.sex = bx::Sex::female;
    person.issues = bit(bx::PersonIssue::id_bad_check);
    bx::clean_values(person, values);
    CHECK(values == bx::CleanValues{"", "bad_check", "2015-03", "F", "王小明", "wangxiaoming", "id_bad_check"});
}

TEST_CASE("reject_reason: no usable ID and no name or no birth date") {
    struct Case {
        bx::IdStatus status;
        bool named;
        bool born;
        uint16_t birth_issue;
        std::string expected;
    };
    const Case cases[] = {
        {bx::IdStatus::valid, false, false, 0, ""},  // the ID alone identifies
        {bx::IdStatus::upgraded, false, false, 0, ""},
        {bx::IdStatus::bad_check, true, true, 0, ""},  // name and birth still match
        {bx::IdStatus::empty, true, true, 0, ""},
        {bx::IdStatus::empty, false, false, 0, "id_missing;name_missing;birth_missing"},
        {bx::IdStatus::empty, true, false, bit(bx::PersonIssue::birth_unparsed), "id_missing;birth_unparsed"},
        {bx::IdStatus::excel_damaged, false, true, 0, "id_excel_damaged;name_missing"},
        {bx::IdStatus::bad_date, true, false, 0, "id_bad_date;birth_missing"},
    };
    for (const Case& c : cases) {
        CAPTURE(c.expected);
        bx::Person person;
        person.id_status = c.status;
        const auto id_issue = [&]() -> uint16_t {
            switch (c.status) {
                case bx::IdStatus::empty: return bit(bx::PersonIssue::id_missing);
                case bx::IdStatus::excel_damaged: return bit(bx::PersonIssue::id_excel_damaged);
                case bx::IdStatus::bad_date: return bit(bx::PersonIssue::id_bad_date);
                case bx::IdStatus::bad_check: return bit(bx::PersonIssue::id_bad_check);
                case bx::IdStatus::upgraded: return bit(bx::PersonIssue::id_upgraded);
                default: return 0;
            }
        };
        person.issues = static_cast<uint16_t>(id_issue() | c.birth_issue);
        if (c.named) person.name = "王小明";
        if (c.born) person.birth = bx::Date(2015, 3, 4);
        CHECK(bx::reject_reason(person) == c.expected);
    }
}

TEST_CASE("CleanCounts::issue_counts lists the codes found, in PersonIssue order") {
    bx::CleanCounts counts;
    counts.rows_with_issue[11] = 2;  // sex_mismatch_id
    counts.rows_with_issue[0] = 5;   // id_bad_check
    const std::vector<std::pair<std::string_view, long>> expected = {{"id_bad_check", 5}, {"sex_mismatch_id", 2}};
    CHECK(counts.issue_counts() == expected);
}

TEST_CASE("judge_id: valid, fixed with a certain correction, or invalid") {
    struct Case {
        std::string_view raw;
        bx::IdVerdict verdict;
        bx::IdStatus status;
        std::string_view corrected;
    };
    const Case cases[] = {
        {"140322201503041231", bx::IdVerdict::valid, bx::IdStatus::valid, "140322201503041231"},
        {"１４０３２２２０１５０３０４１２３１", bx::IdVerdict::fixed, bx::IdStatus::valid, "140322201503041231"},
        {"140322\u30002015 0304 1231", bx::IdVerdict::fixed, bx::IdStatus::valid, "140322201503041231"},
        {"'140322201503041231", bx::IdVerdict::fixed, bx::IdStatus::valid, "140322201503041231"},
        {"14032220150601006x", bx::IdVerdict::fixed, bx::IdStatus::valid, "14032220150601006X"},
        {"140322500101123", bx::IdVerdict::fixed, bx::IdStatus::upgraded, "140322195001011237"},
        {"140322201503041232", bx::IdVerdict::invalid, bx::IdStatus::bad_check, ""},  // never guessed
        {"1.40322E+17", bx::IdVerdict::invalid, bx::IdStatus::excel_damaged, ""},
        {"140322201513041234", bx::IdVerdict::invalid, bx::IdStatus::bad_date, ""},
        {"14032220150304", bx::IdVerdict::invalid, bx::IdStatus::wrong_length, ""},
        {"L140322201503041231", bx::IdVerdict::invalid, bx::IdStatus::not_digits, ""},
        {"", bx::IdVerdict::invalid, bx::IdStatus::empty, ""},
    };
    for (const Case& c : cases) {
        CAPTURE(c.raw);
        const bx::IdJudgement judgement = bx::judge_id(c.raw, {});
        CHECK(judgement.verdict == c.verdict);
        CHECK(judgement.status == c.status);
        CHECK(judgement.corrected == c.corrected);
    }
}

TEST_CASE("normalize_phone keeps the last 11 digits, without a float column's zero fraction") {
    CHECK(bx::normalize_phone("159-0125-5419") == "15901255419");
    CHECK(bx::normalize_phone("+86 159 0125 5419") == "15901255419");
    CHECK(bx::normalize_phone("15901255419.0") == "15901255419");
    CHECK(bx::normalize_phone(" 15901255419.00 ") == "15901255419");
    CHECK(bx::normalize_phone("0353-1234567") == "03531234567");
    CHECK(bx::normalize_phone("") == "");
}
