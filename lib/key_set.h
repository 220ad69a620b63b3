#pragma once
// A set of non-zero 64-bit keys in one flat open-addressing table: bx-flag notes the ID of every
// registry child (millions), and a node per key would cost more memory than the keys themselves.
#include <cstddef>
#include <cstdint>
#include <vector>

namespace bx {

class KeySet {
public:
    // False when the key was there already. The key must not be 0 (0 marks an empty slot).
    bool insert(uint64_t key);
    // Starts loading the key's slot: a look-up some keys ahead overlaps its cache miss with this one.
    void prefetch(uint64_t key) const;

private:
    size_t home(uint64_t key) const;
    void grow();

    std::vector<uint64_t> slots_;  // a power of two in size, at most three quarters full
    size_t used_ = 0;
};

}  // namespace bx
