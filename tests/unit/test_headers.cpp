// Header rows as real exports have them: qualifiers in brackets, title lines above the header,
// repeated names, and messages that name no personal data when the header is not one.
#include <doctest/doctest.h>

#include "column_plan.h"
#include "csv_reader.h"
#include "errors.h"
#include "fields.h"
#include "read_back.h"
#include "record_fetch.h"
#include "temp_dir.h"

namespace {

using bx::test::TempDir;

// The message of the DataError `action` throws, with its line; "no error" when it throws none.
template <typename Action>
std::string error_of(Action action) {
    try {
        action();
    } catch (const bx::DataError& error) {
        return std::to_string(error.line()) + ": " + error.what();
    }
    return "no error";
}

bool contains(const std::string& text, std::string_view part) { return text.find(part) != std::string::npos; }

}  // namespace

TEST_CASE("a trailing qualifier in brackets is dropped when no alias matches exactly") {
    CHECK(bx::field_of_header("出生日期（年月日）") == "birth");
    CHECK(bx::field_of_header("出生日期(yyyymmdd)") == "birth");
    CHECK(bx::field_of_header("身份证号(18位)") == "id");
    CHECK(bx::field_of_header("身份证号码（18位）") == "id");
    CHECK(bx::field_of_header("性别（男/女）") == "sex");
    CHECK(bx::field_of_header("联系电话（手机）") == "phone");
    CHECK(bx::field_of_header("*身份证号【必填】(18位)") == "id");
    // Exact aliases that hold brackets stay what they are.
    CHECK(bx::field_of_header("乡镇（街道）") == "township");
    CHECK(bx::field_of_header("县(市、区)") == "county");
    CHECK(bx::field_of_header("镇（乡）") == "township");
    CHECK(bx::field_of_header("村(居)委会") == "village");
    // Nothing but a qualifier, or an unknown word before it, is no field.
    CHECK(bx::field_of_header("(18位)").empty());
    CHECK(bx::field_of_header("张建国(父)").empty());
    CHECK(bx::field_of_header("备注").empty());
}

TEST_CASE("new aliases from real exports") {
    for (const auto& [header, field] : std::initializer_list<std::pair<std::string_view, std::string_view>>{
             {"所在乡镇", "township"}, {"所在村", "village"}, {"户口簿号", "household"}, {"所在学校", "school"},
             {"ID Number", "id"}, {"Date of Birth", "birth"}, {"监护人1", "guardian"}}) {
        CAPTURE(header);
        CHECK(bx::field_of_header(header) == field);
    }
}

TEST_CASE("every alias of the table is its own field's") {
    for (const auto& entry : bx::field_table()) {
        for (auto alias : entry.aliases) {
            CAPTURE(alias);
            CHECK(bx::field_of_header(alias) == entry.field);
        }
    }
}

TEST_CASE("ColumnMap: an exact alias beats a qualified one, then the alias listed first") {
    const std::vector<std::string> header{"证件号码(18位)", "身份证号", "出生日期（年月日）", "手机", "联系电话（手机）"};
    const bx::ColumnMap columns(header, {}, "x.csv");
    CHECK(columns.find("id") == 1u);
    CHECK(columns.find("birth") == 2u);
    CHECK(columns.find("phone") == 3u);  // exact 手机 before 联系电话（手机）, though 联系电话 is listed first
}

TEST_CASE("ColumnMap::others: the columns that answer for a field less well than the chosen one") {
    const std::vector<std::string> header{"姓名", "在校状态", "学籍状态", "是否在校", "状态"};
    const bx::ColumnMap columns(header, {}, "ros.csv");
    CHECK(columns.find("status") == 2u);
    CHECK(columns.others("status") == std::vector<size_t>{1, 4});
    CHECK(columns.find("attendance") == 3u);
    CHECK(columns.others("attendance").empty());
    CHECK(columns.others("id").empty());
    // A column named by --col is the field's only one.
    const auto chosen = bx::parse_column_overrides({"status=在校状态"});
    CHECK(bx::ColumnMap(header, chosen, "ros.csv").find("status") == 1u);
    CHECK(bx::ColumnMap(header, chosen, "ros.csv").others("status").empty());
}

TEST_CASE("duplicate headers are an error only for a field a tool reads") {
    const std::vector<std::string> header{"姓名", "备注", "联系电话", "身份证号", "联系电话", "备注"};
    const bx::ColumnMap columns(header, {}, "ros.csv", 3);
    CHECK(columns.require("name") == 0u);
    CHECK(columns.require("id") == 3u);
    CHECK(error_of([&] { columns.find("phone"); }) ==
          "3: duplicate header '联系电话' in columns 3 and 5: either could be field 'phone'; rename one of them");
    // Two qualified headers answer equally well: --col chooses.
    const std::vector<std::string> parents{"姓名", "联系电话(父)", "联系电话(母)"};
    CHECK(error_of([&] { bx::ColumnMap(parents, {}, "p.csv").require("phone"); }) ==
          "1: columns 2 ('联系电话(父)') and 3 ('联系电话(母)') both read as field 'phone'; choose one with "
          "--col phone=HEADER");
    const auto chosen = bx::parse_column_overrides({"phone=联系电话(母)"});
    CHECK(bx::ColumnMap(parents, chosen, "p.csv").require("phone") == 2u);
    // --col naming a header that repeats is as ambiguous.
    const auto doubled = bx::parse_column_overrides({"reason=备注"});
    CHECK(contains(error_of([&] { bx::ColumnMap(header, doubled, "ros.csv").find("reason"); }),
                   "duplicate header '备注' in columns 2 and 6"));
}

