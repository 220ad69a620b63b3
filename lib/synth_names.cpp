#include "synth_names.h"

#include "names.h"

#include <algorithm>
#include <array>
#include <unordered_map>
#include <utility>
#include <vector>

namespace bx::synth {

namespace {

struct WeightedSurname {
    std::string_view text;
    double percent;
};

// Shares of the population in percent (2020 census order; 郭 武 贾 郝 闫 a little higher, as in
// Shanxi), then rare surnames that tools tend to mishandle: 单 (Shan), 曾, 区 (Ou), 解 (Xie),
// 仇 (Qiu), 朴 (Piao) and compound surnames.
constexpr WeightedSurname kSurnames[] = {
    {"王", 7.25}, {"李", 7.19}, {"张", 6.83}, {"刘", 5.38}, {"陈", 4.53}, {"杨", 3.08},
    {"赵", 2.29}, {"黄", 2.23}, {"周", 1.90}, {"吴", 2.05}, {"徐", 1.45}, {"孙", 1.38},
    {"胡", 1.16}, {"朱", 1.28}, {"高", 1.00}, {"林", 0.97}, {"何", 1.06}, {"郭", 1.60},
    {"马", 1.29}, {"罗", 0.86}, {"梁", 0.71}, {"宋", 0.63}, {"郑", 0.79}, {"谢", 0.67},
    {"韩", 0.58}, {"唐", 0.62}, {"冯", 0.57}, {"于", 0.43}, {"董", 0.48}, {"萧", 0.05},
    {"程", 0.37}, {"曹", 0.55}, {"袁", 0.47}, {"邓", 0.56}, {"许", 0.60}, {"傅", 0.10},
    {"沈", 0.31}, {"曾", 0.50}, {"彭", 0.52}, {"吕", 0.34}, {"苏", 0.36}, {"卢", 0.29},
    {"蒋", 0.42}, {"蔡", 0.41}, {"贾", 0.40}, {"丁", 0.33}, {"魏", 0.35}, {"薛", 0.30},
    {"叶", 0.38}, {"阎", 0.10}, {"余", 0.40}, {"潘", 0.44}, {"杜", 0.39}, {"戴", 0.08},
    {"夏", 0.18}, {"钟", 0.26}, {"汪", 0.23}, {"田", 0.48}, {"任", 0.32}, {"姜", 0.28},
    {"范", 0.22}, {"方", 0.16}, {"石", 0.20}, {"姚", 0.30}, {"谭", 0.25}, {"廖", 0.19},
    {"邹", 0.15}, {"熊", 0.14}, {"金", 0.21}, {"陆", 0.24}, {"郝", 0.35}, {"孔", 0.07},
    {"白", 0.25}, {"崔", 0.27}, {"康", 0.10}, {"毛", 0.09}, {"邱", 0.14}, {"秦", 0.14},
    {"江", 0.13}, {"史", 0.15}, {"顾", 0.10}, {"侯", 0.15}, {"邵", 0.09}, {"孟", 0.15},
    {"龙", 0.11}, {"万", 0.08}, {"段", 0.12}, {"雷", 0.12}, {"钱", 0.08}, {"汤", 0.07},
    {"尹", 0.13}, {"黎", 0.10}, {"易", 0.07}, {"常", 0.12}, {"武", 0.30}, {"乔", 0.10},
    {"贺", 0.10}, {"赖", 0.05}, {"龚", 0.09}, {"文", 0.06}, {"闫", 0.25}, {"牛", 0.08},
    {"单", 0.03}, {"区", 0.01}, {"解", 0.03}, {"仇", 0.01}, {"朴", 0.01}, {"欧阳", 0.02},
    {"司马", 0.005}, {"诸葛", 0.003}, {"尉迟", 0.002},
};

// Given-name characters, most used first (weights fall off with rank): those that usually
// open a two-character given name, and those that close it or stand alone.
struct CharPool {
    std::string_view lead;
    std::string_view tail;
};
constexpr CharPool kChildMale = {
    "子浩宇梓俊博泽明文一晨睿昊嘉天皓思家志雨佳鸿鹏奕逸锦晓立永",
    "轩然豪涵泽睿杰航铭辰阳宇凯磊诚瑞鑫恒晟霖毅乐宁安强远新旭翔哲骏健洋亮彬斌腾元正浩博文明"};
constexpr CharPool kChildFemale = {
    "梓欣子雨思佳可语紫诗雅梦晓心若依艺一嘉静婉舒怡",
    "涵怡萱诺馨琪悦彤晨雅静婷妍雪瑶琳慧颖蕊月茜菲宁安文清诗雯璐露丹娜丽婧靖昕玥钰淑乐熙甜"};
constexpr CharPool kParentMale = {"建国志海晓小红卫立永俊文德金春新军明",
                                  "伟军勇强磊涛斌明华平刚海波辉峰东林杰鹏超文俊兵亮宏飞云春忠宝锋龙成生利江"};
constexpr CharPool kParentFemale = {"丽晓小海春红秀美玉艳文淑丹",
                                    "丽娟艳芳敏静红霞燕玲萍梅莉丹英华琴慧秀云娜凤兰琳洁婷雪"};
constexpr CharPool kOldMale = {"建国福贵德根保拴银金有满全喜成二", "国庆福贵德明根保柱虎锁仓生全喜成"};
constexpr CharPool kOldFemale = {"秀桂玉淑凤翠爱巧金", "英兰珍花香梅荣莲娥芳"};

// Names given very often in their generation; they make namesakes common.
constexpr std::string_view kChildMalePopular[] = {
    "浩宇", "浩然", "子轩", "宇轩", "梓豪", "俊熙", "一诺", "子墨", "宇航", "皓轩", "博文", "明轩",
    "雨泽", "天佑", "思远", "子豪", "俊杰", "梓睿", "奕辰", "晨阳", "浩轩", "宇泽", "子睿", "文博",
    "铭泽", "俊宇", "家豪", "子涵", "嘉乐", "一鸣", "晓明", "鹏飞"};
constexpr std::string_view kChildFemalePopular[] = {
    "梓涵", "一诺", "欣怡", "子涵", "雨涵", "诗涵", "可馨", "梓萱", "思涵", "语桐", "欣妍", "雨萱",
    "紫涵", "佳怡", "梦琪", "雨欣", "若汐", "依诺", "艺涵", "梓琪", "思彤", "欣然", "语汐", "子萱",
    "佳琪", "可欣", "梦瑶", "静怡", "晓静", "雅琪"};
constexpr std::string_view kParentMalePopular[] = {
    "建华", "建军", "志强", "志刚", "永强", "卫东", "海军", "晓东", "红军", "建平", "国强", "俊峰",
    "海波", "文斌", "立新", "小军"};
constexpr std::string_view kParentFemalePopular[] = {
    "海燕", "丽娟", "晓燕", "红梅", "小红", "丽华", "春梅", "秀丽", "晓丽", "丽丽", "艳红", "建英",
    "文静", "晓红", "美玲", "玉梅"};
constexpr std::string_view kOldMalePopular[] = {
    "建国", "国庆", "拴柱", "二虎", "银锁", "金锁", "锁柱", "有福", "满仓", "福生", "保全", "根喜"};
constexpr std::string_view kOldFemalePopular[] = {
    "秀英", "桂英", "玉兰", "淑珍", "桂兰", "凤兰", "秀兰", "玉珍", "桂花", "翠花", "爱莲", "巧娥"};

constexpr std::string_view kUyghurMale[] = {
    "阿卜杜拉", "艾力", "买买提", "艾买提", "吐尔逊", "依明", "艾山", "努尔艾力", "卡地尔",
    "吾买尔", "托合提", "阿不都", "肉孜", "司马义", "亚森", "热合曼"};
constexpr std::string_view kUyghurFemale[] = {
    "古丽娜尔", "迪丽努尔", "热依拉", "阿依古丽", "帕提古丽", "米热古丽", "努尔古丽", "再娜甫",
    "阿依努尔", "古再丽", "玛依拉", "热娜"};
constexpr std::string_view kYiClans[] = {
    "吉克", "沙马", "阿苏", "曲比", "阿牛", "马海", "海来", "吉伍", "俄底", "阿约"};
constexpr std::string_view kYiMale[] = {"拉则", "木呷", "伍加", "日火", "尔古", "阿木", "克惹"};
constexpr std::string_view kYiFemale[] = {"阿依", "阿果", "日作", "阿芝", "阿呷", "依莫", "阿惹"};

// Characters a clerk types for another with the same reading.
constexpr std::pair<std::string_view, std::string_view> kHomophones[] = {
    {"晓", "小"}, {"静", "靖"}, {"明", "鸣"}, {"婷", "亭"}, {"丽", "莉"}, {"伟", "玮"},
    {"涛", "韬"}, {"峰", "锋"}, {"芳", "方"}, {"红", "虹"}, {"玲", "铃"}, {"琳", "林"},
    {"宇", "雨"}, {"轩", "萱"}, {"浩", "皓"}, {"欣", "馨"}, {"怡", "宜"}, {"梓", "子"},
    {"涵", "含"}, {"颖", "莹"}, {"佳", "嘉"}, {"晨", "辰"}, {"文", "雯"}, {"俊", "骏"},
    {"鑫", "新"}, {"彤", "桐"}, {"杰", "捷"}, {"鹏", "朋"}, {"娜", "纳"}, {"华", "桦"},
    {"军", "君"}, {"勇", "永"}, {"刚", "钢"}, {"斌", "彬"}, {"琪", "淇"}, {"悦", "越"},
    {"妍", "研"}, {"瑶", "遥"}, {"璐", "露"}, {"思", "斯"}, {"诗", "施"}, {"雅", "亚"},
};

// Simplified -> traditional, for rosters typed on traditional-character systems.
constexpr std::pair<std::string_view, std::string_view> kTraditional[] = {
    {"张", "張"}, {"刘", "劉"}, {"陈", "陳"}, {"杨", "楊"}, {"黄", "黃"}, {"赵", "趙"},
    {"吴", "吳"}, {"孙", "孫"}, {"马", "馬"}, {"郑", "鄭"}, {"罗", "羅"}, {"谢", "謝"},
    {"许", "許"}, {"韩", "韓"}, {"冯", "馮"}, {"邓", "鄧"}, {"叶", "葉"}, {"苏", "蘇"},
    {"吕", "呂"}, {"卢", "盧"}, {"钟", "鍾"}, {"谭", "譚"}, {"陆", "陸"}, {"贾", "賈"},
    {"顾", "顧"}, {"龙", "龍"}, {"万", "萬"}, {"钱", "錢"}, {"汤", "湯"}, {"邹", "鄒"},
    {"闫", "閆"}, {"贺", "賀"}, {"龚", "龔"}, {"伟", "偉"}, {"华", "華"}, {"丽", "麗"},
    {"军", "軍"}, {"红", "紅"}, {"凤", "鳳"}, {"兰", "蘭"}, {"涛", "濤"}, {"鹏", "鵬"},
    {"杰", "傑"}, {"乐", "樂"}, {"宁", "寧"}, {"阳", "陽"}, {"语", "語"}, {"诗", "詩"},
    {"轩", "軒"}, {"锦", "錦"}, {"颖", "穎"}, {"梦", "夢"}, {"东", "東"}, {"国", "國"},
    {"刚", "剛"}, {"云", "雲"}, {"飞", "飛"}, {"泽", "澤"}, {"铭", "銘"}, {"骏", "駿"},
    {"辉", "輝"}, {"晓", "曉"}, {"艺", "藝"}, {"艳", "艷"}, {"静", "靜"}, {"强", "強"},
    {"凯", "凱"}, {"诚", "誠"}, {"鸿", "鴻"}, {"钰", "鈺"}, {"宝", "寶"}, {"庆", "慶"},
    {"荣", "榮"}, {"贵", "貴"}, {"爱", "愛"}, {"锁", "鎖"}, {"满", "滿"}, {"仓", "倉"},
};

// The middle-dot shapes rosters use instead of U+00B7, or none at all.
constexpr std::string_view kDotVariants[] = {"•", "・", "．", "."};
constexpr std::string_view kMiddleDot = "·";

// Rank-based weights: the first entries of a pool are used far more often than the last.
std::vector<double> rank_weights(size_t count) {
    std::vector<double> weights;
    for (size_t i = 0; i < count; ++i) weights.push_back(1.0 / (static_cast<double>(i) + 4.0));
    return weights;
}

}  // namespace

struct NameBook::Tables {
    std::vector<std::string_view> surnames;
    WeightedPicker surname_picker;
    std::vector<std::string_view> chars;  // every given-name character, by index
    std::unordered_map<std::string_view, uint16_t> char_index;

