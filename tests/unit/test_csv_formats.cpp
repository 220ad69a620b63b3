// The export formats beyond comma-separated UTF-8 and GBK: tab-separated text (Excel's "text (tab
// delimited)"), UTF-16 "Unicode text" with its BOM and CR LF, and footer rows (合计, 制表人：…)
// under the rows of people. Each must read to the same records as the plain comma UTF-8 file.
#include <doctest/doctest.h>

#include <string>
#include <vector>

#include "csv_reader.h"
#include "csv_record.h"
#include "csv_writer.h"
#include "errors.h"
#include "read_back.h"
#include "record_fetch.h"
#include "temp_dir.h"

namespace {

using bx::test::TempDir;
using Table = std::vector<std::vector<std::string>>;

Table read_table(const std::string& path, const bx::CsvReadOptions& options = {}) {
    bx::CsvReader reader(path, options);
    Table table{reader.header()};
    while (reader.next()) table.emplace_back(reader.fields().begin(), reader.fields().end());
    return table;
}

bx::CsvReadOptions lenient_options() {
    bx::CsvReadOptions options;
    options.lenient = true;
    return options;
}

bx::CsvReadOptions encoding_options(bx::InputEncoding encoding) {
    bx::CsvReadOptions options;
    options.encoding = encoding;
    return options;
}

std::string error_of(const std::string& path, const bx::CsvReadOptions& options = {}) {
    try {
        read_table(path, options);
    } catch (const bx::DataError& error) {
        return error.file().substr(error.file().rfind('/') + 1) + ":" + std::to_string(error.line()) + ": " + error.what();
    }
    return "no error";
}

// UTF-8 to UTF-16 code units, by hand so that the test does not share the code under test.
std::u16string to_utf16(const std::string& utf8) {
    std::u16string out;
    for (size_t i = 0; i < utf8.size();) {
        const auto lead = static_cast<unsigned char>(utf8[i]);
        const size_t length = lead < 0x80 ? 1 : lead < 0xE0 ? 2 : lead < 0xF0 ? 3 : 4;
        char32_t code = length == 1 ? lead : length == 2 ? lead & 0x1F : length == 3 ? lead & 0x0F : lead & 0x07;
        for (size_t k = 1; k < length; ++k) code = code << 6 | (static_cast<unsigned char>(utf8[i + k]) & 0x3F);
        i += length;
        if (code < 0x10000) {
            out.push_back(static_cast<char16_t>(code));
        } else {
            out.push_back(static_cast<char16_t>(0xD800 + ((code - 0x10000) >> 10)));
            out.push_back(static_cast<char16_t>(0xDC00 + ((code - 0x10000) & 0x3FF)));
        }
    }
    return out;
}

std::string utf16_bytes(const std::u16string& units, bool big_endian) {
    std::string bytes;
    for (const char16_t unit : units) {
        const char high = static_cast<char>(unit >> 8), low = static_cast<char>(unit & 0xFF);
        bytes += big_endian ? std::string{high, low} : std::string{low, high};
    }
    return bytes;
}

std::string utf16le_with_bom(const std::string& utf8) { return "\xFF\xFE" + utf16_bytes(to_utf16(utf8), false); }

// A roster-like table with what exports hold: Han text, a character outside the BMP (𠀀), an
// address with a comma and a line break in quotes, and 上 (U+4E0A, whose low byte is a line feed
// in UTF-16LE).
const Table kRoster = {
    {"学校", "姓名", "身份证件号", "住址"},
    {"上站小学", "张三", "140322201503041234", "盂县,\n秀水镇"},
    {"上站小学", "李𠀀四", "140322201503052345", "平定县"},
    {"郊区小学", "王 五", "", "上社, 二村"},
};

// The table written as a delimited text file by hand: quotes only where the delimiter, a quote or
// a line break needs them, CR LF or LF line ends.
std::string delimited(const Table& table, char delimiter, const char* line_end) {
    std::string text;
    for (const auto& row : table) {
        for (size_t i = 0; i < row.size(); ++i) {
            if (i > 0) text += delimiter;
            const std::string& cell = row[i];
            if (cell.find_first_of(std::string("\"\n") + delimiter) == std::string::npos) {
                text += cell;
                continue;
            }
            text += '"';
            for (const char c : cell) text += c == '"' ? std::string("\"\"") : c == '\n' ? std::string(line_end) : std::string(1, c);
            text += '"';
        }
        text += line_end;
    }
    return text;
}

Table with_crlf_in_cells(Table table) {
    for (auto& row : table) {
        for (auto& cell : row) {
            for (size_t at = cell.find('\n'); at != std::string::npos; at = cell.find('\n', at + 2)) cell.insert(at, "\r");
        }
    }
    return table;
}

}  // namespace

