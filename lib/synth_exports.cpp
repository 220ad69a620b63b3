#include "synth_exports.h"

#include <algorithm>
#include <array>
#include <initializer_list>
#include <span>

#include <fmt/format.h>

namespace bx::synth {

namespace {

constexpr int kClassSize = 45;

enum class FileId : uint64_t { hukou = 1, roster, elsewhere, exempt, poverty };

// Choices one export makes for all its rows: header spellings, codings, date format.
class FileStyle {
public:
    FileStyle(const Population& population, FileId file)
        : rng_(population.rng_for(Stream::file_style, static_cast<uint64_t>(file))) {}

    std::string_view pick(std::initializer_list<std::string_view> options) {
        return options.begin()[rng_.below(static_cast<uint32_t>(options.size()))];
    }
    // Index i with probability weights[i] (weights add up to 1).
    size_t pick_index(std::initializer_list<double> weights) {
        double roll = rng_.unit();
        size_t i = 0;
        for (double w : weights) {
            if ((roll -= w) < 0) return i;
            ++i;
        }
        return weights.size() - 1;
    }

private:
    Rng rng_;
};

// The reusable cells of one output row.
class Row {
public:
    explicit Row(size_t width) : cells_(width) {}
    std::string& operator[](size_t column) { return cells_[column]; }
    void write(CsvWriter& writer) {
        writer.write_row(cells_);
        for (auto& cell : cells_) cell.clear();
    }

private:
    std::vector<std::string> cells_;
};

DateStyle row_date_style(DateStyle usual, double mixed, Rng& rng) {
    return rng.chance(mixed) ? static_cast<DateStyle>(rng.below(kDateStyleCount)) : usual;
}

const SynthTownship& township_of(const Population& pop, const Household& household) {
    return pop.region.townships[pop.region.villages[household.village].township];
}

const SynthCounty& county_of(const Population& pop, const Household& household) {
    return pop.region.counties[township_of(pop, household).county];
}

const Person& member_person(const Population& pop, const Member& member) {
    return member.kind == MemberKind::child ? pop.children[member.index].person : pop.adults[member.index];
}

std::string_view ethnicity_name(Ethnicity ethnicity) {
    constexpr std::string_view kNames[] = {"汉族", "回族", "满族", "蒙古族", "维吾尔族", "彝族"};
    return kNames[static_cast<size_t>(ethnicity)];
}

// The adult a registry lists as guardian: the father, else the mother, else the grandparent.
const Person* registry_guardian(const Population& pop, const Household& household) {
    for (uint32_t index : {household.father, household.mother, household.grandparent}) {
        if (index != kNoIndex) return &pop.adults[index];
    }
    return nullptr;
}

std::string adult_id_text(const Person& person, const SynthRegion& region) {
    const std::string id = id_number(person, region);
    return person.legacy_id() ? legacy_id(id) : id;
}

// 与户主关系, in the registry's vocabulary (长子, 配偶) or the poverty file's (之子, 配偶).
std::string relation(const Population& pop, const Household& household, const Member& member, bool is_head,
                     bool poverty_file) {
    if (is_head) return "户主";
    const std::string_view of = poverty_file ? "之" : "";
    const bool head_is_parent = household.head == HeadKind::father || household.head == HeadKind::mother;
    const bool male = member_person(pop, member).male();
    switch (member.kind) {
        case MemberKind::father:
            if (head_is_parent) return "配偶";
            return household.head == HeadKind::grandparent ? fmt::format("{}子", of) : fmt::format("{}女婿", of);
        case MemberKind::mother:
            if (head_is_parent) return "配偶";
            return household.head == HeadKind::grandparent ? fmt::format("{}儿媳", of) : fmt::format("{}女", of);
        case MemberKind::grandparent:
            return poverty_file ? (male ? "之父" : "之母") : (male ? "父亲" : "母亲");
        case MemberKind::child: break;
    }
    const Child& child = pop.children[member.index];
    if (household.head == HeadKind::grandparent) return fmt::format("{}{}", of, male ? "孙子" : "孙女");
    if (household.head == HeadKind::maternal_grandparent) return fmt::format("{}{}", of, male ? "外孙子" : "外孙女");
    if (poverty_file) return male ? "之子" : "之女";
    constexpr std::string_view kOrdinals[] = {"长", "次", "三", "四", "五", "六"};
    if (child.birth_order > std::size(kOrdinals)) return male ? "子" : "女";
    return fmt::format("{}{}", kOrdinals[child.birth_order - 1], male ? "子" : "女");
}

// ---- per-household details: phones, address ----------------------------------------------

std::string phone_number(Rng& rng, const SynthCounty& county) {
    constexpr std::string_view kMobile[] = {"139", "138", "137", "135", "136", "150", "151", "152",
                                            "158", "159", "182", "183", "187", "188", "130", "131",
                                            "132", "155", "156", "185", "186", "133", "153", "180",
                                            "189", "177", "199"};
    if (rng.chance(0.04)) {
        const std::string_view area = county.code.starts_with("1403") ? "0353" : "0351";
        return fmt::format("{}-{}", area, 2000000 + rng.below(7999999));
    }
    return fmt::format("{}{:08}", rng.pick(kMobile), rng.below(100000000));
}

struct HouseholdDetail {
    std::string phone;         // the registry's number (usually the father's)
    std::string other_phone;   // the other parent's, which schools often have instead
    std::string address;
};

HouseholdDetail household_detail(const Population& pop, const SynthRates& rates, uint32_t index) {
    const Household& household = pop.households[index];
    Rng rng = pop.rng_for(Stream::household_detail, index);
    const SynthCounty& county = county_of(pop, household);
    const SynthTownship& township = township_of(pop, household);
    HouseholdDetail detail;
    detail.phone = phone_number(rng, county);
    detail.other_phone = phone_number(rng, county);
    detail.address = county.full_name() + township.name + pop.region.villages[household.village].name;
    if (township.street) {
        constexpr std::string_view kEstates[] = {"阳光花园", "锦绣苑", "幸福里", "桃园小区", "新华小区",
                                                 "丽景家园", "华苑小区", "怡和园", "矿务局宿舍", "电厂小区"};
        fmt::format_to(std::back_inserter(detail.address), "{}{}号楼{}单元{}{:02}室",
                       rng.pick(kEstates), 1 + rng.below(30), 1 + rng.below(4),
                       1 + rng.below(7), 1 + rng.below(4));
    } else {
        fmt::format_to(std::back_inserter(detail.address), "{}号", 1 + rng.below(300));
    }
    const double roll = rng.unit();
    if (roll < rates.address_comma) {
        constexpr std::string_view kCourtyards[] = {"东院", "西厢房", "后院", "北房"};
        detail.address += fmt::format(",{}", rng.pick(kCourtyards));
    } else if (roll < rates.address_comma + rates.address_newline) {
        detail.address += rng.chance(0.5) ? "\n(集体户)" : "\r\n附1号";
    }
    return detail;
}

// ---- hukou.csv ------------------------------------------------------------------------------

enum HukouColumn : size_t {
    kHId, kHName, kHSex, kHEthnicity, kHBirth, kHHousehold, kHHead, kHRelation, kHGuardian,
    kHGuardianId, kHPhone, kHAddress, kHPolice, kHTownship, kHVillage, kHukouWidth
};

}  // namespace

long write_hukou(const Population& pop, const SynthRates& rates, const std::string& path,
                 const CsvWriteOptions& options) {
    FileStyle style(pop, FileId::hukou);
    CsvWriter writer(path, options);
    writer.write_row({style.pick({"公民身份号码", "身份证号", "身份证号码", "公民身份证号"}), "姓名", "性别",
                      "民族", style.pick({"出生日期", "出生年月日"}), "户号", style.pick({"户主姓名", "户主"}),
                      style.pick({"与户主关系", "与户主关系名称"}), style.pick({"监护人", "监护人姓名"}),
                      style.pick({"监护人身份证号", "监护人证件号码", "监护人身份证号码"}),
                      style.pick({"联系电话", "联系方式", "手机号码"}), style.pick({"住址", "户籍地址", "家庭住址"}),
                      style.pick({"派出所", "所属派出所"}), style.pick({"乡镇（街道）", "乡镇(街道)", "乡镇"}),
                      style.pick({"村（居）委会", "村(社区)", "村委会"})});
    const DateStyle usual = style.pick_index({0.6, 0.4}) == 0 ? DateStyle::iso : DateStyle::compact;
    const NameBook& names = NameBook::get();
    Row row(kHukouWidth);
    uint32_t row_number = 0;
    for (uint32_t h : pop.registry_order) {
        const Household& household = pop.households[h];
        const auto members = household_members(household);
        const HouseholdDetail detail = household_detail(pop, rates, h);
        const Person& head = member_person(pop, members.front());
        const Person* guardian = registry_guardian(pop, household);
        const SynthCounty& county = county_of(pop, household);
        const SynthTownship& township = township_of(pop, household);
        for (const Member& member : members) {
            if (member.kind != MemberKind::child && !pop.adults_in_registry) continue;
            Rng rng = pop.rng_for(Stream::hukou_row, ++row_number);
            const Person& person = member_person(pop, member);
            row[kHId] = id_number(person, pop.region);
            names.append(row[kHName], person.name);
            row[kHSex] = person.male() ? "男" : "女";
            row[kHEthnicity] = ethnicity_name(household.ethnicity);
            append_date(row[kHBirth], date_of(person.birth), row_date_style(usual, rates.mixed_dates / 5, rng));
            row[kHHousehold] = fmt::format("{}{:06}", county.code.substr(2), household.number);
            names.append(row[kHHead], head.name);
            row[kHRelation] = relation(pop, household, member, &member == &members.front(), false);
            if (member.kind == MemberKind::child && guardian) {
                names.append(row[kHGuardian], guardian->name);
                row[kHGuardianId] = adult_id_text(*guardian, pop.region);
            }
            row[kHPhone] = detail.phone;
            row[kHAddress] = detail.address;
            row[kHPolice] = township.police_station;
            row[kHTownship] = township.name;
            row[kHVillage] = pop.region.villages[household.village].name;
            if (rng.chance(rates.registry_gaps)) {
                constexpr HukouColumn kGaps[] = {kHPhone, kHPhone, kHGuardian, kHBirth};
                row[kGaps[rng.below(4)]].clear();
            }
            row.write(writer);
        }
    }
    writer.commit();
    return writer.rows_written() - 1;
}

namespace {

// ---- roster.csv and elsewhere.csv -----------------------------------------------------------

enum RosterColumn : size_t {
    kRSchool, kRSchoolCode, kRGrade, kRClass, kRName, kRSex, kRBirth, kRIdType, kRId, kRStudentNo,
    kRStatus, kREntry, kRBoarding, kRLeftBehind, kRMigrant, kROrphan, kRGuardian, kRPhone,
    kRStudyRegion,  // elsewhere.csv only
};

struct RosterStyle {
    std::vector<std::string_view> header;
    DateStyle usual_date = DateStyle::compact;
    bool numeric_sex = false;
    size_t grade_words = 0;  // 0 一年级..九年级, 1 一年级..初三, 2 digits
    bool class_in_brackets = false;
    bool numeric_id_type = false;
    std::string_view in_school;  // 在读 / 在校 / 在籍 / 正常
};

RosterStyle roster_style(const Population& pop, RecordFile file) {
    FileStyle style(pop, file == RecordFile::roster ? FileId::roster : FileId::elsewhere);
    RosterStyle out;
    out.header = {style.pick({"学校名称", "学校"}), style.pick({"学校标识码", "学校代码"}), "年级", "班级",
                  style.pick({"姓名", "学生姓名"}), "性别", "出生日期", style.pick({"身份证件类型", "证件类型"}),
                  style.pick({"身份证件号", "身份证件号码", "学生身份证号"}),
                  style.pick({"全国学籍号", "个人标识码", "学籍号"}), style.pick({"学籍状态", "在校状态"}),
                  style.pick({"入学年月", "入学时间"}), "就读方式", "是否留守儿童",
                  style.pick({"是否进城务工人员随迁子女", "是否随迁子女"}), "是否孤儿",
                  style.pick({"监护人", "监护人姓名", "家长姓名"}), style.pick({"联系电话", "监护人电话", "家长联系电话"})};
    if (file == RecordFile::elsewhere) out.header.push_back(style.pick({"就读地区", "就读地"}));
    constexpr DateStyle kDates[] = {DateStyle::compact, DateStyle::iso, DateStyle::slash};
    out.usual_date = kDates[style.pick_index({0.6, 0.2, 0.2})];
    out.numeric_sex = style.pick_index({0.6, 0.4}) == 1;
    out.grade_words = style.pick_index({0.5, 0.3, 0.2});
    out.class_in_brackets = style.pick_index({0.6, 0.4}) == 1;
    out.numeric_id_type = style.pick_index({0.7, 0.3}) == 1;
    out.in_school = style.pick({"在读", "在读", "在读", "在读", "在读", "在读", "在读", "在校", "在籍", "正常"});
    return out;
}

std::string grade_label(int grade, size_t words) {
    constexpr std::string_view kNumbers[] = {"一", "二", "三", "四", "五", "六", "七", "八", "九"};
    constexpr std::string_view kJunior[] = {"初一", "初二", "初三"};
    if (words == 2) return std::to_string(grade);
    if (words == 1 && grade >= 7) return std::string(kJunior[grade - 7]);
    return fmt::format("{}年级", kNumbers[grade - 1]);
}

std::string_view status_label(RosterStatus status, std::string_view in_school, Rng& rng) {
    switch (status) {
        case RosterStatus::in_school: return in_school;
        case RosterStatus::reinstated: return "复学";
        case RosterStatus::transferred_in: return "转入";
        case RosterStatus::visiting: return "借读";
        case RosterStatus::home_delivered: return "送教上门";
        case RosterStatus::graduated: return "毕业";
        case RosterStatus::suspended: return "休学";
        case RosterStatus::dropped_out: {
            const double roll = rng.unit();
            return roll < 0.6 ? "辍学" : roll < 0.75 ? "失学" : "退学";
        }
        case RosterStatus::transferred_out: return "转出";
        case RosterStatus::deceased: return "死亡";
    }
    return in_school;
}

// A birth date typed wrong: a day or two off, or day and month swapped.
Date mistyped_birth(Date birth, Rng& rng) {
    if (birth.day() <= 12 && birth.day() != birth.month() && rng.chance(0.5)) {
        if (auto swapped = date_from_ymd(birth.year(), birth.day(), birth.month())) return *swapped;
    }
    return birth + boost::gregorian::days(rng.chance(0.5) ? 1 + rng.below(3) : -1 - static_cast<int>(rng.below(3)));
}

// 全国学籍号: G + ID once verified, L + a temporary code, J + a code when there is no ID.
std::string student_number(const std::string& true_id, IdNoise noise, Rng& rng) {
    const std::string temporary = true_id.substr(0, 14) + fmt::format("{:04}", rng.below(10000));
    switch (noise) {
        case IdNoise::missing: return (rng.chance(0.7) ? "J" : "L") + temporary;
        case IdNoise::substitution:
        case IdNoise::transposition: return rng.chance(0.6) ? "L" + temporary : "G" + true_id;
        case IdNoise::excel_sci:
        case IdNoise::excel_zeros: return rng.chance(0.5) ? "L" + temporary : "G" + true_id;
        default: return "G" + true_id;
    }
}

struct Pupil {
    const Person* person;
    const Household* household;  // null for migrant pupils
    uint32_t household_index;
};

class RosterWriter {
public:
    RosterWriter(const Population& pop, const SynthRates& rates, RecordFile file)
        : pop_(pop), rates_(rates), file_(file), style_(roster_style(pop, file)), names_(NameBook::get()),
          row_(style_.header.size()) {}

