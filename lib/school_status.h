#pragma once
// What the free-text status columns of the exports mean: 学籍状态 on rosters, 类别 on exemption
// lists, 在校生状况 in the poverty file, and 年级 (grade) written in its many forms.
#include <optional>
#include <string_view>

namespace bx {

enum class RosterState : char {
    in_school,        // 在读 在校 在籍 正常 复学 转入 借读 注册 (辍学后复学 too)
    home_delivery,    // 送教上门: counts as enrolled
    graduated,        // 毕业 / 结业
    dropped_out,      // 辍学 失学 退学, and absent from school: 在籍不在校 不在校 非在校生 未到校
    suspended,        // 休学
    transferred_out,  // 转出 (转出（已转入外县）too: the pupil left this county)
    deceased,         // 死亡
    unknown,          // anything else (未注册 too): never guessed, the child goes to review
};
RosterState classify_roster_status(std::string_view text);
bool counts_as_enrolled(RosterState state);

// 是 / 否 in their spreadsheet forms (是, 1, Y, yes, √, 有 / 否, 0, N, no, ×, 无); nullopt for
// anything else.
std::optional<bool> yes_or_no(std::string_view text);

// A roster's attendance beside its 学籍状态 (a second status column such as 在校状态, 是否在校 or
// 是否辍学), read as a state: 是否在校 否 is dropped_out, 是否辍学 是 too; unknown when it says nothing.
RosterState classify_attendance(std::string_view text);
RosterState classify_dropout_mark(std::string_view text);
// The 学籍-against-attendance check: an in-school record whose attendance says the pupil is absent
// (辍学, 不在校, 休学) takes that state; every other recorded state stands (送教上门 pupils are
// taught at home), and an unknown one takes the attendance's.
RosterState with_attendance(RosterState recorded, RosterState attendance);

enum class ExemptionKind : char {
    deferred,       // 延缓入学 延期入学 推迟入学 缓学 缓读 暂缓
    sick_leave,     // 休学 病休
    deceased,       // 死亡 身故 去世 已故 病故
    abroad,         // 出国 出境 国外 境外 留学
    home_delivery,  // 送教上门: counts as enrolled
    not_granted,    // 不予批准 驳回 撤销 …: no exemption, the child's records decide
    unknown,        // anything else: never guessed, the child goes to review if it would be flagged
};
ExemptionKind classify_exemption(std::string_view category);
// The category decides; the reason is read when the category is empty or not understood (a list
// with only a 原因 column, or 类别 其他 with 原因 随父母出国).
ExemptionKind classify_exemption(std::string_view category, std::string_view reason);

// A registry row's 人员状态: a resident, dead (死亡, 死亡注销), or gone from this registry (迁出,
// 注销, 外迁, 出国定居): no longer the county's child.
enum class RegistryState : char { resident, deceased, moved_away };
RegistryState classify_registry_status(std::string_view text);

// 在校生状况 of the poverty file, reduced to what can be compared with bx-flag's finding.
enum class PovertySchooling : char { in_school, out_of_school, other };
PovertySchooling classify_poverty_schooling(std::string_view text);

// 21 primary, 31 junior, 51 special school, from the 10-digit 学校标识码; without a code, from the
// school's name (初级中学, 中学 / 小学, 中心校, 完小, 教学点 / 特殊教育, 特教, 培智); 0 when neither says.
int school_type(std::string_view code, std::string_view name);

// A 身份证件类型 other than the resident ID: 港澳台 documents (6, 7, 8, 港澳居民来往内地通行证,
// 台湾居民来往大陆通行证, 居住证) and passports (A, 护照). Not Z (其他), which says nothing.
bool is_foreign_document(std::string_view id_type);

// 1..9 for grades of compulsory school (一年级, 初二, 9, 九年级, 初中三年级 …); 0 if not one.
int parse_grade(std::string_view text);

}  // namespace bx
