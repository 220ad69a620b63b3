#pragma once
// The generator's own random numbers: splitmix64 to derive seeds and xoshiro256** to draw, so
// that a seed gives the same data set with any compiler and standard library (std::
// distributions are implementation-defined).
#include <cstdint>
#include <iterator>
#include <span>
#include <vector>

namespace bx::synth {

// One splitmix64 step: a good 64-bit mixer.
uint64_t mix64(uint64_t value);

// An independent seed for one use (`purpose`) of one item (`index`), so that a row's random
// choices do not depend on how many numbers other rows consumed.
uint64_t derive_seed(uint64_t seed, uint64_t purpose, uint64_t index = 0);

class Rng {
public:
    explicit Rng(uint64_t seed);

    uint64_t next();
    // Uniform in [0, n); n > 0.
    uint32_t below(uint32_t n);
    // Uniform in [low, high], inclusive.
    int between(int low, int high);
    // Uniform in [0, 1).
    double unit();
    bool chance(double probability) { return unit() < probability; }

    // A uniformly chosen element of an array, vector or span.
    template <typename Items>
    const auto& pick(const Items& items) {
        return items[below(static_cast<uint32_t>(std::size(items)))];
    }

private:
    uint64_t state_[4];
};

// Draws an index with probability proportional to its weight (cumulative table, binary search).
class WeightedPicker {
public:
    WeightedPicker() = default;
    explicit WeightedPicker(std::span<const double> weights);
    size_t pick(Rng& rng) const;
    size_t size() const { return cumulative_.size(); }

private:
    std::vector<double> cumulative_;
};

}  // namespace bx::synth
