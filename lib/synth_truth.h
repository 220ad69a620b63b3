#pragma once
// The answer key a synthetic data set comes with (truth.csv): one row per registry child with
// the status a correct reconciliation must reach, shared by bx-synth (writes it) and bx-score
// (grades tool output against it).
#include <array>
#include <cstdint>
#include <optional>
#include <string_view>

namespace bx {

enum class TruthStatus : uint8_t {
    enrolled,            // in-school roster status (在读 在校 在籍 正常 复学 转入 借读) or 送教上门
    enrolled_elsewhere,  // in school in another county (elsewhere.csv)
    graduated,           // 毕业 after grade 9
    exempt_deferred,     // approved 延缓入学
    exempt_sick_leave,   // 休学 with an approved exemption
    exempt_deceased,     // 死亡 in the exemption list or the roster
    exempt_abroad,       // 出国
    not_enrolled,        // no roster record anywhere
    dropped_out,         // 辍学 失学 退学
    suspended,           // 休学 without an exemption
    transferred_lost,    // 转出 with no enrolment anywhere
    out_of_age,          // not of compulsory-school age on the cutoff day
};
inline constexpr size_t kTruthStatusCount = 12;

std::string_view to_string(TruthStatus status);
std::optional<TruthStatus> parse_truth_status(std::string_view text);
// Positives of the out-of-school list: not_enrolled, dropped_out, suspended, transferred_lost.
bool is_out_of_school(TruthStatus status);

// truth.csv header, in file order.
namespace truth_column {
inline constexpr std::string_view registry_row = "registry_row";  // 1-based data row of hukou.csv
inline constexpr std::string_view status = "status";
inline constexpr std::string_view roster_file = "roster_file";  // roster, elsewhere or empty
inline constexpr std::string_view roster_row = "roster_row";    // row of the record in roster_file
// Every roster.csv row of the child, ';'-separated: the status record, a duplicate enrolment,
// a 转出 record left behind by a transfer.
inline constexpr std::string_view all_roster_rows = "all_roster_rows";
inline constexpr std::string_view exempt_row = "exempt_row";
inline constexpr std::string_view poverty_row = "poverty_row";
inline constexpr std::string_view age = "age";  // full years on the cutoff day (-1: born after it)
inline constexpr std::string_view twin = "twin";          // yes / no
inline constexpr std::string_view twin_row = "twin_row";  // registry_row of the co-twin
inline constexpr std::string_view id_noise = "id_noise";      // of the roster_row record
inline constexpr std::string_view name_noise = "name_noise";  // of the roster_row record
}  // namespace truth_column

inline constexpr std::array<std::string_view, 12> kTruthHeader = {
    truth_column::registry_row, truth_column::status,     truth_column::roster_file,
    truth_column::roster_row,   truth_column::all_roster_rows, truth_column::exempt_row,
    truth_column::poverty_row,  truth_column::age,        truth_column::twin,
    truth_column::twin_row,     truth_column::id_noise,   truth_column::name_noise};

}  // namespace bx
