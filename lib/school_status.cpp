#include "school_status.h"

#include <algorithm>
#include <array>
#include <optional>
#include <string>

#include "names.h"
#include "text.h"

namespace bx {

namespace {

bool contains(std::string_view text, std::string_view part) {
    return text.find(part) != std::string_view::npos;
}

bool contains_any(std::string_view text, std::initializer_list<std::string_view> parts) {
    for (auto part : parts) {
        if (contains(text, part)) return true;
    }
    return false;
}

// A word right after one of these is denied: 不在校, 非在校生, 未注册, 没有在读.
bool denied_at(std::string_view text, size_t at) {
    static constexpr std::string_view kNegations[] = {"不", "非", "未", "无", "没", "没有", "不再", "未能"};
    const std::string_view before = text.substr(0, at);
    return std::any_of(std::begin(kNegations), std::end(kNegations),
                       [&](std::string_view negation) { return before.ends_with(negation); });
}

bool denies_any(std::string_view text, std::initializer_list<std::string_view> words) {
    for (auto word : words) {
        for (size_t at = text.find(word); at != std::string_view::npos; at = text.find(word, at + word.size())) {
            if (denied_at(text, at)) return true;
        }
    }
    return false;
}

// Chinese numerals one to nine, the form grades are written in.
int chinese_digit(std::string_view text) {
    static constexpr std::array<std::string_view, 9> kDigits = {"一", "二", "三", "四", "五",
                                                                "六", "七", "八", "九"};
    for (size_t i = 0; i < kDigits.size(); ++i) {
        if (text.starts_with(kDigits[i])) return static_cast<int>(i) + 1;
    }
    return 0;
}

int leading_number(std::string_view text) {
    int value = 0;
    size_t i = 0;
    for (; i < text.size() && text[i] >= '0' && text[i] <= '9' && i < 2; ++i) value = value * 10 + (text[i] - '0');
    return i == 0 ? 0 : value;
}

// The words a roster status is written in, each with the state it names. A strong word states
// what happened; a weak one (在籍, 正常: on the books; 离校: away) only qualifies, so that 在籍休学
// and 正常毕业 read as 休学 and 毕业, and 在籍离校 as absent.
struct StatusWord {
    std::string_view word;
    RosterState state;
    bool strong = true;
};

constexpr StatusWord kStatusWords[] = {
    {"在读", RosterState::in_school},        {"在校", RosterState::in_school},
    {"复学", RosterState::in_school},        {"转入", RosterState::in_school},
    {"借读", RosterState::in_school},        {"注册", RosterState::in_school},
    {"返校", RosterState::in_school},        {"劝返", RosterState::in_school},
    {"留级", RosterState::in_school},        {"跳级", RosterState::in_school},
    {"在籍", RosterState::in_school, false}, {"正常", RosterState::in_school, false},
    {"辍学", RosterState::dropped_out},      {"失学", RosterState::dropped_out},
    {"退学", RosterState::dropped_out},      {"流失", RosterState::dropped_out},
    {"开除", RosterState::dropped_out},      {"肄业", RosterState::dropped_out},
    {"离校", RosterState::dropped_out, false},
    {"休学", RosterState::suspended},        {"毕业", RosterState::graduated},
    {"结业", RosterState::graduated},        {"转出", RosterState::transferred_out},
};

// A word after 曾 or 原 is the past (在读（曾辍学）); 待转出, 拟转出 and 转出中 are a transfer not
// yet made, so the pupil is still here.
bool in_the_past(std::string_view text, size_t at) {
    const std::string_view before = text.substr(0, at);
    return before.ends_with("曾") || before.ends_with("原") || before.ends_with("曾经");
}

bool not_yet_made(std::string_view text, size_t at, std::string_view word) {
    const std::string_view before = text.substr(0, at);
    return before.ends_with("待") || before.ends_with("拟") || before.ends_with("申请") ||
           text.substr(at + word.size()).starts_with("中");
}

// The state of the last strong word (the latest event: 辍学后复学, 复学后又休学), else of a weak
// one, an absence (离校) before a presence (在籍).
RosterState latest_state(std::string_view text) {
    // A 转入 beside a 转出 names where the pupil went (转出（已转入外县）), not a school here.
    const bool moved_out = text.find("转出") != std::string_view::npos;
    size_t strong_at = 0;
    std::optional<RosterState> strong, weak;
    for (const StatusWord& entry : kStatusWords) {
        for (size_t at = text.find(entry.word); at != std::string_view::npos; at = text.find(entry.word, at + 1)) {
            if (in_the_past(text, at)) continue;
            RosterState state = entry.state;
            if (state == RosterState::transferred_out && not_yet_made(text, at, entry.word)) state = RosterState::in_school;
            if (entry.word == "转入" && moved_out) continue;
            if (entry.strong && (!strong || at >= strong_at)) {
                strong = state;
                strong_at = at;
            } else if (!entry.strong && (!weak || state == RosterState::dropped_out)) {
                weak = state;
            }
        }
    }
    if (strong) return *strong;
    return weak.value_or(RosterState::unknown);
}


// The clause of `text` that holds byte `at`: between the punctuation marks around it.
std::string_view clause_before(std::string_view text, size_t at) {
    size_t begin = 0;
    for (std::string_view mark : {"，", ",", "。", "；", ";", "、", "（", "(", "：", ":"}) {
        const size_t found = text.rfind(mark, at);
        if (found != std::string_view::npos && found + mark.size() <= at) begin = std::max(begin, found + mark.size());
    }
    return text.substr(begin, at - begin);
}

// Whether one of the words is said of the child: never denied (曾申请出国，未出国), and not of a
// relative named before it in its clause (父亲去世, 父母出国务工) unless the child goes with them
// (随父母出国).
bool said_of_child(std::string_view text, std::initializer_list<std::string_view> words) {
    static constexpr std::string_view kRelatives[] = {"父", "母", "爸", "妈", "爷", "奶", "祖", "外公", "外婆",
                                                      "姥", "家长", "监护人", "哥", "姐", "弟", "妹", "亲属"};
    if (denies_any(text, words)) return false;
    for (const std::string_view word : words) {
        for (size_t at = text.find(word); at != std::string_view::npos; at = text.find(word, at + word.size())) {
            const std::string_view clause = clause_before(text, at);
            const bool of_relative = std::any_of(std::begin(kRelatives), std::end(kRelatives),
                                                 [&](std::string_view relative) { return contains(clause, relative); });
            if (!of_relative || contains_any(clause, {"随", "跟"})) return true;
        }
    }
    return false;
}

bool awaiting_decision(std::string_view text) {
    return contains_any(text, {"待审", "待批", "审批中", "审核中", "申请中", "办理中", "未审"});
}

}  // namespace

RosterState classify_roster_status(std::string_view raw) {
    const std::string text = normalize_name(raw);  // NFKC, no spaces, simplified characters
    // On the books but absent (在籍不在校, 非在校生, 未到校) is what 学籍-against-attendance checks
    // call a dropout. Any other denied status word (未注册, 非正常, 未毕业) is not guessed.
    if (denies_any(text, {"在校", "在读", "到校", "上学", "报到", "返校"})) return RosterState::dropped_out;
    if (denies_any(text, {"在籍", "正常", "复学", "转入", "借读", "注册", "送教", "辍学", "失学", "退学",
                          "休学", "转出", "毕业", "结业", "死亡"})) {
        return RosterState::unknown;
    }
    if (contains(text, "死亡")) return RosterState::deceased;
    if (contains(text, "送教")) return RosterState::home_delivery;
    return latest_state(text);
}

bool counts_as_enrolled(RosterState state) {
    return state == RosterState::in_school || state == RosterState::home_delivery;
}

std::optional<bool> yes_or_no(std::string_view text) {
    static constexpr std::string_view kYes[] = {"1", "y", "Y", "yes", "Yes", "YES", "√", "有", "true", "TRUE"};
    static constexpr std::string_view kNo[] = {"0", "n", "N", "no", "No", "NO", "×", "无", "false", "FALSE"};
    text = trim_ascii(text);
    if (text == "是") return true;  // nearly every cell: read on every roster row
    if (text == "否") return false;
    if (text.empty()) return std::nullopt;
    if (std::find(std::begin(kYes), std::end(kYes), text) != std::end(kYes)) return true;
    if (std::find(std::begin(kNo), std::end(kNo), text) != std::end(kNo)) return false;
    return std::nullopt;
}

RosterState classify_attendance(std::string_view text) {
    if (const auto present = yes_or_no(text)) return *present ? RosterState::in_school : RosterState::dropped_out;
    return classify_roster_status(text);
}

RosterState classify_dropout_mark(std::string_view text) {
    if (const auto dropped = yes_or_no(text)) return *dropped ? RosterState::dropped_out : RosterState::in_school;
    return classify_roster_status(text);
}

RosterState with_attendance(RosterState recorded, RosterState attendance) {
    if (recorded == RosterState::unknown) return attendance;
    const bool absent = attendance == RosterState::dropped_out || attendance == RosterState::suspended;
    // 送教上门 pupils are taught at home: their absence from school is the arrangement.
    return recorded == RosterState::in_school && absent ? attendance : recorded;
}

ExemptionKind classify_exemption(std::string_view raw) {
    const std::string text = normalize_name(raw);
    // A refused or withdrawn application is no exemption: checked before the category it names.
    if (contains_any(text, {"不予", "不批准", "未批准", "未获批", "不同意", "驳回", "撤销", "取消"})) {
        return ExemptionKind::not_granted;
    }
    // Nor yet is one still being decided: the child goes to review if it would be flagged.
    if (awaiting_decision(text)) return ExemptionKind::unknown;
    if (contains(text, "送教")) return ExemptionKind::home_delivery;
    if (said_of_child(text, {"死亡", "身故", "去世", "已故", "病故", "亡故", "过世"})) return ExemptionKind::deceased;
    if (contains_any(text, {"延缓", "缓学", "缓读", "缓入学", "暂缓", "延期入学", "推迟入学", "延迟入学"})) {
        return ExemptionKind::deferred;
    }
    if (contains_any(text, {"休学", "病休"})) return ExemptionKind::sick_leave;
    if (said_of_child(text, {"出国", "出境", "国外", "境外", "留学"})) return ExemptionKind::abroad;
    return ExemptionKind::unknown;
}

ExemptionKind classify_exemption(std::string_view category, std::string_view reason) {
    const ExemptionKind kind = classify_exemption(category);
    if (kind == ExemptionKind::unknown) return classify_exemption(reason);
    // A reason that refuses undoes the category; one that is still being decided, or says the
    // child left school (系辍学), leaves it to a clerk.
    if (classify_exemption(reason) == ExemptionKind::not_granted) return ExemptionKind::not_granted;
    const std::string why = normalize_name(reason);
    if (awaiting_decision(why)) return ExemptionKind::unknown;
    if (kind != ExemptionKind::deceased && said_of_child(why, {"辍学", "失学"})) return ExemptionKind::unknown;
    return kind;
}

RegistryState classify_registry_status(std::string_view raw) {
    const std::string text = normalize_name(raw);
    if (said_of_child(text, {"死亡", "身故", "去世", "已故"})) return RegistryState::deceased;
    if (said_of_child(text, {"迁出", "注销", "外迁", "迁往", "销户", "出国定居", "定居国外"})) return RegistryState::moved_away;
    return RegistryState::resident;
}

PovertySchooling classify_poverty_schooling(std::string_view raw) {
    const std::string text = normalize_name(raw);
    if (contains_any(text, {"辍学", "失学"}) || denies_any(text, {"在校", "上学", "入学"})) {
        return PovertySchooling::out_of_school;
    }
    if (contains_any(text, {"小学", "初中", "义务教育", "在校", "特殊教育", "送教"})) {
        return PovertySchooling::in_school;
    }
    return PovertySchooling::other;
}

bool is_foreign_document(std::string_view id_type) {
    id_type = drop_zero_fraction(trim_ascii(id_type));
    if (id_type.size() <= 1) return id_type == "6" || id_type == "7" || id_type == "8" || id_type == "A" || id_type == "a";
    if (id_type == "居民身份证") return false;  // nearly every row
    return contains_any(id_type, {"护照", "港澳", "台湾", "台胞", "通行证", "居住证", "外国"});
}

int school_type(std::string_view code, std::string_view name) {
    code = drop_zero_fraction(trim_ascii(code));
    if (code.size() == 10) {
        const int type = (code[0] - '0') * 10 + (code[1] - '0');
        if (type == 21 || type == 31 || type == 51) return type;
    }
    // A nine-year school (九年一贯制) teaches both: its name says nothing of the grade.
    if (contains_any(name, {"特殊教育", "特教", "培智", "启智", "聋哑"})) return 51;
    if (contains_any(name, {"九年一贯", "九年制", "一贯制", "完全中学", "完中", "高级中学", "高中"})) return 0;
    if (contains_any(name, {"初级中学", "初中", "中学"})) return 31;
    if (contains_any(name, {"小学", "中心校", "完小", "教学点"})) return 21;
    return 0;
}

int parse_grade(std::string_view raw) {
    const std::string text = normalize_name(raw);
    std::string_view rest = text;
    int offset = 0;
    if (rest.starts_with("初中")) {
        rest.remove_prefix(std::string_view("初中").size());
        offset = 6;
    } else if (rest.starts_with("初")) {
        rest.remove_prefix(std::string_view("初").size());
        offset = 6;
    } else if (rest.starts_with("小学")) {
        rest.remove_prefix(std::string_view("小学").size());
    }
    int grade = chinese_digit(rest);
    if (grade == 0) grade = leading_number(rest);
    if (grade == 0) return 0;
    grade += offset;
    return grade >= 1 && grade <= 9 ? grade : 0;
}

}  // namespace bx