TEST_CASE("delimiter: tab when the header has tabs and no comma outside quotes, else comma") {
    CHECK(bx::detect_delimiter("姓名\t身份证号\t住址") == '\t');
    CHECK(bx::detect_delimiter("姓名\t\"住址(省,市)\"\t备注") == '\t');  // the comma is quoted
    CHECK(bx::detect_delimiter("\"姓名\"\t\"a\"\"b,c\"") == '\t');
    CHECK(bx::detect_delimiter("姓名,身份证号,住址") == ',');
    CHECK(bx::detect_delimiter("姓名,身份证号\t住址") == ',');  // both: comma, as before tabs were known
    CHECK(bx::detect_delimiter("姓名\t住址(省,市)") == ',');     // a comma outside quotes
    CHECK(bx::detect_delimiter("\"a\tb\",c") == ',');
    CHECK(bx::detect_delimiter("\"a\tb\"") == ',');  // a tab inside quotes only
    CHECK(bx::detect_delimiter("身份证号") == ',');
    CHECK(bx::parse_delimiter("auto") == bx::Delimiter::Auto);
    CHECK(bx::parse_delimiter("TAB") == bx::Delimiter::Tab);
    CHECK(bx::parse_delimiter("comma") == bx::Delimiter::Comma);
    CHECK_THROWS_AS(bx::parse_delimiter("semicolon"), bx::UsageError);
}

TEST_CASE("a tab-separated file reads to the same records as the comma file, quotes and line breaks included") {
    TempDir dir;
    const auto comma = dir.write("roster.csv", delimited(kRoster, ',', "\n"));
    const auto tab = dir.write("roster.txt", delimited(kRoster, '\t', "\n"));
    CHECK(read_table(comma) == kRoster);
    CHECK(read_table(tab) == kRoster);
    bx::CsvReader reader(tab);
    CHECK(reader.delimiter() == '\t');
    REQUIRE(reader.next());
    CHECK(reader.unquoted_line().empty());  // a tab line is no CSV line for a writer to copy
    REQUIRE(reader.next());
    CHECK(reader.field(1) == "李𠀀四");
    CHECK(reader.unquoted_line().empty());
    // Forced: a tab file as comma-separated is one column, and the roster as tab-separated again.
    bx::CsvReadOptions as_comma;
    as_comma.delimiter = bx::Delimiter::Comma;
    CHECK(read_table(dir.write("two.txt", "a\tb\n1\t2\n"), as_comma) == Table{{"a\tb"}, {"1\t2"}});
    bx::CsvReadOptions as_tab;
    as_tab.delimiter = bx::Delimiter::Tab;
    CHECK(read_table(tab, as_tab) == kRoster);
    // Errors keep their line numbers.
    CHECK(error_of(dir.write("ragged.txt", "a\tb\n1\t2\n1\t2\t3\n")) == "ragged.txt:3: row has 3 fields but the header has 2");
}

TEST_CASE("a title line above a tab-separated header is skipped, with or without its own tabs") {
    TempDir dir;
    const std::string body = delimited(kRoster, '\t', "\r\n");
    for (const std::string& title : {std::string("某县2026年在校学生名单\r\n"), std::string("某县2026年在校学生名单\t\t\t\r\n")}) {
        CAPTURE(title);
        const auto path = dir.write("titled.txt", title + body);
        bx::CsvReader reader(path);
        CHECK(reader.title_lines() == 1);
        CHECK(reader.header_line() == 2);
        CHECK(reader.delimiter() == '\t');
        CHECK(read_table(path) == with_crlf_in_cells(kRoster));
    }
    // A one-column comma file stays one column: its rows hold no tabs that split into two cells.
    const auto narrow = dir.write("narrow.csv", "身份证号\n140322201503041234\t\n140322201503052345\n");
    CHECK(read_table(narrow, lenient_options()) ==
          Table{{"身份证号"}, {"140322201503041234\t"}, {"140322201503052345"}});
}

