#pragma once
// What the free-text status columns of the exports mean: 学籍状态 on rosters, 类别 on exemption
// lists, 在校生状况 in the poverty file, and 年级 (grade) written in its many forms.
#include <string_view>

namespace bx {

enum class RosterState : char {
    in_school,        // 在读 在校 在籍 正常 复学 转入 借读
    home_delivery,    // 送教上门: counts as enrolled
    graduated,        // 毕业 / 结业
    dropped_out,      // 辍学 失学 退学
    suspended,        // 休学
    transferred_out,  // 转出
    deceased,         // 死亡
    unknown,          // anything else: never guessed, the child goes to review
};
RosterState classify_roster_status(std::string_view text);
bool counts_as_enrolled(RosterState state);

enum class ExemptionKind : char { deferred, sick_leave, deceased, abroad, home_delivery, unknown };
ExemptionKind classify_exemption(std::string_view category);

// 在校生状况 of the poverty file, reduced to what can be compared with bx-flag's finding.
enum class PovertySchooling : char { in_school, out_of_school, other };
PovertySchooling classify_poverty_schooling(std::string_view text);

// 1..9 for grades of compulsory school (一年级, 初二, 9, 九年级, 初中三年级 …); 0 if not one.
int parse_grade(std::string_view text);

}  // namespace bx
