#pragma once
// The linkage engine's two-core helper: runs two independent pieces of work at once. Each piece
// writes only its own results, so the outcome is the same as running them one after the other.
#include <functional>

namespace bx {

// Runs `first` on a new thread and `second` on this one; returns when both are done. An exception
// from either is rethrown here (the first one's first).
void run_in_parallel(const std::function<void()>& first, const std::function<void()>& second);

}  // namespace bx