TEST_CASE("plan_columns passes duplicates through unless --select names one") {
    const std::vector<std::string> header{"姓名", "备注", "备注"};
    const bx::ColumnMap columns(header, {}, "x.csv");
    const auto all = bx::plan_columns(header, columns, {}, "x.csv");
    CHECK(all.names == header);
    CHECK(bx::plan_columns(header, columns, {{"name"}, {}, true}, "x.csv").names == std::vector<std::string>{"name"});
    CHECK(error_of([&] { bx::plan_columns(header, columns, {{"备注"}, {}, false}, "x.csv"); }) ==
          "1: duplicate header '备注' in columns 2 and 3; rename one of them");
}

TEST_CASE("plan_columns refuses a name it gives that another column has, but keeps input repeats") {
    const std::vector<std::string> two_ids{"身份证号", "公民身份号码", "姓名", "性别"};
    const bx::ColumnMap columns(two_ids, {}, "x.csv");
    CHECK(error_of([&] { bx::plan_columns(two_ids, columns, {{}, {}, true}, "x.csv"); }) ==
          "1: --canonical: columns 1 ('身份证号') and 2 ('公民身份号码') would both be named 'id'; keep one with --select");
    CHECK(bx::plan_columns(two_ids, columns, {{"id", "name"}, {}, true}, "x.csv").names == std::vector<std::string>{"id", "name"});
    CHECK_THROWS_AS(bx::plan_columns(two_ids, columns, {{}, {"姓名=性别"}, false}, "x.csv"), bx::UsageError);
    CHECK_THROWS_AS(bx::plan_columns(two_ids, columns, {{}, {"姓名=a", "a=身份证号"}, false}, "x.csv"), bx::UsageError);
    const std::vector<std::string> phones{"姓名", "联系电话", "联系电话", "备注", "备注"};
    const bx::ColumnMap phone_columns(phones, {}, "y.csv");
    CHECK(bx::plan_columns(phones, phone_columns, {{}, {"备注=note"}, true}, "y.csv").names ==
          std::vector<std::string>{"name", "phone", "phone", "note", "note"});
}

TEST_CASE("merge_header: shared names share a column, repeats within a file keep their own") {
    std::vector<std::string> names;
    const std::vector<std::string> first = {"姓名", "备注", "身份证号", "备注"};
    CHECK(bx::merge_header(first, names) == std::vector<size_t>{0, 1, 2, 3});
    CHECK(names == std::vector<std::string>{"姓名", "备注", "身份证号", "备注"});
    const std::vector<std::string> second = {"备注", "户号", "姓名"};
    CHECK(bx::merge_header(second, names) == std::vector<size_t>{1, 4, 0});
    const std::vector<std::string> third = {"备注", "备注", "备注"};
    CHECK(bx::merge_header(third, names) == std::vector<size_t>{1, 3, 5});
    CHECK(names == std::vector<std::string>{"姓名", "备注", "身份证号", "备注", "户号", "备注"});
}

TEST_CASE("messages about a header carry no cell that is not a known header name") {
    // No header row: line 1 is a child's record.
    const std::vector<std::string> row{"盂县第一小学", "张晓明", "1", "20150304", "140322201503040216", "张建国", "13912340001"};
    const std::string missing = error_of([&] { bx::ColumnMap(row, {}, "ros.csv").require("id"); });
    CHECK(contains(missing, "no cell of line 1 is a known header (is line 1 a header row?)"));
    for (const auto& cell : row) {
        CAPTURE(cell);
        if (cell.size() > 1) CHECK_FALSE(contains(missing, cell));  // "1" is in "line 1"
    }
    // The same cell twice is no duplicate to report while no tool reads it as a field.
    const std::vector<std::string> twice{"张建国", "1", "张建国", "13912340001"};
    CHECK_FALSE(bx::ColumnMap(twice, {}, "ros.csv").has("name"));
    CHECK(bx::plan_columns(twice, bx::ColumnMap(twice, {}, "ros.csv"), {}, "ros.csv").names == twice);
    CHECK(bx::describe_header({"姓名", "张建国", "13912340001"}, 2) == "headers recognised: 姓名; 2 other columns");
}

