#include "linkage.h"

#include <algorithm>
#include <cmath>
#include <random>
#include <unordered_map>
#include <unordered_set>

#include "link_blocking.h"
#include "link_em.h"
#include "link_key_counter.h"
#include "link_key_index.h"
#include "link_parallel.h"
#include "mostly_sorted.h"

namespace bx {

namespace {

constexpr std::string_view kFieldNames[kLinkFieldCount] = {"id", "name", "birth", "sex", "guardian", "phone", "household", "region"};

// A phone on more records than this (of one side) is a school's or a clerk's number, not a family's.
constexpr uint32_t kSharedPhoneLimit = 30;
constexpr size_t kRandomPairs = 200000;
// Streamed records whose candidate pairs the model is estimated on (all of them when fewer):
// patterns are few, so a sample this size estimates m and the match share as well as millions.
constexpr size_t kSampleRecords = 200000;
constexpr double kProbabilityFloor = 1e-6;
// Name frequencies are shares of at least this many records: a small file (one school, a test
// set) is a sample of a county, where a name its 30 pupils do not repeat is far rarer than 1 in
// 30. Larger inputs are their own population.
constexpr double kLeastNamePopulation = 10000;
// The prior on m (see EmOptions::m_prior): what a registry child and its own roster record look
// like, per field and level in link_compare.h's order, judged from how exports damage data
// (docs/linkage.md), worth this many matches.
constexpr double kPriorMatches = 10;
const std::vector<std::vector<double>> kMatchLevelPrior = {
    {0.82, 0.05, 0.02, 0.001, 0.004, 0.105},  // id: equal, one_edit, damaged_agrees, sibling, different, missing
    {0.88, 0.06, 0.01, 0.005, 0.045},        // name: equal, same_pinyin, one_char, different, missing
    {0.88, 0.07, 0.02, 0.03},                // birth: equal, one_part, different, missing
    {0.95, 0.01, 0.04},                      // sex
    {0.50, 0.30, 0.20},                      // guardian: often the other parent at school
    {0.50, 0.30, 0.20},                      // phone
    {0.70, 0.10, 0.20},                      // household
    {0.60, 0.15, 0.05, 0.20},                // region: equal, township, different, missing
};
// The prior on u (see level_shares): how often two different children of one county agree on a
// field both have, judged from what a county is (some 100 000 children in nine birth years, a few
// hundred villages, IDs mostly of one county code), worth this many random pairs. It matters in
// a small file only: a sample of 200 000 pairs outweighs it 200 to 1.
constexpr double kPriorNonMatches = 1000;
const std::vector<std::vector<double>> kNonMatchLevelPrior = {
    {1e-6, 1e-6, 0.3, 1e-4, 0.6998, 0},  // id: a damaged ID's 6 digits are often the county's code
    {1e-4, 1e-4, 0.005, 0.9948, 0},      // name (equal is weighed by the name's frequency anyway)
    {3e-4, 0.02, 0.9797, 0},             // birth: one day in nine years; one part of three differs
    {0.5, 0.5, 0},                       // sex
    {1e-4, 0.9999, 0},                   // guardian
    {1e-5, 0.99999, 0},                  // phone
    {1e-4, 0.9999, 0},                   // household
    {0.005, 0.05, 0.945, 0},             // region: one village of 200, one township of 20
};
constexpr size_t kMostLevels = 6;  // of any field (id)

uint64_t pair_key(uint32_t left, uint32_t right) { return static_cast<uint64_t>(left) << 32 | right; }

// Names must agree (equal or same pinyin) before anything but an exact ID links automatically:
// twins and siblings share household, guardian, phone and often birth date, and differ only in
// the given name. An ID-equal pair reaches the pool only when its names disagree: review at most.
bool names_agree(const AgreementPattern& pattern) {
    const uint8_t name = level_of(pattern, LinkField::name);
    return name == name_level::equal || name == name_level::same_pinyin;
}

// Both IDs are there and differ by more than one edit, and the names differ as well: a twin or a
// sibling (who share household, guardian, phone and perhaps birth date), never the same child
// with two independent errors. Such a pair is neither linked, nor reviewed, nor anyone's rival.
bool clearly_another_person(const AgreementPattern& pattern) {
    const uint8_t id = level_of(pattern, LinkField::id);
    return (id == id_level::different || id == id_level::sibling) && !names_agree(pattern);
}

// An equal ID links at once unless the rest says another person: names must agree, or be
// absent with a birth date that does not contradict.
bool exact_pair_confirmed(uint8_t name, uint8_t birth) {
    if (name == name_level::equal || name == name_level::same_pinyin) return true;
    return name == name_level::missing && birth != birth_level::different;
}

bool exact_pair_confirmed(const AgreementPattern& pattern) {
    return exact_pair_confirmed(level_of(pattern, LinkField::name), level_of(pattern, LinkField::birth));
}

LinkMethod exact_method(const LinkRecord& a, const LinkRecord& b) {
    if (a.id_status == IdStatus::upgraded || b.id_status == IdStatus::upgraded) return LinkMethod::id_upgraded;
    if (!a.id_as_written || !b.id_as_written) return LinkMethod::id_normalised;
    return LinkMethod::id_exact;
}

// Calls visit(first, last) for each run [first, last) of adjacent items that `same` finds equal.
template <class Items, class Same, class Visit>
void for_each_run(const Items& items, Same same, Visit visit) {
    for (size_t first = 0; first < items.size();) {
        size_t last = first + 1;
        while (last < items.size() && same(items[first], items[last])) ++last;
        visit(first, last);
        first = last;
    }
}

// Counts of a stream's phones in fixed memory (a count-min sketch: two rows of 16-bit counters,
// the smaller estimate wins), because the streamed side is not held. Estimates never fall below
// the truth, so every shared phone is found; at 2M records a chance over-count above the limit
// is vanishingly rare.
class PhoneSketch {
public:
    // Adds the phone; true the first time its estimate passes the limit.
    bool add_crosses_limit(uint64_t phone) {
        const uint64_t key = scramble_key(phone);
        uint16_t& a = rows_[0][key & kMask];
        uint16_t& b = rows_[1][(key >> 32) & kMask];
        const uint16_t before = std::min(a, b);
        if (a < UINT16_MAX) ++a;
        if (b < UINT16_MAX) ++b;
        return before == kSharedPhoneLimit;
    }

private:
    static constexpr uint64_t kMask = (uint64_t{1} << 20) - 1;
    std::array<std::vector<uint16_t>, 2> rows_{std::vector<uint16_t>(kMask + 1), std::vector<uint16_t>(kMask + 1)};
};

// IDs seen on the streamed side, in fixed memory (a Bloom filter, 2^26 bits, 3 probes): an ID
// seen before is a possible duplicate, confirmed or dismissed exactly on the next pass. At 2M IDs
// about one in ten thousand is a false alarm, which costs only a few bytes.
class SeenIds {
public:
    // Marks the ID seen; true when it may have been seen before.
    bool insert(uint64_t id) {
        const uint64_t key = scramble_key(id);
        bool all_set = true;
        for (int probe = 0; probe < 3; ++probe) {
            const uint64_t bit = (key >> (probe * 21)) & kMask;
            uint64_t& word = bits_[bit / 64];
            const uint64_t mask = uint64_t{1} << (bit % 64);
            all_set = all_set && (word & mask) != 0;
            word |= mask;
        }
        return all_set;
    }

private:
    static constexpr uint64_t kMask = (uint64_t{1} << 26) - 1;
    std::vector<uint64_t> bits_ = std::vector<uint64_t>((kMask + 1) / 64);
};

struct ScoredPair {
    uint32_t held = 0;
    uint32_t streamed = 0;  // index in the streamed side
    uint32_t slot = 0;      // position of `streamed` among the streamed records with pairs
    AgreementPattern pattern{};
    float weight = 0;
    bool exact_id = false;  // the IDs are equal (compare_id == equal)
    bool linkable = false;  // the decision rules allow an automatic link
    LinkMethod exact_method = LinkMethod::none;  // for equal IDs: as written, normalised, upgraded
};

// What one thread finds in its share of a batch of streamed records.
struct BatchFindings {
    std::vector<ScoredPair> exact, pool, accepted;
    std::vector<std::pair<uint64_t, uint32_t>> duplicate_ids;  // (ID, streamed index)
    std::vector<uint32_t> candidates;                          // scratch
    BlockingCounts blocking;
    long exact_pairs = 0, exact_for_review = 0, candidate_pairs = 0;
};

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

// Assignment state of one side: decided (a left record has its answer), linked (a left record is
// linked), taken (a right record is linked).
struct SideState {
    std::vector<uint8_t> decided, linked, taken;
    explicit SideState(size_t size = 0) : decided(size), linked(size), taken(size) {}
};

// Runs a link with the held side in memory and the other side read in two passes:
//  1. survey: name and phone counts, a sample for the model, possible duplicate IDs, and the held
//     records an equal ID settles (they take no part in blocking);
//  2. score: exact pairs and blocked candidates compared and weighed with the model estimated on
//     the sample; only pairs that can be decided on are kept.
// Then a greedy one-to-one assignment over the kept pairs. See docs/linkage.md.
class Linker {
public:
    // `one_per_left`: room is made for a decision per left record (link_records fills it out).
    Linker(std::span<const LinkRecord> held, HeldSide held_side, LinkRecordStream& streamed, const LinkOptions& options,
           bool one_per_left)
        : held_(held), held_is_left_(held_side == HeldSide::left), streamed_(streamed), options_(options),
          one_per_left_(one_per_left), held_open_(held.size(), true) {}

