#pragma once
// bx-synth: a linked, deliberately imperfect set of exports for one region (household registry,
// school roster, other counties' rosters, exemption list, poverty file) and the truth a correct
// reconciliation must reach. Same options and seed, same bytes. See docs/synth.md.
#include <array>
#include <cstdint>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "csv_writer.h"
#include "dates.h"
#include "synth_truth.h"

namespace bx {

// Every rate is a share in [0, 1]; the defaults and their reasons are in docs/synth.md.
struct SynthRates {
    // Households and people.
    double twins = 0.015;           // births that are twins
    double minority = 0.005;        // households with Uyghur- or Yi-style names
    double mother_surname = 0.05;   // children who carry the mother's surname
    double left_behind = 0.12;      // rural households whose parents work away (留守)
    double poverty = 0.08;          // rural households in the 建档立卡 file (urban: a quarter)
    // Truth statuses, as shares of school-age children (deferred: of six-year-olds).
    double not_enrolled = 0.008;
    double dropped_out = 0.007;
    double suspended = 0.003;
    double transferred_lost = 0.004;
    double elsewhere = 0.01;
    double deferred = 0.01;
    double sick_leave = 0.0015;
    double deceased = 0.001;
    double abroad = 0.0015;
    double home_delivered = 0.001;
    // Enrolment details.
    double late_entry = 0.08;         // started grade 1 a year late
    double early_entry = 0.02;        // started a year early
    double duplicate = 0.004;         // enrolled pupils with a second enrolment in another school
    double internal_transfer = 0.005; // pupils who moved school inside the region (转出 + 转入)
    double migrant = 0.05;            // roster rows of pupils registered elsewhere (随迁子女)
    double stale_exemption = 0.01;    // enrolled 7-9-year-olds with an old 延缓入学 approval
    // Roster-side ID damage (per roster and elsewhere record).
    double id_substitution = 0.03;
    double id_transposition = 0.01;
    double id_missing = 0.02;
    double id_excel = 0.005;
    double id_cosmetic = 0.03;  // lowercase x, full-width digits, spaces, apostrophe
    // Roster-side name variants.
    double name_homophone = 0.01;
    double name_traditional = 0.005;
    double name_space = 0.01;
    double dot_variant = 0.6;  // minority names written with another dot, or none
    // Other imperfections.
    double birth_mismatch = 0.003;  // roster birth date disagrees with the ID
    double legacy_id = 0.3;         // adults born before 1984 whose ID is shown in 15 digits
    double poverty_stale = 0.15;    // 在校生状况 disagreeing with the truth
    double address_comma = 0.02;    // registry addresses with a comma (quoted field)
    double address_newline = 0.005; // registry addresses with a line break
    double mixed_dates = 0.05;      // rows whose dates use another format than the file's
    double registry_gaps = 0.01;    // registry rows with an empty phone, guardian or birth date
};

// One command-line flag per rate: "--" + flag.
struct RateFlag {
    std::string_view flag;
    double SynthRates::*rate;
    std::string_view help;
};
std::span<const RateFlag> rate_flags();

struct SynthOptions {
    long children = 2000;
    uint64_t seed = 1;
    Date as_of{2026, 9, 1};          // fixed, never today: output must be reproducible
    std::vector<std::string> region;  // county codes (CODE or CODE:NAME); empty: Yangquan
    bool adults = false;              // also write adults' registry rows
    SynthRates rates;
};

// File names inside the output folder.
namespace synth_file {
inline constexpr std::string_view hukou = "hukou.csv";
inline constexpr std::string_view roster = "roster.csv";
inline constexpr std::string_view elsewhere = "elsewhere.csv";
inline constexpr std::string_view exempt = "exempt.csv";
inline constexpr std::string_view poverty = "poverty.csv";
inline constexpr std::string_view truth = "truth.csv";
}  // namespace synth_file

struct SynthReport {
    long children = 0;
    long households = 0;
    long registry_rows = 0;
    long roster_rows = 0;
    long elsewhere_rows = 0;
    long exempt_rows = 0;
    long poverty_rows = 0;
    std::array<long, kTruthStatusCount> by_status{};
    long out_of_school() const;
};

// Throws UsageError for options out of range (rates outside [0, 1], rates that add up to more
// than everyone, fewer than 1 child).
void validate(const SynthOptions& options);

// Writes the six files into `folder` (created if missing), each atomically.
SynthReport synthesize(const SynthOptions& options, const std::string& folder,
                       const CsvWriteOptions& write_options);

}  // namespace bx
