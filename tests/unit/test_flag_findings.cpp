// bx-flag's text pool: each distinct text gets one number, for good, however the table grows.
#include <doctest/doctest.h>

#include <string>
#include <vector>

#include "flag_findings.h"

TEST_CASE("TextPool gives each distinct text one number and keeps it as the table grows") {
    bx::flagging::TextPool pool;
    std::vector<std::string> texts;
    for (int i = 0; i < 5000; ++i) texts.push_back("村" + std::to_string(i * 7919 % 100003));
    std::vector<uint32_t> ids;
    for (const auto& text : texts) ids.push_back(pool.intern(text));
    const std::string& first = pool[ids[0]];  // must survive the growth below
    for (int i = 0; i < 5000; ++i) pool.intern("校" + std::to_string(i));
    for (size_t i = 0; i < texts.size(); ++i) {
        CHECK(pool.intern(texts[i]) == ids[i]);
        CHECK(pool[ids[i]] == texts[i]);
    }
    CHECK(ids[0] == 0);
    CHECK(ids[4999] == 4999);
    CHECK(first == texts[0]);
    // The same text twice in a row, an empty text, and a text met again after others.
    CHECK(pool.intern("") == pool.intern(""));
    CHECK(pool.intern(texts[3]) == ids[3]);
    CHECK(pool.intern(texts[3]) == ids[3]);
}
