// The status rule and the readings of free-text status columns.
#include <doctest/doctest.h>

#include "child_status.h"
#include "school_status.h"

using namespace bx;

TEST_CASE("roster status texts") {
    const std::pair<const char*, RosterState> cases[] = {
        {"在读", RosterState::in_school},       {"在校", RosterState::in_school},
        {"在籍", RosterState::in_school},       {"正常", RosterState::in_school},
        {"复学", RosterState::in_school},       {"转入", RosterState::in_school},
        {"借读", RosterState::in_school},       {" 在 读 ", RosterState::in_school},
        {"送教上门", RosterState::home_delivery}, {"毕业", RosterState::graduated},
        {"辍学", RosterState::dropped_out},     {"失学", RosterState::dropped_out},
        {"退学", RosterState::dropped_out},     {"休学", RosterState::suspended},
        {"转出", RosterState::transferred_out}, {"死亡", RosterState::deceased},
        {"", RosterState::unknown},             {"其他", RosterState::unknown},
    };
    for (const auto& [text, state] : cases) {
        CAPTURE(text);
        CHECK(classify_roster_status(text) == state);
    }
}

TEST_CASE("exemption categories, poverty schooling and grades") {
    CHECK(classify_exemption("延缓入学") == ExemptionKind::deferred);
    CHECK(classify_exemption("休学") == ExemptionKind::sick_leave);
    CHECK(classify_exemption("死亡") == ExemptionKind::deceased);
    CHECK(classify_exemption("出国") == ExemptionKind::abroad);
    CHECK(classify_exemption("送教上门") == ExemptionKind::home_delivery);
    CHECK(classify_exemption("其他") == ExemptionKind::unknown);

    CHECK(classify_poverty_schooling("小学") == PovertySchooling::in_school);
    CHECK(classify_poverty_schooling("初中") == PovertySchooling::in_school);
    CHECK(classify_poverty_schooling("失学辍学") == PovertySchooling::out_of_school);
    CHECK(classify_poverty_schooling("非在校生") == PovertySchooling::out_of_school);
    CHECK(classify_poverty_schooling("学前教育") == PovertySchooling::other);
    CHECK(classify_poverty_schooling("高中") == PovertySchooling::other);

    const std::pair<const char*, int> grades[] = {
        {"一年级", 1}, {"六年级", 6}, {"七年级", 7}, {"九年级", 9}, {"初一", 7}, {"初三", 9},
        {"初中三年级", 9}, {"小学二年级", 2}, {"3", 3}, {"09", 9}, {"高一", 0}, {"", 0}, {"2019级", 0},
    };
    for (const auto& [text, grade] : grades) {
        CAPTURE(text);
        CHECK(parse_grade(text) == grade);
    }
}

