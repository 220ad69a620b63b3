#include "synth_population.h"

#include <algorithm>
#include <cmath>
#include <span>

#include <fmt/format.h>

#include "errors.h"
#include "id_number.h"

namespace bx::synth {

std::string id_number(const Person& person, const SynthRegion& region) {
    const Date birth = date_of(person.birth);
    std::string id = fmt::format("{}{}{:02}{:02}{:03}", region.id_areas[person.area],
                                 static_cast<int>(birth.year()), static_cast<int>(birth.month()),
                                 static_cast<int>(birth.day()), person.sequence);
    id.push_back(id_check_char(id));
    return id;
}

std::vector<Member> household_members(const Household& household) {
    std::vector<Member> members;
    auto add_adult = [&](MemberKind kind, uint32_t index) {
        if (index != kNoIndex) members.push_back({kind, index});
    };
    const Member grandparent{MemberKind::grandparent, household.grandparent};
    switch (household.head) {
        case HeadKind::father:
        case HeadKind::mother:
            add_adult(MemberKind::father, household.father);
            add_adult(MemberKind::mother, household.mother);
            add_adult(grandparent.kind, grandparent.index);
            break;
        case HeadKind::grandparent:
            add_adult(grandparent.kind, grandparent.index);
            add_adult(MemberKind::father, household.father);
            add_adult(MemberKind::mother, household.mother);
            break;
        case HeadKind::maternal_grandparent:
            add_adult(grandparent.kind, grandparent.index);
            add_adult(MemberKind::mother, household.mother);
            add_adult(MemberKind::father, household.father);
            break;
    }
    for (uint32_t i = 0; i < household.child_count; ++i) {
        members.push_back({MemberKind::child, household.first_child + i});
    }
    return members;
}

namespace {

// Births in China by year, millions (National Bureau of Statistics); ages follow the cohorts.
struct YearBirths {
    int year;
    double millions;
};
constexpr YearBirths kBirths[] = {
    {2005, 16.2}, {2006, 15.8}, {2007, 15.9}, {2008, 16.1}, {2009, 15.9}, {2010, 15.9},
    {2011, 16.0}, {2012, 16.4}, {2013, 16.4}, {2014, 16.9}, {2015, 16.6}, {2016, 17.9},
    {2017, 17.2}, {2018, 15.2}, {2019, 14.7}, {2020, 12.0}, {2021, 10.6}, {2022, 9.6},
    {2023, 9.0},  {2024, 9.5},  {2025, 8.7},
};

double births_in(int year) {
    if (year <= kBirths[0].year) return kBirths[0].millions;
    for (const auto& entry : kBirths) {
        if (entry.year == year) return entry.millions;
    }
    return std::end(kBirths)[-1].millions;
}

constexpr double kBirthsPerHousehold[] = {0.42, 0.46, 0.10, 0.02};  // 1, 2, 3, 4 births
constexpr double kMaleShare = 0.53;  // sex ratio at birth about 113 in the 2010s
constexpr double kElsewhereOutOfSchool = 0.10;  // dropouts and suspensions recorded in another county

// ID sequence numbers handed out per (area, birth day, sex), so that no two people share an
// ID. 499 per key; a full key spills into the next area (a child registered elsewhere).
class IdSequences {
public:
    IdSequences(size_t areas, DayNumber last_day, uint64_t seed)
        : days_(static_cast<size_t>(last_day) + 1), seed_(seed), used_(areas * days_ * 2, 0) {}

    // Returns the sequence and may move `area` on, to one below `area_limit`.
    uint16_t allocate(uint8_t& area, DayNumber day, bool male, uint8_t area_limit) {
        for (size_t tries = 0; tries < area_limit; ++tries) {
            uint16_t& used = used_[(static_cast<size_t>(area) * days_ + day) * 2 + (male ? 1 : 0)];
            if (used < kSlots) {
                const uint64_t start = mix64(seed_ ^ (static_cast<uint64_t>(area) << 40) ^
                                             (static_cast<uint64_t>(day) << 1) ^ (male ? 1 : 0)) %
                                       kSlots;
                const auto slot = static_cast<uint16_t>((start + used++) % kSlots);
                return static_cast<uint16_t>(male ? 2 * slot + 1 : 2 * slot + 2);
            }
            area = static_cast<uint8_t>((area + 1) % area_limit);
        }
        throw UsageError("too many people born on one day: use more --region counties");
    }

private:
    static constexpr uint16_t kSlots = 499;
    size_t days_;
    uint64_t seed_;
    std::vector<uint16_t> used_;
};

class PopulationBuilder {
public:
    PopulationBuilder(const SynthOptions& options, Population& population)
        : options_(options),
          rates_(options.rates),
          pop_(population),
          rng_(derive_seed(options.seed, static_cast<uint64_t>(Stream::population))),
          names_(NameBook::get()),
          ids_(population.region.id_areas.size(), day_number(options.as_of), options.seed) {
        first_birth_ = day_number(options.as_of - boost::gregorian::years(18)) + 1;
        last_birth_ = day_number(options.as_of);
        for (int year = date_of(first_birth_).year(); year <= options.as_of.year(); ++year) {
            max_births_ = std::max(max_births_, births_in(year));
        }
        std::vector<double> village_weights;
        for (const auto& village : pop_.region.villages) {
            village_weights.push_back(pop_.region.townships[village.township].street ? 3.0 : 1.0);
        }
        village_picker_ = WeightedPicker(village_weights);
    }

