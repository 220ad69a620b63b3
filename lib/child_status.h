#pragma once
// The one status each school-age child gets, and the rule that decides it from the evidence
// found for the child (its roster records, other counties' rosters, the exemption list).
// The table with Chinese labels is in docs/statuses.md.
#include <optional>
#include <string_view>
#include <vector>

#include "school_status.h"

namespace bx {

enum class ChildStatus : char {
    enrolled,            // in school here (送教上门 included)
    enrolled_elsewhere,  // in school in another county
    graduated,           // finished grade 9
    exempt_deferred,     // approved deferred entry
    exempt_sick_leave,   // approved 休学
    exempt_deceased,
    exempt_abroad,
    not_enrolled,        // out of school: never enrolled (or left after primary school)
    dropped_out,         // out of school: 辍学 / 失学 / 退学
    suspended,           // out of school: 休学 without an approved exemption
    transferred_lost,    // out of school: 转出 and enrolled nowhere
};
inline constexpr int kChildStatusCount = 11;
std::string_view to_string(ChildStatus status);
std::string_view to_chinese(ChildStatus status);
bool is_out_of_school(ChildStatus status);

// One roster record of the child, reduced to what the rule reads.
struct RosterEvidence {
    RosterState state = RosterState::unknown;
    int grade = 0;           // 1..9, 0 unknown
    int school_type = 0;     // 21 primary, 31 junior, 51 special (from the school code), 0 unknown
};

struct ChildEvidence {
    // The child's roster records: this county's, and other counties' records that do not show it
    // in school (a 辍学 recorded where the child studied elsewhere is still a dropout).
    std::vector<RosterEvidence> records;
    bool enrolled_elsewhere = false;             // an in-school record on another county's roster
    std::optional<ExemptionKind> exemption;      // from the exemption list
    int age = -1;  // on the cutoff day; -1 unknown (a 毕业 record is then not checked against it)
    bool deceased_in_registry = false;  // the registry's 人员状态 says 死亡
};

// Why a provisional out-of-school status needs a clerk: evidence that could have kept the child
// off the flagged list, but that the toolkit cannot read. Named as in the review_reason column.
enum class StatusDoubt : char {
    none,
    unknown_exemption_category,  // the exemption list's 类别 is not one the toolkit knows
    unclear_graduation,          // 毕业 that cannot be told to be the end of grade 9
    unknown_roster_status,       // only unrecognised 学籍状态 values
};
std::string_view to_string(StatusDoubt doubt);

struct StatusFinding {
    ChildStatus status = ChildStatus::not_enrolled;
    StatusDoubt doubt = StatusDoubt::none;
};

StatusFinding decide_status(const ChildEvidence& evidence);

}  // namespace bx
