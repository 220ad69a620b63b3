#include <doctest/doctest.h>

#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <string>

#include "errors.h"
#include "regions.h"

namespace {

// A scratch CSV file, removed when the test ends. Test cases may run as parallel processes.
class TempCsv {
public:
    explicit TempCsv(const std::string& content)
        : path_(std::filesystem::temp_directory_path() /
                ("bx-regions-test-" + std::to_string(::getpid()) + "-" + std::to_string(++count_) + ".csv")) {
        std::ofstream(path_, std::ios::binary) << content;
    }
    ~TempCsv() { std::filesystem::remove(path_); }
    std::string path() const { return path_.string(); }

private:
    static inline int count_ = 0;
    std::filesystem::path path_;
};

}  // namespace

TEST_CASE("RegionTable built in memory") {
    bx::RegionTable table;
    CHECK(table.size() == 0);
    table.add("120110", "东郊区", 1981, 1992);
    table.add("120110", "东丽区", 1992, 0);
    table.add("140322", "盂县", 1983, 0);
    CHECK(table.size() == 2);

    CHECK(table.has("120110"));
    CHECK(table.has("140322"));
    CHECK_FALSE(table.has("140399"));
    CHECK_FALSE(table.has("14032"));
    CHECK_FALSE(table.has("14032X"));
    CHECK_FALSE(table.has(""));

    CHECK(table.name("120110") == "东丽区");  // the most recent name
    CHECK(table.name("140322") == "盂县");
    CHECK(table.name("140399").empty());

    const auto periods = table.periods("120110");
    REQUIRE(periods.size() == 2);
    CHECK(periods[0].name == "东郊区");
    CHECK(periods[0].start_year == 1981);
    CHECK(periods[0].end_year == 1992);
    CHECK(periods[1].end_year == 0);
    CHECK(table.periods("999999").empty());

    CHECK_THROWS_AS(table.add("1403", "x", 0, 0), bx::DataError);
}

TEST_CASE("RegionTable::load reads columns by name") {
    const TempCsv file(
        "\xEF\xBB\xBF代码,一级行政区,二级行政区,名称,级别,状态,启用时间,变更/弃用时间,新代码\n"
        "140300,山西省,阳泉市,阳泉市,地级,在用,1981,,\n"
        "140322,山西省,阳泉市,盂县,县级,在用,1983,,\n"
        "110103,北京市,直辖,崇文区,县级,弃用,1981,2010,110101\n");
    const auto table = bx::RegionTable::load(file.path());
    CHECK(table.size() == 3);
    CHECK(table.name("140322") == "盂县");
    CHECK(table.has("110103"));
    REQUIRE(table.periods("110103").size() == 1);
    CHECK(table.periods("110103")[0].end_year == 2010);
    CHECK(table.periods("140300")[0].start_year == 1981);
}

TEST_CASE("RegionTable::load accepts English headers in any order") {
    const TempCsv file("name,end,code,start\n盂县,,140322,1983\n崇文区,2010,110103,1981\n");
    const auto table = bx::RegionTable::load(file.path());
    CHECK(table.name("110103") == "崇文区");
    CHECK(table.periods("110103")[0].end_year == 2010);
}

TEST_CASE("RegionTable::load errors") {
    const TempCsv missing_column("代码,名称,启用时间\n140322,盂县,1983\n");
    CHECK_THROWS_AS(bx::RegionTable::load(missing_column.path()), bx::DataError);
    const TempCsv bad_code("代码,名称,启用时间,变更/弃用时间\n14032,盂县,1983,\n");
    CHECK_THROWS_AS(bx::RegionTable::load(bad_code.path()), bx::DataError);
    const TempCsv bad_year("代码,名称,启用时间,变更/弃用时间\n140322,盂县,198x,\n");
    CHECK_THROWS_AS(bx::RegionTable::load(bad_year.path()), bx::DataError);
}

TEST_CASE("RegionTable::load on the shipped GB/T 2260 list") {
    const std::string path = std::string(BX_SOURCE_DIR) + "/../shared/data/areacodes.csv";
    if (!std::filesystem::exists(path)) {
        MESSAGE("areacodes.csv not present; skipped");
        return;
    }
    const auto table = bx::RegionTable::load(path);
    CHECK(table.size() > 3000);
    for (const auto& [code, name] : {std::pair{"140302", "城区"}, {"140303", "矿区"}, {"140311", "郊区"},
                                     {"140321", "平定县"}, {"140322", "盂县"}, {"140300", "阳泉市"}}) {
        CAPTURE(code);
        CHECK(table.name(code) == name);
    }
    CHECK(table.has("110103"));  // 崇文区, retired 2010
    CHECK(table.name("120110") == "东丽区");
    CHECK(table.periods("120110").size() == 2);
}

TEST_CASE("looks_like_township_name: short township-level names, never addresses") {
    for (const char* name : {"上站街道", "秀水镇", "东梁乡", "城关镇人民政府办事处", "经济技术开发区", "高新区管委会", "白音查干苏木"}) {
        CAPTURE(name);
        CHECK(bx::looks_like_township_name(name));
    }
    for (const char* text : {"", "秀水镇北关村2号", "秀水镇北关村２号", "山西省阳泉市城区上站街道电厂小区", "张三", "西关村",
                             "上站街道3号楼", "12镇"}) {
        CAPTURE(text);
        CHECK_FALSE(bx::looks_like_township_name(text));
    }
}