    void generate() {
        const auto wanted = static_cast<size_t>(options_.children);
        pop_.children.reserve(wanted);
        while (pop_.children.size() < wanted) add_household(wanted - pop_.children.size());
        add_migrants();
    }

private:
    const SynthOptions& options_;
    const SynthRates& rates_;
    Population& pop_;
    Rng rng_;
    const NameBook& names_;
    IdSequences ids_;
    DayNumber first_birth_ = 0;
    DayNumber last_birth_ = 0;
    double max_births_ = 0;
    WeightedPicker village_picker_;
    long local_enrolled_ = 0;

    // ---- people -------------------------------------------------------------------------

    DayNumber draw_child_birth() {
        for (;;) {
            const auto day = static_cast<DayNumber>(first_birth_ + rng_.below(last_birth_ - first_birth_ + 1u));
            if (rng_.unit() * max_births_ < births_in(date_of(day).year())) return day;
        }
    }

    uint8_t home_area(const Household& household) const {
        return static_cast<uint8_t>(pop_.region.townships[pop_.region.villages[household.village].township].county);
    }

    // A code of another county (born or first registered elsewhere).
    uint8_t other_area(bool retired_allowed) {
        const uint8_t begin = pop_.region.other_area_begin;
        const uint8_t end = retired_allowed ? static_cast<uint8_t>(pop_.region.id_areas.size())
                                            : pop_.region.retired_area_begin;
        if (begin == end) return 0;
        return static_cast<uint8_t>(begin + rng_.below(end - begin));
    }

    Person make_person(DayNumber birth, bool male, uint8_t area) {
        Person person;
        person.birth = birth;
        person.flags = male ? Person::kMale : 0;
        person.area = area;
        // Only people born before 1999 can carry a code retired in 1999.
        const bool old = date_of(birth).year() < 1999;
        const auto limit = static_cast<uint8_t>(old ? pop_.region.id_areas.size() : pop_.region.retired_area_begin);
        person.sequence = ids_.allocate(person.area, birth, male, limit);
        return person;
    }

    uint32_t add_adult(DayNumber birth, bool male, const Household& household, NameAge age,
                       uint16_t family) {
        const bool local = rng_.chance(0.85);
        const int year = date_of(birth).year();
        uint8_t area = local ? home_area(household) : other_area(year < 1990);
        Person person = make_person(birth, male, area);
        if (year < 1984 && rng_.chance(rates_.legacy_id)) person.flags |= Person::kLegacyId;
        name_person(person.name, household, male, age, family);
        pop_.adults.push_back(person);
        return static_cast<uint32_t>(pop_.adults.size() - 1);
    }

    // `family`: the surname (Han), the father's own name (Uyghur) or the clan (Yi).
    void name_person(PersonName& name, const Household& household, bool male, NameAge age,
                     uint16_t family) {
        if (household.ethnicity == Ethnicity::uyghur) {
            name.surname = PersonName::kMinority;
            name.given2 = family;
            do {
                name.given1 = names_.draw_uyghur_given(rng_, male);
            } while (name.given1 == name.given2);
            return;
        }
        if (household.ethnicity == Ethnicity::yi) {
            name.surname = PersonName::kMinority;
            name.given1 = family;
            name.given2 = names_.draw_yi_given(rng_, male);
            return;
        }
        name.surname = family;
        names_.draw_given(rng_, male, age, name);
    }

    static DayNumber years_before(DayNumber day, int low, int high, Rng& rng) {
        const int offset = static_cast<int>(std::lround(365.25 * low)) +
                           static_cast<int>(rng.below(static_cast<uint32_t>(365.25 * (high - low))));
        return static_cast<DayNumber>(std::max(0, static_cast<int>(day) - offset));
    }