    struct Pool {
        std::vector<uint16_t> lead, tail;
        WeightedPicker lead_picker, tail_picker;
        std::vector<std::pair<uint16_t, uint16_t>> popular;
        WeightedPicker popular_picker;
        double popular_share = 0;  // names taken whole from `popular`
        double single_share = 0;   // one-character given names
    };
    // [age][male]
    std::array<std::array<Pool, 2>, 3> pools;

    std::vector<std::string_view> minority_words;
    std::vector<uint16_t> uyghur[2], yi_given[2], yi_clans;  // [male]

    uint16_t intern(std::string_view ch) {
        const auto [it, added] = char_index.emplace(ch, static_cast<uint16_t>(chars.size()));
        if (added) chars.push_back(ch);
        return it->second;
    }

    std::vector<uint16_t> intern_all(std::string_view text) {
        std::vector<uint16_t> out;
        for (auto ch : split_code_points(text)) {
            const uint16_t index = intern(ch);
            if (std::find(out.begin(), out.end(), index) == out.end()) out.push_back(index);
        }
        return out;
    }

    template <size_t N>
    Pool make_pool(const CharPool& chars, const std::string_view (&popular)[N], double popular_share,
                   double single_share) {
        Pool pool;
        pool.lead = intern_all(chars.lead);
        pool.tail = intern_all(chars.tail);
        pool.lead_picker = WeightedPicker(rank_weights(pool.lead.size()));
        pool.tail_picker = WeightedPicker(rank_weights(pool.tail.size()));
        for (auto name : popular) {
            const auto parts = split_code_points(name);
            pool.popular.emplace_back(intern(parts[0]), intern(parts[1]));
        }
        pool.popular_picker = WeightedPicker(rank_weights(pool.popular.size()));
        pool.popular_share = popular_share;
        pool.single_share = single_share;
        return pool;
    }

