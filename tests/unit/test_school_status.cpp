// Readings of the free-text 学籍状态 and exemption 类别 columns, as clerks write them.
#include <doctest/doctest.h>

#include "school_status.h"

using namespace bx;

TEST_CASE("roster status texts that deny or revise themselves") {
    const std::pair<const char*, RosterState> cases[] = {
        // On the books but absent: what 学籍-against-attendance checks call a dropout.
        {"在籍不在校", RosterState::dropped_out},
        {"不在校", RosterState::dropped_out},
        {"非在校生", RosterState::dropped_out},
        {"未在读", RosterState::dropped_out},
        {"没有在读", RosterState::dropped_out},
        {"未到校", RosterState::dropped_out},
        {"未报到", RosterState::dropped_out},
        {"在 籍 不 在 校", RosterState::dropped_out},
        // Other denied words are not guessed.
        {"未注册", RosterState::unknown},
        {"不在籍", RosterState::unknown},
        {"非正常", RosterState::unknown},
        {"未毕业", RosterState::unknown},
        {"未转出", RosterState::unknown},
        // The later of 辍学 and 复学 is the current state.
        {"辍学后复学", RosterState::in_school},
        {"辍学（已劝返复学）", RosterState::in_school},
        {"复学后又辍学", RosterState::dropped_out},
        {"休学后复学", RosterState::in_school},
        // A 转入 beside a 转出 says where the pupil went.
        {"转出（已转入外县）", RosterState::transferred_out},
        {"转出(已转入外县)", RosterState::transferred_out},
        {"转出到外省", RosterState::transferred_out},
        // Plain values still read as before.
        {"在读", RosterState::in_school},
        {"已注册", RosterState::in_school},
        {"转入", RosterState::in_school},
        {"结业", RosterState::graduated},
        {"送教上门", RosterState::home_delivery},
        // The latest event wins; 在籍 and 正常 only qualify; 曾 marks the past; 待转出 is not yet.
        {"在籍休学", RosterState::suspended},
        {"在校（休学）", RosterState::suspended},
        {"正常毕业", RosterState::graduated},
        {"毕业（正常）", RosterState::graduated},
        {"在籍毕业", RosterState::graduated},
        {"复学后又休学", RosterState::suspended},
        {"休学期满返校", RosterState::in_school},
        {"辍学已劝返在读", RosterState::in_school},
        {"辍学返校", RosterState::in_school},
        {"辍学劝返已入学", RosterState::in_school},
        {"在读（曾辍学）", RosterState::in_school},
        {"在籍离校", RosterState::dropped_out},
        {"毕业离校", RosterState::graduated},
        {"未返校", RosterState::dropped_out},
        {"待转出", RosterState::in_school},
        {"转出中", RosterState::in_school},
        {"流失", RosterState::dropped_out},
        {"留级", RosterState::in_school},
        {"延缓入学", RosterState::unknown},
        {"死亡（原在读）", RosterState::deceased},
        {"转学", RosterState::unknown},
        {"停学", RosterState::unknown},
        {"注销学籍", RosterState::unknown},
    };
    for (const auto& [text, state] : cases) {
        CAPTURE(text);
        CHECK(classify_roster_status(text) == state);
    }
}

TEST_CASE("attendance beside 学籍状态: an absence turns an in-school record into its state") {
    CHECK(classify_attendance("是") == RosterState::in_school);
    CHECK(classify_attendance(" 否 ") == RosterState::dropped_out);
    CHECK(classify_attendance("N") == RosterState::dropped_out);
    CHECK(classify_attendance("不在校") == RosterState::dropped_out);
    CHECK(classify_attendance("休学") == RosterState::suspended);
    CHECK(classify_attendance("待定") == RosterState::unknown);
    CHECK(classify_dropout_mark("是") == RosterState::dropped_out);
    CHECK(classify_dropout_mark("否") == RosterState::in_school);
    CHECK(classify_dropout_mark("辍学") == RosterState::dropped_out);

    CHECK(with_attendance(RosterState::in_school, RosterState::dropped_out) == RosterState::dropped_out);
    CHECK(with_attendance(RosterState::in_school, RosterState::suspended) == RosterState::suspended);
    CHECK(with_attendance(RosterState::in_school, RosterState::in_school) == RosterState::in_school);
    CHECK(with_attendance(RosterState::in_school, RosterState::unknown) == RosterState::in_school);
    // 送教上门 pupils are taught at home: "not at school" is their arrangement.
    CHECK(with_attendance(RosterState::home_delivery, RosterState::dropped_out) == RosterState::home_delivery);
    // A status other than in school stands; an unknown one takes the attendance's.
    CHECK(with_attendance(RosterState::graduated, RosterState::dropped_out) == RosterState::graduated);
    CHECK(with_attendance(RosterState::dropped_out, RosterState::in_school) == RosterState::dropped_out);
    CHECK(with_attendance(RosterState::transferred_out, RosterState::in_school) == RosterState::transferred_out);
    CHECK(with_attendance(RosterState::unknown, RosterState::in_school) == RosterState::in_school);
}