    // ---- households ---------------------------------------------------------------------

    void add_household(size_t children_left) {
        Household household;
        household.village = static_cast<uint32_t>(village_picker_.pick(rng_));
        const bool urban = pop_.region.townships[pop_.region.villages[household.village].township].street;
        household.ethnicity = draw_ethnicity();
        if (!urban && rng_.chance(rates_.left_behind)) household.flags |= Household::kLeftBehind;
        if (rng_.chance(urban ? rates_.poverty / 4 : rates_.poverty)) {
            household.flags |= Household::kPoverty;
            household.poverty_kind = static_cast<uint8_t>(rng_.unit() < 0.7 ? 0 : rng_.unit() < 0.8 ? 1 : 2);
        }
        // Three-generation households, headed by a grandparent, are commoner in villages.
        const double grandparent_head = urban ? 0.05 : 0.12;
        const double head_roll = rng_.unit();
        household.head = head_roll < grandparent_head          ? HeadKind::grandparent
                         : head_roll < grandparent_head + 0.02 ? HeadKind::maternal_grandparent
                         : head_roll < grandparent_head + 0.08 ? HeadKind::mother
                                                               : HeadKind::father;

        const std::vector<DayNumber> births = draw_sibling_births();
        add_parents(household, births.front());
        household.first_child = static_cast<uint32_t>(pop_.children.size());
        const auto index = static_cast<uint32_t>(pop_.households.size());
        pop_.households.push_back(household);

        uint8_t sons = 0;
        uint8_t daughters = 0;
        for (DayNumber birth : births) {
            const size_t added = pop_.children.size() - household.first_child;
            if (added == children_left) break;
            const bool twins = rng_.chance(rates_.twins) && children_left - added >= 2;
            add_birth(index, birth, twins, sons, daughters);
        }
        pop_.households[index].child_count = static_cast<uint8_t>(pop_.children.size() - household.first_child);
    }

    Ethnicity draw_ethnicity() {
        if (rng_.chance(rates_.minority)) return rng_.chance(0.5) ? Ethnicity::uyghur : Ethnicity::yi;
        const double roll = rng_.unit();
        return roll < 0.005 ? Ethnicity::hui : roll < 0.008 ? Ethnicity::manchu
                                             : roll < 0.010 ? Ethnicity::mongol
                                                            : Ethnicity::han;
    }

    // Birth days of a family's children (oldest first), at least 11 months apart.
    std::vector<DayNumber> draw_sibling_births() {
        const size_t count = 1 + pick_index(kBirthsPerHousehold);
        std::vector<DayNumber> births;
        for (size_t i = 0; i < count; ++i) births.push_back(draw_child_birth());
        std::sort(births.begin(), births.end());
        std::vector<DayNumber> spaced{births.front()};
        for (size_t i = 1; i < births.size(); ++i) {
            DayNumber day = std::max<DayNumber>(births[i], static_cast<DayNumber>(spaced.back() + 330));
            if (day > last_birth_) break;
            spaced.push_back(day);
        }
        return spaced;
    }

    template <size_t N>
    size_t pick_index(const double (&weights)[N]) {
        double roll = rng_.unit();
        for (size_t i = 0; i < N; ++i) {
            if ((roll -= weights[i]) < 0) return i;
        }
        return N - 1;
    }

    void add_parents(Household& household, DayNumber eldest_birth) {
        // Han: a surname. Uyghur: the name of the person's father. Yi: the clan.
        auto family_name = [&]() -> uint16_t {
            if (household.ethnicity == Ethnicity::uyghur) return names_.draw_uyghur_given(rng_, true);
            if (household.ethnicity == Ethnicity::yi) return names_.draw_yi_clan(rng_);
            return names_.draw_surname(rng_);
        };
        const uint16_t father_family = family_name();
        const uint16_t mother_family = family_name();
        const DayNumber father_birth = years_before(eldest_birth, 22, 36, rng_);
        const DayNumber mother_birth = static_cast<DayNumber>(father_birth + rng_.below(5 * 365));
        if (household.head != HeadKind::mother) {
            household.father = add_adult(father_birth, true, household, NameAge::parent, father_family);
        }
        if (household.head == HeadKind::mother || rng_.chance(0.95)) {
            household.mother = add_adult(mother_birth, false, household, NameAge::parent, mother_family);
        }
        const bool has_grandparent = household.head == HeadKind::grandparent ||
                                     household.head == HeadKind::maternal_grandparent ||
                                     household.left_behind() || rng_.chance(0.08);
        if (has_grandparent) {
            const bool maternal = household.head == HeadKind::maternal_grandparent;
            const bool heads = maternal || household.head == HeadKind::grandparent;
            const bool male = heads || rng_.chance(0.4);
            const DayNumber parent_birth = maternal ? mother_birth : father_birth;
            household.grandparent = add_adult(years_before(parent_birth, 22, 32, rng_), male, household,
                                              NameAge::grandparent, maternal ? mother_family : father_family);
            if (household.ethnicity == Ethnicity::uyghur && male) {
                // A Uyghur parent's second name is the grandfather's own name.
                PersonName& name = pop_.adults[household.grandparent].name;
                name.given1 = maternal ? mother_family : father_family;
                do {
                    name.given2 = names_.draw_uyghur_given(rng_, true);
                } while (name.given2 == name.given1);
            }
        }
    }