    LinkResult run() {
        index_held();
        read_clerk_decisions();
        survey();
        candidates_ = CandidateIndex(held_, held_open_, {options_.max_block});
        fit_model();
        score_stream();
        release_indexes();
        assign();
        report();
        return std::move(result_);
    }

private:
    void count(const std::string& label, long value) { result_.stats.counts.emplace_back(label, value); }

    uint32_t left_index(const ScoredPair& pair) const { return held_is_left_ ? pair.held : pair.streamed; }
    uint32_t right_index(const ScoredPair& pair) const { return held_is_left_ ? pair.streamed : pair.held; }
    // Positions in the SideStates: the held index, or the streamed record's slot.
    uint32_t left_position(const ScoredPair& pair) const { return held_is_left_ ? pair.held : pair.slot; }
    uint32_t right_position(const ScoredPair& pair) const { return held_is_left_ ? pair.slot : pair.held; }
    uint64_t row_pair(const LinkRecord& held, const LinkRecord& streamed) const {
        return held_is_left_ ? pair_key(held.row, streamed.row) : pair_key(streamed.row, held.row);
    }
    // The pair's order among equal weights: by left then right index, so runs repeat.
    uint64_t order_key(const ScoredPair& pair) const { return pair_key(left_index(pair), right_index(pair)); }

