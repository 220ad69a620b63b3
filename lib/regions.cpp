#include "regions.h"

#include <algorithm>
#include <charconv>
#include <initializer_list>
#include <optional>

#include "csv_reader.h"
#include "errors.h"
#include "fields.h"
#include "names.h"

namespace bx {
namespace {

std::optional<uint32_t> code_key(std::string_view code6) {
    if (code6.size() != 6) return std::nullopt;
    uint32_t key = 0;
    for (char c : code6) {
        if (c < '0' || c > '9') return std::nullopt;
        key = key * 10 + static_cast<uint32_t>(c - '0');
    }
    return key;
}

// Empty means unknown (start) or still in use (end).
int parse_year(const CsvReader& reader, std::string_view text, std::string_view column) {
    if (text.empty()) return 0;
    int year = 0;
    const auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), year);
    if (error != std::errc{} || end != text.data() + text.size()) {
        reader.fail("region list: " + std::string(column) + " is not a year");
    }
    return year;
}

}  // namespace

RegionTable RegionTable::load(const std::string& path) {
    CsvReader reader(path);
    const size_t code_column = require_header(reader, {"代码", "code"});
    const size_t name_column = require_header(reader, {"名称", "name"});
    const size_t start_column = require_header(reader, {"启用时间", "start"});
    const size_t end_column = require_header(reader, {"变更/弃用时间", "end"});

    RegionTable table;
    while (reader.next()) {
        const std::string_view code = reader.field(code_column);
        if (!code_key(code)) reader.fail("region list: code is not 6 digits");
        table.add(code, reader.field(name_column), parse_year(reader, reader.field(start_column), "启用时间"),
                  parse_year(reader, reader.field(end_column), "变更/弃用时间"));
    }
    return table;
}

void RegionTable::add(std::string_view code6, std::string_view name, int start_year, int end_year) {
    const auto key = code_key(code6);
    if (!key) throw DataError("region code is not 6 digits");
    auto& periods = periods_by_code_[*key];
    periods.push_back(RegionPeriod{std::string(name), start_year, end_year});
    std::stable_sort(periods.begin(), periods.end(),
                     [](const RegionPeriod& a, const RegionPeriod& b) { return a.start_year < b.start_year; });
}

bool RegionTable::has(std::string_view code6) const {
    const auto key = code_key(code6);
    return key && periods_by_code_.contains(*key);
}

std::string_view RegionTable::name(std::string_view code6) const {
    const auto found = periods(code6);
    return found.empty() ? std::string_view{} : std::string_view(found.back().name);
}

std::span<const RegionPeriod> RegionTable::periods(std::string_view code6) const {
    const auto key = code_key(code6);
    if (!key) return {};
    const auto it = periods_by_code_.find(*key);
    if (it == periods_by_code_.end()) return {};
    return it->second;
}

namespace {

// ASCII or full-width (０-９: U+FF10-FF19, EF BC 90-99 in UTF-8): house numbers in an address.
bool has_digit(std::string_view text) {
    for (size_t i = 0; i < text.size(); ++i) {
        const auto byte = static_cast<unsigned char>(text[i]);
        if (byte >= '0' && byte <= '9') return true;
        if (byte == 0xEF && i + 2 < text.size() && static_cast<unsigned char>(text[i + 1]) == 0xBC &&
            static_cast<unsigned char>(text[i + 2]) >= 0x90 && static_cast<unsigned char>(text[i + 2]) <= 0x99) {
            return true;
        }
    }
    return false;
}

}  // namespace

bool looks_like_township_name(std::string_view text) {
    constexpr size_t kMaxCharacters = 12;
    static constexpr std::string_view kEndings[] = {"镇", "乡", "街道", "办事处", "地区", "开发区",
                                                    "管委会", "苏木", "农场", "林场", "园区", "新区"};
    if (text.empty() || code_point_count(text) > kMaxCharacters) return false;
    if (has_digit(text)) return false;
    return std::any_of(std::begin(kEndings), std::end(kEndings), [&](std::string_view ending) { return text.ends_with(ending); });
}

}  // namespace bx
