#pragma once
// Sorting a list that arrives nearly in order (pairs and claims come in stream order, with a few
// appended after): only the items from the first one out of order are sorted, then merged in.
#include <algorithm>
#include <vector>

namespace bx {

// A stable sort of `items` by `less`, in time that grows with the disordered tail.
template <class T, class Less>
void sort_mostly_sorted(std::vector<T>& items, Less less) {
    const auto sorted_end = std::is_sorted_until(items.begin(), items.end(), less);
    std::stable_sort(sorted_end, items.end(), less);
    std::inplace_merge(items.begin(), sorted_end, items.end(), less);
}

}  // namespace bx