    template <size_t N>
    std::vector<uint16_t> words(const std::string_view (&list)[N]) {
        std::vector<uint16_t> out;
        for (auto word : list) {
            out.push_back(static_cast<uint16_t>(minority_words.size()));
            minority_words.push_back(word);
        }
        return out;
    }

    Tables() {
        std::vector<double> weights;
        for (const auto& s : kSurnames) {
            surnames.push_back(s.text);
            weights.push_back(s.percent);
        }
        surname_picker = WeightedPicker(weights);
        const auto child = static_cast<size_t>(NameAge::child);
        const auto parent = static_cast<size_t>(NameAge::parent);
        const auto old = static_cast<size_t>(NameAge::grandparent);
        pools[child][1] = make_pool(kChildMale, kChildMalePopular, 0.30, 0.08);
        pools[child][0] = make_pool(kChildFemale, kChildFemalePopular, 0.30, 0.08);
        pools[parent][1] = make_pool(kParentMale, kParentMalePopular, 0.25, 0.25);
        pools[parent][0] = make_pool(kParentFemale, kParentFemalePopular, 0.25, 0.25);
        pools[old][1] = make_pool(kOldMale, kOldMalePopular, 0.40, 0.15);
        pools[old][0] = make_pool(kOldFemale, kOldFemalePopular, 0.40, 0.15);
        uyghur[1] = words(kUyghurMale);
        uyghur[0] = words(kUyghurFemale);
        yi_clans = words(kYiClans);
        yi_given[1] = words(kYiMale);
        yi_given[0] = words(kYiFemale);
    }
};

NameBook::NameBook() {
    static const Tables tables;
    tables_ = &tables;
}

const NameBook& NameBook::get() {
    static const NameBook book;
    return book;
}

uint16_t NameBook::draw_surname(Rng& rng) const {
    return static_cast<uint16_t>(tables_->surname_picker.pick(rng));
}

void NameBook::draw_given(Rng& rng, bool male, NameAge age, PersonName& name) const {
    const auto& pool = tables_->pools[static_cast<size_t>(age)][male ? 1 : 0];
    const double roll = rng.unit();
    if (roll < pool.popular_share) {
        const auto& [first, second] = pool.popular[pool.popular_picker.pick(rng)];
        name.given1 = first;
        name.given2 = second;
        return;
    }
    if (roll < pool.popular_share + pool.single_share) {
        name.given1 = pool.tail[pool.tail_picker.pick(rng)];
        name.given2 = PersonName::kNone;
        return;
    }
    name.given1 = pool.lead[pool.lead_picker.pick(rng)];
    do {
        name.given2 = pool.tail[pool.tail_picker.pick(rng)];
    } while (name.given2 == name.given1);
}

uint16_t NameBook::draw_given_tail(Rng& rng, bool male) const {
    const auto& pool = tables_->pools[static_cast<size_t>(NameAge::child)][male ? 1 : 0];
    return pool.tail[pool.tail_picker.pick(rng)];
}

uint16_t NameBook::draw_uyghur_given(Rng& rng, bool male) const {
    return rng.pick(tables_->uyghur[male ? 1 : 0]);
}

uint16_t NameBook::draw_yi_clan(Rng& rng) const {
    return rng.pick(tables_->yi_clans);
}

uint16_t NameBook::draw_yi_given(Rng& rng, bool male) const {
    return rng.pick(tables_->yi_given[male ? 1 : 0]);
}

void NameBook::append(std::string& out, const PersonName& name) const {
    if (name.minority()) {
        out.append(tables_->minority_words[name.given1]);
        out.append(kMiddleDot);
        out.append(tables_->minority_words[name.given2]);
        return;
    }
    out.append(tables_->surnames[name.surname]);
    out.append(tables_->chars[name.given1]);
    if (name.given2 != PersonName::kNone) out.append(tables_->chars[name.given2]);
}

std::string NameBook::format(const PersonName& name) const {
    std::string out;
    append(out, name);
    return out;
}

std::string_view NameBook::surname_text(const PersonName& name) const {
    return name.minority() ? std::string_view() : tables_->surnames[name.surname];
}

std::string_view to_string(NameNoise noise) {
    switch (noise) {
        case NameNoise::none: return "none";
        case NameNoise::homophone: return "homophone";
        case NameNoise::traditional: return "traditional";
        case NameNoise::space: return "space";
        case NameNoise::dot: return "dot";
    }
    return "none";
}

namespace {

using CharMap = std::unordered_map<std::string_view, std::string_view>;

CharMap make_map(std::span<const std::pair<std::string_view, std::string_view>> pairs,
                 bool both_ways) {
    CharMap map;
    for (const auto& [a, b] : pairs) {
        map.emplace(a, b);
        if (both_ways) map.emplace(b, a);
    }
    return map;
}

// Replaces one character that `map` knows, preferring the given name over the surname (which
// is read first and typed most carefully). False when no character is in the map.
bool replace_one(std::string& name, const CharMap& map, Rng& rng) {
    auto chars = split_code_points(name);
    std::vector<size_t> candidates;
    for (size_t i = chars.size(); i-- > 0;) {
        if (map.count(chars[i])) candidates.push_back(i);
    }
    if (candidates.empty()) return false;
    const size_t chosen = candidates[rng.below(candidates.size() > 1 && rng.chance(0.3) ? 2 : 1)];
    std::string out;
    for (size_t i = 0; i < chars.size(); ++i) out.append(i == chosen ? map.at(chars[i]) : chars[i]);
    name = std::move(out);
    return true;
}

void add_stray_space(std::string& name, Rng& rng) {
    const auto chars = split_code_points(name);
    switch (rng.below(3)) {
        case 0: {  // between surname and given name
            std::string out(chars[0]);
            out.append(" ");
            for (size_t i = 1; i < chars.size(); ++i) out.append(chars[i]);
            name = std::move(out);
            break;
        }
        case 1: name.append(" "); break;
        default: name.append("\u3000"); break;
    }
}

bool change_dot(std::string& name, Rng& rng) {
    const auto at = name.find(kMiddleDot);
    if (at == std::string::npos) return false;
    const auto variant = rng.below(std::size(kDotVariants) + 1);  // the extra slot: no dot at all
    const std::string_view replacement = variant < std::size(kDotVariants) ? kDotVariants[variant] : "";
    name.replace(at, kMiddleDot.size(), replacement);
    return true;
}

}  // namespace

NameNoise apply_name_noise(NameNoise wanted, std::string& name, Rng& rng) {
    static const CharMap homophones = make_map(kHomophones, true);
    static const CharMap traditional = make_map(kTraditional, false);
    switch (wanted) {
        case NameNoise::none: return NameNoise::none;
        case NameNoise::homophone:
            if (replace_one(name, homophones, rng)) return NameNoise::homophone;
            break;
        case NameNoise::traditional:
            if (replace_one(name, traditional, rng)) return NameNoise::traditional;
            break;
        case NameNoise::dot:
            if (change_dot(name, rng)) return NameNoise::dot;
            break;
        case NameNoise::space: break;
    }
    add_stray_space(name, rng);
    return NameNoise::space;
}

}  // namespace bx::synth
