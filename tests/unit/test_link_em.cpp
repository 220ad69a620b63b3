#include "link_em.h"

#include <doctest/doctest.h>

#include <map>
#include <random>

#include "errors.h"
#include "linkage.h"

namespace {

// A model where every field has a clear agreement level for matches and rare agreement otherwise.
bx::LinkModel known_model() {
    bx::LinkModel model;
    model.match_prior = 0.2;
    for (int field = 0; field < bx::kLinkFields; ++field) {
        const auto levels = static_cast<size_t>(bx::level_count(field));
        std::vector<double> m(levels, 0.1 / static_cast<double>(levels - 1)), u(levels, 0.9 / static_cast<double>(levels - 1));
        m[0] = 0.9;
        u[0] = 0.1;
        model.m.push_back(m);
        model.u.push_back(u);
    }
    return model;
}

size_t draw(const std::vector<double>& distribution, std::mt19937_64& random) {
    std::discrete_distribution<size_t> pick(distribution.begin(), distribution.end());
    return pick(random);
}

}  // namespace

TEST_CASE("EM recovers m, u and the prior of a known mixture") {
    const bx::LinkModel truth = known_model();
    std::mt19937_64 random(42);
    std::map<uint32_t, double> counts;
    for (int i = 0; i < 200000; ++i) {
        const bool match = std::bernoulli_distribution(truth.match_prior)(random);
        bx::AgreementPattern pattern{};
        for (size_t field = 0; field < bx::kLinkFields; ++field)
            pattern[field] = static_cast<uint8_t>(draw(match ? truth.m[field] : truth.u[field], random));
        counts[bx::pattern_index(pattern)] += 1;
    }
    std::vector<bx::PatternCount> patterns;
    for (const auto& [index, count] : counts) patterns.push_back({bx::pattern_from_index(index), count});

    // Start away from the truth: flatter m, u and a wrong prior.
    bx::LinkModel start = truth;
    start.match_prior = 0.5;
    for (auto& levels : start.m) {
        levels.assign(levels.size(), 0.2 / static_cast<double>(levels.size() - 1));
        levels[0] = 0.8;
    }
    for (auto& levels : start.u) {
        levels.assign(levels.size(), 0.7 / static_cast<double>(levels.size() - 1));
        levels[0] = 0.3;
    }
    const bx::LinkModel estimate = bx::estimate_em(patterns, start);
    CHECK(estimate.em_iterations > 1);
    CHECK(estimate.match_prior == doctest::Approx(0.2).epsilon(0.02));
    for (size_t field = 0; field < bx::kLinkFields; ++field) {
        CHECK(estimate.m[field][0] == doctest::Approx(0.9).epsilon(0.02));
        CHECK(estimate.u[field][0] == doctest::Approx(0.1).epsilon(0.05));
    }
}

TEST_CASE("EM keeps probabilities off 0 and 1") {
    bx::LinkModel start = known_model();
    // Every pair agrees on everything: a level never seen must not get probability 0.
    const std::vector<bx::PatternCount> patterns = {{bx::AgreementPattern{}, 1000}};
    const bx::LinkModel estimate = bx::estimate_em(patterns, start, {.floor = 1e-6});
    for (const auto& levels : estimate.m)
        for (const double value : levels) CHECK(value >= 1e-6 * 0.99);
}

TEST_CASE("the model survives a JSON round trip and bad models are refused") {
    const bx::LinkModel model = known_model();
    const bx::LinkModel back = bx::model_from_json(bx::model_to_json(model));
    CHECK(back.match_prior == model.match_prior);
    CHECK(back.m == model.m);
    CHECK(back.u == model.u);
    CHECK_THROWS_AS(bx::model_from_json("{"), bx::DataError);
    CHECK_THROWS_AS(bx::model_from_json("[]"), bx::DataError);
    std::string json = bx::model_to_json(model);
    json.replace(json.find("\"sibling\""), 9, "\"cousin\"");
    CHECK_THROWS_WITH_AS(bx::model_from_json(json), "model: the levels of \"id\" differ from this version's", bx::DataError);
}
