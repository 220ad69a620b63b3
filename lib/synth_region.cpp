#include "synth_region.h"

#include <algorithm>

#include <fmt/format.h>

#include "errors.h"
#include "synth_random.h"

namespace bx::synth {

namespace {

struct KnownCounty {
    std::string_view code;
    std::string_view name;
    std::string_view city;
    bool urban;  // every township is a 街道
    std::vector<std::string_view> townships;  // the first is the county seat
};

const std::vector<KnownCounty>& known_counties() {
    static const std::vector<KnownCounty> table = {
        {"140302", "城区", "阳泉市", true,
         {"上站街道", "下站街道", "北大街街道", "南山路街道", "义井街道", "蒙村街道"}},
        {"140303", "矿区", "阳泉市", true,
         {"沙坪街道", "赛鱼街道", "蔡洼街道", "桥头街道", "平潭街街道", "贵石沟街道"}},
        {"140311", "郊区", "阳泉市", false,
         {"荫营镇", "河底镇", "平坦镇", "西南舁乡", "旧街乡", "李家庄乡"}},
        {"140321", "平定县", "阳泉市", false,
         {"冠山镇", "冶西镇", "锁簧镇", "张庄镇", "东回镇", "柏井镇", "娘子关镇", "巨城镇",
          "石门口乡", "岔口乡"}},
        {"140322", "盂县", "阳泉市", false,
         {"秀水镇", "孙家庄镇", "路家村镇", "南娄镇", "牛村镇", "苌池镇", "上社镇", "西烟镇",
          "仙人乡", "北下庄乡", "梁家寨乡", "东梁乡"}},
    };
    return table;
}

constexpr std::string_view kDefaultRegion[] = {"140302", "140303", "140311", "140321", "140322"};

struct CodeName {
    std::string_view code;
    std::string_view name;
};

constexpr CodeName kProvinces[] = {
    {"11", "北京市"}, {"12", "天津市"}, {"13", "河北省"}, {"14", "山西省"}, {"15", "内蒙古自治区"},
    {"21", "辽宁省"}, {"22", "吉林省"}, {"23", "黑龙江省"}, {"31", "上海市"}, {"32", "江苏省"},
    {"33", "浙江省"}, {"34", "安徽省"}, {"35", "福建省"}, {"36", "江西省"}, {"37", "山东省"},
    {"41", "河南省"}, {"42", "湖北省"}, {"43", "湖南省"}, {"44", "广东省"}, {"45", "广西壮族自治区"},
    {"46", "海南省"}, {"50", "重庆市"}, {"51", "四川省"}, {"52", "贵州省"}, {"53", "云南省"},
    {"54", "西藏自治区"}, {"61", "陕西省"}, {"62", "甘肃省"}, {"63", "青海省"},
    {"64", "宁夏回族自治区"}, {"65", "新疆维吾尔自治区"}, {"71", "台湾省"},
    {"81", "香港特别行政区"}, {"82", "澳门特别行政区"},
};

// Counties where children of the region also study (the province-wide look-up) and where
// migrant pupils come from.
constexpr CodeName kStudyPlaces[] = {
    {"140105", "太原市小店区"}, {"140106", "太原市迎泽区"}, {"140702", "晋中市榆次区"},
    {"140725", "晋中市寿阳县"}, {"140922", "忻州市五台县"}, {"140302", "阳泉市城区"},
    {"140322", "阳泉市盂县"},   {"110105", "朝阳区"},         {"130102", "石家庄市长安区"},
    {"120116", "滨海新区"},     {"320506", "苏州市吴中区"},   {"330109", "杭州市萧山区"},
    {"441900", "东莞市"},       {"610113", "西安市雁塔区"},
};

// ID codes of people registered elsewhere: current ones, then codes retired in 1999 that only
// adults carry.
constexpr std::string_view kOtherAreas[] = {"140105", "140106", "140121", "140427", "140723",
                                            "140725", "130121", "130127", "410122", "411324",
                                            "410523", "140302", "140321", "140322"};
constexpr std::string_view kRetiredAreas[] = {"142401", "142431"};

constexpr std::string_view kChineseNumbers[] = {"一", "二", "三", "四", "五", "六", "七", "八",
                                                "九", "十", "十一", "十二", "十三", "十四", "十五"};

constexpr std::string_view kPlaceSyllables[] = {
    "东", "西", "南", "北", "上", "下", "前", "后", "大", "小", "新", "石", "柳", "杏", "桃",
    "槐", "榆", "红", "白", "黄", "青", "马", "龙", "凤", "水", "泉", "河", "山", "岭", "关"};
constexpr std::string_view kFamilyPrefixes[] = {"王", "李", "张", "刘", "赵", "郭", "武", "贾",
                                                "郝", "杜", "孙", "梁", "高", "史", "任"};
constexpr std::string_view kVillageFeatures[] = {"庄", "沟", "峪", "坪", "河", "岭", "窑", "头",
                                                 "寨", "堡", "洼", "梁", "垴", "掌", "湾", "坡"};
constexpr std::string_view kCommunityWords[] = {"新华", "阳光", "桃园", "和平", "安康", "泰和",
                                                "滨河", "山底", "站北", "东升", "光明", "怡景",
                                                "德胜", "锦绣", "金山", "翠苑", "林里", "丽景"};

std::string village_name(Rng& rng) {
    switch (rng.below(4)) {
        case 0:
            return fmt::format("{}家{}村", rng.pick(kFamilyPrefixes),
                               rng.pick(kVillageFeatures));
        case 1:
            return fmt::format("{}{}村", rng.pick(kPlaceSyllables),
                               rng.pick(kVillageFeatures));
        case 2:
            return fmt::format("{}{}{}村", rng.pick(kPlaceSyllables),
                               rng.pick(kPlaceSyllables),
                               rng.pick(kVillageFeatures));
        default:
            return fmt::format("{}{}村", rng.pick(kPlaceSyllables),
                               rng.pick(kFamilyPrefixes));
    }
}

std::string community_name(Rng& rng) {
    return fmt::format("{}社区", rng.pick(kCommunityWords));
}

// 秀水镇 -> 秀水, 上站街道 -> 上站, 西南舁乡 -> 西南舁.
std::string township_stem(std::string_view name) {
    for (std::string_view suffix : {"街道", "镇", "乡"}) {
        if (name.size() > suffix.size() && name.ends_with(suffix)) {
            return std::string(name.substr(0, name.size() - suffix.size()));
        }
    }
    return std::string(name);
}

uint64_t code_number(std::string_view code) {
    uint64_t n = 0;
    for (char c : code) n = n * 10 + static_cast<uint64_t>(c - '0');
    return n;
}

std::string school_code(SchoolKind kind, std::string_view county_code, int serial) {
    const std::string_view type = kind == SchoolKind::primary  ? "21"
                                  : kind == SchoolKind::junior ? "31"
                                                               : "51";
    return fmt::format("{}{}{}{:02}", type, county_code.substr(0, 2), county_code.substr(2, 4),
                       serial);
}

struct CountySpec {
    std::string code;
    std::string name;  // may be empty: generated
};

CountySpec parse_county_spec(const std::string& text) {
    CountySpec spec;
    const auto colon = text.find(':');
    spec.code = text.substr(0, colon);
    if (colon != std::string::npos) spec.name = text.substr(colon + 1);
    bool digits = spec.code.size() == 6;
    for (char c : spec.code) digits = digits && c >= '0' && c <= '9';
    if (!digits || province_name(spec.code).empty() || spec.code.ends_with("00")) {
        throw UsageError("--region wants 6-digit county codes (CODE or CODE:NAME), got '" + text + "'");
    }
    return spec;
}

const KnownCounty* find_known(std::string_view code) {
    for (const auto& county : known_counties()) {
        if (county.code == code) return &county;
    }
    return nullptr;
}

class RegionBuilder {
public:
    SynthRegion region;

