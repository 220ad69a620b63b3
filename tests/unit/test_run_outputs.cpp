// The outputs of one run: distinct files, put in place together or not at all.
#include <doctest/doctest.h>

#include <filesystem>
#include <fstream>
#include <sstream>

#include "csv_writer.h"
#include "errors.h"
#include "run_outputs.h"
#include "temp_dir.h"

namespace {

using bx::test::TempDir;

std::string contents(const std::filesystem::path& path) {
    std::ifstream in(path, std::ios::binary);
    std::stringstream buffer;
    buffer << in.rdbuf();
    return buffer.str();
}

void write_one_row(const std::string& path, bx::RunOutputs& outputs) {
    bx::CsvWriter writer(path, {}, &outputs);
    writer.write_row({"new"});
    writer.commit();
}

}  // namespace

TEST_CASE("finished outputs replace their targets only when all are committed") {
    TempDir dir;
    const std::string first = dir.write("first.csv", "old\n");
    const std::string second = dir.write("second.csv", "old\n");
    {
        bx::RunOutputs outputs;
        write_one_row(first, outputs);
        write_one_row(second, outputs);
        CHECK(contents(first) == "old\n");
        CHECK(contents(second) == "old\n");
        outputs.commit_all();
    }
    CHECK(contents(first) == "new\n");
    CHECK(contents(second) == "new\n");
    CHECK(std::distance(std::filesystem::directory_iterator(dir.path), {}) == 2);
}

TEST_CASE("a run that fails before commit_all leaves every target and no temporary file") {
    TempDir dir;
    const std::string first = dir.write("first.csv", "old\n");
    {
        bx::RunOutputs outputs;
        write_one_row(first, outputs);
        bx::CsvWriter unfinished(dir.write("second.csv", "old\n"), {}, &outputs);
        unfinished.write_row({"new"});
    }
    CHECK(contents(first) == "old\n");
    CHECK(contents(dir.path / "second.csv") == "old\n");
    CHECK(std::distance(std::filesystem::directory_iterator(dir.path), {}) == 2);
}

TEST_CASE("two outputs may not be one file or both stdout, while /dev/null may repeat") {
    TempDir dir;
    const std::string existing = dir.write("a.csv", "");
    const std::string other_name = (dir.path / "." / "a.csv").string();
    const std::string fresh = (dir.path / "b.csv").string();
    const std::string fresh_other_name = (dir.path / ".." / dir.path.filename() / "b.csv").string();
    auto check = [](std::string first, std::string second, std::string third = "") {
        bx::RunOutputs outputs;
        outputs.declare("-o", first);
        outputs.declare("--all", second);
        outputs.declare("--review", third);
        outputs.check_distinct();
    };
    CHECK_THROWS_AS(check(existing, other_name), bx::UsageError);
    CHECK_THROWS_AS(check(fresh, fresh_other_name), bx::UsageError);
    CHECK_THROWS_AS(check("-", "", "-"), bx::UsageError);
    CHECK_NOTHROW(check(existing, fresh, "-"));
    CHECK_NOTHROW(check("/dev/null", "/dev/null", "/dev/null"));
    CHECK_NOTHROW(check("-", "", ""));
}
