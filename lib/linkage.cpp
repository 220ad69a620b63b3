#include "linkage.h"

#include <algorithm>
#include <cmath>
#include <random>
#include <unordered_map>
#include <unordered_set>

#include "link_blocking.h"
#include "link_em.h"
#include "link_key_counter.h"
#include "link_parallel.h"

namespace bx {

namespace {

constexpr std::string_view kFieldNames[kLinkFieldCount] = {"id", "name", "birth", "sex", "guardian", "phone", "household", "region"};

// A phone on more records than this (of one side) is a school's or a clerk's number, not a family's.
constexpr size_t kSharedPhoneLimit = 30;
constexpr size_t kRandomPairs = 200000;
constexpr double kProbabilityFloor = 1e-6;
constexpr size_t kMostLevels = 6;  // of any field (id)

uint64_t pair_key(uint32_t left, uint32_t right) { return static_cast<uint64_t>(left) << 32 | right; }

struct ScoredPair {
    uint32_t left = 0;
    uint32_t right = 0;
    AgreementPattern pattern{};
    double weight = 0;
    bool exact_id = false;   // the IDs are equal (compare_id == equal)
    bool linkable = false;   // the decision rules allow an automatic link (see may_link)
};

// Names must agree (equal or same pinyin) before anything but an exact ID links automatically:
// twins and siblings share household, guardian, phone and often birth date, and differ only in
// the given name. An ID-equal pair reaches the pool only when its names disagree: review at most.
bool may_link(const ScoredPair& pair) {
    if (pair.exact_id) return false;
    const uint8_t name = pair.pattern[static_cast<size_t>(LinkField::name)];
    return name == name_level::equal || name == name_level::same_pinyin;
}

// An equal ID links at once unless the rest says another person: names must agree, or be
// absent with a birth date that does not contradict.
bool exact_pair_confirmed(const AgreementPattern& pattern) {
    const uint8_t name = pattern[static_cast<size_t>(LinkField::name)];
    const uint8_t birth = pattern[static_cast<size_t>(LinkField::birth)];
    if (name == name_level::equal || name == name_level::same_pinyin) return true;
    return name == name_level::missing && birth != birth_level::different;
}

LinkMethod exact_method(const LinkRecord& a, const LinkRecord& b) {
    if (a.id_status == IdStatus::upgraded || b.id_status == IdStatus::upgraded) return LinkMethod::id_upgraded;
    if (!a.id_as_written || !b.id_as_written) return LinkMethod::id_normalised;
    return LinkMethod::id_exact;
}

PhoneSet shared_phones(std::span<const LinkRecord> records) {
    KeyCounter counts;
    for (const LinkRecord& record : records)
        if (record.phone != 0) counts.add(record.phone);
    PhoneSet shared;
    counts.for_each([&](uint64_t phone, uint32_t count) {
        if (count > kSharedPhoneLimit) shared.insert(phone);
    });
    return shared;
}

// (usable ID, index) of one side, sorted: for the duplicate report and the exact join.
std::vector<std::pair<uint64_t, uint32_t>> sorted_usable_ids(std::span<const LinkRecord> side) {
    std::vector<std::pair<uint64_t, uint32_t>> keyed;
    keyed.reserve(side.size());
    for (uint32_t i = 0; i < side.size(); ++i)
        if (side[i].id_usable()) keyed.emplace_back(side[i].id, i);
    std::sort(keyed.begin(), keyed.end());
    return keyed;
}

// For each value of `key(pair)`, the pool positions in ascending order, as one flat array with
// offsets (pool order is by weight, so each list runs best first).
struct PoolIndex {
    std::vector<uint32_t> offsets, positions;

