#include "link_em.h"

#include <algorithm>
#include <cmath>

namespace bx {

namespace {

using Table = std::vector<std::vector<double>>;

Table zero_table() {
    Table table(kLinkFields);
    for (int field = 0; field < kLinkFields; ++field) table[static_cast<size_t>(field)].assign(static_cast<size_t>(level_count(field)), 0.0);
    return table;
}

double pattern_probability(const Table& table, const AgreementPattern& pattern) {
    double probability = 1;
    for (size_t field = 0; field < kLinkFields; ++field) probability *= table[field][pattern[field]];
    return probability;
}

// Each row becomes a distribution with every entry within [floor, 1 - floor].
void normalise(Table& table, double floor) {
    for (auto& levels : table) {
        double total = 0;
        for (const double value : levels) total += value;
        for (double& value : levels) value = std::clamp(total > 0 ? value / total : 1.0 / static_cast<double>(levels.size()), floor, 1 - floor);
        total = 0;
        for (const double value : levels) total += value;
        for (double& value : levels) value /= total;
    }
}

double largest_change(const Table& before, const Table& after) {
    double change = 0;
    for (size_t field = 0; field < before.size(); ++field)
        for (size_t level = 0; level < before[field].size(); ++level)
            change = std::max(change, std::abs(before[field][level] - after[field][level]));
    return change;
}

void add_prior(Table& counts, const Table& prior, double pairs) {
    for (size_t field = 0; field < counts.size(); ++field)
        for (size_t level = 0; level < counts[field].size(); ++level) counts[field][level] += pairs * prior[field][level];
}

}  // namespace

LinkModel estimate_em(std::span<const PatternCount> patterns, const LinkModel& start, const EmOptions& options) {
    LinkModel model = start;
    model.em_iterations = 0;
    for (int iteration = 0; iteration < options.max_iterations; ++iteration) {
        Table m_counts = zero_table(), u_counts = zero_table();
        double matches = 0, total = 0;
        for (const PatternCount& entry : patterns) {
            // E step: the probability that pairs with this pattern are matches.
            const double as_match = model.match_prior * pattern_probability(model.m, entry.pattern);
            const double as_other = (1 - model.match_prior) * pattern_probability(model.u, entry.pattern);
            const double share = as_match + as_other > 0 ? as_match / (as_match + as_other) : 0;
            for (size_t field = 0; field < kLinkFields; ++field) {
                m_counts[field][entry.pattern[field]] += entry.count * share;
                u_counts[field][entry.pattern[field]] += entry.count * (1 - share);
            }
            matches += entry.count * share;
            total += entry.count;
        }
        // M step.
        if (options.m_prior != nullptr) add_prior(m_counts, *options.m_prior, options.prior_pairs);
        normalise(m_counts, options.floor);
        double change = largest_change(model.m, m_counts);
        model.m = std::move(m_counts);
        if (!options.fix_u) {
            normalise(u_counts, options.floor);
            change = std::max(change, largest_change(model.u, u_counts));
            model.u = std::move(u_counts);
        }
        const double prior = total > 0 ? std::clamp(matches / total, options.floor, 1 - options.floor) : model.match_prior;
        change = std::max(change, std::abs(prior - model.match_prior));
        model.match_prior = prior;
        model.em_iterations = iteration + 1;
        if (change < options.tolerance) break;
    }
    return model;
}

std::vector<std::vector<double>> level_shares(std::span<const PatternCount> patterns, double floor,
                                              const std::vector<std::vector<double>>* prior, double prior_pairs) {
    Table counts = zero_table();
    for (const PatternCount& entry : patterns)
        for (size_t field = 0; field < kLinkFields; ++field) counts[field][entry.pattern[field]] += entry.count;
    if (prior != nullptr) {
        for (size_t field = 0; field < kLinkFields; ++field) {
            std::vector<double>& levels = counts[field];
            double total = 0;
            for (const double count : levels) total += count;
            const double present = total > 0 ? 1 - levels.back() / total : 1;
            for (size_t level = 0; level + 1 < levels.size(); ++level) levels[level] += prior_pairs * present * (*prior)[field][level];
            levels.back() += prior_pairs * (1 - present);
        }
    }
    normalise(counts, floor);
    return counts;
}

}  // namespace bx
