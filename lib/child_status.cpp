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

// 毕业 from junior school (grade 9) completes compulsory school; 毕业 from primary school with no
// junior enrolment does not. With neither grade nor school type known, the record is believed.
bool completed_grade_nine(const RosterEvidence& record) {
    if (record.state != RosterState::graduated) return false;
    if (record.grade != 0) return record.grade == 9;
    if (record.school_type != 0) return record.school_type == 31;
    return true;
}

std::optional<ChildStatus> exemption_status(ExemptionKind kind) {
    switch (kind) {
        case ExemptionKind::deferred: return ChildStatus::exempt_deferred;
        case ExemptionKind::sick_leave: return ChildStatus::exempt_sick_leave;
        case ExemptionKind::deceased: return ChildStatus::exempt_deceased;
        case ExemptionKind::abroad: return ChildStatus::exempt_abroad;
        case ExemptionKind::home_delivery: return ChildStatus::enrolled;
        case ExemptionKind::unknown: break;
    }
    return std::nullopt;
}

}  // namespace

std::string_view to_string(ChildStatus status) { return kStatusNames[static_cast<int>(status)].code; }

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
    if (exempt == ChildStatus::exempt_deceased || any_state(evidence, RosterState::deceased)) {
        return decided(ChildStatus::exempt_deceased);
    }
    if (evidence.enrolled_elsewhere) return decided(ChildStatus::enrolled_elsewhere);
    if (exempt) return decided(*exempt);
    if (std::any_of(evidence.records.begin(), evidence.records.end(), completed_grade_nine)) {
        return decided(ChildStatus::graduated);
    }
    if (any_state(evidence, RosterState::dropped_out)) return decided(ChildStatus::dropped_out);
    if (any_state(evidence, RosterState::suspended)) return decided(ChildStatus::suspended);
    if (any_state(evidence, RosterState::transferred_out)) return decided(ChildStatus::transferred_lost);
    finding.unknown_roster_status = any_state(evidence, RosterState::unknown);
    return decided(ChildStatus::not_enrolled);
}

}  // namespace bx