    long write(const std::string& path, const CsvWriteOptions& options) {
        CsvWriter writer(path, options);
        writer.write_row(style_.header);
        const auto& entries = file_ == RecordFile::roster ? pop_.roster : pop_.elsewhere;
        size_t group_start = 0;
        for (size_t i = 0; i < entries.size(); ++i) {
            const RosterEntry& entry = entries[i];
            if (i == 0 || entry.school != entries[i - 1].school || entry.grade != entries[i - 1].grade) {
                group_start = i;
            }
            format(entry, static_cast<int>((i - group_start) / kClassSize) + 1);
            row_.write(writer);
        }
        writer.commit();
        return writer.rows_written() - 1;
    }

private:
    const Population& pop_;
    const SynthRates& rates_;
    RecordFile file_;
    RosterStyle style_;
    const NameBook& names_;
    Row row_;

    Pupil pupil(const RosterEntry& entry) const {
        if (entry.migrant()) return {&pop_.migrants[entry.index()], nullptr, 0};
        const Child& child = pop_.children[entry.index()];
        return {&child.person, &pop_.households[child.household], child.household};
    }

    const SynthSchool& school(const RosterEntry& entry) const {
        return file_ == RecordFile::roster ? pop_.region.schools[entry.school] : pop_.region.elsewhere_schools[entry.school];
    }