    const Person* parent_of(const Household& household, bool father) const {
        const uint32_t index = father ? household.father : household.mother;
        return index == kNoIndex ? nullptr : &pop_.adults[index];
    }

    // One birth: a child, or twins.
    void add_birth(uint32_t household_index, DayNumber birth, bool twins, uint8_t& sons, uint8_t& daughters) {
        const Household& household = pop_.households[household_index];
        const uint8_t area = rng_.chance(0.95) ? home_area(household) : other_area(false);
        const size_t first = pop_.children.size();
        const int offset = draw_grade_offset(date_of(birth));
        for (int i = 0; i < (twins ? 2 : 1); ++i) {
            const bool male = twins && i == 1 && rng_.chance(0.35) ? pop_.children[first].person.male()
                                                                 : rng_.chance(kMaleShare);
            Child child;
            child.person = make_person(birth, male, area);
            child.household = household_index;
            child.birth_order = male ? ++sons : ++daughters;
            if (twins) child.flags |= Child::kTwin;
            name_child(child, household);
            if (twins && i == 1) share_twin_traits(child, pop_.children[first]);
            pop_.children.push_back(child);
            const Child* co_twin = twins && i == 1 ? &pop_.children[first] : nullptr;
            assign_status(static_cast<uint32_t>(pop_.children.size() - 1), offset, co_twin);
        }
    }

    void name_child(Child& child, const Household& household) {
        const Person* father = parent_of(household, true);
        const Person* mother = parent_of(household, false);
        const bool male = child.person.male();
        uint16_t family;
        if (household.ethnicity == Ethnicity::uyghur) {
            family = father ? father->name.given1 : names_.draw_uyghur_given(rng_, true);
        } else if (household.ethnicity == Ethnicity::yi) {
            family = father ? father->name.given1 : mother ? mother->name.given1 : names_.draw_yi_clan(rng_);
        } else {
            const bool mothers = mother && (!father || rng_.chance(rates_.mother_surname));
            family = mothers ? mother->name.surname : father ? father->name.surname : names_.draw_surname(rng_);
        }
        name_person(child.person.name, household, male, NameAge::child, family);
    }

    // Twins often share a generation character (浩然 / 浩宇).
    void share_twin_traits(Child& second, const Child& first) {
        const PersonName& a = first.person.name;
        PersonName& b = second.person.name;
        if (a.minority() || b.minority()) return;
        b.surname = a.surname;
        if (a.given2 != PersonName::kNone && rng_.chance(0.5)) {
            b.given1 = a.given1;
            do {
                b.given2 = names_.draw_given_tail(rng_, second.person.male());
            } while (b.given2 == a.given2 || b.given2 == b.given1);
        }
        if (b.given1 == a.given1 && b.given2 == a.given2) {
            b.given2 = a.given2 == PersonName::kNone ? names_.draw_given_tail(rng_, second.person.male()) : PersonName::kNone;
            if (b.given2 == b.given1) b.given2 = PersonName::kNone;
        }
    }

    // -1: entered grade 1 a year late; +1: a year early.
    int draw_grade_offset(Date birth) {
        const int age = age_on(birth, pop_.cutoff);
        const double roll = rng_.unit();
        if (age >= 7 && roll < rates_.late_entry) return -1;
        if (age >= 5 && age <= 13 && roll > 1 - rates_.early_entry) return 1;
        return 0;
    }

    // ---- statuses and the records behind them -------------------------------------------

