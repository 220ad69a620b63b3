// bx-flag's text pool and ID set: each distinct text gets one number, each key is seen once, for good,
// however the table grows.
#include <doctest/doctest.h>

#include <string>
#include <vector>

#include "flag_findings.h"
#include "key_set.h"

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

TEST_CASE("KeySet tells a key seen before from a new one, however the table grows") {
    bx::KeySet seen;
    // Packed-ID-sized keys, many sharing their low bits (IDs of one county differ mostly in the
    // middle digits).
    for (uint64_t i = 1; i <= 100000; ++i) CHECK(seen.insert(140302'0000'0000'0000ull + i * 1024));
    for (uint64_t i = 1; i <= 100000; i += 997) CHECK_FALSE(seen.insert(140302'0000'0000'0000ull + i * 1024));
    CHECK(seen.insert(140302'0000'0000'0000ull + 1));
    CHECK_FALSE(seen.insert(140302'0000'0000'0000ull + 1));
}
