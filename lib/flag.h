#pragma once
// The main job (bx-flag): registry lists, school rosters, other counties' rosters, exemptions and
// the poverty file in; the list of out-of-school children out, with the 适龄儿童 ledger, the
// review list, roster-only children and the 三统一 poverty mismatches on request.
#include <string>
#include <vector>

#include "dates.h"
#include "linkage.h"
#include "tool.h"

namespace bx {

struct FlagOptions {
    std::vector<std::string> registries, rosters, elsewhere, exemptions, poverty;
    Date as_of = today();
    MonthDay cutoff{8, 31};
    int min_age = 6;
    int max_age = 15;
    std::string all_path, review_path, unregistered_path, poverty_mismatch_path;
    std::string model_path, save_model_path;  // linkage model to reuse / to keep (JSON)
    bool by_household = false;
    bool chinese_labels = false;
    LinkOptions link;
};

// "6-15" -> {6, 15}; throws UsageError.
std::pair<int, int> parse_age_range(std::string_view text);

// Runs the whole job; counts go to tool.summary(), the per-township table to stderr.
void run_flag(Tool& tool, const FlagOptions& options);

}  // namespace bx