    TruthStatus draw_status(const Child& child, bool poor) {
        if (child.age == 6 && rng_.chance(rates_.deferred)) return TruthStatus::exempt_deferred;
        const double factor = poor ? 2.0 : 1.0;  // poor children drop out more often
        const std::pair<double, TruthStatus> ladder[] = {
            {rates_.not_enrolled * factor, TruthStatus::not_enrolled},
            {rates_.dropped_out * factor, TruthStatus::dropped_out},
            {rates_.suspended * factor, TruthStatus::suspended},
            {rates_.transferred_lost * factor, TruthStatus::transferred_lost},
            {rates_.elsewhere, TruthStatus::enrolled_elsewhere},
            {rates_.sick_leave, TruthStatus::exempt_sick_leave},
            {rates_.deceased, TruthStatus::exempt_deceased},
            {rates_.abroad, TruthStatus::exempt_abroad},
        };
        double roll = rng_.unit();
        for (const auto& [rate, status] : ladder) {
            if ((roll -= rate) < 0) return status;
        }
        return TruthStatus::enrolled;
    }

    static bool twins_share(TruthStatus status) {
        return status == TruthStatus::enrolled || status == TruthStatus::enrolled_elsewhere ||
               status == TruthStatus::not_enrolled || status == TruthStatus::dropped_out ||
               status == TruthStatus::transferred_lost || status == TruthStatus::exempt_abroad;
    }

    void assign_status(uint32_t index, int offset, const Child* co_twin) {
        Child& child = pop_.children[index];
        const Household& household = pop_.households[child.household];
        const int age = age_on(date_of(child.person.birth), pop_.cutoff);
        child.age = static_cast<int8_t>(age);
        if (household.poor() && age <= 17 && rng_.chance(household.left_behind() ? 0.15 : 0.02)) {
            child.flags |= Child::kUnsupported;
        }
        const int grade = age - 5 + offset;
        if (age < 6 || age > 15) {
            child.status = TruthStatus::out_of_age;
            if (grade >= 1 && grade <= 9) add_local(index, grade, RosterStatus::in_school);
            if (grade == 10) add_local(index, 9, RosterStatus::graduated);
            return;
        }
        const bool home_delivered = rng_.chance(rates_.home_delivered);
        child.status = co_twin && twins_share(co_twin->status) && rng_.chance(0.8)
                           ? co_twin->status
                           : draw_status(child, household.poor());
        if (child.status == TruthStatus::enrolled && grade >= 10) child.status = TruthStatus::graduated;
        const int attended = std::clamp(grade, 1, 9);
        switch (child.status) {
            case TruthStatus::enrolled:
                if (home_delivered) {
                    add_local(index, attended, RosterStatus::home_delivered, special_school(child));
                    add_exempt(index, ExemptCategory::home_delivered, 0);
                } else {
                    add_enrolled(index, attended);
                }
                break;
            case TruthStatus::graduated: add_local(index, 9, RosterStatus::graduated); break;
            case TruthStatus::enrolled_elsewhere:
                add_elsewhere(index, attended, rng_.chance(0.4) ? RosterStatus::transferred_in : RosterStatus::in_school);
                if (rng_.chance(0.5)) add_local(index, attended, RosterStatus::transferred_out, kNoSchool, EntryRole::second);
                break;
            case TruthStatus::exempt_deferred: add_exempt(index, ExemptCategory::deferred, 0); break;
            case TruthStatus::exempt_sick_leave:
                add_local(index, attended, RosterStatus::suspended);
                add_exempt(index, ExemptCategory::sick_leave, 0);
                break;
            case TruthStatus::exempt_deceased: {
                const double roll = rng_.unit();
                if (roll >= 0.5) add_local(index, attended, RosterStatus::deceased);
                if (roll < 0.5 || roll >= 0.8) add_exempt(index, ExemptCategory::deceased, 0);
                break;
            }
            case TruthStatus::exempt_abroad:
                if (rng_.chance(0.4)) add_local(index, attended, RosterStatus::transferred_out);
                add_exempt(index, ExemptCategory::abroad, 0);
                break;
            case TruthStatus::not_enrolled:
                // Lost between primary and junior school (小升初): last year's 毕业 record only.
                if (grade == 7 && rng_.chance(0.5)) add_local(index, 6, RosterStatus::graduated);
                break;
            case TruthStatus::dropped_out:
            case TruthStatus::suspended: {
                const RosterStatus recorded = child.status == TruthStatus::dropped_out ? RosterStatus::dropped_out
                                                                                      : RosterStatus::suspended;
                const int last_grade = std::max(1, attended - static_cast<int>(rng_.below(2)));
                if (rng_.chance(kElsewhereOutOfSchool)) {
                    add_elsewhere(index, last_grade, recorded);
                } else {
                    add_local(index, last_grade, recorded);
                }
                break;
            }
            case TruthStatus::transferred_lost: add_local(index, attended, RosterStatus::transferred_out); break;
            case TruthStatus::out_of_age: break;
        }
    }