TEST_CASE("the writer quotes a tab, so that its comma output is never read as tab-separated") {
    TempDir dir;
    const auto path = (dir.path / "out.csv").string();
    {
        bx::CsvWriter writer(path, {});
        writer.write_row({"备注"});
        writer.write_row({"a\tb"});
        writer.commit();
    }
    CHECK(read_table(path) == Table{{"备注"}, {"a\tb"}});
}

TEST_CASE("UTF-16LE with BOM and CR LF (Excel's Unicode text) reads to the same records as comma UTF-8") {
    TempDir dir;
    const std::string text = delimited(kRoster, '\t', "\r\n");
    const auto path = dir.write("unicode.txt", utf16le_with_bom(text));
    bx::CsvReader reader(path);
    CHECK(reader.delimiter() == '\t');
    Table table{reader.header()};
    while (reader.next()) {
        CHECK_FALSE(reader.file_offset().has_value());  // transcoded: read again whole, not by offset
        table.emplace_back(reader.fields().begin(), reader.fields().end());
    }
    CHECK(reader.encoding_name() == "utf-16le");
    CHECK(table == with_crlf_in_cells(kRoster));
    CHECK(reader.line() == 5);  // 上's 0A byte is no line break
    // Big-endian with its BOM, and either one without a BOM when --encoding names it.
    const std::string big = "\xFE\xFF" + utf16_bytes(to_utf16(text), true);
    CHECK(read_table(dir.write("be.txt", big)) == with_crlf_in_cells(kRoster));
    CHECK(read_table(dir.write("le-nobom.txt", utf16_bytes(to_utf16(text), false)), encoding_options(bx::InputEncoding::Utf16Le)) ==
          with_crlf_in_cells(kRoster));
    CHECK(read_table(dir.write("be-nobom.txt", utf16_bytes(to_utf16(text), true)), encoding_options(bx::InputEncoding::Utf16Be)) ==
          with_crlf_in_cells(kRoster));
    // A last line without a line end: the raw bytes left in the reader's block past the converted
    // text (0A 0A is U+0A0A) are not taken for its line end.
    CHECK(read_table(dir.write("last.txt", "\xFE\xFF\x0A\x0A"), lenient_options()) == Table{{"\u0A0A"}});
    CHECK(read_table(dir.write("last6.txt", "\xFE\xFF" + utf16_bytes(u"a\tb\n1\t\u0A0A\u0A0A\u0A0A\u0A0A\u0A0A\u0A0A", true))) ==
          Table{{"a", "b"}, {"1", "\u0A0A\u0A0A\u0A0A\u0A0A\u0A0A\u0A0A"}});
    // A comma-separated UTF-16 file is read as such.
    CHECK(read_table(dir.write("comma16.csv", utf16le_with_bom(delimited(kRoster, ',', "\n")))) == kRoster);
}

TEST_CASE("UTF-16 errors: no BOM, a lone surrogate, a cut-off character, a NUL, each at its line") {
    TempDir dir;
    const std::string text = "姓名\t上学\r\n张三\t是\r\n李四\t否\r\n";
    CHECK(error_of(dir.write("nobom.txt", utf16_bytes(to_utf16(text), false))) ==
          "nobom.txt:1: NUL bytes as in UTF-16 text without a byte-order mark; if it is, read it with --encoding utf-16le");
    CHECK(error_of(dir.write("nobom-be.txt", utf16_bytes(to_utf16(text), true))) ==
          "nobom-be.txt:1: NUL bytes as in UTF-16 text without a byte-order mark; if it is, read it with --encoding utf-16be");
    std::u16string lone = to_utf16(text);
    lone.insert(lone.find(u'李'), 1, char16_t{0xD800});
    CHECK(error_of(dir.write("lone.txt", "\xFF\xFE" + utf16_bytes(lone, false))) ==
          "lone.txt:3: not valid UTF-16 text (a lone surrogate, or a last character cut off)");
    CHECK(error_of(dir.write("cut.txt", utf16le_with_bom(text) + "x")) ==
          "cut.txt:4: not valid UTF-16 text (a lone surrogate, or a last character cut off)");
    std::u16string nul = to_utf16(text);
    nul.insert(nul.find(u'否'), 1, char16_t{0});
    CHECK(error_of(dir.write("nul.txt", "\xFF\xFE" + utf16_bytes(nul, false))) ==
          "nul.txt:3: NUL character: not a CSV text file (a spreadsheet saved as .xls/.xlsx?)");
    // Ragged rows are found at their line, past 上 and 𠀀.
    CHECK(error_of(dir.write("ragged.txt", utf16le_with_bom("上\t𠀀\r\n上\t上\r\n上\r\n"))) ==
          "ragged.txt:3: row has 1 fields but the header has 2");
}

