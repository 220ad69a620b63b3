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
};

// Starts from `start` (its m, u and match_prior must be set) and returns the estimate.
LinkModel estimate_em(std::span<const PatternCount> patterns, const LinkModel& start, const EmOptions& options = {});

// Level frequencies of a sample of pairs, smoothed so that no level gets 0: the u of a model
// estimated from random pairs (nearly all non-matches).
std::vector<std::vector<double>> level_shares(std::span<const PatternCount> patterns, double floor);

}  // namespace bx