    static constexpr uint16_t kNoSchool = 0xFFFF;

    void add_enrolled(uint32_t index, int grade) {
        const double roll = rng_.unit();
        const RosterStatus label = roll < 0.005   ? RosterStatus::reinstated
                                   : roll < 0.008 ? RosterStatus::visiting
                                   : roll < 0.013 ? RosterStatus::transferred_in
                                                  : RosterStatus::in_school;
        if (rng_.chance(rates_.internal_transfer)) {
            const uint16_t from = local_school(index, grade);
            add_local(index, grade, RosterStatus::transferred_in, another_school(from, grade));
            add_local(index, grade, RosterStatus::transferred_out, from, EntryRole::second);
        } else {
            add_local(index, grade, label);
            if (rng_.chance(rates_.duplicate)) {
                const uint16_t first = pop_.roster.back().school;
                add_local(index, grade, rng_.chance(0.5) ? RosterStatus::visiting : RosterStatus::in_school,
                          another_school(first, grade), EntryRole::second);
            }
        }
        // A deferment approved when the child was six, still on the list.
        const int age = pop_.children[index].age;
        if (age >= 7 && age <= 9 && rng_.chance(rates_.stale_exemption)) {
            add_exempt(index, ExemptCategory::deferred, static_cast<uint32_t>((age - 6) * 365));
        }
        ++local_enrolled_;
    }

    // The school a child of this household attends for `grade` (siblings and twins share it).
    uint16_t local_school(uint32_t index, int grade) const {
        const Child& child = pop_.children[index];
        const Household& household = pop_.households[child.household];
        const auto& township = pop_.region.townships[pop_.region.villages[household.village].township];
        Rng choice = pop_.rng_for(Stream::school_choice, child.household);
        if (grade <= 6) return choice.pick(township.primaries);
        const auto& county = pop_.region.counties[township.county];
        if (!township.juniors.empty() && choice.chance(0.7)) return township.juniors.front();
        return choice.pick(county.seat_juniors);
    }

    uint16_t special_school(const Child& child) const {
        const Household& household = pop_.households[child.household];
        const auto& township = pop_.region.townships[pop_.region.villages[household.village].township];
        return pop_.region.counties[township.county].special_school;
    }

    // Another school of the same level anywhere in the region.
    uint16_t another_school(uint16_t school, int grade) {
        const SchoolKind kind = grade <= 6 ? SchoolKind::primary : SchoolKind::junior;
        for (;;) {
            const auto candidate = static_cast<uint16_t>(rng_.below(static_cast<uint32_t>(pop_.region.schools.size())));
            if (candidate != school && pop_.region.schools[candidate].kind == kind) return candidate;
        }
    }

    RosterEntry make_entry(uint32_t owner, int grade, RosterStatus status, uint16_t school, EntryRole role,
                           const Person& person) {
        RosterEntry entry;
        entry.owner = owner;
        entry.order_key = static_cast<uint32_t>(rng_.next());
        entry.school = school;
        entry.grade = static_cast<uint8_t>(grade);
        entry.status = status;
        entry.role = role;
        draw_noise(entry, person);
        return entry;
    }

    void add_local(uint32_t index, int grade, RosterStatus status, uint16_t school = kNoSchool,
                   EntryRole role = EntryRole::main) {
        if (school == kNoSchool) school = local_school(index, grade);
        RosterEntry entry = make_entry(index, grade, status, school, role, pop_.children[index].person);
        keep_twins_together(entry);
        pop_.roster.push_back(entry);
    }

    // Twins sit next to each other in the roster and, usually, in the same class.
    void keep_twins_together(RosterEntry& entry) {
        const Child& child = pop_.children[entry.owner];
        if (!child.twin() || entry.owner == 0 || pop_.roster.empty()) return;
        const Child& previous = pop_.children[entry.owner - 1];
        if (!previous.twin() || previous.household != child.household || previous.person.birth != child.person.birth) return;
        for (auto it = pop_.roster.rbegin(); it != pop_.roster.rend() && it != pop_.roster.rbegin() + 4; ++it) {
            if (it->owner == entry.owner - 1 && it->school == entry.school && it->grade == entry.grade &&
                rng_.chance(0.8)) {
                entry.order_key = it->order_key;
                return;
            }
        }
    }

