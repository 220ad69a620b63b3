#pragma once
// What bx-flag found, held between the job that finds it (lib/flag.cpp: read, link, decide)
// and the writers of its outputs (lib/flag_output.cpp). Internal to those two files.
#include <algorithm>
#include <cstdint>
#include <deque>
#include <functional>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "child_status.h"
#include "link_compare.h"
#include "linkage.h"
#include "mostly_sorted.h"
#include "record_fetch.h"
#include "school_status.h"

namespace bx::flagging {

struct RegistryFile {
    std::string path;  // re-readable (stdin spooled)
    std::string name;  // as given, for messages
    std::vector<size_t> to_union;  // column -> position in the union header
    std::optional<size_t> township, village, household, head, guardian, phone, address, name_column, status;
    size_t width = 0;                // columns in its header
    RecordCheckpoints checkpoints;   // to read its rows back by number (UTF-8 files)
};

// Each distinct text once: townships, villages, schools, grades and statuses repeat on
// millions of rows, mostly the same text as the row before (exports are sorted by place or
// school), so the last text is checked first and a look-up builds no string.
class TextPool {
public:
    uint32_t intern(std::string_view text) {
        if (!texts_.empty() && texts_[last_] == text) return last_;
        // Open addressing in a power-of-two table: no modulo and no node per text, the two costs
        // that dominated a look-up in a std::unordered_map.
        const uint64_t hash = std::hash<std::string_view>{}(text);
        size_t slot = slot_of(hash);
        for (; slots_[slot].id != kEmpty; slot = (slot + 1) & (slots_.size() - 1)) {
            const Slot& found = slots_[slot];
            if (found.hash == static_cast<uint32_t>(hash) && texts_[found.id] == text) return last_ = found.id;
        }
        last_ = static_cast<uint32_t>(texts_.size());
        texts_.emplace_back(text);
        slots_[slot] = {static_cast<uint32_t>(hash), last_};
        if (texts_.size() * 2 > slots_.size()) grow();
        return last_;
    }
    const std::string& operator[](uint32_t id) const { return texts_[id]; }

private:
    struct Slot {
        uint32_t hash = 0;
        uint32_t id = kEmpty;
    };
    static constexpr uint32_t kEmpty = UINT32_MAX;

    // The top bits of a multiplicative mix: all of the hash's bits count, whatever the size.
    size_t slot_of(uint64_t hash) const { return static_cast<size_t>((hash * 0x9E3779B97F4A7C15ull) >> shift_); }

    void grow() {
        std::vector<Slot> old = std::exchange(slots_, std::vector<Slot>(slots_.size() * 2));
        --shift_;
        for (const Slot& entry : old) {
            if (entry.id == kEmpty) continue;
            size_t slot = slot_of(std::hash<std::string_view>{}(texts_[entry.id]));
            while (slots_[slot].id != kEmpty) slot = (slot + 1) & (slots_.size() - 1);
            slots_[slot] = entry;
        }
    }

