#pragma once
// Expectation-maximisation for the Fellegi-Sunter model: from counts of agreement patterns over
// candidate pairs (a few hundred distinct patterns at most, however many pairs), estimate
// m = P(level | match), u = P(level | non-match) per field and the share of matches, assuming
// fields are independent within each class.
#include <span>

#include "link_compare.h"
#include "linkage.h"

namespace bx {

struct PatternCount {
    AgreementPattern pattern{};
    double count = 0;
};

struct EmOptions {
    int max_iterations = 500;
    double tolerance = 1e-8;  // stop when no parameter moves more than this
    // Probabilities are kept within [floor, 1 - floor]: a level never seen in one class would
    // otherwise get probability 0 and an infinite weight.
    double floor = 1e-6;
    bool fix_u = false;  // estimate m and the prior only (u known, e.g. from random pairs)
    // A prior on m: `prior_pairs` pseudo-matches spread over the levels as `m_prior` (per field,
    // summing to 1), added in every M step. A level that few or no matches of the data show
    // (one-edit IDs in a clean county, homophones in a small school) then keeps a modest m
    // instead of the floor and its weight of -20 bits; with thousands of matches it does not matter.
    const std::vector<std::vector<double>>* m_prior = nullptr;
    double prior_pairs = 0;
};

// Starts from `start` (its m, u and match_prior must be set) and returns the estimate.
LinkModel estimate_em(std::span<const PatternCount> patterns, const LinkModel& start, const EmOptions& options = {});

// Level frequencies of a sample of pairs, smoothed so that no level gets 0: the u of a model
// estimated from random pairs (nearly all non-matches). With a prior, `prior_pairs` pseudo-pairs
// are spread over each field's levels other than `missing` as `prior` gives them (per field,
// missing last and 0), in the data's share of pairs that have the field: a small file's few
// pairs then move u only as far as they can tell, and the missing share stays the data's.
std::vector<std::vector<double>> level_shares(std::span<const PatternCount> patterns, double floor,
                                              const std::vector<std::vector<double>>* prior = nullptr,
                                              double prior_pairs = 0);

}  // namespace bx