    // ---- the held side ---------------------------------------------------------------------
    void index_held() {
        run_in_parallel(
            [&] {
                held_ids_ = KeyIndex([&](const auto& emit) {
                    for (uint32_t h = 0; h < held_.size(); ++h)
                        if (const uint64_t id = held_[h].usable_id()) emit(id, h);
                });
            },
            [&] {
                for (const LinkRecord& record : held_)
                    if (record.name_hash != 0) name_counts_.add(record.name_hash);
                find_shared_held_phones();
            });
        find_held_duplicates();
    }

    // Phones on more than kSharedPhoneLimit held records, found by sorting a copy of the phones
    // (a third of the memory a counting table would take).
    void find_shared_held_phones() {
        std::vector<uint64_t> phones;
        phones.reserve(held_.size());
        for (const LinkRecord& record : held_)
            if (record.phone != 0) phones.push_back(record.phone);
        std::sort(phones.begin(), phones.end());
        for_each_run(phones, std::equal_to<>(), [&](size_t first, size_t last) {
            if (last - first > kSharedPhoneLimit) placeholder_phones_.insert(phones[first]);
        });
    }

    // IDs on more than one record of a side, for the 重复学籍 / registry-conflict report.
    void find_held_duplicates() {
        const auto entries = held_ids_.entries();
        const auto same_id = [](const KeyedRecord& a, const KeyedRecord& b) { return a.key == b.key; };
        for_each_run(entries, same_id, [&](size_t first, size_t last) {
            if (last - first < 2) return;
            DuplicateId duplicate{held_is_left_, unpack_id(held_[entries[first].record].usable_id()), {}};
            for (size_t i = first; i < last; ++i) duplicate.records.push_back(entries[i].record);
            result_.duplicates.push_back(std::move(duplicate));
        });
    }

    // Clerks answer by rows; the held side is looked up now, the streamed side by row as it passes.
    void read_clerk_decisions() {
        if (options_.clerk_decisions.empty()) return;
        std::unordered_map<uint32_t, uint32_t> held_by_row;
        for (uint32_t h = 0; h < held_.size(); ++h) held_by_row.emplace(held_[h].row, h);
        for (const ClerkDecision& decision : options_.clerk_decisions) {
            const uint32_t held_row = held_is_left_ ? decision.left_row : decision.right_row;
            const uint32_t streamed_row = held_is_left_ ? decision.right_row : decision.left_row;
            const auto h = held_by_row.find(held_row);
            if (h == held_by_row.end()) continue;
            if (decision.accept) {
                accepted_.emplace(streamed_row, h->second);
            } else {
                rejected_.insert(held_is_left_ ? pair_key(held_row, streamed_row) : pair_key(streamed_row, held_row));
            }
        }
    }

    bool rejected(const LinkRecord& held, const LinkRecord& streamed) const {
        return !rejected_.empty() && rejected_.contains(row_pair(held, streamed));
    }

    // ---- pass 1: survey --------------------------------------------------------------------
    void survey() {
        std::mt19937_64 generator(20180901);
        SeenIds seen;
        PhoneSketch phones;
        // Two threads over each batch, each with its own tables, so the result is the same as one.
        streamed_.read([&](uint32_t first, std::span<const LinkRecord> records) {
            run_in_parallel(
                [&] {
                    for (uint32_t i = 0; i < records.size(); ++i) {
                        const LinkRecord& record = records[i];
                        if (record.phone != 0 && phones.add_crosses_limit(record.phone)) placeholder_phones_.insert(record.phone);
                        if (const uint64_t id = record.usable_id(); id != 0 && seen.insert(id)) maybe_duplicate_.insert(id);
                        sample(record, first + i, generator);
                    }
                },
                [&] {
                    for (uint32_t i = 0; i < records.size(); ++i) {
                        prefetch_lookups(records, i);
                        const LinkRecord& record = records[i];
                        // Name frequencies count only names the held side has: no other can be "equal".
                        if (record.name_hash != 0 && name_counts_.count(record.name_hash) != 0) name_counts_.add(record.name_hash);
                        close_held_by_exact_id(record);
                    }
                });
            streamed_size_ = first + static_cast<uint32_t>(records.size());
        });
        population_ = std::max(kLeastNamePopulation, static_cast<double>(held_.size() + streamed_size_));
        count("sample records", static_cast<long>(sample_.size()));
    }

    // The look-ups of the records ahead of record i, started early so that their cache misses
    // overlap instead of following one another: the ID's bitmap and offset 16 records ahead, its
    // bucket and the name's count 8 (an equal name's count weighs an equal-ID pair), the held
    // records of that ID 4.
    void prefetch_lookups(std::span<const LinkRecord> records, uint32_t i) const {
        if (i + 16 < records.size())
            if (const uint64_t id = records[i + 16].usable_id()) held_ids_.prefetch(id);
        if (i + 8 < records.size()) {
            if (const uint64_t id = records[i + 8].usable_id()) held_ids_.prefetch_bucket(id);
            if (records[i + 8].name_hash != 0) name_counts_.prefetch(records[i + 8].name_hash);
        }
        if (i + 4 < records.size())
            if (const uint64_t id = records[i + 4].usable_id())
                for (const KeyedRecord& entry : held_ids_.find(id)) prefetch_held(entry.record);
    }

    void prefetch_held(uint32_t h) const { __builtin_prefetch(&held_[h]); }

