// Randomised CSV checks: documents of awkward fields survive a write/read round trip in every
// output form, rows read back by offset are the rows as read, the UTF-8 validator and the newline
// count agree with plain byte-wise versions, and arbitrary bytes either read or fail with a
// DataError, never anything worse (CI runs this under AddressSanitizer too).
#include <doctest/doctest.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <random>
#include <sstream>

#include "csv_reader.h"
#include "csv_writer.h"
#include "decoding_source.h"
#include "encoding.h"
#include "errors.h"
#include "read_back.h"
#include "record_fetch.h"

namespace fs = std::filesystem;

namespace {

using Table = std::vector<std::vector<std::string>>;

std::string random_field(std::mt19937& rng) {
    static const std::vector<std::string> pieces = {"a", "张", "王小明", ",", "\"", "\n", "\r\n", " ", "0",
                                                    "140322201503041234", "·", "（", "Ｘ", "'", "\t", "1.40322E+17"};
    std::uniform_int_distribution<size_t> count(0, 6), pick(0, pieces.size() - 1);
    std::string field;
    for (size_t n = count(rng); n > 0; --n) field += pieces[pick(rng)];
    return field;
}

Table random_table(std::mt19937& rng, size_t most_rows = 40) {
    std::uniform_int_distribution<size_t> columns(1, 6), rows(1, most_rows);
    const size_t width = columns(rng);
    Table table(1);
    for (size_t c = 0; c < width; ++c) table[0].push_back("h" + std::to_string(c));
    for (size_t r = rows(rng); r > 0; --r) {
        std::vector<std::string> row;
        for (size_t c = 0; c < width; ++c) row.push_back(random_field(rng));
        // A record that is one empty field is a blank line, which is not a row.
        if (width == 1 && row[0].empty()) row[0] = "x";
        table.push_back(row);
    }
    return table;
}

Table read_back(const std::string& path, bx::InputEncoding encoding) {
    bx::CsvReadOptions options;
    options.encoding = encoding;
    bx::CsvReader reader(path, options);
    Table table{reader.header()};
    while (reader.next()) table.emplace_back(reader.fields().begin(), reader.fields().end());
    return table;
}

std::string temp_path(const std::string& name) {
    return (fs::temp_directory_path() / ("bx-random-" + std::to_string(::getpid()) + "-" + name)).string();
}

}  // namespace

TEST_CASE("random tables round-trip in UTF-8, UTF-8 with BOM and CRLF, and GB18030") {
    std::mt19937 rng(20261129);
    const std::string path = temp_path("roundtrip.csv");
    struct Form {
        bx::CsvWriteOptions write;
        bx::InputEncoding read;
    };
    const Form forms[] = {
        {{}, bx::InputEncoding::Auto},
        {{.crlf = true, .bom = true}, bx::InputEncoding::Auto},
        {{.crlf = true, .encoding = bx::OutputEncoding::Gb18030}, bx::InputEncoding::Gb18030},
    };
    for (int round = 0; round < 300; ++round) {
        const Table table = random_table(rng);
        for (const Form& form : forms) {
            {
                bx::CsvWriter writer(path, form.write);
                for (const auto& row : table) writer.write_row(row);
                writer.commit();
            }
            CAPTURE(round);
            REQUIRE(read_back(path, form.read) == table);
        }
    }
    fs::remove(path);
}

TEST_CASE("random tables: rows read back by offset are the rows as read, and GB18030 has no offsets") {
    std::mt19937 rng(20261130);
    const std::string path = temp_path("fetch.csv");
    const bx::CsvWriteOptions forms[] = {{}, {.crlf = true, .bom = true}, {.crlf = true, .encoding = bx::OutputEncoding::Gb18030}};
    for (int round = 0; round < 100; ++round) {
        const Table table = random_table(rng, 150);
        for (const bx::CsvWriteOptions& form : forms) {
            {
                bx::CsvWriter writer(path, form);
                for (const auto& row : table) writer.write_row(row);
                writer.commit();
            }
            const auto read = bx::test::read_noting_checkpoints(path);
            CAPTURE(round);
            if (form.encoding == bx::OutputEncoding::Gb18030) {
                CHECK_FALSE(read.checkpoints.usable());
                continue;
            }
            REQUIRE(read.checkpoints.usable());
            bx::RecordFetcher fetcher(path, path, read.checkpoints, table[0].size(), {});
            std::bernoulli_distribution asked(0.3);
            for (uint32_t row = 1; row <= read.rows.size(); ++row) {
                if (asked(rng)) REQUIRE(bx::test::strings(fetcher.fetch(row)) == read.rows[row - 1]);
            }
        }
    }
    fs::remove(path);
}

namespace {

// The well-formed UTF-8 byte sequences of the Unicode standard (Table 3-7), one byte at a time:
// the length of the longest well-formed prefix, to check the fast validator against.
size_t reference_valid_prefix(std::string_view text) {
    size_t i = 0;
    while (i < text.size()) {
        const auto byte = [&](size_t k) { return static_cast<unsigned char>(text[k]); };
        const unsigned char lead = byte(i);
        size_t length = 0;
        unsigned char low = 0x80, high = 0xBF;
        if (lead < 0x80) length = 1;
        else if (lead >= 0xC2 && lead <= 0xDF) length = 2;
        else if (lead == 0xE0) length = 3, low = 0xA0;
        else if (lead >= 0xE1 && lead <= 0xEC) length = 3;
        else if (lead == 0xED) length = 3, high = 0x9F;
        else if (lead >= 0xEE && lead <= 0xEF) length = 3;
        else if (lead == 0xF0) length = 4, low = 0x90;
        else if (lead >= 0xF1 && lead <= 0xF3) length = 4;
        else if (lead == 0xF4) length = 4, high = 0x8F;
        else return i;
        if (i + length > text.size()) return i;
        for (size_t k = 1; k < length; ++k) {
            const unsigned char b = byte(i + k);
            if (b < (k == 1 ? low : 0x80) || b > (k == 1 ? high : 0xBF)) return i;
        }
        i += length;
    }
    return i;
}

}  // namespace