TEST_CASE("the status rule") {
    auto status_of = [](std::vector<RosterEvidence> county, bool elsewhere = false,
                        std::optional<ExemptionKind> exemption = std::nullopt) {
        ChildEvidence evidence;
        evidence.records = std::move(county);
        evidence.enrolled_elsewhere = elsewhere;
        evidence.exemption = exemption;
        return decide_status(evidence).status;
    };
    const RosterEvidence in_school{RosterState::in_school, 4, 21};
    const RosterEvidence transferred{RosterState::transferred_out, 4, 21};
    const RosterEvidence dropped{RosterState::dropped_out, 8, 31};
    const RosterEvidence suspended{RosterState::suspended, 5, 21};
    const RosterEvidence junior_graduate{RosterState::graduated, 9, 31};
    const RosterEvidence primary_graduate{RosterState::graduated, 6, 21};

    CHECK(status_of({}) == ChildStatus::not_enrolled);
    CHECK(status_of({in_school}) == ChildStatus::enrolled);
    // A transfer inside the county leaves a 转出 record behind: enrolment wins.
    CHECK(status_of({transferred, in_school}) == ChildStatus::enrolled);
    CHECK(status_of({transferred}) == ChildStatus::transferred_lost);
    CHECK(status_of({transferred}, true) == ChildStatus::enrolled_elsewhere);
    CHECK(status_of({dropped}) == ChildStatus::dropped_out);
    CHECK(status_of({suspended}) == ChildStatus::suspended);
    CHECK(status_of({suspended}, false, ExemptionKind::sick_leave) == ChildStatus::exempt_sick_leave);
    CHECK(status_of({}, false, ExemptionKind::deferred) == ChildStatus::exempt_deferred);
    // A deferral of entry no longer speaks for a child who entered school: its records do.
    CHECK(status_of({dropped}, false, ExemptionKind::deferred) == ChildStatus::dropped_out);
    CHECK(status_of({transferred}, false, ExemptionKind::deferred) == ChildStatus::transferred_lost);
    CHECK(status_of({{RosterState::unknown, 0, 0}}, false, ExemptionKind::deferred) == ChildStatus::exempt_deferred);
    CHECK(status_of({{RosterState::graduated, 0, 0}}, false, ExemptionKind::deferred) == ChildStatus::exempt_deferred);
    CHECK(status_of({dropped}, false, ExemptionKind::abroad) == ChildStatus::exempt_abroad);
    CHECK(status_of({}, false, ExemptionKind::abroad) == ChildStatus::exempt_abroad);
    CHECK(status_of({}, false, ExemptionKind::home_delivery) == ChildStatus::enrolled);
    CHECK(status_of({{RosterState::home_delivery, 3, 51}}) == ChildStatus::enrolled);
    CHECK(status_of({{RosterState::deceased, 3, 21}}) == ChildStatus::exempt_deceased);
    CHECK(status_of({junior_graduate}) == ChildStatus::graduated);
    // Leaving primary school is not completing compulsory school.
    CHECK(status_of({primary_graduate}) == ChildStatus::not_enrolled);
    CHECK(status_of({dropped, transferred}) == ChildStatus::dropped_out);

    ChildEvidence unknown_only;
    unknown_only.records.push_back({RosterState::unknown, 3, 21});
    const StatusFinding unknown = decide_status(unknown_only);
    CHECK(unknown.doubt == StatusDoubt::unknown_roster_status);
    CHECK(to_string(unknown.doubt) == "unknown_roster_status");
    CHECK(is_out_of_school(unknown.status));

    int out_of_school = 0;
    for (int s = 0; s < kChildStatusCount; ++s) {
        const auto status = static_cast<ChildStatus>(s);
        CHECK_FALSE(to_string(status).empty());
        CHECK_FALSE(to_chinese(status).empty());
        out_of_school += is_out_of_school(status);
    }
    CHECK(out_of_school == 4);
}