    // A held record an equal ID confirms is settled: it takes no part in blocking.
    void close_held_by_exact_id(const LinkRecord& record) {
        const uint64_t id = record.usable_id();
        if (id == 0) return;
        for (const KeyedRecord& entry : held_ids_.find(id)) {
            const LinkRecord& held = held_[entry.record];
            if (!rejected(held, record) && exact_pair_confirmed(compare_name(held, record), compare_birth(held, record)))
                held_open_[entry.record] = false;
        }
    }

    // Reservoir sampling: every streamed record is equally likely to be in the sample.
    void sample(const LinkRecord& record, uint32_t index, std::mt19937_64& generator) {
        if (options_.model != nullptr) return;
        if (sample_.size() < kSampleRecords) {
            sample_.push_back(record);
            sample_index_.push_back(index);
            return;
        }
        const uint64_t slot = std::uniform_int_distribution<uint64_t>(0, index)(generator);
        if (slot < kSampleRecords) {
            sample_[slot] = record;
            sample_index_[slot] = index;
        }
    }

    // ---- comparing -------------------------------------------------------------------------
    ScoredPair compare(uint32_t h, const LinkRecord& streamed, uint32_t s) const {
        ScoredPair pair{h, s, 0, compare_records(held_[h], streamed, placeholder_phones_)};
        pair.exact_id = level_of(pair.pattern, LinkField::id) == id_level::equal;
        if (pair.exact_id) pair.exact_method = exact_method(held_[h], streamed);
        return pair;
    }

    // Every pair of one streamed record: with the held records of its ID, and, unless one of
    // those confirms it, with its blocked candidates. `keep` gets each pair and whether it is a
    // confirmed exact pair.
    template <class Keep>
    void pairs_of(const LinkRecord& record, uint32_t s, BatchFindings& out, Keep&& keep) const {
        bool confirmed = false;
        if (const uint64_t id = record.usable_id()) {
            for (const KeyedRecord& entry : held_ids_.find(id)) {
                if (rejected(held_[entry.record], record)) continue;
                const ScoredPair pair = compare(entry.record, record, s);
                const bool exact = exact_pair_confirmed(pair.pattern);
                confirmed = confirmed || exact;
                keep(pair, exact);
            }
        }
        if (confirmed) return;
        candidates_.candidates(record, out.candidates, out.blocking);
        for (const uint32_t h : out.candidates) prefetch_held(h);  // their misses overlap
        for (const uint32_t h : out.candidates) {
            if (rejected(held_[h], record)) continue;
            const ScoredPair pair = compare(h, record, s);
            if (pair.exact_id) continue;  // met above
            ++out.candidate_pairs;
            keep(pair, false);
        }
    }

    // ---- the model -------------------------------------------------------------------------
    // m by EM over the sample's pairs; u from random pairs, because the candidate set is chosen
    // for agreement and its non-matches agree far more often than people at large.
    void fit_model() {
        if (options_.model != nullptr) {
            model_ = *options_.model;
        } else {
            std::vector<double> counts(pattern_space());  // a few ten thousand: cheaper than a map
            double exact = 0, all = 0;
            std::vector<std::vector<double>> u;
            run_in_parallel(
                [&] {
                    BatchFindings scratch;
                    for (uint32_t i = 0; i < sample_.size(); ++i) {
                        prefetch_lookups(sample_, i);
                        pairs_of(sample_[i], sample_index_[i], scratch, [&](const ScoredPair& pair, bool confirmed) {
                            counts[pattern_index(pair.pattern)] += 1;
                            exact += confirmed ? 1 : 0;
                            all += 1;
                        });
                    }
                },
                [&] { u = random_pair_u(); });
            LinkModel start = initial_model(u, all > 0 ? exact / all : 0.5);
            const std::vector<PatternCount> patterns = patterns_of(counts);
            EmOptions em{.floor = kProbabilityFloor, .m_prior = &kMatchLevelPrior, .prior_pairs = kPriorMatches};
            model_ = estimate_em(patterns, start, em);
            if (!separates_matches(model_)) {
                em.fix_u = true;
                model_ = estimate_em(patterns, start, em);
                count("em with u fixed", 1);
            }
            model_.u = u;
            ignore_unseen_fields(patterns, model_);
            count("em iterations", model_.em_iterations);
        }
        // Freed, not just emptied (assigning {} would keep the capacity).
        sample_ = std::vector<LinkRecord>();
        sample_index_ = std::vector<uint32_t>();
        result_.model = model_;
        for (int field = 0; field < kLinkFields; ++field)
            for (uint8_t level = 0; level < level_count(field); ++level)
                level_weights_[static_cast<size_t>(field)][level] = level_weight(field, level, model_.u[static_cast<size_t>(field)][level]);
    }

    // EM estimates u too: the candidates' non-matches (siblings, namesakes) agree far more than
    // random pairs. But when nearly every sampled pair is a match (a small or clean county), too
    // few non-matches are left to tell the classes apart, and EM may settle with no matches, or
    // with a "non-match" class that agrees on IDs more than the matches; then u stays at the
    // random pairs' shares while EM estimates m.
    static bool separates_matches(const LinkModel& model) {
        const auto id = static_cast<size_t>(LinkField::id);
        return model.match_prior > 1e-3 && model.m[id][id_level::equal] > model.u[id][id_level::equal];
    }