TEST_CASE("title lines above the header are skipped, line numbers stay physical") {
    TempDir dir;
    const auto path = dir.write("titled.csv",
                                "某县2026年户籍人口名单,,,\n"
                                "\n"
                                "填报日期：2026年9月1日,,,\n"
                                "姓名,身份证号,性别,备注\n"
                                "张三,1,男,\n"
                                "李四,2,女,x\n");
    bx::CsvReader reader(path);
    CHECK(reader.header() == std::vector<std::string>{"姓名", "身份证号", "性别", "备注"});
    CHECK(reader.header_line() == 4);
    CHECK(reader.title_lines() == 2);
    REQUIRE(reader.next());
    CHECK(reader.row() == 1);
    CHECK(reader.line() == 5);
    CHECK(reader.field(0) == "张三");
    REQUIRE(reader.next());
    CHECK(reader.line() == 6);
    CHECK_FALSE(reader.next());

    const bx::ColumnMap columns(reader.header(), {}, reader.file(), reader.header_line());
    CHECK(error_of([&] { columns.require("birth"); }).starts_with("4: no column for field 'birth'"));

    // A row that breaks the rules names its physical line.
    const auto ragged = dir.write("ragged.csv", "名单\n姓名,身份证号\n张三,1\n李四,2,3\n");
    CHECK(error_of([&] {
              bx::CsvReader r(ragged);
              while (r.next()) {
              }
          }) == "4: row has 3 fields but the header has 2");
}

TEST_CASE("a line naming known fields is the header below titles of several cells") {
    TempDir dir;
    bx::CsvReadOptions options;
    options.known_header = bx::names_known_fields;
    // A title filling two cells, then a merged group row above the real header.
    const auto path = dir.write("titled.csv",
                                "填报单位：盂县教育局,,填报日期：2026年9月1日,\n"
                                "基本信息,,学籍信息,\n"
                                "姓名,身份证件号,学籍状态,备注\n"
                                "张三,1,在读,\n");
    bx::CsvReader reader(path, options);
    CHECK(reader.header() == std::vector<std::string>{"姓名", "身份证件号", "学籍状态", "备注"});
    CHECK(reader.header_line() == 3);
    CHECK(reader.title_lines() == 2);
    REQUIRE(reader.next());
    CHECK(reader.line() == 4);
    CHECK(reader.field(0) == "张三");
    CHECK_FALSE(reader.next());

    // A header of names no alias knows keeps the rule of the first wide line, and the lines read
    // while looking are its rows.
    const auto plain = dir.write("plain.csv", "a,b\n1,2\n3,4\n5,6\n7,8\n9,10\n11,12\n13,14\n");
    bx::CsvReader other(plain, options);
    CHECK(other.header() == std::vector<std::string>{"a", "b"});
    CHECK(other.title_lines() == 0);
    std::vector<std::string> firsts;
    while (other.next()) firsts.emplace_back(other.field(0));
    CHECK(firsts == std::vector<std::string>{"1", "3", "5", "7", "9", "11", "13"});
    CHECK(other.row() == 7);

    CHECK(bx::names_known_fields({"姓名", "身份证号", "x"}));
    CHECK_FALSE(bx::names_known_fields({"填报单位：盂县教育局", "", "填报日期：2026年9月1日"}));
    CHECK_FALSE(bx::names_known_fields({"张三", "140322201503041231", "男"}));
}

TEST_CASE("a one-column file keeps its header and first rows") {
    TempDir dir;
    const auto path = dir.write("ids.csv", "身份证号\n1\n\n2\n3\n");
    const auto read = bx::test::read_noting_checkpoints(path);
    CHECK(read.rows == std::vector<std::vector<std::string>>{{"1"}, {"2"}, {"3"}});
    bx::CsvReader reader(path);
    CHECK(reader.title_lines() == 0);
    CHECK(reader.header_line() == 1);
    REQUIRE(reader.next());
    CHECK(reader.line() == 2);
    REQUIRE(reader.next());
    CHECK(reader.line() == 4);
    // Header-only and empty one-column files fail as before.
    bx::CsvReader alone(dir.write("alone.csv", "身份证号\n"));
    CHECK(error_of([&] { alone.next(); }) == "2: no data rows after the header (use --lenient to accept an empty list)");
    // Six title-like lines: too many to be titles, so the first is the header.
    bx::CsvReader narrow(dir.write("narrow.csv", "a\n1\n2\n3\n4\n5\n6,7\n"));
    CHECK(narrow.header() == std::vector<std::string>{"a"});
}

TEST_CASE("RecordFetcher reads rows back by number below a title line") {
    std::string text = "\xEF\xBB\xBF某县2026年户籍人口名单,,\r\n身份证号,姓名,备注\r\n";
    for (int i = 1; i <= 40; ++i) text += std::to_string(i) + ",n" + std::to_string(i) + (i % 5 == 0 ? ",\"a\r\nb\"\r\n" : ",x\r\n");
    TempDir dir;
    const auto path = dir.write("reg.csv", text);
    const auto read = bx::test::read_noting_checkpoints(path);
    REQUIRE(read.rows.size() == 40);
    bx::RecordFetcher fetcher(path, "reg.csv", read.checkpoints, 3, {});
    for (uint32_t row : {1u, 2u, 5u, 16u, 17u, 33u, 40u}) {
        CAPTURE(row);
        CHECK(bx::test::strings(fetcher.fetch(row)) == read.rows[row - 1]);
        CHECK(read.rows[row - 1][0] == std::to_string(row));
    }
}
