#pragma once
// The record linkage engine: which right-hand record (a roster row), if any, belongs to each
// left-hand record (a registered child). Exact IDs first, then blocking on several keys,
// Fellegi-Sunter weights with m/u estimated by EM, term-frequency adjustment on names,
// one-to-one assignment, and a link / review / no-link decision. See docs/linkage.md.
#include <array>
#include <cstdint>
#include <functional>
#include <span>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "link_compare.h"
#include "person.h"

namespace bx {

enum class LinkMethod : uint8_t {
    none,           // no record links
    id_exact,       // the same 18-character ID as written
    id_normalised,  // the same ID once cleaned (full-width, spaces, lower-case x, apostrophe)
    id_upgraded,    // the same ID once a 15-digit ID was turned into 18 digits
    id_near,        // IDs one substitution or adjacent transposition apart, other fields agree
    probabilistic,  // no ID agreement; the fields' combined weight is above the link threshold
    review,         // between the thresholds: a clerk decides (see --review / --decisions)
    clerk_accepted, // a clerk accepted the pair (ClerkDecision); linked whatever the weight
};
std::string_view to_string(LinkMethod method);

// The compared fields, in the order of LinkDecision::field_weights and of the explanation columns.
inline constexpr int kLinkFieldCount = 8;
static_assert(kLinkFieldCount == kLinkFields);
std::span<const std::string_view> link_field_names();  // id, name, birth, sex, guardian, phone, household, region

inline constexpr uint32_t kNoRecord = UINT32_MAX;

struct LinkDecision {
    uint32_t left = 0;          // index into the left-hand records
    uint32_t right = kNoRecord; // index into the right-hand records; for `review`, the candidate
    AgreementPattern pattern{}; // the compared fields' levels (see explain_weight)
    float weight = 0;           // total match weight (log2 likelihood ratio), 0 without a candidate
    LinkMethod method = LinkMethod::none;

    bool has_candidate() const { return right != kNoRecord; }
};

// An ID that occurs on more than one record of one side (重复学籍 on a roster, or a registry
// conflict); reported, never silently resolved.
struct DuplicateId {
    bool left_side = false;
    std::string id;
    std::vector<uint32_t> records;  // indices into that side
};

// A clerk's answer about one uncertain pair, by 1-based data rows.
struct ClerkDecision {
    uint32_t left_row = 0;
    uint32_t right_row = 0;
    bool accept = false;
};

// Estimated parameters; saved and loaded as JSON (--save-model / --model).
struct LinkModel {
    // Per field and agreement level: m = P(level | match), u = P(level | non-match).
    std::vector<std::vector<double>> m, u;
    double match_prior = 0;
    int em_iterations = 0;
};
std::string model_to_json(const LinkModel& model);
LinkModel model_from_json(std::string_view json);  // throws DataError on malformed input

// Defaults (log2 units), chosen on bx-synth data; see docs/linkage.md.
inline constexpr double kDefaultLinkThreshold = 18;
inline constexpr double kDefaultReviewThreshold = 8;

struct LinkOptions {
    double link_threshold = kDefaultLinkThreshold;
    double review_threshold = kDefaultReviewThreshold;  // below this: no link
    const LinkModel* model = nullptr;  // use these parameters instead of estimating them
    std::vector<ClerkDecision> clerk_decisions;
    // A best candidate whose runner-up (for the same left or right record) is within this many
    // bits is not linked but sent to review: two equally good roster rows are a clerk's call.
    double ambiguity_margin = 3;
    size_t max_block = 500;  // see BlockingOptions
};

struct LinkStats {
    // Candidate pairs produced by each blocking key and their union, pairs scored, etc.
    std::vector<std::pair<std::string, long>> counts;
};

struct LinkResult {
    // link_records: one per left record, in order. link_streamed: only the left records with a
    // candidate (linked, for review, or answered by a clerk), ascending by left.
    std::vector<LinkDecision> decisions;
    std::vector<DuplicateId> duplicates;
    LinkModel model;
    LinkStats stats;
};

// The per-field weights that add up to a decision's weight: the explanation columns. The name
// field's share carries the term-frequency adjustment. All 0 without a candidate.
std::array<float, kLinkFieldCount> explain_weight(const LinkModel& model, const LinkDecision& decision);

// Both sides in memory; the larger is passed to the engine as a stream (see link_streamed).
LinkResult link_records(const std::vector<Person>& left, const std::vector<Person>& right,
                        const LinkOptions& options);
// The same on compact records (make_link_record), for callers that do not keep whole Persons.
LinkResult link_records(std::span<const LinkRecord> left, std::span<const LinkRecord> right,
                        const LinkOptions& options);

// The side of a link the engine reads in passes instead of holding: each call of read() visits
// the whole side again, in consecutive batches, in the same order. A file can be re-read; the
// engine keeps of it only the pairs it decides on, so memory grows with the held side.
using LinkBatchVisitor = std::function<void(uint32_t first, std::span<const LinkRecord> records)>;
// Records a batch, for every stream: a few MB, and what the engine splits over its two threads.
inline constexpr uint32_t kLinkBatchRecords = 1 << 16;
class LinkRecordStream {
public:
    virtual ~LinkRecordStream() = default;
    virtual void read(const LinkBatchVisitor& visit) = 0;
};

// Records in memory read as a stream, in batches so that the engine can split them over threads.
class RecordSpanStream : public LinkRecordStream {
public:
    explicit RecordSpanStream(std::span<const LinkRecord> records) : records_(records) {}
    void read(const LinkBatchVisitor& visit) override;

private:
    std::span<const LinkRecord> records_;
};

enum class HeldSide : uint8_t { left, right };

// The held side (best the smaller) in memory, the other streamed and read twice (survey, score).
LinkResult link_streamed(std::span<const LinkRecord> held, HeldSide held_side, LinkRecordStream& streamed,
                         const LinkOptions& options);

// True for the methods that mean "linked" (not none, not review).
bool is_link(LinkMethod method);
// True for the links made on an equal ID (as written, normalised, upgraded): both records carry it.
bool is_equal_id_link(LinkMethod method);

}  // namespace bx
