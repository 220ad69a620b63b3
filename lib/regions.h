#pragma once
// GB/T 2260 administrative division codes (province, prefecture and county level) with the years
// each was in use. An ID number keeps the code in force when it was issued, so a retired code is
// still a real one. The list is an optional user-supplied file, never required.
#include <cstdint>
#include <span>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

namespace bx {

struct RegionPeriod {
    std::string name;
    int start_year = 0;  // 0 when unknown
    int end_year = 0;    // 0 while still in use
};

// Whether a township cell reads as the name of a township-level division (上站街道, 秀水镇,
// 经济技术开发区管委会): at most 12 characters, no digits, ending in a township-level word (镇,
// 乡, 街道, 办事处, 地区, 开发区, 管委会, 苏木, 农场, 林场, 园区, 新区). A township column that
// holds addresses, or anything else, may hold personal data that must not reach a message.
bool looks_like_township_name(std::string_view text);

class RegionTable {
public:
    // Reads a CSV such as areacodes.csv (yescallop/areacodes). Columns are found by header name:
    // 代码 or code, 名称 or name, 启用时间 or start, 变更/弃用时间 or end. Throws DataError on
    // a missing column, a code that is not 6 digits or a year that is not a number.
    static RegionTable load(const std::string& path);

    // A code may be listed several times: retired and later given to another area.
    // end_year 0 means still in use.
    void add(std::string_view code6, std::string_view name, int start_year, int end_year);

    bool has(std::string_view code6) const;  // the code ever existed
    // The most recent name given to the code ("" when unknown). Names repeat across cities
    // (城区, 郊区): match on codes, never on names.
    std::string_view name(std::string_view code6) const;
    // Every period the code was in use, oldest first (empty when unknown).
    std::span<const RegionPeriod> periods(std::string_view code6) const;

    size_t size() const { return periods_by_code_.size(); }  // distinct codes

private:
    std::unordered_map<uint32_t, std::vector<RegionPeriod>> periods_by_code_;
};

}  // namespace bx