    void format(const RosterEntry& entry, int class_number) {
        const uint64_t file_bit = file_ == RecordFile::elsewhere ? 1ULL << 63 : 0;
        Rng rng = pop_.rng_for(Stream::roster_row, entry.detail_key() ^ file_bit);
        const Pupil who = pupil(entry);
        const SynthSchool& at = school(entry);
        row_[kRSchool] = at.name;
        row_[kRSchoolCode] = at.code;
        row_[kRGrade] = grade_label(entry.grade, style_.grade_words);
        row_[kRClass] = style_.class_in_brackets ? fmt::format("({})班", class_number) : fmt::format("{}班", class_number);
        format_name(entry, *who.person);
        row_[kRSex] = style_.numeric_sex ? (who.person->male() ? "1" : "2") : (who.person->male() ? "男" : "女");
        Date birth = date_of(who.person->birth);
        if (rng.chance(rates_.birth_mismatch)) birth = mistyped_birth(birth, rng);
        append_date(row_[kRBirth], birth, row_date_style(style_.usual_date, rates_.mixed_dates, rng));
        format_id(entry, *who.person, rng);
        row_[kRStatus] = status_label(entry.status, style_.in_school, rng);
        // Graduates finished grade 9 in the school year before this one.
        const int last_year = entry.status == RosterStatus::graduated ? pop_.school_year - 1 : pop_.school_year;
        row_[kREntry] = fmt::format("{}09", last_year - entry.grade + 1);
        const bool rural = who.household && !township_of(pop_, *who.household).street;
        const double boarding = at.kind == SchoolKind::junior ? (rural ? 0.4 : 0.1) : (rural ? 0.08 : 0.02);
        row_[kRBoarding] = rng.chance(boarding) ? "住校" : "走读";
        row_[kRLeftBehind] = who.household && who.household->left_behind() ? "是" : "否";
        row_[kRMigrant] = !who.household && rng.chance(0.8) ? "是" : "否";
        row_[kROrphan] = "否";
        format_guardian(entry, who, rng);
        if (file_ == RecordFile::elsewhere) row_[kRStudyRegion] = pop_.region.study_places[at.place].name;
    }