TEST_CASE("graduation is read against grade, school type and age") {
    constexpr int kPrimary = 21, kJunior = 31, kSpecial = 51, kUnknownType = 0;
    struct Case {
        const char* what;
        int grade, school_type, age;
        ChildStatus status;
        StatusDoubt doubt;
    };
    const Case cases[] = {
        {"grade 9 at a junior school", 9, kJunior, 15, ChildStatus::graduated, StatusDoubt::none},
        {"三年级 at a junior school is 初三", 3, kJunior, 15, ChildStatus::graduated, StatusDoubt::none},
        {"grade 9 at a school of unknown type", 9, kUnknownType, 15, ChildStatus::graduated, StatusDoubt::none},
        {"九年级 at a primary-coded school", 9, kPrimary, 15, ChildStatus::graduated, StatusDoubt::none},
        {"a year ahead", 9, kJunior, 14, ChildStatus::graduated, StatusDoubt::none},
        {"no grade at a junior school", 0, kJunior, 15, ChildStatus::graduated, StatusDoubt::none},
        {"no grade, no school type, old enough", 0, kUnknownType, 15, ChildStatus::graduated, StatusDoubt::none},
        {"no grade, no school type, age unknown", 0, kUnknownType, -1, ChildStatus::graduated, StatusDoubt::none},
        {"primary school finished", 6, kPrimary, 12, ChildStatus::not_enrolled, StatusDoubt::none},
        {"primary school finished, no grade", 0, kPrimary, 15, ChildStatus::not_enrolled, StatusDoubt::none},
        {"八年级毕业 leaves before grade 9", 8, kUnknownType, 15, ChildStatus::not_enrolled, StatusDoubt::none},
        {"二年级 at a junior school is 初二", 2, kJunior, 15, ChildStatus::not_enrolled, StatusDoubt::none},
        {"三年级 at a primary school", 3, kPrimary, 15, ChildStatus::not_enrolled, StatusDoubt::none},
        {"三年级 at a school of unknown type", 3, kUnknownType, 15, ChildStatus::not_enrolled,
         StatusDoubt::unclear_graduation},
        {"grade 9 at eleven", 9, kJunior, 11, ChildStatus::not_enrolled, StatusDoubt::unclear_graduation},
        {"三年级 at a junior school at thirteen", 3, kJunior, 13, ChildStatus::not_enrolled,
         StatusDoubt::unclear_graduation},
        {"no grade, no school type, eleven", 0, kUnknownType, 11, ChildStatus::not_enrolled,
         StatusDoubt::unclear_graduation},
        {"no grade at a special school, eleven", 0, kSpecial, 11, ChildStatus::not_enrolled,
         StatusDoubt::unclear_graduation},
    };
    for (const auto& c : cases) {
        CAPTURE(c.what);
        ChildEvidence evidence;
        evidence.records.push_back({RosterState::graduated, c.grade, c.school_type});
        evidence.age = c.age;
        const StatusFinding finding = decide_status(evidence);
        CHECK(finding.status == c.status);
        CHECK(finding.doubt == c.doubt);
    }
}

TEST_CASE("doubts send a child to review only when it would be flagged") {
    const RosterEvidence dropped{RosterState::dropped_out, 5, 21};
    const RosterEvidence in_school{RosterState::in_school, 5, 21};
    const RosterEvidence too_young_graduate{RosterState::graduated, 0, 0};
    struct Case {
        const char* what;
        std::vector<RosterEvidence> records;
        bool elsewhere;
        std::optional<ExemptionKind> exemption;
        ChildStatus status;
        StatusDoubt doubt;
    };
    const Case cases[] = {
        {"unknown category, no record", {}, false, ExemptionKind::unknown, ChildStatus::not_enrolled,
         StatusDoubt::unknown_exemption_category},
        {"unknown category beside a dropout", {dropped}, false, ExemptionKind::unknown, ChildStatus::dropped_out,
         StatusDoubt::unknown_exemption_category},
        {"unknown category, enrolled here", {in_school}, false, ExemptionKind::unknown, ChildStatus::enrolled,
         StatusDoubt::none},
        {"unknown category, enrolled elsewhere", {}, true, ExemptionKind::unknown, ChildStatus::enrolled_elsewhere,
         StatusDoubt::none},
        {"refused exemption", {dropped}, false, ExemptionKind::not_granted, ChildStatus::dropped_out,
         StatusDoubt::none},
        {"refused exemption, no record", {}, false, ExemptionKind::not_granted, ChildStatus::not_enrolled,
         StatusDoubt::none},
        {"unclear graduation beside a dropout", {too_young_graduate, dropped}, false, std::nullopt,
         ChildStatus::dropped_out, StatusDoubt::unclear_graduation},
        {"unclear graduation, approved deferment", {too_young_graduate}, false, ExemptionKind::deferred,
         ChildStatus::exempt_deferred, StatusDoubt::none},
    };
    for (const auto& c : cases) {
        CAPTURE(c.what);
        ChildEvidence evidence;
        evidence.records = c.records;
        evidence.enrolled_elsewhere = c.elsewhere;
        evidence.exemption = c.exemption;
        evidence.age = 11;
        const StatusFinding finding = decide_status(evidence);
        CHECK(finding.status == c.status);
        CHECK(finding.doubt == c.doubt);
        CHECK((finding.doubt == StatusDoubt::none || is_out_of_school(finding.status)));
    }
}