    // A field no sampled pair had on both sides (a roster without township columns) says
    // nothing about how matches agree on it: it weighs 0 at every level (m = u), also when the
    // model is used again for a side file that has the field.
    static void ignore_unseen_fields(std::span<const PatternCount> patterns, LinkModel& model) {
        for (int field = 0; field < kLinkFields; ++field) {
            const auto f = static_cast<size_t>(field);
            const bool seen = std::any_of(patterns.begin(), patterns.end(),
                                          [&](const PatternCount& entry) { return !is_missing_level(field, entry.pattern[f]); });
            if (!seen) model.m[f] = model.u[f];
        }
    }

    static std::vector<PatternCount> patterns_of(const std::vector<double>& counts) {
        std::vector<PatternCount> patterns;
        for (uint32_t index = 0; index < counts.size(); ++index)
            if (counts[index] != 0) patterns.push_back({pattern_from_index(index), counts[index]});
        return patterns;
    }

    // u: level shares among random pairs, seeded so runs repeat; every pair when there are no
    // more than kRandomPairs. Pairs that share an ID are left out: in a large county a random
    // pair is virtually never a match, but in a small file (20 children, 15 pupils) one pair in
    // 20 is, and the matches would make agreeing on birth date, guardian or phone look common.
    std::vector<std::vector<double>> random_pair_u() {
        std::vector<double> counts(pattern_space());
        const std::vector<std::pair<size_t, size_t>> drawn = random_pairs();
        size_t pairs = 0;
        constexpr size_t kAhead = 8;
        for (size_t i = 0; i < drawn.size(); ++i) {
            if (i + kAhead < drawn.size()) {
                __builtin_prefetch(&sample_[drawn[i + kAhead].first]);
                prefetch_held(static_cast<uint32_t>(drawn[i + kAhead].second));
            }
            const auto [s, h] = drawn[i];
            if (sample_[s].usable_id() != 0 && sample_[s].usable_id() == held_[h].usable_id()) continue;
            counts[pattern_index(compare_records(held_[h], sample_[s], placeholder_phones_))] += 1;
            ++pairs;
        }
        count("random pairs for u", static_cast<long>(pairs));
        const double floor = 0.5 / static_cast<double>(std::max<size_t>(pairs, 1));
        return level_shares(patterns_of(counts), std::min(floor, 1e-3), &kNonMatchLevelPrior, kPriorNonMatches);
    }

    // (sample, held) positions: drawn at random, or all of them when they are few.
    std::vector<std::pair<size_t, size_t>> random_pairs() const {
        std::vector<std::pair<size_t, size_t>> pairs;
        if (sample_.empty() || held_.empty()) return pairs;
        if (sample_.size() * held_.size() <= kRandomPairs) {
            for (size_t s = 0; s < sample_.size(); ++s)
                for (size_t h = 0; h < held_.size(); ++h) pairs.emplace_back(s, h);
            return pairs;
        }
        std::mt19937_64 generator(20180901);
        std::uniform_int_distribution<size_t> pick_sample(0, sample_.size() - 1), pick_held(0, held_.size() - 1);
        pairs.resize(kRandomPairs);
        for (auto& [s, h] : pairs) {
            s = pick_sample(generator);
            h = pick_held(generator);
        }
        return pairs;
    }

    // Starting point for EM: agreement likely among matches, u from random pairs.
    static LinkModel initial_model(const std::vector<std::vector<double>>& u, double exact_share) {
        LinkModel model;
        model.u = u;
        for (int field = 0; field < kLinkFields; ++field) {
            const auto levels = static_cast<size_t>(level_count(field));
            std::vector<double> m(levels, 0.1 / static_cast<double>(levels - 1));
            m[0] = 0.9;
            model.m.push_back(std::move(m));
        }
        model.match_prior = std::clamp(exact_share, 0.05, 0.95);
        return model;
    }

    float level_weight(int field, uint8_t level, double u) const {
        if (is_missing_level(field, level)) return 0;
        return static_cast<float>(std::log2(model_.m[static_cast<size_t>(field)][level] / u));
    }

    // Term frequency: two records called 王伟 agree by chance far more often than two records
    // with a rare name; u for "equal" is the name's share of all records.
    float total_weight(const ScoredPair& pair) const {
        float total = 0;
        for (int field = 0; field < kLinkFields; ++field) {
            const uint8_t level = pair.pattern[static_cast<size_t>(field)];
            if (field == static_cast<int>(LinkField::name) && level == name_level::equal) {
                const uint32_t count = name_counts_.count(held_[pair.held].name_hash);
                const double n = count == 0 ? 1.0 : static_cast<double>(count);
                total += level_weight(field, level, std::max(n / population_, kProbabilityFloor));
            } else {
                total += level_weights_[static_cast<size_t>(field)][level];
            }
        }
        return total;
    }

    void weigh(ScoredPair& pair) const {
        pair.weight = total_weight(pair);
        pair.linkable = !pair.exact_id && names_agree(pair.pattern);
    }

    // ---- pass 2: score ---------------------------------------------------------------------
    // Below this no pair can be linked, reviewed, or be a close rival of a link (see ambiguous).
    double lowest_kept_weight() const {
        return std::min(options_.review_threshold, options_.link_threshold - options_.ambiguity_margin);
    }

