#pragma once
// How often each non-zero 64-bit key (a name hash) occurs, in one flat
// open-addressing table: the engine counts millions of records, and a node-based map spent more
// time in malloc and rehashing than in counting.
#include <cstddef>
#include <cstdint>
#include <vector>

namespace bx {

// Spreads a key's entropy over all 64 bits (the murmur3 finaliser), so that phone numbers and
// packed IDs can be addressed by their top or bottom bits. A bijection: equal keys stay equal and
// distinct keys distinct.
uint64_t scramble_key(uint64_t key);

class KeyCounter {
public:
    void add(uint64_t key);              // key must not be 0 (0 marks an empty slot)
    uint32_t count(uint64_t key) const;  // 0 for a key never added

private:
    struct Slot {
        uint64_t key = 0;
        uint32_t count = 0;
    };
    size_t home(uint64_t key) const;
    void grow();

    std::vector<Slot> slots_;  // a power of two in size, never more than half full
    size_t used_ = 0;
};

}  // namespace bx