    void add_county(const CountySpec& spec) {
        const KnownCounty* known = find_known(spec.code);
        Rng rng(derive_seed(code_number(spec.code), 0x5e610));
        SynthCounty county;
        county.code = spec.code;
        county.province = std::string(province_name(spec.code));
        if (known) {
            county.name = std::string(known->name);
            county.city = std::string(known->city);
        } else {
            county.name = spec.name.empty() ? generated_county_name(rng) : spec.name;
        }
        county.first_township = static_cast<uint16_t>(region.townships.size());
        const auto county_index = static_cast<uint16_t>(region.counties.size());
        region.counties.push_back(county);
        auto& added = region.counties.back();

        std::vector<std::string> township_names;
        if (known) {
            for (auto name : known->townships) township_names.emplace_back(name);
        } else {
            township_names.emplace_back("城关镇");
            const int count = rng.between(5, 9);
            for (int i = 1; i < count; ++i) township_names.push_back(generated_township_name(rng));
        }
        const bool urban = known && known->urban;
        int serial = 1;
        for (size_t t = 0; t < township_names.size(); ++t) {
            add_township(county_index, township_names[t], urban, t == 0, rng, serial);
        }
        added.township_count = static_cast<uint16_t>(region.townships.size() - added.first_township);
        const int seat_juniors = urban ? 3 : 2;
        for (int i = 0; i < seat_juniors; ++i) {
            const std::string name =
                urban ? fmt::format("{}第{}中学", added.city, chinese_number(city_school_number_++))
                      : fmt::format("{}{}中学", added.name, i == 0 ? "实验" : "第二");
            added.seat_juniors.push_back(add_school(name, SchoolKind::junior, county_index, serial));
        }
        added.special_school = add_school(added.school_prefix() + "特殊教育学校", SchoolKind::special,
                                          county_index, serial);
    }