// The converter is fed 4 MiB at a time and LineReader reads 32 MiB first and 16 MiB after that: a
// UTF-16 file past all of them, with surrogate pairs and CR LF wherever the cuts fall, loses nothing.
TEST_CASE("UTF-16: a long file crosses the converter's and the reader's blocks without losing a character") {
    TempDir dir;
    std::string text = "序号\t姓名\t备注\r\n";
    const int expected_rows = 1'200'000;
    for (int i = 0; i < expected_rows; ++i) {
        text += std::to_string(i) + "\t王𠀀明" + std::to_string(i % 7) + "\t\"第一行\r\n第二行\t上\"\r\n";
    }
    REQUIRE(text.size() > (size_t{48} << 20));
    const std::string bytes = utf16le_with_bom(text);
    bx::CsvReader reader(dir.write("long.txt", bytes));
    long rows = 0, wrong = 0;
    while (reader.next()) {
        wrong += reader.field(0) != std::to_string(rows) || reader.field(1) != "王𠀀明" + std::to_string(rows % 7) ||
                 reader.field(2) != "第一行\r\n第二行\t上";
        ++rows;
    }
    CHECK(wrong == 0);
    CHECK(rows == expected_rows);
    CHECK(reader.line() == 2 + 2 * (expected_rows - 1));
}

TEST_CASE("footer_keyword: the keyword of a footer row, nothing for a row of data") {
    using Row = std::vector<std::string_view>;
    const auto keyword = [](const Row& row) { return std::string(bx::footer_keyword(row)); };
    CHECK(keyword({"合计", "", "", "1234"}) == "合计");
    CHECK(keyword({"总计：356人"}) == "总计");
    CHECK(keyword({"制表人：张三", "", "审核人：李四"}) == "制表");
    CHECK(keyword({"填表日期：2026年9月1日"}) == "填表");
    CHECK(keyword({"填报单位：某县教育局"}) == "填报");
    CHECK(keyword({"注：本表由学校填写"}) == "注：");
    CHECK(keyword({"注:本表由学校填写"}) == "注:");
    CHECK(keyword({"注:", ""}) == "注:");
    CHECK(keyword({"说明：…"}) == "说明");
    CHECK(keyword({"备注：…"}) == "备注：");
    CHECK(keyword({"负责人：赵六", "联系电话：13912345678"}) == "负责人");  // a phone is no ID
    CHECK(keyword({"", " ", "\u3000小计", "12"}) == "小计");             // blank cells and leading spaces
    CHECK(keyword({"", "", "共计", ""}) == "共计");
    // A subtotal that names what it sums first.
    CHECK(keyword({"盂县秀水中心小学小计", "", "", "196人"}) == "小计");
    CHECK(keyword({"东关村合计 ", "", "58"}) == "合计");
    CHECK(keyword({"盂县秀水中心小学小计", "140322201503041234"}) == "");
    // Rows of data: a keyword only inside the first filled cell, a cell that looks like an ID,
    // names and places that start with a keyword's first character.
    CHECK(keyword({"张三", "合计"}) == "");
    CHECK(keyword({"", "王五", "合计"}) == "");
    CHECK(keyword({"合计", "140322201503041234"}) == "");
    CHECK(keyword({"合计", "１４０３２２２０１５０３０４１２３４"}) == "");
    CHECK(keyword({"合计", "1.40322E+17"}) == "");
    CHECK(keyword({"小河镇中心小学", "张三"}) == "");
    CHECK(keyword({"注意", "x"}) == "");  // 注 without a colon
    CHECK(keyword({"总", "x"}) == "");
    CHECK(keyword({"合"}) == "");
    CHECK(keyword({"140322201503041234", "合计"}) == "");
    // A row of blank cells (Excel leaves ",,,,," rows below a table) is no person either.
    CHECK(keyword({"", ""}) == "空行");
    CHECK(keyword({" ", "\u3000", ""}) == "空行");
    CHECK(!bx::line_may_be_footer("140322201503041234,张三", ','));
    CHECK(bx::line_may_be_footer(",,,", ','));
}