TEST_CASE("valid_utf8_prefix agrees with the Unicode table on random mixes of text and bad bytes") {
    std::mt19937 rng(3);
    static const std::vector<std::string> pieces = {
        "a", "1403", ",", "\n", "张", "王小明", "·", "é", "😀", "\xE0\xA0\x80", "\xED\x9F\xBF",
        "\xED\xA0\x80", "\xC0\xAF", "\xE0\x80\xAF", "\xF4\x90\x80\x80", "\xF0\x90\x80\x80",
        "\xE5\xBC", "\xBC", "\xFF", "\xC2", "\xD5\xC5", "0123456789"};
    std::uniform_int_distribution<size_t> count(0, 30), pick(0, pieces.size() - 1);
    for (int round = 0; round < 20000; ++round) {
        std::string text;
        for (size_t n = count(rng); n > 0; --n) text += pieces[pick(rng)];
        CAPTURE(round);
        REQUIRE(bx::valid_utf8_prefix(text) == reference_valid_prefix(text));
    }
}

TEST_CASE("valid_utf8_prefix agrees with the Unicode table on long text with one bad or unusual piece") {
    // Long enough for the 64-byte blocks: Han text and ASCII with, at a random place, one piece
    // that a block must hand over to the byte-wise check (or that is simply bad).
    std::mt19937 rng(5);
    static const std::vector<std::string> plain = {"a", "1403", ",", "\n", "张", "王小明", "0123456789", "\xEF\xBC\x8C"};
    static const std::vector<std::string> unusual = {
        "·", "é", "😀", "\xE0\xA0\x80", "\xED\x9F\xBF", "\xED\xA0\x80", "\xC0\xAF", "\xE0\x80\xAF",
        "\xF4\x90\x80\x80", "\xE5\xBC", "\xBC", "\xFF", "\xC2", "\xE5\xBC\xE5\xBC\xA0", "\xE5\xBC\xA0\xA0"};
    std::uniform_int_distribution<size_t> count(20, 400), pick_plain(0, plain.size() - 1), pick_unusual(0, unusual.size() - 1);
    for (int round = 0; round < 5000; ++round) {
        std::string text;
        const size_t pieces = count(rng);
        const size_t odd_one = std::uniform_int_distribution<size_t>(0, pieces)(rng);
        for (size_t n = 0; n < pieces; ++n) text += n == odd_one ? unusual[pick_unusual(rng)] : plain[pick_plain(rng)];
        CAPTURE(round);
        REQUIRE(bx::valid_utf8_prefix(text) == reference_valid_prefix(text));
        // From a random place on, so that blocks end at every place in a character.
        const size_t cut = std::uniform_int_distribution<size_t>(0, text.size())(rng);
        REQUIRE(bx::valid_utf8_prefix(std::string_view(text).substr(cut)) == reference_valid_prefix(std::string_view(text).substr(cut)));
    }
}

// Also with a UTF-16 byte-order mark in front (a third of the rounds each, LE and BE), with tabs
// and the bytes of 合 among the others, and with footer rows skipped in half of the rounds.
TEST_CASE("arbitrary bytes read or fail with a DataError") {
    std::mt19937 rng(7);
    static constexpr char kAlphabet[] = "a,\"\n\r\xE5\xBC\xA0\xD5\xC5\xFF\x00 1\t\x90\x88";
    const std::string alphabet(kAlphabet, sizeof kAlphabet - 1);  // the NUL inside is one of them
    std::uniform_int_distribution<size_t> length(0, 400), pick(0, alphabet.size() - 1);
    const std::string path = temp_path("garbage.csv");
    int read_ok = 0, refused = 0;
    for (int round = 0; round < 3000; ++round) {
        std::string bytes = round % 3 == 0 ? "" : round % 3 == 1 ? "\xFF\xFE" : "\xFE\xFF";
        for (size_t n = length(rng); n > 0; --n) bytes += alphabet[pick(rng)];
        std::ofstream(path, std::ios::binary) << bytes;
        try {
            bx::CsvReadOptions options;
            options.lenient = round % 2 == 0;
            options.skip_footer_rows = round % 4 < 2;
            bx::CsvReader reader(path, options);
            while (reader.next()) {
            }
            ++read_ok;
        } catch (const bx::DataError&) {
            ++refused;
        }
    }
    fs::remove(path);
    CHECK(read_ok + refused == 3000);
    CHECK(refused > 0);
}

TEST_CASE("count_newlines agrees with a plain count, past the point where its byte counters wrap") {
    std::mt19937 rng(11);
    // 255 steps of 16 bytes fill the counters; lengths beyond 4080 sum them more than once.
    for (const size_t length : {size_t{0}, size_t{7}, size_t{16}, size_t{4079}, size_t{4080}, size_t{4097}, size_t{20000}}) {
        for (const double share : {0.0, 0.05, 1.0}) {
            std::bernoulli_distribution newline(share);
            std::string text(length, 'a');
            for (char& c : text)
                if (newline(rng)) c = '\n';
            CAPTURE(length);
            CAPTURE(share);
            CHECK(bx::count_newlines(text.data(), text.size()) == static_cast<size_t>(std::count(text.begin(), text.end(), '\n')));
        }
    }
}