    std::span<const uint32_t> of(uint32_t value) const {
        return std::span(positions).subspan(offsets[value], offsets[value + 1] - offsets[value]);
    }
};

template <class Key>
PoolIndex index_pool(std::span<const ScoredPair> pool, size_t values, Key key) {
    PoolIndex index;
    index.offsets.assign(values + 1, 0);
    for (const ScoredPair& pair : pool) ++index.offsets[key(pair) + 1];
    for (size_t v = 0; v < values; ++v) index.offsets[v + 1] += index.offsets[v];
    index.positions.resize(pool.size());
    std::vector<uint32_t> next(index.offsets.begin(), index.offsets.end() - 1);
    for (uint32_t i = 0; i < pool.size(); ++i) index.positions[next[key(pool[i])]++] = i;
    return index;
}

class Linker {
public:
    Linker(std::span<const LinkRecord> left, std::span<const LinkRecord> right, const LinkOptions& options)
        : left_(left), right_(right), options_(options), left_open_(left.size(), true), right_open_(right.size(), true),
          left_decided_(left.size()), left_linked_(left.size()), right_taken_(right.size()) {
        run_in_parallel(
            [&] {
                left_ids_ = sorted_usable_ids(left);
                right_ids_ = sorted_usable_ids(right);
            },
            [&] {
                placeholder_phones_ = shared_phones(left);
                placeholder_phones_.merge(shared_phones(right));
                count_names();
            });
        result_.decisions.resize(left.size());
    }

    LinkResult run() {
        find_duplicates();
        read_clerk_decisions();
        collect_exact_pairs();
        collect_candidates();
        fit_model();
        score_pairs();
        apply_clerk_accepts();
        assign_exact();
        assign_pool();
        count_outcomes();
        return std::move(result_);
    }

private:
    void count(const std::string& label, long value) { result_.stats.counts.emplace_back(label, value); }

    void count_names() {
        for (const auto side : {left_, right_})
            for (const LinkRecord& record : side)
                if (record.name_hash != 0) name_counts_.add(record.name_hash);
        population_ = std::max<double>(1, static_cast<double>(left_.size() + right_.size()));
    }

    // IDs on more than one record of a side, for the 重复学籍 / registry-conflict report.
    void find_duplicates_on(const std::vector<std::pair<uint64_t, uint32_t>>& keyed, bool left_side) {
        for (size_t first = 0; first < keyed.size();) {
            size_t last = first + 1;
            while (last < keyed.size() && keyed[last].first == keyed[first].first) ++last;
            if (last - first > 1) {
                DuplicateId duplicate{left_side, unpack_id(keyed[first].first), {}};
                for (size_t i = first; i < last; ++i) duplicate.records.push_back(keyed[i].second);
                result_.duplicates.push_back(std::move(duplicate));
            }
            first = last;
        }
    }

    void find_duplicates() {
        find_duplicates_on(left_ids_, true);
        find_duplicates_on(right_ids_, false);
        count("duplicate ids", static_cast<long>(result_.duplicates.size()));
    }

    void read_clerk_decisions() {
        if (options_.clerk_decisions.empty()) return;
        std::unordered_map<uint32_t, uint32_t> left_by_row, right_by_row;
        for (uint32_t i = 0; i < left_.size(); ++i) left_by_row.emplace(left_[i].row, i);
        for (uint32_t i = 0; i < right_.size(); ++i) right_by_row.emplace(right_[i].row, i);
        for (const ClerkDecision& decision : options_.clerk_decisions) {
            const auto l = left_by_row.find(decision.left_row);
            const auto r = right_by_row.find(decision.right_row);
            if (l == left_by_row.end() || r == right_by_row.end()) continue;
            if (decision.accept) {
                accepted_.push_back({l->second, r->second});
            } else {
                rejected_.insert(pair_key(l->second, r->second));
            }
        }
    }

    void add_exact_pair(uint32_t l, uint32_t r) {
        if (rejected(l, r)) return;
        const AgreementPattern pattern = compare_records(left_[l], right_[r], placeholder_phones_);
        (exact_pair_confirmed(pattern) ? exact_ : pool_).push_back({l, r, pattern, 0, true, false});
    }

    bool rejected(uint32_t l, uint32_t r) const { return rejected_.contains(pair_key(l, r)); }

