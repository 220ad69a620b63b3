#include "synth_random.h"

#include <algorithm>

namespace bx::synth {

uint64_t mix64(uint64_t value) {
    value += 0x9e3779b97f4a7c15ULL;
    value = (value ^ (value >> 30)) * 0xbf58476d1ce4e5b9ULL;
    value = (value ^ (value >> 27)) * 0x94d049bb133111ebULL;
    return value ^ (value >> 31);
}

uint64_t derive_seed(uint64_t seed, uint64_t purpose, uint64_t index) {
    return mix64(mix64(mix64(seed) ^ purpose) ^ index);
}

namespace {
uint64_t rotate_left(uint64_t x, int k) { return (x << k) | (x >> (64 - k)); }
}  // namespace

Rng::Rng(uint64_t seed) {
    uint64_t x = seed;
    for (auto& word : state_) {
        x = mix64(x);
        word = x;
    }
}

uint64_t Rng::next() {
    const uint64_t result = rotate_left(state_[1] * 5, 7) * 9;
    const uint64_t t = state_[1] << 17;
    state_[2] ^= state_[0];
    state_[3] ^= state_[1];
    state_[1] ^= state_[2];
    state_[0] ^= state_[3];
    state_[2] ^= t;
    state_[3] = rotate_left(state_[3], 45);
    return result;
}

uint32_t Rng::below(uint32_t n) {
    // Lemire's multiply-shift; the tiny bias (n / 2^32) does not matter here.
    return static_cast<uint32_t>(((next() >> 32) * n) >> 32);
}

int Rng::between(int low, int high) {
    return low + static_cast<int>(below(static_cast<uint32_t>(high - low + 1)));
}

double Rng::unit() { return static_cast<double>(next() >> 11) * 0x1.0p-53; }

WeightedPicker::WeightedPicker(std::span<const double> weights) {
    cumulative_.reserve(weights.size());
    double total = 0;
    for (double w : weights) cumulative_.push_back(total += w);
}

size_t WeightedPicker::pick(Rng& rng) const {
    const double target = rng.unit() * cumulative_.back();
    const auto it = std::upper_bound(cumulative_.begin(), cumulative_.end(), target);
    return it == cumulative_.end() ? cumulative_.size() - 1 : static_cast<size_t>(it - cumulative_.begin());
}

}  // namespace bx::synth