    void add_elsewhere(uint32_t index, int grade, RosterStatus status) {
        const Child& child = pop_.children[index];
        Rng choice = pop_.rng_for(Stream::school_choice, ~static_cast<uint64_t>(child.household));
        const auto& place = choice.pick(pop_.region.study_places);
        const auto& schools = grade <= 6 ? place.primaries : place.juniors;
        const uint16_t school = choice.pick(schools);
        pop_.elsewhere.push_back(make_entry(index, grade, status, school, EntryRole::main, child.person));
    }

    void add_exempt(uint32_t index, ExemptCategory category, uint32_t extra_days_ago) {
        ExemptEntry entry;
        entry.child = index;
        entry.category = category;
        entry.approved = static_cast<DayNumber>(day_number(pop_.as_of) - 10 - rng_.below(300) - extra_days_ago);
        if (rng_.chance(rates_.id_cosmetic)) entry.id_noise = cosmetic_noise(pop_.children[index].person);
        pop_.exempt.push_back(entry);
    }

    // ---- noise --------------------------------------------------------------------------

    IdNoise cosmetic_noise(const Person& person) {
        if (id_number(person, pop_.region).back() == 'X' && rng_.chance(0.6)) return IdNoise::lowercase_x;
        constexpr IdNoise kinds[] = {IdNoise::fullwidth, IdNoise::space, IdNoise::apostrophe};
        return kinds[rng_.below(3)];
    }

    void draw_noise(RosterEntry& entry, const Person& person) {
        const std::pair<double, IdNoise> ladder[] = {
            {rates_.id_substitution, IdNoise::substitution},
            {rates_.id_transposition, IdNoise::transposition},
            {rates_.id_missing, IdNoise::missing},
            {rates_.id_excel / 2, IdNoise::excel_sci},
            {rates_.id_excel / 2, IdNoise::excel_zeros},
            {rates_.id_cosmetic, IdNoise::lowercase_x},  // placeholder: any cosmetic kind
        };
        double roll = rng_.unit();
        for (const auto& [rate, kind] : ladder) {
            if ((roll -= rate) < 0) {
                entry.id_noise = kind == IdNoise::lowercase_x ? cosmetic_noise(person) : kind;
                break;
            }
        }
        if (entry.id_noise == IdNoise::transposition) {
            // Resolve now: a number without two different neighbours becomes a substitution.
            std::string id = id_number(person, pop_.region);
            Rng detail = pop_.rng_for(Stream::id_noise, entry.detail_key());
            entry.id_noise = apply_id_noise(entry.id_noise, id, detail);
        }
        entry.name_noise = draw_name_noise(person.name);
        if (entry.name_noise != NameNoise::none) {
            std::string name = names_.format(person.name);
            Rng detail = pop_.rng_for(Stream::name_noise, entry.detail_key());
            entry.name_noise = apply_name_noise(entry.name_noise, name, detail);
        }
    }

    NameNoise draw_name_noise(const PersonName& name) {
        if (name.minority()) return rng_.chance(rates_.dot_variant) ? NameNoise::dot : NameNoise::none;
        const std::pair<double, NameNoise> ladder[] = {
            {rates_.name_homophone, NameNoise::homophone},
            {rates_.name_traditional, NameNoise::traditional},
            {rates_.name_space, NameNoise::space},
        };
        double roll = rng_.unit();
        for (const auto& [rate, kind] : ladder) {
            if ((roll -= rate) < 0) return kind;
        }
        return NameNoise::none;
    }

    // ---- migrant pupils (roster rows with no registry row) ------------------------------