    // Equal usable IDs, by merging the two sides' sorted IDs (the order of the pairs does not
    // matter: they are sorted by weight and rows later). A confirmed pair closes both records to
    // blocking; an unconfirmed one joins the pool for a clerk.
    void collect_exact_pairs() {
        auto right = right_ids_.begin();
        for (auto left = left_ids_.begin(); left != left_ids_.end(); ++left) {
            while (right != right_ids_.end() && right->first < left->first) ++right;
            for (auto same = right; same != right_ids_.end() && same->first == left->first; ++same)
                add_exact_pair(left->second, same->second);
        }
        left_ids_ = {};  // not needed again: free them before blocking
        right_ids_ = {};
        for (const ScoredPair& pair : exact_) {
            left_open_[pair.left] = false;
            right_open_[pair.right] = false;
        }
        count("exact id pairs", static_cast<long>(exact_.size()));
        count("exact id pairs held for review", static_cast<long>(pool_.size()));
    }

    void collect_candidates() {
        BlockingResult blocked = block_candidates(left_, right_, left_open_, right_open_, {options_.max_block});
        for (auto& entry : blocked.counts) result_.stats.counts.push_back(std::move(entry));
        // Compared in two halves on two threads, appended in order.
        const std::span<const CandidatePair> pairs(blocked.pairs);
        const size_t half = pairs.size() / 2;
        std::vector<ScoredPair> second;
        run_in_parallel([&] { compare_candidates(pairs.subspan(half), second); },
                        [&] { compare_candidates(pairs.first(half), pool_); });
        pool_.insert(pool_.end(), second.begin(), second.end());
    }

    void compare_candidates(std::span<const CandidatePair> pairs, std::vector<ScoredPair>& out) const {
        for (const CandidatePair& pair : pairs) {
            if (rejected(pair.left, pair.right)) continue;
            const AgreementPattern pattern = compare_records(left_[pair.left], right_[pair.right], placeholder_phones_);
            if (pattern[static_cast<size_t>(LinkField::id)] == id_level::equal) continue;  // already in the pool
            out.push_back({pair.left, pair.right, pattern, 0, false, false});
        }
    }

    std::vector<PatternCount> pattern_counts(const std::vector<ScoredPair>& first, const std::vector<ScoredPair>& second) const {
        std::vector<double> counts(pattern_space());  // a few ten thousand: cheaper than a map
        for (const auto* pairs : {&first, &second})
            for (const ScoredPair& pair : *pairs) counts[pattern_index(pair.pattern)] += 1;
        std::vector<PatternCount> patterns;
        for (uint32_t index = 0; index < counts.size(); ++index)
            if (counts[index] != 0) patterns.push_back({pattern_from_index(index), counts[index]});
        return patterns;
    }

    // u: level shares among random pairs (virtually all non-matches), seeded so runs repeat.
    std::vector<std::vector<double>> random_pair_u() {
        std::vector<ScoredPair> sample;
        if (!left_.empty() && !right_.empty()) {
            std::mt19937_64 generator(20180901);
            const size_t pairs = std::min<size_t>(kRandomPairs, left_.size() * right_.size());
            std::uniform_int_distribution<size_t> pick_left(0, left_.size() - 1), pick_right(0, right_.size() - 1);
            for (size_t i = 0; i < pairs; ++i) {
                const auto l = static_cast<uint32_t>(pick_left(generator));
                const auto r = static_cast<uint32_t>(pick_right(generator));
                sample.push_back({l, r, compare_records(left_[l], right_[r], placeholder_phones_)});
            }
        }
        count("random pairs for u", static_cast<long>(sample.size()));
        const double floor = 0.5 / static_cast<double>(std::max<size_t>(sample.size(), 1));
        return level_shares(pattern_counts(sample, {}), std::min(floor, 1e-3));
    }

    // Starting point for EM: agreement likely among matches, u from random pairs.
    LinkModel initial_model(const std::vector<std::vector<double>>& u) const {
        LinkModel model;
        model.u = u;
        for (int field = 0; field < kLinkFields; ++field) {
            const auto levels = static_cast<size_t>(level_count(field));
            std::vector<double> m(levels, 0.1 / static_cast<double>(levels - 1));
            m[0] = 0.9;
            model.m.push_back(std::move(m));
        }
        const double pairs = static_cast<double>(exact_.size() + pool_.size());
        model.match_prior = pairs > 0 ? std::clamp(static_cast<double>(exact_.size()) / pairs, 0.05, 0.95) : 0.5;
        return model;
    }