    void format_name(const RosterEntry& entry, const Person& person) {
        std::string& name = row_[kRName];
        names_.append(name, person.name);
        if (entry.name_noise == NameNoise::none) return;
        Rng detail = pop_.rng_for(Stream::name_noise, entry.detail_key());
        apply_name_noise(entry.name_noise, name, detail);
    }

    void format_id(const RosterEntry& entry, const Person& person, Rng& rng) {
        const std::string true_id = id_number(person, pop_.region);
        std::string shown = true_id;
        Rng detail = pop_.rng_for(Stream::id_noise, entry.detail_key());
        apply_id_noise(entry.id_noise, shown, detail);
        if (entry.id_noise == IdNoise::missing) {
            row_[kRIdType] = rng.chance(0.5) ? "" : style_.numeric_id_type ? "Z" : "其他";
        } else {
            row_[kRIdType] = style_.numeric_id_type ? "1" : "居民身份证";
        }
        row_[kRId] = std::move(shown);
        row_[kRStudentNo] = student_number(true_id, entry.id_noise, rng);
    }

    void format_guardian(const RosterEntry& entry, const Pupil& who, Rng& rng) {
        if (!who.household) {  // a migrant pupil: a parent with the child's surname
            Rng family = pop_.rng_for(Stream::household_detail, (1ULL << 63) | entry.owner);
            PersonName parent;
            parent.surname = who.person->name.surname;
            names_.draw_given(family, true, NameAge::parent, parent);
            names_.append(row_[kRGuardian], parent);
            row_[kRPhone] = phone_number(family, pop_.region.counties.front());
            return;
        }
        const Household& household = *who.household;
        uint32_t guardian = household.left_behind() ? household.grandparent : kNoIndex;
        const bool father_first = rng.chance(0.6);
        for (uint32_t index : {father_first ? household.father : household.mother,
                               father_first ? household.mother : household.father, household.grandparent}) {
            if (guardian == kNoIndex) guardian = index;
        }
        if (guardian != kNoIndex) names_.append(row_[kRGuardian], pop_.adults[guardian].name);
        const HouseholdDetail detail = household_detail(pop_, rates_, who.household_index);
        row_[kRPhone] = rng.chance(0.75) ? detail.phone : detail.other_phone;
    }
};

}  // namespace

long write_roster(const Population& pop, const SynthRates& rates, RecordFile file, const std::string& path,
                  const CsvWriteOptions& options) {
    return RosterWriter(pop, rates, file).write(path, options);
}

namespace {

// ---- exempt.csv -----------------------------------------------------------------------------

std::string_view category_label(ExemptCategory category) {
    constexpr std::string_view kLabels[] = {"延缓入学", "休学", "死亡", "出国", "送教上门"};
    return kLabels[static_cast<size_t>(category)];
}

std::string_view exempt_reason(ExemptCategory category, Rng& rng) {
    switch (category) {
        case ExemptCategory::deferred: {
            constexpr std::string_view kReasons[] = {"身体原因", "疾病治疗", "发育迟缓", "智力障碍"};
            return rng.pick(kReasons);
        }
        case ExemptCategory::sick_leave: {
            constexpr std::string_view kReasons[] = {"因病休学", "住院治疗", "骨折康复"};
            return rng.pick(kReasons);
        }
        case ExemptCategory::deceased: return rng.chance(0.5) ? "疾病" : "意外";
        case ExemptCategory::abroad: return "随父母出国";
        case ExemptCategory::home_delivered: return rng.chance(0.5) ? "重度残疾" : "多重残疾";
    }
    return "";
}

}  // namespace

long write_exempt(const Population& pop, const SynthRates& rates, const std::string& path,
                  const CsvWriteOptions& options) {
    FileStyle style(pop, FileId::exempt);
    CsvWriter writer(path, options);
    writer.write_row({"姓名", style.pick({"身份证件号", "身份证号", "公民身份号码"}), style.pick({"类别", "申请类别", "类型"}),
                      style.pick({"原因", "具体原因"}), style.pick({"批准日期", "审批日期"})});
    constexpr DateStyle kDates[] = {DateStyle::chinese, DateStyle::slash, DateStyle::iso};
    const DateStyle usual = kDates[style.pick_index({0.4, 0.3, 0.3})];
    const NameBook& names = NameBook::get();
    Row row(5);
    for (uint32_t i = 0; i < pop.exempt.size(); ++i) {
        const ExemptEntry& entry = pop.exempt[i];
        Rng rng = pop.rng_for(Stream::exempt_row, i);
        const Person& person = pop.children[entry.child].person;
        names.append(row[0], person.name);
        row[1] = id_number(person, pop.region);
        apply_id_noise(entry.id_noise, row[1], rng);
        row[2] = category_label(entry.category);
        row[3] = exempt_reason(entry.category, rng);
        append_date(row[4], date_of(entry.approved), row_date_style(usual, rates.mixed_dates, rng));
        row.write(writer);
    }
    writer.commit();
    return writer.rows_written() - 1;
}

namespace {

// ---- poverty.csv ----------------------------------------------------------------------------

enum PovertyColumn : size_t {
    kPCounty, kPTownship, kPVillage, kPHousehold, kPPerson, kPHead, kPHeadId, kPName, kPId, kPRelation,
    kPSex, kPBirth, kPSchooling, kPUnschooledReason, kPAttribute, kPUnsupported, kPovertyWidth
};

constexpr std::string_view kSchoolingLabels[] = {"学前教育", "小学", "初中", "高中", "非在校生", "失学辍学"};
enum SchoolingLabel : size_t { kPreschool, kPrimary, kJunior, kSenior, kNotInSchool, kOutOfSchool };

SchoolingLabel level_for_age(int age) {
    const int grade = age - 5;
    return grade <= 0 ? kPreschool : grade <= 6 ? kPrimary : grade <= 9 ? kJunior : kSenior;
}

// 在校生状况 as it should read for this child.
SchoolingLabel true_schooling(const Child& child, Rng& rng) {
    const int age = child.age;
    switch (child.status) {
        case TruthStatus::enrolled:
        case TruthStatus::enrolled_elsewhere:
        case TruthStatus::exempt_sick_leave: return level_for_age(std::clamp(age, 6, 14));
        case TruthStatus::graduated: return rng.chance(0.7) ? kSenior : kNotInSchool;
        case TruthStatus::not_enrolled:
        case TruthStatus::dropped_out:
        case TruthStatus::suspended:
        case TruthStatus::transferred_lost: return kOutOfSchool;
        case TruthStatus::exempt_deferred: return rng.chance(0.5) ? kPreschool : kNotInSchool;
        case TruthStatus::exempt_deceased:
        case TruthStatus::exempt_abroad: return kNotInSchool;
        case TruthStatus::out_of_age:
            if (age <= 2) return kNotInSchool;
            if (age <= 5) return child.main_file != RecordFile::none ? kPrimary : rng.chance(0.75) ? kPreschool : kNotInSchool;
            return rng.chance(0.7) ? kSenior : kNotInSchool;
    }
    return kNotInSchool;
}

// What a file not updated since last year says instead.
SchoolingLabel stale_schooling(const Child& child, SchoolingLabel truth, Rng& rng) {
    if (truth == kOutOfSchool) return level_for_age(std::clamp<int>(child.age - 1, 6, 14));
    if (truth == kPrimary || truth == kJunior) {
        const SchoolingLabel last_year = level_for_age(child.age - 1);
        return last_year != truth && rng.chance(0.5) ? last_year : kOutOfSchool;
    }
    SchoolingLabel other;
    do {
        other = static_cast<SchoolingLabel>(rng.below(std::size(kSchoolingLabels)));
    } while (other == truth);
    return other;
}

}  // namespace

long write_poverty(const Population& pop, const SynthRates& rates, const std::string& path,
                   const CsvWriteOptions& options) {
    FileStyle style(pop, FileId::poverty);
    CsvWriter writer(path, options);
    writer.write_row({style.pick({"县", "县(市、区)"}), style.pick({"乡(镇)", "乡镇"}), style.pick({"村", "行政村"}),
                      "户编号", "人口编号", "户主姓名", style.pick({"户主证件号码", "户主身份证号"}),
                      style.pick({"姓名", "成员姓名"}), style.pick({"证件号码", "成员证件号码"}), "与户主关系", "性别",
                      "出生日期", style.pick({"在校生状况", "在校生情况"}), "义务教育阶段未上学原因",
                      style.pick({"贫困户属性", "户属性"}), "是否事实无人抚养儿童"});
    constexpr DateStyle kDates[] = {DateStyle::iso, DateStyle::dotted, DateStyle::compact};
    const DateStyle usual = kDates[style.pick_index({0.5, 0.3, 0.2})];
    constexpr std::string_view kAttributes[] = {"一般贫困户", "低保贫困户", "特困供养贫困户"};
    constexpr std::string_view kUnschooledReasons[] = {"因病", "因残", "因学习困难", "因外出打工", "因早婚", "其他"};
    const NameBook& names = NameBook::get();
    Row row(kPovertyWidth);
    uint32_t row_number = 0;
    uint32_t previous_village = kNoIndex;
    uint32_t serial = 0;
    for (uint32_t h : pop.poverty_order) {
        const Household& household = pop.households[h];
        serial = household.village == previous_village ? serial + 1 : 1;
        previous_village = household.village;
        const SynthTownship& township = township_of(pop, household);
        const SynthCounty& county = county_of(pop, household);
        const std::string household_number =
            fmt::format("{}{:03}{:03}{:04}", county.code, pop.region.villages[household.village].township - county.first_township + 1,
                        household.village - township.first_village + 1, serial);
        const auto members = household_members(household);
        const Person& head = member_person(pop, members.front());
        for (size_t m = 0; m < members.size(); ++m) {
            Rng rng = pop.rng_for(Stream::poverty_row, ++row_number);
            const Person& person = member_person(pop, members[m]);
            row[kPCounty] = county.name;
            row[kPTownship] = township.name;
            row[kPVillage] = pop.region.villages[household.village].name;
            row[kPHousehold] = household_number;
            row[kPPerson] = fmt::format("{}{:02}", household_number, m + 1);
            names.append(row[kPHead], head.name);
            row[kPHeadId] = adult_id_text(head, pop.region);
            names.append(row[kPName], person.name);
            row[kPId] = id_number(person, pop.region);
            if (rng.chance(rates.id_cosmetic)) {
                apply_id_noise(rng.chance(0.7) ? IdNoise::apostrophe : IdNoise::space, row[kPId], rng);
            }
            row[kPRelation] = relation(pop, household, members[m], m == 0, true);
            row[kPSex] = person.male() ? "1" : "2";
            append_date(row[kPBirth], date_of(person.birth), row_date_style(usual, rates.mixed_dates, rng));
            row[kPAttribute] = kAttributes[household.poverty_kind];
            if (members[m].kind == MemberKind::child) {
                const Child& child = pop.children[members[m].index];
                SchoolingLabel label = true_schooling(child, rng);
                if (rng.chance(rates.poverty_stale)) label = stale_schooling(child, label, rng);
                row[kPSchooling] = kSchoolingLabels[label];
                if (label == kOutOfSchool) row[kPUnschooledReason] = rng.pick(kUnschooledReasons);
                row[kPUnsupported] = child.flags & Child::kUnsupported ? "是" : "否";
            } else {
                row[kPSchooling] = kSchoolingLabels[kNotInSchool];
            }
            row.write(writer);
        }
    }
    writer.commit();
    return writer.rows_written() - 1;
}

// ---- truth.csv ------------------------------------------------------------------------------

namespace {

// The registry row of a twin's co-twin (0 if not a twin).
uint32_t co_twin_row(const Population& pop, uint32_t index) {
    const Child& child = pop.children[index];
    if (!child.twin()) return 0;
    for (uint32_t other : {index - 1, index + 1}) {
        if (other >= pop.children.size()) continue;  // index - 1 wraps around for child 0
        const Child& sibling = pop.children[other];
        if (sibling.twin() && sibling.household == child.household && sibling.person.birth == child.person.birth) {
            return sibling.registry_row;
        }
    }
    return 0;
}

std::string row_text(uint32_t row) { return row == 0 ? std::string() : std::to_string(row); }

}  // namespace

long write_truth(const Population& pop, const std::string& path, const CsvWriteOptions& options) {
    CsvWriter writer(path, options);
    writer.write_row(std::vector<std::string_view>(kTruthHeader.begin(), kTruthHeader.end()));
    Row row(kTruthHeader.size());
    for (uint32_t h : pop.registry_order) {
        const Household& household = pop.households[h];
        for (uint32_t i = household.first_child; i < household.first_child + household.child_count; ++i) {
            const Child& child = pop.children[i];
            row[0] = std::to_string(child.registry_row);
            row[1] = to_string(child.status);
            if (child.main_file != RecordFile::none) {
                row[2] = child.main_file == RecordFile::roster ? "roster" : "elsewhere";
                row[3] = std::to_string(child.main_row);
                row[10] = to_string(child.id_noise);
                row[11] = to_string(child.name_noise);
            }
            std::vector<uint32_t> local;
            if (child.main_file == RecordFile::roster) local.push_back(child.main_row);
            if (child.second_row) local.push_back(child.second_row);
            std::sort(local.begin(), local.end());
            for (uint32_t r : local) row[4] += (row[4].empty() ? "" : ";") + std::to_string(r);
            row[5] = row_text(child.exempt_row);
            row[6] = row_text(child.poverty_row);
            row[7] = std::to_string(child.age);
            row[8] = child.twin() ? "yes" : "no";
            row[9] = row_text(co_twin_row(pop, i));
            row.write(writer);
        }
    }
    writer.commit();
    return writer.rows_written() - 1;
}

}  // namespace bx::synth