    void score_records(std::span<const LinkRecord> records, uint32_t first, BatchFindings& out) const {
        const double lowest = lowest_kept_weight();
        for (uint32_t i = 0; i < records.size(); ++i) {
            prefetch_lookups(records, i);
            const LinkRecord& record = records[i];
            const uint32_t s = first + i;
            pairs_of(record, s, out, [&](ScoredPair pair, bool confirmed) {
                if (!confirmed && clearly_another_person(pair.pattern)) return;
                weigh(pair);
                if (confirmed) {
                    ++out.exact_pairs;
                    out.exact.push_back(pair);
                } else {
                    out.exact_for_review += pair.exact_id ? 1 : 0;
                    if (pair.weight >= lowest) out.pool.push_back(pair);
                }
            });
            for (auto [it, end] = accepted_.equal_range(record.row); it != end; ++it) {
                ScoredPair pair = compare(it->second, record, s);
                weigh(pair);
                out.accepted.push_back(pair);
            }
            if (const uint64_t id = record.usable_id(); id != 0 && maybe_duplicate_.contains(id))
                out.duplicate_ids.emplace_back(id, s);
        }
    }

    // Each batch in two halves on two threads, appended in order.
    void score_stream() {
        BatchFindings all, low, high;
        // Confirmed equal-ID pairs name a held record with a usable ID, nearly always once each.
        all.exact.reserve(held_ids_.entries().size());
        streamed_.read([&](uint32_t first, std::span<const LinkRecord> records) {
            const size_t half = records.size() / 2;
            run_in_parallel([&] { score_records(records.subspan(half), first + static_cast<uint32_t>(half), high); },
                            [&] { score_records(records.first(half), first, low); });
            for (BatchFindings* part : {&low, &high}) {
                append(all.exact, part->exact);
                append(all.pool, part->pool);
                append(all.accepted, part->accepted);
                append(all.duplicate_ids, part->duplicate_ids);
            }
        });
        for (const BatchFindings* part : {&low, &high}) {
            all.blocking += part->blocking;
            all.exact_pairs += part->exact_pairs;
            all.exact_for_review += part->exact_for_review;
            all.candidate_pairs += part->candidate_pairs;
        }
        exact_ = std::move(all.exact);
        pool_ = std::move(all.pool);
        accepted_pairs_ = std::move(all.accepted);
        find_streamed_duplicates(all.duplicate_ids);
        count_pairs(all);
    }

    template <class T>
    static void append(std::vector<T>& to, std::vector<T>& from) {
        to.insert(to.end(), from.begin(), from.end());
        from.clear();
    }

    void find_streamed_duplicates(std::vector<std::pair<uint64_t, uint32_t>>& ids) {
        std::sort(ids.begin(), ids.end());
        const auto same_id = [](const auto& a, const auto& b) { return a.first == b.first; };
        for_each_run(ids, same_id, [&](size_t first, size_t last) {
            if (last - first < 2) return;
            DuplicateId duplicate{!held_is_left_, unpack_id(ids[first].first), {}};
            for (size_t i = first; i < last; ++i) duplicate.records.push_back(ids[i].second);
            result_.duplicates.push_back(std::move(duplicate));
        });
        // Left side first, then by ID, whichever side was held.
        std::sort(result_.duplicates.begin(), result_.duplicates.end(), [](const DuplicateId& a, const DuplicateId& b) {
            if (a.left_side != b.left_side) return a.left_side;
            return a.id < b.id;
        });
        count("duplicate ids", static_cast<long>(result_.duplicates.size()));
    }

    void count_pairs(const BatchFindings& all) {
        count("exact id pairs", all.exact_pairs);
        count("exact id pairs held for review", all.exact_for_review);
        const auto names = blocking_key_names();
        for (size_t k = 0; k < kBlockingKeyCount; ++k) {
            count("candidates " + std::string(names[k]), all.blocking.found[k]);
            if (all.blocking.skipped[k] != 0) count("oversized blocks " + std::string(names[k]), all.blocking.skipped[k]);
        }
        count("candidate pairs", all.candidate_pairs);
        count("pairs kept for assignment", static_cast<long>(exact_.size() + pool_.size() + accepted_pairs_.size()));
    }

    // The look-up tables serve the passes only; the assignment works on the kept pairs alone.
    void release_indexes() {
        candidates_ = CandidateIndex();
        held_ids_ = KeyIndex();
        name_counts_ = KeyCounter();
        held_open_ = std::vector<bool>();
    }

    // ---- assignment ------------------------------------------------------------------------
    void assign() {
        number_streamed_slots();
        // Best first; ties by rows. A total order, so the result does not depend on input order.
        const auto best_first = [&](const ScoredPair& a, const ScoredPair& b) {
            if (a.weight != b.weight) return a.weight > b.weight;
            return order_key(a) < order_key(b);
        };
        std::vector<ScoredPair> contested = take_contested_exact_pairs();
        run_in_parallel([&] { std::sort(contested.begin(), contested.end(), best_first); },
                        [&] { std::sort(pool_.begin(), pool_.end(), best_first); });
        const size_t left_size = held_is_left_ ? held_.size() : slots_;
        const size_t right_size = held_is_left_ ? slots_ : held_.size();
        left_ = SideState(left_size);
        right_ = SideState(right_size);
        const size_t all_left = held_is_left_ ? held_.size() : streamed_size_;
        const size_t pairs = exact_.size() + contested.size() + pool_.size() + accepted_pairs_.size();
        result_.decisions.reserve(one_per_left_ ? all_left : std::min(left_size, pairs));
        for (const ScoredPair& pair : accepted_pairs_)
            if (free(pair)) decide(pair, LinkMethod::clerk_accepted);
        // Confirmed equal IDs: those alone in claiming both their records in any order, the
        // others best first, so that of two roster rows with one ID the better one links.
        for (const std::vector<ScoredPair>* confirmed : {&exact_, &contested})
            for (const ScoredPair& pair : *confirmed)
                if (free(pair)) decide(pair, pair.exact_method);
        assign_pool(left_size, right_size);
        // The exact pairs come first and, with the left side streamed, already in order.
        sort_mostly_sorted(result_.decisions, [](const LinkDecision& a, const LinkDecision& b) { return a.left < b.left; });
    }