    void add_study_places() {
        for (const auto& place : kStudyPlaces) {
            bool inside = false;
            for (const auto& county : region.counties) inside = inside || county.code == place.code;
            if (inside) continue;
            StudyPlace study;
            study.code = std::string(place.code);
            study.name = fmt::format("{}{}", province_name(place.code), place.name);
            const auto index = static_cast<uint16_t>(region.study_places.size());
            int serial = 90;
            for (std::string_view suffix : {"第一小学", "实验小学"}) {
                study.primaries.push_back(
                    add_elsewhere_school(std::string(place.name) + std::string(suffix),
                                         SchoolKind::primary, index, place.code, serial));
            }
            study.juniors.push_back(add_elsewhere_school(std::string(place.name) + "第二初级中学",
                                                         SchoolKind::junior, index, place.code,
                                                         serial));
            region.study_places.push_back(std::move(study));
        }
    }

    void add_id_areas() {
        for (const auto& county : region.counties) region.id_areas.push_back(county.code);
        region.other_area_begin = static_cast<uint8_t>(region.id_areas.size());
        for (auto code : kOtherAreas) {
            bool inside = false;
            for (const auto& county : region.counties) inside = inside || county.code == code;
            if (!inside) region.id_areas.emplace_back(code);
        }
        region.retired_area_begin = static_cast<uint8_t>(region.id_areas.size());
        for (auto code : kRetiredAreas) region.id_areas.emplace_back(code);
    }

private:
    int city_school_number_ = 1;

    static std::string_view chinese_number(int n) {
        return kChineseNumbers[static_cast<size_t>(n - 1) % std::size(kChineseNumbers)];
    }

    static std::string generated_county_name(Rng& rng) {
        return fmt::format("{}{}县", rng.pick(kPlaceSyllables),
                           rng.pick(kVillageFeatures));
    }