TEST_CASE("exemption categories in the wordings clerks use") {
    const std::pair<const char*, ExemptionKind> cases[] = {
        {"延缓入学", ExemptionKind::deferred},
        {"延缓入学（身体原因）", ExemptionKind::deferred},
        {"延期入学", ExemptionKind::deferred},
        {"推迟入学", ExemptionKind::deferred},
        {"延迟入学", ExemptionKind::deferred},
        {"缓读", ExemptionKind::deferred},
        {"缓学", ExemptionKind::deferred},
        {"暂缓入学", ExemptionKind::deferred},
        {"因病缓学", ExemptionKind::deferred},
        {"休学", ExemptionKind::sick_leave},
        {"因病休学", ExemptionKind::sick_leave},
        {"病休", ExemptionKind::sick_leave},
        {"死亡", ExemptionKind::deceased},
        {"已故", ExemptionKind::deceased},
        {"去世", ExemptionKind::deceased},
        {"病故", ExemptionKind::deceased},
        {"出国", ExemptionKind::abroad},
        {"出境就读", ExemptionKind::abroad},
        {"境外就读", ExemptionKind::abroad},
        {"移居国外", ExemptionKind::abroad},
        {"出国留学", ExemptionKind::abroad},
        {"送教上门", ExemptionKind::home_delivery},
        {"残疾送教", ExemptionKind::home_delivery},
        {"不予批准", ExemptionKind::not_granted},
        {"延缓入学未批准", ExemptionKind::not_granted},
        {"休学申请驳回", ExemptionKind::not_granted},
        {"撤销休学", ExemptionKind::not_granted},
        // Said of a relative, denied, or not yet decided: no exemption the toolkit can read.
        {"父亲去世，随祖母生活", ExemptionKind::unknown},
        {"母亲已故", ExemptionKind::unknown},
        {"父母出国务工", ExemptionKind::unknown},
        {"父母在境外务工", ExemptionKind::unknown},
        {"曾申请出国，未出国", ExemptionKind::unknown},
        {"延缓入学（待审批）", ExemptionKind::unknown},
        {"休学审核中", ExemptionKind::unknown},
        {"随父母出国", ExemptionKind::abroad},
        {"跟随父母移居国外", ExemptionKind::abroad},
        {"因病死亡", ExemptionKind::deceased},
        {"本人去世", ExemptionKind::deceased},
        {"随班就读", ExemptionKind::unknown},
        {"户口迁出", ExemptionKind::unknown},
        {"其他", ExemptionKind::unknown},
        {"", ExemptionKind::unknown},
    };
    for (const auto& [text, kind] : cases) {
        CAPTURE(text);
        CHECK(classify_exemption(text) == kind);
    }
}

TEST_CASE("an exemption's reason can undo its category") {
    CHECK(classify_exemption("延缓入学", "身体原因") == ExemptionKind::deferred);
    CHECK(classify_exemption("延缓入学", "家长未申请延缓，系辍学") == ExemptionKind::unknown);
    CHECK(classify_exemption("休学", "审核中") == ExemptionKind::unknown);
    CHECK(classify_exemption("休学", "不予批准") == ExemptionKind::not_granted);
    CHECK(classify_exemption("死亡", "辍学后病故") == ExemptionKind::deceased);
    CHECK(classify_exemption("其他", "父亲病故") == ExemptionKind::unknown);
}

TEST_CASE("an exemption's reason is read when its category is missing or not understood") {
    CHECK(classify_exemption("", "延缓入学（身体原因）") == ExemptionKind::deferred);
    CHECK(classify_exemption("其他", "随父母出国") == ExemptionKind::abroad);
    CHECK(classify_exemption("休学", "出国治病") == ExemptionKind::sick_leave);  // the category decides
    CHECK(classify_exemption("不予批准", "身体原因") == ExemptionKind::not_granted);
    CHECK(classify_exemption("其他", "智力障碍") == ExemptionKind::unknown);
    CHECK(classify_exemption("", "") == ExemptionKind::unknown);
}

TEST_CASE("a registry row's 人员状态") {
    CHECK(classify_registry_status("正常") == RegistryState::resident);
    CHECK(classify_registry_status("") == RegistryState::resident);
    CHECK(classify_registry_status("在册") == RegistryState::resident);
    CHECK(classify_registry_status("死亡注销") == RegistryState::deceased);
    CHECK(classify_registry_status("死亡") == RegistryState::deceased);
    CHECK(classify_registry_status("迁出") == RegistryState::moved_away);
    CHECK(classify_registry_status("迁出注销") == RegistryState::moved_away);
    CHECK(classify_registry_status("出国定居注销") == RegistryState::moved_away);
    // Said of someone else, or denied: the row is the child's and it is here.
    CHECK(classify_registry_status("父亲死亡") == RegistryState::resident);
    CHECK(classify_registry_status("未迁出") == RegistryState::resident);
}

TEST_CASE("the kind of school: from its code, else from its name") {
    CHECK(school_type("3114032201", "") == 31);
    CHECK(school_type("2114032201.0", "") == 21);
    CHECK(school_type("3114032201", "盂县第一小学") == 31);  // the code decides
    CHECK(school_type("", "盂县上社初级中学") == 31);
    CHECK(school_type("", "阳泉市第十一中学") == 31);
    CHECK(school_type("", "盂县牛村中心校") == 21);
    CHECK(school_type("", "阳泉市城区上站小学") == 21);
    CHECK(school_type("", "盂县特殊教育学校") == 51);
    CHECK(school_type("", "盂县第三中学（九年一贯制）") == 0);
    CHECK(school_type("", "盂县第一高级中学") == 0);
    CHECK(school_type("", "") == 0);
}

TEST_CASE("ID documents other than the resident ID") {
    for (const char* text : {"6", "7", "8", "A", "护照", "港澳居民来往内地通行证", "台湾居民来往大陆通行证", "港澳台居民居住证", "外国人永久居留身份证"}) {
        CAPTURE(text);
        CHECK(is_foreign_document(text));
    }
    for (const char* text : {"1", "1.0", "居民身份证", "", "Z", "其他"}) {
        CAPTURE(text);
        CHECK_FALSE(is_foreign_document(text));
    }
}