    // Moves out of exact_ (which keeps its order) the confirmed pairs that share a record with
    // another: only their order matters, and they are few (duplicate IDs), so only they are sorted.
    std::vector<ScoredPair> take_contested_exact_pairs() {
        std::vector<uint8_t> held_uses(held_.size()), slot_uses(slots_);
        for (const ScoredPair& pair : exact_) {
            held_uses[pair.held] = static_cast<uint8_t>(std::min(held_uses[pair.held] + 1, 2));
            slot_uses[pair.slot] = static_cast<uint8_t>(std::min(slot_uses[pair.slot] + 1, 2));
        }
        std::vector<ScoredPair> contested;
        auto kept = exact_.begin();
        for (const ScoredPair& pair : exact_) {
            if (held_uses[pair.held] > 1 || slot_uses[pair.slot] > 1) {
                contested.push_back(pair);
            } else {
                *kept++ = pair;
            }
        }
        exact_.erase(kept, exact_.end());
        return contested;
    }

    // Streamed records are known by index; the assignment state needs small dense positions.
    // The pair lists arrive in stream order (they are sorted by weight only afterwards), so the
    // distinct streamed indices come from a merge and each pair finds its slot walking forward.
    void number_streamed_slots() {
        const auto by_stream = [](const ScoredPair& a, const ScoredPair& b) { return a.streamed < b.streamed; };
        std::vector<uint32_t> indices;
        for (auto* pairs : {&exact_, &pool_, &accepted_pairs_}) {
            if (!std::is_sorted(pairs->begin(), pairs->end(), by_stream)) std::sort(pairs->begin(), pairs->end(), by_stream);
            const auto middle = static_cast<std::ptrdiff_t>(indices.size());
            for (const ScoredPair& pair : *pairs) indices.push_back(pair.streamed);
            std::inplace_merge(indices.begin(), indices.begin() + middle, indices.end());
        }
        indices.erase(std::unique(indices.begin(), indices.end()), indices.end());
        for (auto* pairs : {&exact_, &pool_, &accepted_pairs_}) {
            size_t slot = 0;
            for (ScoredPair& pair : *pairs) {
                while (indices[slot] < pair.streamed) ++slot;
                pair.slot = static_cast<uint32_t>(slot);
            }
        }
        slots_ = indices.size();
    }

    bool free(const ScoredPair& pair) const {
        return !left_.decided[left_position(pair)] && !right_.taken[right_position(pair)];
    }

    void decide(const ScoredPair& pair, LinkMethod method) {
        result_.decisions.push_back({left_index(pair), right_index(pair), pair.pattern, pair.weight, method});
        left_.decided[left_position(pair)] = 1;
        if (is_link(method)) {
            left_.linked[left_position(pair)] = 1;
            right_.taken[right_position(pair)] = 1;
            ++right_linked_;
        }
    }

    // Another candidate of either record that is free and nearly as good makes the pair a
    // clerk's call. Records sent to review still compete: they are not linked. A held record of
    // the same person as the best pair's is no rival (see same_person_held).
    bool ambiguous(const ScoredPair& best) const {
        const double bar = best.weight - options_.ambiguity_margin;
        for (const uint32_t i : by_left_.of(left_position(best))) {
            const ScoredPair& other = pool_[i];
            if (other.weight < bar) break;
            if (right_position(other) == right_position(best) || right_.taken[right_position(other)]) continue;
            if (held_is_left_ || !same_person_held(best.held, other.held)) return true;
        }
        for (const uint32_t i : by_right_.of(right_position(best))) {
            const ScoredPair& other = pool_[i];
            if (other.weight < bar) break;
            if (left_position(other) == left_position(best) || left_.linked[left_position(other)]) continue;
            if (!held_is_left_ || !same_person_held(best.held, other.held)) return true;
        }
        return false;
    }

    // Two held records of one person: a pupil listed twice (a roster exported or given twice, a
    // child enrolled at two schools). Either is the child's, and a clerk has nothing to decide.
    // Names and birth dates agree, and the IDs do not say two people (twins differ in both).
    bool same_person_held(uint32_t a, uint32_t b) const {
        const AgreementPattern pattern = compare_records(held_[a], held_[b], placeholder_phones_);
        const uint8_t id = level_of(pattern, LinkField::id);
        return id != id_level::different && id != id_level::sibling && names_agree(pattern) &&
               level_of(pattern, LinkField::birth) == birth_level::equal &&
               level_of(pattern, LinkField::sex) != simple_level::different;
    }

    // Greedy one-to-one assignment by descending weight: link when the rules allow, the weight
    // clears the link threshold and no rival is close; otherwise review if above the review
    // threshold.
    void assign_pool(size_t left_size, size_t right_size) {
        by_left_ = index_pool(pool_, left_size, [&](const ScoredPair& pair) { return left_position(pair); });
        by_right_ = index_pool(pool_, right_size, [&](const ScoredPair& pair) { return right_position(pair); });
        for (const ScoredPair& pair : pool_) {
            if (pair.weight < options_.review_threshold) break;
            if (!free(pair)) continue;
            const bool link = pair.linkable && pair.weight >= options_.link_threshold && !ambiguous(pair);
            if (!link) {
                decide(pair, LinkMethod::review);
                continue;
            }
            const bool near = level_of(pair.pattern, LinkField::id) == id_level::one_edit;
            decide(pair, near ? LinkMethod::id_near : LinkMethod::probabilistic);
        }
    }