    void add_migrants() {
        if (rates_.migrant <= 0 || local_enrolled_ == 0) return;
        const auto count = static_cast<long>(std::lround(local_enrolled_ * rates_.migrant / (1 - rates_.migrant)));
        for (long i = 0; i < count; ++i) {
            DayNumber birth;
            int age;
            do {
                birth = draw_child_birth();
                age = age_on(date_of(birth), pop_.cutoff);
            } while (age < 6 || age > 14);
            const bool male = rng_.chance(kMaleShare);
            Person person = make_person(birth, male, other_area(false));
            person.name.surname = names_.draw_surname(rng_);
            names_.draw_given(rng_, male, NameAge::child, person.name);
            pop_.migrants.push_back(person);
            const auto owner = RosterEntry::kMigrant | static_cast<uint32_t>(pop_.migrants.size() - 1);
            const int grade = age - 5;
            const auto& village = pop_.region.villages[village_picker_.pick(rng_)];
            const auto& township = pop_.region.townships[village.township];
            const auto& schools = grade <= 6                 ? township.primaries
                                  : township.juniors.empty() ? pop_.region.counties[township.county].seat_juniors
                                                             : township.juniors;
            const double roll = rng_.unit();
            const RosterStatus status = roll < 0.3 ? RosterStatus::transferred_in
                                        : roll < 0.5 ? RosterStatus::visiting
                                                     : RosterStatus::in_school;
            pop_.roster.push_back(make_entry(owner, grade, status, rng_.pick(schools),
                                             EntryRole::main, person));
        }
    }
};

// ---- layout: file order and row numbers -------------------------------------------------

void order_registry(Population& pop) {
    std::vector<std::pair<uint64_t, uint32_t>> keys;
    keys.reserve(pop.households.size());
    for (uint32_t h = 0; h < pop.households.size(); ++h) {
        const uint64_t shuffle = derive_seed(pop.seed, static_cast<uint64_t>(Stream::registry_order), h) >> 24;
        keys.emplace_back((static_cast<uint64_t>(pop.households[h].village) << 40) | shuffle, h);
    }
    std::sort(keys.begin(), keys.end());
    pop.registry_order.reserve(keys.size());
    uint32_t row = 0;
    for (const auto& [key, h] : keys) {
        pop.registry_order.push_back(h);
        Household& household = pop.households[h];
        household.number = static_cast<uint32_t>(pop.registry_order.size());
        for (const Member& member : household_members(household)) {
            if (member.kind != MemberKind::child && !pop.adults_in_registry) continue;
            ++row;
            if (member.kind == MemberKind::child) pop.children[member.index].registry_row = row;
        }
    }
}

void order_poverty(Population& pop) {
    std::vector<std::pair<uint64_t, uint32_t>> keys;
    for (uint32_t h = 0; h < pop.households.size(); ++h) {
        if (!pop.households[h].poor()) continue;
        const uint64_t shuffle = derive_seed(pop.seed, static_cast<uint64_t>(Stream::poverty_order), h) >> 24;
        keys.emplace_back((static_cast<uint64_t>(pop.households[h].village) << 40) | shuffle, h);
    }
    std::sort(keys.begin(), keys.end());
    uint32_t row = 0;
    for (const auto& [key, h] : keys) {
        pop.poverty_order.push_back(h);
        for (const Member& member : household_members(pop.households[h])) {
            ++row;
            if (member.kind == MemberKind::child) pop.children[member.index].poverty_row = row;
        }
    }
}

// School-grouped order: school, grade, then the random key (twins share theirs).
void order_roster(std::vector<RosterEntry>& entries) {
    std::sort(entries.begin(), entries.end(), [](const RosterEntry& a, const RosterEntry& b) {
        if (a.school != b.school) return a.school < b.school;
        if (a.grade != b.grade) return a.grade < b.grade;
        if (a.order_key != b.order_key) return a.order_key < b.order_key;
        return a.owner < b.owner;
    });
}

void number_roster_rows(Population& pop, const std::vector<RosterEntry>& entries, RecordFile file) {
    for (uint32_t i = 0; i < entries.size(); ++i) {
        const RosterEntry& entry = entries[i];
        if (entry.migrant()) continue;
        Child& child = pop.children[entry.index()];
        if (entry.role == EntryRole::second) {
            child.second_row = i + 1;
            continue;
        }
        child.main_file = file;
        child.main_row = i + 1;
        child.id_noise = entry.id_noise;
        child.name_noise = entry.name_noise;
    }
}

void order_exempt(Population& pop) {
    std::sort(pop.exempt.begin(), pop.exempt.end(), [](const ExemptEntry& a, const ExemptEntry& b) {
        if (a.category != b.category) return a.category < b.category;
        if (a.approved != b.approved) return a.approved < b.approved;
        return a.child < b.child;
    });
    for (uint32_t i = 0; i < pop.exempt.size(); ++i) pop.children[pop.exempt[i].child].exempt_row = i + 1;
}

}  // namespace

Population build_population(const SynthOptions& options) {
    Population pop;
    pop.region = SynthRegion::build(options.region);
    pop.seed = options.seed;
    pop.as_of = options.as_of;
    pop.school_year = school_year_containing(options.as_of);
    pop.cutoff = cutoff_date(pop.school_year, MonthDay{});
    pop.adults_in_registry = options.adults;
    PopulationBuilder(options, pop).generate();
    order_registry(pop);
    order_poverty(pop);
    order_roster(pop.roster);
    order_roster(pop.elsewhere);
    number_roster_rows(pop, pop.roster, RecordFile::roster);
    number_roster_rows(pop, pop.elsewhere, RecordFile::elsewhere);
    order_exempt(pop);
    return pop;
}

}  // namespace bx::synth
