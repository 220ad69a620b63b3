// CSV reading and writing: csv-spectrum, encodings, line ends, every error case, atomic output,
// records kept in batches.
#include <doctest/doctest.h>

#include <filesystem>
#include <fstream>
#include <sstream>

#include "csv_reader.h"
#include "csv_writer.h"
#include "errors.h"
#include "fields.h"
#include "read_back.h"
#include "temp_dir.h"
#include "record_fetch.h"
#include "row_batch.h"

namespace fs = std::filesystem;

namespace {

using bx::test::TempDir;

std::string read_file(const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    std::stringstream buffer;
    buffer << in.rdbuf();
    return buffer.str();
}

using Table = std::vector<std::vector<std::string>>;

// Header first, then every record, as strings.
Table read_all(const std::string& path, bx::CsvReadOptions options = {}) {
    options.lenient = true;
    bx::CsvReader reader(path, options);
    Table table{reader.header()};
    while (reader.next()) table.emplace_back(reader.fields().begin(), reader.fields().end());
    return table;
}

// csv-spectrum's expected output: an array of flat objects of strings, in key order.
Table parse_spectrum_json(const std::string& json) {
    Table rows;
    std::vector<std::string> keys, values;
    bool is_key = true;
    for (size_t i = 0; i < json.size(); ++i) {
        const char c = json[i];
        if (c == '{') {
            keys.clear();
            values.clear();
            is_key = true;
        } else if (c == '}') {
            if (rows.empty()) rows.push_back(keys);
            rows.push_back(values);
        } else if (c == '"') {
            std::string text;
            for (++i; json[i] != '"'; ++i) {
                if (json[i] != '\\') {
                    text.push_back(json[i]);
                    continue;
                }
                const char escaped = json[++i];
                text.push_back(escaped == 'n' ? '\n' : escaped == 'r' ? '\r' : escaped == 't' ? '\t' : escaped);
            }
            (is_key ? keys : values).push_back(text);
            is_key = !is_key;
        }
    }
    return rows;
}

std::string error_of(const std::string& path, bx::CsvReadOptions options = {}) {
    try {
        bx::CsvReader reader(path, options);
        while (reader.next()) {
        }
    } catch (const bx::DataError& error) {
        return error.file().substr(error.file().rfind('/') + 1) + ":" + std::to_string(error.line()) +
               ": " + error.what();
    }
    return "no error";
}

}  // namespace

TEST_CASE("csv-spectrum: every case reads to the expected records and writes back the same") {
    const fs::path root = BX_SPECTRUM_DIR;
    REQUIRE(fs::exists(root / "csvs"));
    TempDir dir;
    int cases = 0;
    for (const auto& entry : fs::directory_iterator(root / "csvs")) {
        const std::string name = entry.path().stem().string();
        CAPTURE(name);
        const Table expected = parse_spectrum_json(read_file((root / "json" / (name + ".json")).string()));
        const Table actual = read_all(entry.path().string());
        CHECK(actual == expected);

        const std::string copy = (dir.path / (name + ".csv")).string();
        {
            bx::CsvWriter writer(copy, {});
            for (const auto& row : actual) writer.write_row(row);
            writer.commit();
        }
        CHECK(read_all(copy) == expected);
        ++cases;
    }
    CHECK(cases >= 11);
}

TEST_CASE("GBK input is detected and converted, and GB18030 output round-trips") {
    TempDir dir;
    const std::string utf8_text = "姓名,住址\n张三,\"山西省阳泉市盂县\n秀水镇\"\n李四,平定县\n";
    const std::string gb_path = dir.path / "gb.csv";
    {
        bx::CsvWriter writer(gb_path, {.encoding = bx::OutputEncoding::Gb18030});
        writer.write_row({"姓名", "住址"});
        writer.write_row({"张三", "山西省阳泉市盂县\n秀水镇"});
        writer.write_row({"李四", "平定县"});
        writer.commit();
    }
    const std::string bytes = read_file(gb_path);
    CHECK(bytes.size() < utf8_text.size());  // two bytes a character, not three
    CHECK(bytes.substr(0, 2) == "\xD0\xD5");  // 姓 in GBK

    bx::CsvReader reader(gb_path);
    CHECK(reader.header() == std::vector<std::string>{"姓名", "住址"});
    REQUIRE(reader.next());
    CHECK(reader.encoding_name() == "gb18030");
    CHECK(reader.field(1) == "山西省阳泉市盂县\n秀水镇");
    REQUIRE(reader.next());
    CHECK(reader.field(0) == "李四");
    CHECK(reader.line() == 4);
    CHECK_FALSE(reader.next());
}