    void report() {
        const size_t left_size = held_is_left_ ? held_.size() : streamed_size_;
        const size_t right_size = held_is_left_ ? streamed_size_ : held_.size();
        std::array<long, 8> by_method{};
        for (const LinkDecision& decision : result_.decisions) ++by_method[static_cast<size_t>(decision.method)];
        by_method[static_cast<size_t>(LinkMethod::none)] += static_cast<long>(left_size - result_.decisions.size());
        for (const LinkMethod method : {LinkMethod::id_exact, LinkMethod::id_normalised, LinkMethod::id_upgraded,
                                        LinkMethod::id_near, LinkMethod::probabilistic, LinkMethod::clerk_accepted,
                                        LinkMethod::review, LinkMethod::none})
            count(std::string("left ") + std::string(to_string(method)), by_method[static_cast<size_t>(method)]);
        count("right unmatched", static_cast<long>(right_size - right_linked_));
    }

    std::span<const LinkRecord> held_;
    bool held_is_left_;
    LinkRecordStream& streamed_;
    const LinkOptions& options_;
    bool one_per_left_;
    uint32_t streamed_size_ = 0;
    KeyIndex held_ids_;
    std::vector<bool> held_open_;
    CandidateIndex candidates_;
    KeyCounter name_counts_;
    PhoneSet placeholder_phones_;
    std::unordered_set<uint64_t> maybe_duplicate_;
    double population_ = 1;
    std::vector<LinkRecord> sample_;
    std::vector<uint32_t> sample_index_;
    std::unordered_multimap<uint32_t, uint32_t> accepted_;  // streamed row -> held index
    std::unordered_set<uint64_t> rejected_;                 // pair_key(left row, right row)
    std::vector<ScoredPair> exact_, pool_, accepted_pairs_;
    size_t slots_ = 0;
    SideState left_, right_;
    PoolIndex by_left_, by_right_;
    size_t right_linked_ = 0;
    LinkModel model_;
    // log2(m / u) per field and level (name-equal is adjusted per name in total_weight).
    std::array<std::array<float, kMostLevels>, kLinkFields> level_weights_{};
    LinkResult result_;
};

}  // namespace

void RecordSpanStream::read(const LinkBatchVisitor& visit) {
    for (size_t first = 0; first < records_.size(); first += kLinkBatchRecords)
        visit(static_cast<uint32_t>(first), records_.subspan(first, std::min<size_t>(kLinkBatchRecords, records_.size() - first)));
}

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

bool is_equal_id_link(LinkMethod method) {
    return method == LinkMethod::id_exact || method == LinkMethod::id_normalised || method == LinkMethod::id_upgraded;
}

std::span<const std::string_view> link_field_names() { return kFieldNames; }

std::array<float, kLinkFieldCount> explain_weight(const LinkModel& model, const LinkDecision& decision) {
    std::array<float, kLinkFieldCount> weights{};
    if (!decision.has_candidate()) return weights;
    float others = 0;
    for (int field = 0; field < kLinkFields; ++field) {
        const uint8_t level = decision.pattern[static_cast<size_t>(field)];
        if (field == static_cast<int>(LinkField::name) || is_missing_level(field, level)) continue;
        const auto f = static_cast<size_t>(field);
        weights[f] = static_cast<float>(std::log2(model.m[f][level] / model.u[f][level]));
        others += weights[f];
    }
    weights[static_cast<size_t>(LinkField::name)] = decision.weight - others;
    return weights;
}

LinkResult link_streamed(std::span<const LinkRecord> held, HeldSide held_side, LinkRecordStream& streamed,
                         const LinkOptions& options) {
    return Linker(held, held_side, streamed, options, false).run();
}

LinkResult link_records(std::span<const LinkRecord> left, std::span<const LinkRecord> right, const LinkOptions& options) {
    const bool hold_left = left.size() < right.size();
    RecordSpanStream stream(hold_left ? right : left);
    LinkResult result = Linker(hold_left ? left : right, hold_left ? HeldSide::left : HeldSide::right, stream, options, true).run();
    // Sparse to one decision per left record, in place: decisions are ascending by left, so
    // moving them from the back never overwrites one not yet moved.
    std::vector<LinkDecision>& decisions = result.decisions;
    size_t sparse = decisions.size();
    decisions.resize(left.size());
    for (size_t l = left.size(); l-- > 0;) {
        if (sparse > 0 && decisions[sparse - 1].left == l) {
            decisions[l] = decisions[--sparse];
        } else {
            decisions[l] = LinkDecision{.left = static_cast<uint32_t>(l)};
        }
    }
    return result;
}

LinkResult link_records(const std::vector<Person>& left, const std::vector<Person>& right, const LinkOptions& options) {
    std::vector<LinkRecord> left_records, right_records;
    left_records.reserve(left.size());
    for (const Person& person : left) left_records.push_back(make_link_record(person));
    right_records.reserve(right.size());
    for (const Person& person : right) right_records.push_back(make_link_record(person));
    return link_records(left_records, right_records, options);
}

}  // namespace bx