TEST_CASE("footer rows are skipped and counted only when asked, wherever they are, whatever their width") {
    TempDir dir;
    const std::string text =
        "某县2026年户籍人口名单\n"
        "序号,姓名,公民身份号码,住址\n"
        "1,张三,140322201503041234,盂县\n"
        "小计,1,,\n"
        "2,李四,140322201503052345,\"平定县,\n冠山镇\"\n"
        "合计,,,1234\n"
        "总计：356人\n"               // one cell: a ragged row, were it a row
        "制表人：张三,,审核人：李四\n"  // names: never in a message
        "注：身份证号,以公安为准\n";
    const auto path = dir.write("hukou.csv", text);
    std::vector<std::string> notes;
    bx::CsvReadOptions options;
    options.skip_footer_rows = true;
    options.on_footer_rows = [&](const bx::CsvReader& reader) {
        notes.push_back(reader.file().substr(reader.file().rfind('/') + 1) + ":" + std::to_string(reader.footer_rows().count));
    };
    bx::CsvReader reader(path, options);
    std::vector<std::string> names;
    std::vector<long> rows;
    while (reader.next()) {
        names.emplace_back(reader.field(1));
        rows.push_back(reader.row());
    }
    CHECK_FALSE(reader.next());  // ended once, noted once
    CHECK(names == std::vector<std::string>{"张三", "李四"});
    CHECK(rows == std::vector<long>{1, 2});  // rows numbered without the footers between them
    const bx::FooterRows& footer = reader.footer_rows();
    CHECK(footer.count == 5);
    CHECK(footer.first_line == 4);
    CHECK(footer.keywords == std::vector<std::string_view>{"小计", "合计", "总计", "制表", "注："});
    CHECK(notes == std::vector<std::string>{"hukou.csv:5"});
    // Not asked (bx-convert): every line is a row, and the one-cell footer is ragged.
    CHECK(error_of(path) == "hukou.csv:8: row has 1 fields but the header has 4");
    CHECK(read_table(path, lenient_options()).size() == 1 + 7);
    // Only footers under the header: no data rows.
    bx::CsvReadOptions skip;
    skip.skip_footer_rows = true;
    CHECK(error_of(dir.write("empty.csv", "姓名,身份证号\n合计,0\n"), skip) ==
          "empty.csv:3: no data rows after the header (use --lenient to accept an empty list)");
}

TEST_CASE("RecordFetcher reads back a tab-separated file by offset, footer rows skipped as on the first read") {
    std::string text = "某县2026年户籍人口名单\n序号\t姓名\t住址\n";
    for (int i = 1; i <= 100; ++i) {
        text += std::to_string(i) + "\t人" + std::to_string(i) + "\t" + (i % 6 == 0 ? "\"a,b\tc\nd\"" : "x") + "\n";
        if (i % 20 == 0) text += "小计\t20\t\n";     // between the checkpoints' stretches and inside them
        if (i % 33 == 0) text += "\"合计\"\t\t\n";  // quoted
    }
    text += "制表人：张三\n";
    TempDir dir;
    const auto path = dir.write("fetch.txt", text);
    bx::CsvReadOptions options;
    options.skip_footer_rows = true;
    const auto read = bx::test::read_noting_checkpoints(path, options);
    REQUIRE(read.rows.size() == 100);
    CHECK(read.rows[5][2] == "a,b\tc\nd");
    bx::RecordFetcher fetcher(path, "fetch.txt", read.checkpoints, 3, options);
    for (uint32_t row : {1u, 2u, 6u, 16u, 17u, 20u, 21u, 33u, 34u, 40u, 41u, 64u, 65u, 66u, 99u, 100u}) {
        CAPTURE(row);
        CHECK(bx::test::strings(fetcher.fetch(row)) == read.rows[row - 1]);
        CHECK(read.rows[row - 1][0] == std::to_string(row));
    }
}