    // m by EM over the candidate pairs' patterns; u from random pairs, because the candidate
    // set is chosen for agreement and its non-matches agree far more often than people at large.
    void fit_model() {
        if (options_.model != nullptr) {
            model_ = *options_.model;
        } else {
            const auto u = random_pair_u();
            const std::vector<PatternCount> patterns = pattern_counts(exact_, pool_);
            model_ = estimate_em(patterns, initial_model(u), {.floor = kProbabilityFloor});
            model_.u = u;
            count("em iterations", model_.em_iterations);
        }
        result_.model = model_;
        for (int field = 0; field < kLinkFields; ++field)
            for (uint8_t level = 0; level < level_count(field); ++level)
                level_weights_[static_cast<size_t>(field)][level] = level_weight(field, level, model_.u[static_cast<size_t>(field)][level]);
    }

    float level_weight(int field, uint8_t level, double u) const {
        if (is_missing_level(field, level)) return 0;
        return static_cast<float>(std::log2(model_.m[static_cast<size_t>(field)][level] / u));
    }

    float field_weight(int field, uint8_t level, const LinkRecord& left) const {
        // Term frequency: two records called 王伟 agree by chance far more often than two
        // records with a rare name; u for "equal" is the name's share of all records.
        if (field == static_cast<int>(LinkField::name) && level == name_level::equal) {
            const uint32_t count = name_counts_.count(left.name_hash);
            const double n = count == 0 ? 1.0 : static_cast<double>(count);
            return level_weight(field, level, std::max(n / population_, kProbabilityFloor));
        }
        return level_weights_[static_cast<size_t>(field)][level];
    }

    std::array<float, kLinkFieldCount> field_weights(const ScoredPair& pair) const {
        std::array<float, kLinkFieldCount> weights{};
        for (int field = 0; field < kLinkFields; ++field)
            weights[static_cast<size_t>(field)] = field_weight(field, pair.pattern[static_cast<size_t>(field)], left_[pair.left]);
        return weights;
    }

    double total_weight(const ScoredPair& pair) const {
        double total = 0;
        for (const float weight : field_weights(pair)) total += weight;
        return total;
    }

    // Best first; ties by rows. A total order, so the result does not depend on input order.
    void score(std::vector<ScoredPair>& pairs) const {
        for (ScoredPair& pair : pairs) {
            pair.weight = total_weight(pair);
            pair.linkable = may_link(pair);
        }
        std::sort(pairs.begin(), pairs.end(), [](const ScoredPair& a, const ScoredPair& b) {
            if (a.weight != b.weight) return a.weight > b.weight;
            return pair_key(a.left, a.right) < pair_key(b.left, b.right);
        });
    }

    void score_pairs() {
        run_in_parallel([&] { score(exact_); }, [&] { score(pool_); });
    }

    void decide(const ScoredPair& pair, LinkMethod method) {
        LinkDecision& decision = result_.decisions[pair.left];
        decision.right = pair.right;
        decision.method = method;
        decision.weight = pair.weight;
        decision.field_weights = field_weights(pair);
        left_decided_[pair.left] = true;
        if (is_link(method)) {
            left_linked_[pair.left] = true;
            right_taken_[pair.right] = true;
            ++right_linked_count_;
        }
    }

    bool free(const ScoredPair& pair) const {
        return !left_decided_[pair.left] && !right_taken_[pair.right];
    }

    void apply_clerk_accepts() {
        for (const auto& [l, r] : accepted_) {
            ScoredPair pair{l, r, compare_records(left_[l], right_[r], placeholder_phones_)};
            pair.weight = total_weight(pair);
            if (free(pair)) decide(pair, LinkMethod::clerk_accepted);
        }
    }

    // Confirmed equal IDs, best first, so of two roster rows with one ID the better one links.
    void assign_exact() {
        for (const ScoredPair& pair : exact_)
            if (free(pair)) decide(pair, exact_method(left_[pair.left], right_[pair.right]));
    }

    // Another candidate of either record that is free and nearly as good makes the pair a
    // clerk's call. Records sent to review still compete: they are not linked.
    bool ambiguous(const ScoredPair& best) const {
        const double bar = best.weight - options_.ambiguity_margin;
        for (const uint32_t i : by_left_.of(best.left)) {
            const ScoredPair& other = pool_[i];
            if (other.weight < bar) break;
            if (other.right != best.right && !right_taken_[other.right]) return true;
        }
        for (const uint32_t i : by_right_.of(best.right)) {
            const ScoredPair& other = pool_[i];
            if (other.weight < bar) break;
            if (other.left != best.left && !left_linked_[other.left]) return true;
        }
        return false;
    }

