#include "school_status.h"

#include <algorithm>
#include <array>
#include <optional>
#include <string>

#include "names.h"

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

// Where the last of the words occurs, or npos.
size_t last_of_any(std::string_view text, std::initializer_list<std::string_view> words) {
    size_t last = std::string_view::npos;
    for (auto word : words) {
        const size_t at = text.rfind(word);
        if (at != std::string_view::npos && (last == std::string_view::npos || at > last)) last = at;
    }
    return last;
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

}  // namespace

RosterState classify_roster_status(std::string_view raw) {
    const std::string text = normalize_name(raw);  // NFKC, no spaces, simplified characters
    // On the books but absent (在籍不在校, 非在校生, 未到校) is what 学籍-against-attendance checks
    // call a dropout. Any other denied status word (未注册, 非正常, 未毕业) is not guessed.
    if (denies_any(text, {"在校", "在读", "到校", "上学", "报到"})) return RosterState::dropped_out;
    if (denies_any(text, {"在籍", "正常", "复学", "转入", "借读", "注册", "送教", "辍学", "失学", "退学",
                          "休学", "转出", "毕业", "结业", "死亡"})) {
        return RosterState::unknown;
    }
    if (contains(text, "送教")) return RosterState::home_delivery;
    // The later of 辍学 and 复学 is the current state: 辍学后复学 is back in school.
    const size_t left = last_of_any(text, {"辍学", "失学", "退学"});
    const size_t back = last_of_any(text, {"复学"});
    if (left != std::string_view::npos && (back == std::string_view::npos || back < left)) {
        return RosterState::dropped_out;
    }
    if (contains(text, "死亡")) return RosterState::deceased;
    // A 转入 beside a 转出 names where the pupil went (转出（已转入外县）), not a school here.
    if (contains(text, "转出")) return RosterState::transferred_out;
    // Order matters: 复学 (back after a break) before 休学.
    if (contains_any(text, {"在读", "在校", "在籍", "正常", "复学", "转入", "借读", "注册"})) {
        return RosterState::in_school;
    }
    if (contains(text, "休学")) return RosterState::suspended;
    if (contains_any(text, {"毕业", "结业"})) return RosterState::graduated;
    return RosterState::unknown;
}

bool counts_as_enrolled(RosterState state) {
    return state == RosterState::in_school || state == RosterState::home_delivery;
}

namespace {

// 是 / 否 in their spreadsheet forms; nullopt for anything else.
std::optional<bool> yes_or_no(std::string_view raw) {
    const std::string text = normalize_name(raw);
    for (std::string_view yes : {"是", "1", "y", "Y", "yes", "Yes", "YES", "√", "true", "TRUE"})
        if (text == yes) return true;
    for (std::string_view no : {"否", "0", "n", "N", "no", "No", "NO", "×", "false", "FALSE"})
        if (text == no) return false;
    return std::nullopt;
}

}  // namespace

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
    if (contains(text, "送教")) return ExemptionKind::home_delivery;
    if (contains_any(text, {"死亡", "身故", "去世", "已故", "病故", "亡故", "过世"})) return ExemptionKind::deceased;
    if (contains_any(text, {"延缓", "缓学", "缓读", "缓入学", "暂缓", "延期入学", "推迟入学", "延迟入学"})) {
        return ExemptionKind::deferred;
    }
    if (contains_any(text, {"休学", "病休"})) return ExemptionKind::sick_leave;
    if (contains_any(text, {"出国", "出境", "国外", "境外", "留学"})) return ExemptionKind::abroad;
    return ExemptionKind::unknown;
}

ExemptionKind classify_exemption(std::string_view category, std::string_view reason) {
    const ExemptionKind kind = classify_exemption(category);
    return kind == ExemptionKind::unknown ? classify_exemption(reason) : kind;
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
