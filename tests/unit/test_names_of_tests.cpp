// ctest runs each doctest case by name (doctest_discover_tests), and CMake splits a name at ';'
// into two tests that each match nothing: such a case would silently never run in CI.
#include <doctest/doctest.h>

#include <filesystem>
#include <fstream>
#include <regex>
#include <sstream>

TEST_CASE("no test case name holds a semicolon, so that ctest runs every one") {
    const std::regex name(R"(TEST_CASE\("([^"]*)\"\))");
    int cases = 0;
    for (const auto& entry : std::filesystem::directory_iterator(std::string(BX_SOURCE_DIR) + "/tests/unit")) {
        if (entry.path().extension() != ".cpp") continue;
        std::ifstream file(entry.path());
        std::stringstream text;
        text << file.rdbuf();
        const std::string source = text.str();
        for (std::sregex_iterator it(source.begin(), source.end(), name), end; it != end; ++it) {
            ++cases;
            CAPTURE(entry.path().filename().string());
            CHECK((*it)[1].str().find(';') == std::string::npos);
        }
    }
    CHECK(cases > 100);
}