    // Greedy one-to-one assignment by descending weight (ties broken by row order, so runs
    // repeat): link when the rules allow, the weight clears the link threshold and no rival is
    // close; otherwise review if above the review threshold.
    void assign_pool() {
        by_left_ = index_pool(pool_, left_.size(), [](const ScoredPair& pair) { return pair.left; });
        by_right_ = index_pool(pool_, right_.size(), [](const ScoredPair& pair) { return pair.right; });
        for (const ScoredPair& pair : pool_) {
            if (pair.weight < options_.review_threshold) break;
            if (!free(pair)) continue;
            const bool link = pair.linkable && pair.weight >= options_.link_threshold && !ambiguous(pair);
            if (!link) {
                decide(pair, LinkMethod::review);
                continue;
            }
            const bool near = pair.pattern[static_cast<size_t>(LinkField::id)] == id_level::one_edit;
            decide(pair, near ? LinkMethod::id_near : LinkMethod::probabilistic);
        }
    }

    void count_outcomes() {
        std::array<long, 8> by_method{};
        for (const LinkDecision& decision : result_.decisions) ++by_method[static_cast<size_t>(decision.method)];
        for (const LinkMethod method : {LinkMethod::id_exact, LinkMethod::id_normalised, LinkMethod::id_upgraded,
                                        LinkMethod::id_near, LinkMethod::probabilistic, LinkMethod::clerk_accepted,
                                        LinkMethod::review, LinkMethod::none})
            count(std::string("left ") + std::string(to_string(method)), by_method[static_cast<size_t>(method)]);
        count("right unmatched", static_cast<long>(right_.size() - right_linked_count_));
    }

    std::span<const LinkRecord> left_, right_;
    const LinkOptions& options_;
    std::vector<bool> left_open_, right_open_;
    std::vector<std::pair<uint64_t, uint32_t>> left_ids_, right_ids_;  // sorted_usable_ids
    PhoneSet placeholder_phones_;
    KeyCounter name_counts_;
    double population_ = 1;
    std::vector<std::pair<uint32_t, uint32_t>> accepted_;
    std::unordered_set<uint64_t> rejected_;
    std::vector<ScoredPair> exact_, pool_;
    PoolIndex by_left_, by_right_;
    std::vector<bool> left_decided_, left_linked_, right_taken_;
    size_t right_linked_count_ = 0;
    LinkModel model_;
    // log2(m / u) per field and level (name-equal is adjusted per name in field_weight).
    std::array<std::array<float, kMostLevels>, kLinkFields> level_weights_{};
    LinkResult result_;
};

}  // namespace

std::string_view to_string(LinkMethod method) {
    switch (method) {
        case LinkMethod::none: return "none";
        case LinkMethod::id_exact: return "id_exact";
        case LinkMethod::id_normalised: return "id_normalised";
        case LinkMethod::id_upgraded: return "id_upgraded";
        case LinkMethod::id_near: return "id_near";
        case LinkMethod::probabilistic: return "probabilistic";
        case LinkMethod::review: return "review";
        case LinkMethod::clerk_accepted: return "clerk_accepted";
    }
    return "none";
}

bool is_link(LinkMethod method) { return method != LinkMethod::none && method != LinkMethod::review; }

std::span<const std::string_view> link_field_names() { return kFieldNames; }

LinkResult link_records(std::span<const LinkRecord> left, std::span<const LinkRecord> right, const LinkOptions& options) {
    return Linker(left, right, options).run();
}

LinkResult link_records(const std::vector<Person>& left, const std::vector<Person>& right, const LinkOptions& options) {
    std::vector<LinkRecord> left_records, right_records;
    left_records.reserve(left.size());
    right_records.reserve(right.size());
    for (const Person& person : left) left_records.push_back(make_link_record(person));
    for (const Person& person : right) right_records.push_back(make_link_record(person));
    return link_records(left_records, right_records, options);
}

}  // namespace bx