    std::vector<Slot> slots_ = std::vector<Slot>(64);
    int shift_ = 64 - 6;
    std::deque<std::string> texts_;  // by id; a deque, so that references stay valid as it grows
    uint32_t last_ = 0;
};

// The roster records of each child, in the order they were claimed, as one flat array with an
// offset per child: a vector per child cost more in headers and heap blocks than in records.
class RecordsByChild {
public:
    void add(uint32_t child, uint32_t record) { claims_.push_back({child, record}); }
    // Groups everything added so far (call again after more adds); each record once per child.
    // In place, without a second copy of the claims: it runs while the other core links.
    void group(size_t children) {
        sort_mostly_sorted(claims_, [](const auto& a, const auto& b) { return a.first < b.first; });  // mostly in child order
        size_t kept = 0;
        for (size_t begin = 0; begin < claims_.size();) {
            size_t end = begin;
            while (end < claims_.size() && claims_[end].first == claims_[begin].first) ++end;
            const size_t run = kept;
            for (size_t i = begin; i < end; ++i) {
                const bool seen = std::any_of(claims_.begin() + static_cast<std::ptrdiff_t>(run), claims_.begin() + static_cast<std::ptrdiff_t>(kept),
                                              [&](const auto& claim) { return claim.second == claims_[i].second; });
                if (!seen) claims_[kept++] = claims_[i];
            }
            begin = end;
        }
        claims_.resize(kept);
        offsets_.assign(children + 1, 0);
        records_.clear();
        records_.reserve(claims_.size());
        for (const auto& [child, record] : claims_) {
            ++offsets_[child + 1];
            records_.push_back(record);
        }
        for (size_t c = 0; c < children; ++c) offsets_[c + 1] += offsets_[c];
    }
    std::span<const uint32_t> of(size_t child) const {
        return std::span(records_).subspan(offsets_[child], offsets_[child + 1] - offsets_[child]);
    }

private:
    std::vector<std::pair<uint32_t, uint32_t>> claims_;  // (child, record)
    std::vector<uint32_t> offsets_, records_;
};

// A registry row kept for linking (children and teenagers).
struct Child {
    uint16_t file = 0;
    int16_t age = -1;  // on the cutoff day; -1 when no birth date is known
    uint32_t township = 0, village = 0;  // in the text pool
    uint32_t row = 0;                    // 1-based data row in its registry file
};

struct RosterRecord {
    RosterEvidence evidence;
    bool left_behind = false;
    // 随迁子女, or a pupil known by a passport or 港澳台 document: registered outside the county.
    bool registered_elsewhere = false;
    uint32_t school = 0, grade = 0, status = 0;  // in the text pool
};

struct PovertyRecord {
    uint32_t attribute = 0;  // 贫困户属性, in the text pool
    PovertySchooling schooling = PovertySchooling::other;
};

struct ChildResult {
    bool school_age = false;
    bool review = false;
    bool duplicate_enrolment = false;
    ChildStatus status = ChildStatus::not_enrolled;
    LinkMethod method = LinkMethod::none;
    int32_t shown_record = -1;  // roster record shown as the last school
    int32_t poverty = -1;       // poverty-file record
    float weight = 0;
    std::string_view review_reason;
};

// Everything the outputs need, filled by the job.
struct FlagFindings {
    std::vector<std::string> union_header;   // the registry files' columns, first seen first
    std::vector<RegistryFile> registry_files;
    std::vector<std::vector<int32_t>> row_to_child;  // per registry file, per data row: child or -1
    long registry_duplicates = 0;  // registry rows whose child an earlier row already stands for
    long registry_moved_away = 0;  // rows whose 人员状态 says the person left the registry (迁出, 注销)
    std::vector<uint32_t> registry_deceased;  // children whose 人员状态 says 死亡, in order
    std::vector<Child> children;
    std::vector<ChildResult> results;          // per child
    std::vector<std::string> roster_paths;     // resolved (stdin spooled)
    std::vector<RosterRecord> roster;
    std::vector<bool> roster_claimed;          // linked to some registry child
    std::vector<RosterRecord> elsewhere;       // other counties' roster records
    std::vector<int32_t> elsewhere_of_child;   // per child: its record in `elsewhere`, or -1

    const RosterRecord* elsewhere_record(size_t child) const {
        if (elsewhere_of_child.empty() || elsewhere_of_child[child] < 0) return nullptr;
        return &elsewhere[static_cast<size_t>(elsewhere_of_child[child])];
    }
    std::vector<std::string> poverty_paths;
    std::vector<PovertyRecord> poverty;
    TextPool places;   // townships and villages of the registry
    TextPool schools;  // schools, grades, statuses and poverty attributes
    // A registry without a guardian or phone column (a police export has neither) leaves the
    // flagged list without them; then each county roster record's 监护人 and 联系电话 are kept,
    // in `contacts`, for the mail merge.
    bool contacts_from_rosters = false;
    std::vector<std::pair<uint32_t, uint32_t>> roster_contacts;  // per roster record: guardian, phone
    TextPool contacts;
    // For a child with no roster record of its own: a record of a child of its household (a
    // sibling's 监护人 is its parent too), as (child, record), by child.
    std::vector<std::pair<uint32_t, uint32_t>> household_contact_records;
};

}  // namespace bx::flagging
