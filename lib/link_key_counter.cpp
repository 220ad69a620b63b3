#include "link_key_counter.h"

namespace bx {

namespace {

constexpr size_t kInitialSlots = 1024;

}  // namespace

size_t KeyCounter::home(uint32_t key) const { return static_cast<size_t>(scramble_key(key)) & (slots_.size() - 1); }

void KeyCounter::add(uint32_t key) {
    if (2 * (used_ + 1) > slots_.size()) grow();
    for (size_t i = home(key);; i = (i + 1) & (slots_.size() - 1)) {
        Slot& slot = slots_[i];
        if (slot.key == key) {
            ++slot.count;
            return;
        }
        if (slot.key == 0) {
            slot = {key, 1};
            ++used_;
            return;
        }
    }
}

uint32_t KeyCounter::count(uint32_t key) const {
    if (slots_.empty()) return 0;
    for (size_t i = home(key);; i = (i + 1) & (slots_.size() - 1)) {
        if (slots_[i].key == key) return slots_[i].count;
        if (slots_[i].key == 0) return 0;
    }
}

void KeyCounter::prefetch(uint32_t key) const {
    if (!slots_.empty()) __builtin_prefetch(&slots_[home(key)]);
}

void KeyCounter::grow() {
    std::vector<Slot> old(slots_.empty() ? kInitialSlots : 2 * slots_.size());
    old.swap(slots_);
    for (const Slot& slot : old) {
        if (slot.key == 0) continue;
        size_t i = home(slot.key);
        while (slots_[i].key != 0) i = (i + 1) & (slots_.size() - 1);
        slots_[i] = slot;
    }
}

}  // namespace bx
