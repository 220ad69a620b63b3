#include "synth_truth.h"

namespace bx {

namespace {
constexpr std::array<std::string_view, kTruthStatusCount> kStatusNames = {
    "enrolled",  "enrolled_elsewhere", "graduated",       "exempt_deferred",
    "exempt_sick_leave", "exempt_deceased", "exempt_abroad", "not_enrolled",
    "dropped_out", "suspended",        "transferred_lost", "out_of_age"};
}  // namespace

std::string_view to_string(TruthStatus status) {
    return kStatusNames[static_cast<size_t>(status)];
}

std::optional<TruthStatus> parse_truth_status(std::string_view text) {
    for (size_t i = 0; i < kStatusNames.size(); ++i) {
        if (kStatusNames[i] == text) return static_cast<TruthStatus>(i);
    }
    return std::nullopt;
}

bool is_out_of_school(TruthStatus status) {
    return status == TruthStatus::not_enrolled || status == TruthStatus::dropped_out ||
           status == TruthStatus::suspended || status == TruthStatus::transferred_lost;
}

}  // namespace bx
