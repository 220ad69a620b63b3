#include "key_set.h"

#include "link_key_counter.h"

namespace bx {

namespace {

constexpr size_t kInitialSlots = 1024;

}  // namespace

size_t KeySet::home(uint64_t key) const { return static_cast<size_t>(scramble_key(key)) & (slots_.size() - 1); }

bool KeySet::insert(uint64_t key) {
    if (4 * (used_ + 1) > 3 * slots_.size()) grow();
    for (size_t i = home(key);; i = (i + 1) & (slots_.size() - 1)) {
        if (slots_[i] == key) return false;
        if (slots_[i] == 0) {
            slots_[i] = key;
            ++used_;
            return true;
        }
    }
}

void KeySet::prefetch(uint64_t key) const {
    if (!slots_.empty()) __builtin_prefetch(&slots_[home(key)]);
}

void KeySet::grow() {
    std::vector<uint64_t> old(slots_.empty() ? kInitialSlots : 2 * slots_.size());
    old.swap(slots_);
    for (const uint64_t key : old) {
        if (key == 0) continue;
        size_t i = home(key);
        while (slots_[i] != 0) i = (i + 1) & (slots_.size() - 1);
        slots_[i] = key;
    }
}

}  // namespace bx
