#pragma once
// The place a synthetic data set describes: counties with townships (乡镇/街道), villages or
// communities, police stations and schools, plus the other regions whose rosters and ID
// numbers appear in it. Built-in tables cover Yangquan (阳泉); other county codes get
// generated names. Place names do not depend on the seed.
#include <cstdint>
#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace bx::synth {

enum class SchoolKind : uint8_t { primary, junior, special };

struct SynthCounty {
    std::string code;         // GB/T 2260, 6 digits
    std::string name;         // 盂县
    std::string province;     // 山西省
    std::string city;         // 阳泉市 ("" when unknown)
    uint16_t first_township = 0;
    uint16_t township_count = 0;
    std::vector<uint16_t> seat_juniors;  // junior schools of the county seat or city
    uint16_t special_school = 0;

    std::string full_name() const { return province + city + name; }
    std::string school_prefix() const;  // 盂县, 阳泉市城区
};

struct SynthTownship {
    std::string name;            // 秀水镇, 上站街道
    std::string police_station;  // 秀水派出所
    uint16_t county = 0;
    bool street = false;  // 街道: urban communities, flats
    uint32_t first_village = 0;
    uint16_t village_count = 0;
    std::vector<uint16_t> primaries;
    std::vector<uint16_t> juniors;  // own junior school(s); empty for streets
};

struct SynthVillage {
    std::string name;  // 东关村, 桃园社区
    uint16_t township = 0;
};

struct SynthSchool {
    std::string name;
    std::string code;  // 学校标识码: 21/31/51 + province + 6-digit serial
    SchoolKind kind = SchoolKind::primary;
    uint16_t place = 0;  // county index; for elsewhere schools the StudyPlace index
};

// A county outside the region whose roster may hold our children (elsewhere.csv).
struct StudyPlace {
    std::string code;
    std::string name;  // 山西省太原市小店区
    std::vector<uint16_t> primaries, juniors;  // indices into elsewhere_schools
};

class SynthRegion {
public:
    // `codes`: 6-digit county codes, optionally CODE:NAME; empty means Yangquan's five. Throws
    // UsageError on a malformed code.
    static SynthRegion build(std::span<const std::string> codes);

    std::vector<SynthCounty> counties;
    std::vector<SynthTownship> townships;
    std::vector<SynthVillage> villages;
    std::vector<SynthSchool> schools;
    std::vector<StudyPlace> study_places;
    std::vector<SynthSchool> elsewhere_schools;

    // Codes ID numbers carry: the region's counties first, then other counties (children born
    // or registered elsewhere, migrants), then retired codes only adults carry.
    std::vector<std::string> id_areas;
    uint8_t other_area_begin = 0;
    uint8_t retired_area_begin = 0;
};

// 山西省 for "14"; "" when unknown.
std::string_view province_name(std::string_view code6);

}  // namespace bx::synth