    static std::string generated_township_name(Rng& rng) {
        return fmt::format("{}{}{}", rng.pick(kPlaceSyllables),
                           rng.pick(kVillageFeatures), rng.chance(0.6) ? "镇" : "乡");
    }

    uint16_t add_school(const std::string& name, SchoolKind kind, uint16_t county, int& serial) {
        region.schools.push_back(
            {name, school_code(kind, region.counties[county].code, serial++), kind, county});
        return static_cast<uint16_t>(region.schools.size() - 1);
    }

    uint16_t add_elsewhere_school(const std::string& name, SchoolKind kind, uint16_t place,
                                  std::string_view code, int& serial) {
        region.elsewhere_schools.push_back({name, school_code(kind, code, serial++), kind, place});
        return static_cast<uint16_t>(region.elsewhere_schools.size() - 1);
    }

    void add_township(uint16_t county_index, const std::string& name, bool urban, bool seat,
                      Rng& rng, int& serial) {
        SynthTownship township;
        township.name = name;
        const std::string stem = township_stem(name);
        township.police_station = stem + "派出所";
        township.county = county_index;
        township.street = urban || name.ends_with("街道");
        township.first_village = static_cast<uint32_t>(region.villages.size());
        const auto township_index = static_cast<uint16_t>(region.townships.size());
        const int village_count = township.street ? rng.between(4, 7) : rng.between(8, 16);
        std::vector<std::string> used;
        while (static_cast<int>(used.size()) < village_count) {
            std::string village = township.street ? community_name(rng) : village_name(rng);
            if (std::find(used.begin(), used.end(), village) != used.end()) continue;
            used.push_back(village);
            region.villages.push_back({village, township_index});
        }
        township.village_count = static_cast<uint16_t>(village_count);

        const std::string prefix = region.counties[county_index].school_prefix();
        if (township.street) {
            township.primaries.push_back(add_school(prefix + stem + "小学", SchoolKind::primary,
                                                    county_index, serial));
            township.primaries.push_back(add_school(prefix + stem + "第二小学", SchoolKind::primary,
                                                    county_index, serial));
        } else {
            township.primaries.push_back(add_school(prefix + stem + (seat ? "实验小学" : "中心校"),
                                                    SchoolKind::primary, county_index, serial));
            const int village_schools = seat ? 2 : 1;
            for (int i = 0; i < village_schools; ++i) {
                std::string village = used[static_cast<size_t>(i) + 1];
                village = village.substr(0, village.size() - std::string_view("村").size());
                township.primaries.push_back(add_school(prefix + stem + village + "小学",
                                                        SchoolKind::primary, county_index, serial));
            }
            township.juniors.push_back(add_school(prefix + stem + (seat ? "初级中学" : "中学"),
                                                  SchoolKind::junior, county_index, serial));
        }
        region.townships.push_back(std::move(township));
    }
};

}  // namespace

std::string SynthCounty::school_prefix() const {
    // Districts share names across cities (城区, 郊区): schools carry the city name.
    return city.empty() || name.ends_with("县") ? name : city + name;
}

std::string_view province_name(std::string_view code6) {
    for (const auto& province : kProvinces) {
        if (code6.substr(0, 2) == province.code) return province.name;
    }
    return {};
}

SynthRegion SynthRegion::build(std::span<const std::string> codes) {
    std::vector<CountySpec> specs;
    for (const auto& code : codes) specs.push_back(parse_county_spec(code));
    if (specs.empty()) {
        for (auto code : kDefaultRegion) specs.push_back({std::string(code), ""});
    }
    RegionBuilder builder;
    for (const auto& spec : specs) {
        for (const auto& county : builder.region.counties) {
            if (county.code == spec.code) throw UsageError("--region lists " + spec.code + " twice");
        }
        builder.add_county(spec);
    }
    builder.add_study_places();
    builder.add_id_areas();
    return std::move(builder.region);
}

}  // namespace bx::synth
