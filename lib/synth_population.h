#pragma once
// The synthetic population in compact form (about 44 bytes per child) and the records that
// describe it in each export. build_population() decides everything, in one pass with one
// random stream, then lays the records out in file order so that every row number is known
// before the first byte is written. The file writers (synth.cpp) only format.
#include <cstdint>
#include <string>
#include <vector>

#include "synth.h"
#include "synth_names.h"
#include "synth_noise.h"
#include "synth_region.h"
#include "synth_truth.h"

namespace bx::synth {

inline constexpr uint32_t kNoIndex = 0xFFFFFFFF;

struct Person {
    static constexpr uint8_t kMale = 1;
    static constexpr uint8_t kLegacyId = 2;  // an adult whose ID is shown in 15 digits

    DayNumber birth = 0;
    uint16_t sequence = 0;  // the ID's 3 sequence digits; odd for males
    uint8_t area = 0;       // index into SynthRegion::id_areas
    uint8_t flags = 0;
    PersonName name;

    bool male() const { return flags & kMale; }
    bool legacy_id() const { return flags & kLegacyId; }
};

// The 18-character resident ID number.
std::string id_number(const Person& person, const SynthRegion& region);

enum class HeadKind : uint8_t { father, mother, grandparent, maternal_grandparent };
enum class Ethnicity : uint8_t { han, hui, manchu, mongol, uyghur, yi };

struct Household {
    static constexpr uint8_t kLeftBehind = 1;  // parents work away; a grandparent looks after
    static constexpr uint8_t kPoverty = 2;     // listed in the poverty file

    uint32_t village = 0;
    uint32_t first_child = 0;
    uint8_t child_count = 0;
    HeadKind head = HeadKind::father;
    Ethnicity ethnicity = Ethnicity::han;
    uint8_t flags = 0;
    uint8_t poverty_kind = 0;  // 一般 / 低保 / 特困
    uint32_t father = kNoIndex;  // indices into Population::adults
    uint32_t mother = kNoIndex;
    uint32_t grandparent = kNoIndex;
    uint32_t number = 0;  // position in registry order, 1-based (户号)

    bool left_behind() const { return flags & kLeftBehind; }
    bool poor() const { return flags & kPoverty; }
};

enum class RecordFile : uint8_t { none, roster, elsewhere };

struct Child {
    static constexpr uint8_t kTwin = 1;
    static constexpr uint8_t kUnsupported = 2;  // 事实无人抚养 in the poverty file

    Person person;
    uint32_t household = 0;
    TruthStatus status = TruthStatus::out_of_age;
    int8_t age = 0;           // full years on the cutoff day; -1 if born after it
    uint8_t flags = 0;
    uint8_t birth_order = 1;  // among siblings of the same sex: 长子, 次子, ...
    RecordFile main_file = RecordFile::none;
    IdNoise id_noise = IdNoise::none;      // of the main record
    NameNoise name_noise = NameNoise::none;
    // 1-based data rows; 0 for none.
    uint32_t registry_row = 0;
    uint32_t main_row = 0;    // in main_file
    uint32_t second_row = 0;  // another roster.csv row (duplicate enrolment, 转出 left behind)
    uint32_t exempt_row = 0;
    uint32_t poverty_row = 0;

    bool twin() const { return flags & kTwin; }
};

enum class RosterStatus : uint8_t {
    in_school, reinstated, transferred_in, visiting, home_delivered,  // enrolled
    graduated, suspended, dropped_out, transferred_out, deceased,
};

enum class EntryRole : uint8_t { main, second };

// One row of roster.csv or elsewhere.csv.
struct RosterEntry {
    static constexpr uint32_t kMigrant = 0x80000000;  // owner is a migrant pupil, not a child

    uint32_t owner = 0;      // index into children, or kMigrant | index into migrants
    uint32_t order_key = 0;  // random: order within a grade, and the seed of the row's details
    uint16_t school = 0;     // SynthRegion::schools, or ::elsewhere_schools for elsewhere.csv
    uint8_t grade = 1;
    RosterStatus status = RosterStatus::in_school;
    EntryRole role = EntryRole::main;
    IdNoise id_noise = IdNoise::none;
    NameNoise name_noise = NameNoise::none;

    bool migrant() const { return owner & kMigrant; }
    uint32_t index() const { return owner & ~kMigrant; }
    // Seeds the row's own random details (which digit a typo hits, the date format, ...);
    // distinct for the records of one child.
    uint64_t detail_key() const {
        return (static_cast<uint64_t>(owner) << 32) ^ (static_cast<uint64_t>(school) << 16) ^
               (static_cast<uint64_t>(grade) << 8) ^ (static_cast<uint64_t>(role) << 6) ^
               static_cast<uint64_t>(status);
    }
};

enum class ExemptCategory : uint8_t { deferred, sick_leave, deceased, abroad, home_delivered };

struct ExemptEntry {
    uint32_t child = 0;
    DayNumber approved = 0;
    ExemptCategory category = ExemptCategory::deferred;
    IdNoise id_noise = IdNoise::none;  // cosmetic only
};

// Seeds for the independent random streams (derive_seed purposes).
enum class Stream : uint64_t {
    population = 1, registry_order, poverty_order, school_choice, name_noise, id_noise,
    hukou_row, roster_row, exempt_row, poverty_row, household_detail, file_style,
};

struct Population {
    SynthRegion region;
    uint64_t seed = 0;
    Date as_of;
    Date cutoff;        // ages are taken on this day
    int school_year = 0;
    bool adults_in_registry = false;

    std::vector<Household> households;
    std::vector<Person> adults;
    std::vector<Child> children;
    std::vector<Person> migrants;
    std::vector<RosterEntry> roster;     // in file order
    std::vector<RosterEntry> elsewhere;  // in file order
    std::vector<ExemptEntry> exempt;     // in file order
    std::vector<uint32_t> registry_order;  // household indices in hukou.csv order
    std::vector<uint32_t> poverty_order;   // poor households in poverty.csv order

    Rng rng_for(Stream stream, uint64_t index) const { return Rng(derive_seed(seed, static_cast<uint64_t>(stream), index)); }
};

// A household member as the registry and the poverty file list them, head first.
enum class MemberKind : uint8_t { father, mother, grandparent, child };
struct Member {
    MemberKind kind;
    uint32_t index;  // into adults or children
};
std::vector<Member> household_members(const Household& household);

Population build_population(const SynthOptions& options);

}  // namespace bx::synth