TEST_CASE("a BOM before a quoted header is dropped") {
    TempDir dir;
    const auto path = dir.write("bom.csv", "\xEF\xBB\xBF\"身份证号\",\"姓名\"\n1,a\n");
    bx::CsvReader reader(path);
    CHECK(reader.header()[0] == "身份证号");
    CHECK(reader.header()[1] == "姓名");
}

TEST_CASE("CRLF files with a line break inside a quoted field keep that break") {
    TempDir dir;
    const auto path = dir.write("crlf.csv", "a,b\r\n\"x\r\ny\",2\r\n3,\"\"\"q\"\"\"\r\n");
    const Table table = read_all(path);
    REQUIRE(table.size() == 3);
    CHECK(table[1][0] == "x\r\ny");
    CHECK(table[1][1] == "2");
    CHECK(table[2][1] == "\"q\"");
}

// LineReader reads 32 MiB first and 16 MiB at a time after that, and takes a short read for the
// end of the input: a file past 48 MiB crosses all of its buffers, with and without a BOM (which
// the source drops, and must not leave the first read short for).
TEST_CASE("blocks: a long file crosses the reader's buffers without losing a character") {
    TempDir dir;
    std::string text = "序号,姓名,备注\r\n";
    const int expected_rows = 1'100'000;
    for (int i = 0; i < expected_rows; ++i) {
        text += std::to_string(i) + ",王小明" + std::to_string(i % 7) + ",\"第一行\r\n第二行,逗号\"\r\n";
    }
    REQUIRE(text.size() > (size_t{48} << 20));
    for (const std::string& start : {std::string(), std::string("\xEF\xBB\xBF")}) {
        CAPTURE(start.size());
        const auto path = dir.write("long.csv", start + text);
        bx::CsvReader reader(path);
        long rows = 0, wrong = 0;
        while (reader.next()) {
            wrong += reader.field(0) != std::to_string(rows) || reader.field(2) != "第一行\r\n第二行,逗号";
            ++rows;
        }
        CHECK(wrong == 0);
        CHECK(rows == expected_rows);
        CHECK(reader.line() == 2 + 2 * (expected_rows - 1));
    }
}

TEST_CASE("bad input gives FILE:LINE and a reason") {
    TempDir dir;
    CHECK(error_of(dir.write("ragged.csv", "a,b\n1,2\n1,2,3\n")) ==
          "ragged.csv:3: row has 3 fields but the header has 2");
    CHECK(error_of(dir.write("unclosed.csv", "a,b\n1,2\n\"3,4\n5,6\n")) ==
          "unclosed.csv:3: quoted field not closed before the end of the file");
    CHECK(error_of(dir.write("empty.csv", "")) == "empty.csv:1: empty file: no header row");
    CHECK(error_of(dir.write("header.csv", "a,b\n")) ==
          "header.csv:2: no data rows after the header (use --lenient to accept an empty list)");
    CHECK(error_of(dir.write("long.csv", "a\n" + std::string((1 << 20) + 5, 'x') + "\n")) ==
          "long.csv:2: line longer than 1048576 bytes");
    CHECK(error_of(dir.write("after.csv", "a,b\n\"1\"x,2\n")) ==
          "after.csv:2: text after the closing quote of field 1");
    CHECK(error_of(dir.write("utf16.csv", "\xFF\xFE" "a")) ==
          "utf16.csv:1: not valid UTF-16 text (a lone surrogate, or a last character cut off)");
    CHECK(error_of(dir.write("nul.csv", std::string("a,b\n1,2\n3,\0\n", 12))) ==
          "nul.csv:3: NUL byte: not a CSV text file (UTF-16 or a spreadsheet saved as .xls/.xlsx?)");
    std::string utf8_start = "a,b\n";
    for (int i = 0; i < 100; ++i) utf8_start += "张";
    // Detected as UTF-8 from its first characters, then a GBK byte pair on line 3.
    CHECK(error_of(dir.write("mixed.csv", utf8_start + ",1\n\xD5\xC5,2\n")) ==
          "mixed.csv:3: invalid UTF-8 byte sequence (is the file GBK? try --encoding gb18030)");
    // Too short a sample to be UTF-8: read as GBK, where the UTF-8 bytes of 张 then fail.
    CHECK(error_of(dir.write("short.csv", "a,b\n张,1\n\xD5\xC5,2\n")) ==
          "short.csv:2: byte sequence not valid in GB18030 (is the file UTF-8? try --encoding utf-8)");
    bx::CsvReadOptions gb;
    gb.encoding = bx::InputEncoding::Gb18030;
    CHECK(error_of(dir.write("badgb.csv", "a,b\n1,2\n\x81\x20,3\n"), gb) ==
          "badgb.csv:3: byte sequence not valid in GB18030 (is the file UTF-8? try --encoding utf-8)");
}

