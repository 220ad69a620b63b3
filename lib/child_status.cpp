#include "child_status.h"

#include <algorithm>

namespace bx {

namespace {

struct StatusNames {
    std::string_view code;
    std::string_view chinese;
};

constexpr StatusNames kStatusNames[kChildStatusCount] = {
    {"enrolled", "在校"},
    {"enrolled_elsewhere", "外地就读"},
    {"graduated", "已毕业"},
    {"exempt_deferred", "延缓入学"},
    {"exempt_sick_leave", "休学(已批准)"},
    {"exempt_deceased", "死亡"},
    {"exempt_abroad", "出国(境)"},
    {"not_enrolled", "未入学"},
    {"dropped_out", "辍学"},
    {"suspended", "休学未批准"},
    {"transferred_lost", "转出未入学"},
};

bool any_state(const ChildEvidence& evidence, RosterState state) {
    return std::any_of(evidence.records.begin(), evidence.records.end(),
                       [&](const RosterEvidence& record) { return record.state == state; });
}

constexpr int kPrimarySchool = 21;
constexpr int kJuniorSchool = 31;
// A pupil who entered grade 1 at six is fifteen on the cutoff day after finishing grade 9. One
// year less allows for a skipped grade, or for a run before September on a roster that already
// says 毕业; anyone younger cannot have finished.
constexpr int kYoungestGraduate = 14;

// The grade in nine-year numbering. Junior schools count their own grades 1-3 (三年级 at a
// 31… school is 初三, grade 9) as often as 7-9.
int nine_year_grade(const RosterEvidence& record) {
    const bool junior_counting = record.school_type == kJuniorSchool && record.grade >= 1 && record.grade <= 3;
    return junior_counting ? record.grade + 6 : record.grade;
}

enum class Completion : char { none, finished, unclear };

// 毕业 completes compulsory school only from grade 9; 毕业 from primary school or an earlier
// grade (八年级毕业) is leaving school. A 毕业 that could be either (grade 1-3 at a school of
// unknown type), or that the child is too young for, is not guessed.
Completion completion(const RosterEvidence& record, int age) {
    if (record.state != RosterState::graduated) return Completion::none;
    const int grade = nine_year_grade(record);
    const bool grade_ambiguous = record.school_type == 0 && grade >= 1 && grade <= 3;
    if (grade_ambiguous) return Completion::unclear;
    if (grade != 0 && grade != 9) return Completion::none;
    if (grade == 0 && record.school_type == kPrimarySchool) return Completion::none;
    if (age >= 0 && age < kYoungestGraduate) return Completion::unclear;
    return Completion::finished;
}

bool any_completion(const ChildEvidence& evidence, Completion wanted) {
    return std::any_of(evidence.records.begin(), evidence.records.end(),
                       [&](const RosterEvidence& record) { return completion(record, evidence.age) == wanted; });
}

// The most serious out-of-school record decides; with none, the child never enrolled.
ChildStatus out_of_school_status(const ChildEvidence& evidence) {
    if (any_state(evidence, RosterState::dropped_out)) return ChildStatus::dropped_out;
    if (any_state(evidence, RosterState::suspended)) return ChildStatus::suspended;
    if (any_state(evidence, RosterState::transferred_out)) return ChildStatus::transferred_lost;
    return ChildStatus::not_enrolled;
}

// The doubt that could keep a child found out of school off the flagged list, in the order of
// the rule: an exemption first, then completion, then an unread roster status.
StatusDoubt doubt_about_out_of_school(const ChildEvidence& evidence, ChildStatus status) {
    if (evidence.exemption == ExemptionKind::unknown) return StatusDoubt::unknown_exemption_category;
    if (any_completion(evidence, Completion::unclear)) return StatusDoubt::unclear_graduation;
    if (status == ChildStatus::not_enrolled && any_state(evidence, RosterState::unknown)) {
        return StatusDoubt::unknown_roster_status;
    }
    return StatusDoubt::none;
}

// A 辍学, 休学 or 转出 record shows the child entered school, so a deferral of its entry
// (延缓入学, approved years ago) no longer speaks for it; its records do. (A 毕业 record may be
// the kindergarten's.)
bool entered_school(const ChildEvidence& evidence) {
    return any_state(evidence, RosterState::dropped_out) || any_state(evidence, RosterState::suspended) ||
           any_state(evidence, RosterState::transferred_out);
}

std::optional<ChildStatus> exemption_status(ExemptionKind kind) {
    switch (kind) {
        case ExemptionKind::deferred: return ChildStatus::exempt_deferred;
        case ExemptionKind::sick_leave: return ChildStatus::exempt_sick_leave;
        case ExemptionKind::deceased: return ChildStatus::exempt_deceased;
        case ExemptionKind::abroad: return ChildStatus::exempt_abroad;
        case ExemptionKind::home_delivery: return ChildStatus::enrolled;
        case ExemptionKind::not_granted:
        case ExemptionKind::unknown: break;
    }
    return std::nullopt;
}

}  // namespace

std::string_view to_string(ChildStatus status) { return kStatusNames[static_cast<int>(status)].code; }

std::string_view to_string(StatusDoubt doubt) {
    switch (doubt) {
        case StatusDoubt::none: break;
        case StatusDoubt::unknown_exemption_category: return "unknown_exemption_category";
        case StatusDoubt::unclear_graduation: return "unclear_graduation";
        case StatusDoubt::unknown_roster_status: return "unknown_roster_status";
    }
    return "";
}

std::string_view to_chinese(ChildStatus status) {
    return kStatusNames[static_cast<int>(status)].chinese;
}

bool is_out_of_school(ChildStatus status) {
    return status == ChildStatus::not_enrolled || status == ChildStatus::dropped_out ||
           status == ChildStatus::suspended || status == ChildStatus::transferred_lost;
}

// In order: enrolment anywhere beats every other record (a transfer leaves a 转出 record behind
// at the old school); then death; approved exemptions; completion; and only then the out-of-school
// statuses, the most serious first.
StatusFinding decide_status(const ChildEvidence& evidence) {
    StatusFinding finding;
    auto decided = [&](ChildStatus status) {
        finding.status = status;
        return finding;
    };
    const bool enrolled_here = std::any_of(evidence.records.begin(), evidence.records.end(),
                                           [](const RosterEvidence& r) { return counts_as_enrolled(r.state); });
    if (enrolled_here) return decided(ChildStatus::enrolled);
    const auto exempt = evidence.exemption ? exemption_status(*evidence.exemption) : std::nullopt;
    if (exempt == ChildStatus::enrolled) return decided(ChildStatus::enrolled);
    if (exempt == ChildStatus::exempt_deceased || any_state(evidence, RosterState::deceased) || evidence.deceased_in_registry) {
        return decided(ChildStatus::exempt_deceased);
    }
    if (evidence.enrolled_elsewhere) return decided(ChildStatus::enrolled_elsewhere);
    if (exempt && !(exempt == ChildStatus::exempt_deferred && entered_school(evidence))) return decided(*exempt);
    if (any_completion(evidence, Completion::finished)) return decided(ChildStatus::graduated);
    finding.status = out_of_school_status(evidence);
    finding.doubt = doubt_about_out_of_school(evidence, finding.status);
    return finding;
}

}  // namespace bx
