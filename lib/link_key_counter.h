#pragma once
// How often each non-zero 32-bit key (a name hash) occurs, in one flat open-addressing table of
// 8-byte slots: the engine counts millions of records, and a node-based map spent more time in
// malloc and rehashing than in counting.
#include <cstddef>
#include <cstdint>
#include <vector>

namespace bx {

// Spreads a key's entropy over all 64 bits (the murmur3 finaliser), so that phone numbers and
// packed IDs can be addressed by their top or bottom bits. A bijection: equal keys stay equal and
// distinct keys distinct.
inline uint64_t scramble_key(uint64_t key) {
    key ^= key >> 33;
    key *= 0xff51afd7ed558ccdull;
    key ^= key >> 33;
    key *= 0xc4ceb9fe1a85ec53ull;
    return key ^ (key >> 33);
}

class KeyCounter {
public:
    void add(uint32_t key);              // key must not be 0 (0 marks an empty slot)
    uint32_t count(uint32_t key) const;  // 0 for a key never added
    // Starts loading the key's slot: the table is larger than the caches, and the look-ups of
    // records some places ahead, prefetched, overlap their misses.
    void prefetch(uint32_t key) const;

private:
    struct Slot {
        uint32_t key = 0;
        uint32_t count = 0;
    };
    size_t home(uint32_t key) const;
    void grow();

    std::vector<Slot> slots_;  // a power of two in size, never more than half full
    size_t used_ = 0;
};

}  // namespace bx