TEST_CASE("lenient reading pads short rows and drops empty trailing fields") {
    TempDir dir;
    const auto path = dir.write("ragged.csv", "a,b,c\n1\n1,2,3,,\n");
    bx::CsvReadOptions options;
    options.lenient = true;
    bx::CsvReader reader(path, options);
    REQUIRE(reader.next());
    CHECK(reader.size() == 3);
    CHECK(reader.field(2).empty());
    REQUIRE(reader.next());
    CHECK(reader.size() == 3);
}

TEST_CASE("unquoted_line: a record without quotes as its line, empty when quoted or padded") {
    TempDir dir;
    const auto path = dir.write("lines.csv", "a,b,c\n1,,3\r\n\"x,y\",2,3\n4\n");
    bx::CsvReadOptions options;
    options.lenient = true;
    bx::CsvReader reader(path, options);
    REQUIRE(reader.next());
    CHECK(reader.unquoted_line() == "1,,3");  // without the CR LF
    REQUIRE(reader.next());
    CHECK(reader.unquoted_line().empty());
    REQUIRE(reader.next());
    CHECK(reader.size() == 3);
    CHECK(reader.unquoted_line().empty());  // padded: no longer its line
}

TEST_CASE("RowBatch: the records as read, also when its text outgrows its storage") {
    std::string text = "name,note\n";
    for (int i = 0; i < 3000; ++i) {
        text += i % 7 == 0 ? "\"quoted, " + std::to_string(i) + "\",\"a \"\"b\"\"\"\n" : "plain" + std::to_string(i) + ",x\n";
    }
    TempDir dir;
    const auto path = dir.write("batch.csv", text);
    const Table expected = read_all(path);
    bx::CsvReader reader(path);
    bx::RowBatch batch;
    size_t row = 1;
    while (batch.fill(reader, 1000)) {
        for (size_t i = 0; i < batch.size(); ++i, ++row) {
            CAPTURE(row);
            const auto fields = batch.fields(i);
            REQUIRE(std::vector<std::string>(fields.begin(), fields.end()) == expected[row]);
            CHECK(batch.row_number(i) == row);
            const bool quoted = (row - 1) % 7 == 0;
            CHECK(batch.unquoted_line(i) == (quoted ? "" : expected[row][0] + "," + expected[row][1]));
        }
    }
    CHECK(row == expected.size());
}

TEST_CASE("RecordFetcher: rows by number across blank lines, quoted breaks and --lenient padding") {
    std::string text = "\xEF\xBB\xBFid,note,extra\r\n";
    for (int i = 1; i <= 100; ++i) {
        if (i % 9 == 0) text += "\r\n";  // a blank line is not a row
        if (i % 10 == 0) {
            text += std::to_string(i) + ",\"two\r\nlines\"\r\n";  // short: padded under --lenient
        } else {
            text += std::to_string(i) + ",n" + std::to_string(i) + ",x\r\n";
        }
    }
    TempDir dir;
    const auto path = dir.write("fetch.csv", text);
    bx::CsvReadOptions lenient;
    lenient.lenient = true;
    const auto read = bx::test::read_noting_checkpoints(path, lenient);
    REQUIRE(read.rows.size() == 100);
    bx::RecordFetcher fetcher(path, "fetch.csv", read.checkpoints, 3, lenient);
    for (uint32_t row : {1u, 2u, 10u, 31u, 32u, 33u, 64u, 65u, 90u, 99u, 100u}) {
        CAPTURE(row);
        CHECK(bx::test::strings(fetcher.fetch(row)) == read.rows[row - 1]);
    }
    CHECK(read.rows[9] == std::vector<std::string>{"10", "two\r\nlines", ""});
    // A CR that ends the file without LF is dropped, by the streaming reader and the fetcher.
    const auto cr_path = dir.write("cr.csv", "id,note\r\n1,a\r\n2,b\r");
    const auto cr_read = bx::test::read_noting_checkpoints(cr_path);
    REQUIRE(cr_read.rows.size() == 2);
    CHECK(cr_read.rows[1][1] == "b");
    bx::RecordFetcher cr_fetcher(cr_path, "cr.csv", cr_read.checkpoints, 2, {});
    CHECK(bx::test::strings(cr_fetcher.fetch(2)) == cr_read.rows[1]);
    // A file cut short since it was read: a clear error, not a wrong row.
    dir.write("fetch.csv", text.substr(0, text.size() / 2));
    bx::RecordFetcher cut(path, "fetch.csv", read.checkpoints, 3, lenient);
    CHECK_THROWS_AS(cut.fetch(100), bx::DataError);
}

TEST_CASE("the writer quotes only where needed and writes CRLF and BOM on request") {
    std::string out;
    bx::append_csv_field(out, "plain");
    CHECK(out == "plain");
    out.clear();
    bx::append_csv_field(out, "a,b");
    CHECK(out == "\"a,b\"");
    out.clear();
    bx::append_csv_field(out, "say \"hi\"\n");
    CHECK(out == "\"say \"\"hi\"\"\n\"");

    TempDir dir;
    const std::string path = dir.path / "out.csv";
    bx::CsvWriter writer(path, {.crlf = true, .bom = true});
    writer.write_row({"a", "b"});
    writer.commit();
    CHECK(read_file(path) == "\xEF\xBB\xBF" "a,b\r\n");
}

TEST_CASE("--excel-text: numbers Excel would damage are written as =\"…\"") {
    CHECK(bx::excel_would_damage("140322201503041234"));
    CHECK(bx::excel_would_damage("14032220150304123X"));
    CHECK(bx::excel_would_damage("0302000001"));  // 户号 with a leading 0
    CHECK(bx::excel_would_damage("140302001001"));
    CHECK_FALSE(bx::excel_would_damage("13912345678"));  // 11 digits: Excel shows them whole
    CHECK_FALSE(bx::excel_would_damage("20150304"));
    CHECK_FALSE(bx::excel_would_damage("0"));
    CHECK_FALSE(bx::excel_would_damage("张三"));
    CHECK_FALSE(bx::excel_would_damage("1.40322E+17"));
    CHECK_FALSE(bx::excel_would_damage("X"));

    TempDir dir;
    const std::string path = dir.path / "excel.csv";
    bx::CsvWriter writer(path, {.excel_text = true});
    writer.write_row({"140322201503041234", "张三", "0302000001", "13912345678"});
    writer.joined_fields("140322201503041234,李四");
    writer.end_row();
    writer.commit();
    CHECK(read_file(path) == "\"=\"\"140322201503041234\"\"\",张三,\"=\"\"0302000001\"\"\",13912345678\n"
                             "\"=\"\"140322201503041234\"\"\",李四\n");
}

TEST_CASE("an output that is not committed leaves no file, not even a temporary one") {
    TempDir dir;
    const std::string path = dir.path / "never.csv";
    {
        bx::CsvWriter writer(path, {});
        writer.write_row({"a", "b"});
    }
    CHECK_FALSE(fs::exists(path));
    CHECK(fs::is_empty(dir.path));

    // An existing file is replaced only on commit.
    dir.write("keep.csv", "old\n");
    {
        bx::CsvWriter writer((dir.path / "keep.csv").string(), {});
        writer.write_row({"new"});
    }
    CHECK(read_file(dir.path / "keep.csv") == "old\n");
}

TEST_CASE("header aliases ignore full-width brackets, spaces and BOM, and --col overrides them") {
    CHECK(bx::normalize_header("乡镇（街道）") == bx::normalize_header("乡镇(街道)"));
    CHECK(bx::normalize_header(" 身份证号 ") == "身份证号");
    CHECK(bx::normalize_header("*姓名") == "姓名");
    CHECK(bx::normalize_header("ＩＤ") == "id");

    const std::vector<std::string> header{"序号", "姓  名", "公民身份号码", "乡镇（街道）", "村（居）委会"};
    bx::ColumnMap columns(header, {}, "hukou.csv");
    CHECK(columns.require("name") == 1);
    CHECK(columns.require("id") == 2);
    CHECK(columns.require("township") == 3);
    CHECK(columns.require("village") == 4);
    CHECK_FALSE(columns.has("school"));

    try {
        columns.require("birth");
        FAIL("expected an error");
    } catch (const bx::DataError& error) {
        const std::string message = error.what();
        CHECK(error.line() == 1);
        CHECK(message.find("headers recognised: 姓  名, 公民身份号码, 乡镇（街道）, 村（居）委会; 1 other column") !=
              std::string::npos);
        CHECK(message.find("出生日期") != std::string::npos);
    }

    const auto overrides = bx::parse_column_overrides({"birth=生日（公历）"});
    const std::vector<std::string> other{"生日(公历)", "名字"};
    bx::ColumnMap forced(other, overrides, "x.csv");
    CHECK(forced.require("birth") == 0);
    CHECK(forced.require("name") == 1);
    CHECK_THROWS_AS(bx::parse_column_overrides({"nosuchfield=x"}), bx::UsageError);
    CHECK_THROWS_AS(bx::parse_column_overrides({"birth"}), bx::UsageError);
}

TEST_CASE("docs/fields.md lists every field and alias of the table") {
    const std::string doc = read_file(std::string(BX_SOURCE_DIR) + "/docs/fields.md");
    for (const auto& entry : bx::field_table()) {
        CAPTURE(entry.field);
        CHECK(doc.find("`" + std::string(entry.field) + "`") != std::string::npos);
        for (auto alias : entry.aliases) {
            CAPTURE(alias);
            CHECK(doc.find(std::string(alias)) != std::string::npos);
        }
    }
}
