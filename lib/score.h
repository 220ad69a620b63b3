#pragma once
// bx-score: grades tool output against a synthetic data set's truth.csv. Two kinds of output:
// out-of-school lists (rows carrying registry_row) and registry-to-roster links (left_row,
// right_row). See docs/synth.md.
#include <cstdint>
#include <string>
#include <utility>
#include <vector>

#include "csv_reader.h"
#include "csv_writer.h"
#include "synth_truth.h"

namespace bx {

enum class RosterFileKind : uint8_t { none, roster, elsewhere };

// truth.csv held in memory, indexed by registry row (about 20 bytes per child).
class TruthTable {
public:
    struct Child {
        TruthStatus status = TruthStatus::out_of_age;
        RosterFileKind roster_file = RosterFileKind::none;
        uint8_t id_noise = 0;  // index into id_noise_kinds()
        bool present = false;  // false: the registry row is not a child (an adult) or unknown
        uint32_t roster_row = 0;
        uint32_t twin_row = 0;
        // roster.csv rows of the child (the status record, a duplicate, a 转出 left behind).
        uint32_t local_rows[2] = {0, 0};

        bool holds_local_row(uint32_t row) const { return row != 0 && (local_rows[0] == row || local_rows[1] == row); }
        bool has_local_row() const { return local_rows[0] != 0; }
    };

    // Reads truth.csv; throws DataError on a missing column or a malformed value.
    static TruthTable read(CsvReader& reader);

    // Null when `registry_row` is not a child of the truth.
    const Child* find(long registry_row) const;
    // The registry row whose child owns roster.csv (or elsewhere.csv) row `row`; 0 for none.
    uint32_t owner(RosterFileKind file, long row) const;
    const std::vector<Child>& rows() const { return rows_; }  // index = registry row
    const std::vector<std::string>& id_noise_kinds() const { return id_noise_kinds_; }

private:
    std::vector<Child> rows_;
    std::vector<uint32_t> roster_owner_;
    std::vector<uint32_t> elsewhere_owner_;
    std::vector<std::string> id_noise_kinds_;
};

// Precision, recall and F1 with 0/0 read as 1 (nothing flagged, nothing to find).
struct Accuracy {
    long true_positives = 0;
    long false_positives = 0;
    long false_negatives = 0;

    double precision() const;
    double recall() const;
    double f1() const;
};

// A breakdown: label -> count, in the order labels first appear.
using Breakdown = std::vector<std::pair<std::string, long>>;
void add_to(Breakdown& breakdown, const std::string& label, long count = 1);

struct FlagScore {
    Accuracy accuracy;
    long rows_read = 0;
    long repeated = 0;      // a registry row flagged more than once (counted once)
    long without_row = 0;   // rows with an empty registry_row (e.g. migrants on a review list)
    long truth_positives = 0;
    Breakdown false_flags;  // by true status; "not_a_child" for rows outside the truth
    Breakdown misses;       // by true status
};

// The registry_row values of a flagged list (empty values counted in `without_row`).
// Throws DataError when the column is missing or a value is not a row number.
void read_flagged_rows(CsvReader& reader, std::vector<long>& rows, long& without_row);

FlagScore score_flags(const TruthTable& truth, const std::vector<long>& flagged_rows, long without_row);

struct PredictedLink {
    long left_row = 0;   // registry row
    long right_row = 0;  // 0: left unlinked
    RosterFileKind file = RosterFileKind::roster;
};

// Reads left_row, right_row and, when present, right_file (roster / elsewhere, also as a file
// name such as data/elsewhere.csv).
std::vector<PredictedLink> read_links(CsvReader& reader);

struct PairScore {
    long links = 0;
    long correct_links = 0;
    long true_pairs = 0;   // children with a record in the files the links point into
    long found_pairs = 0;  // of which at least one link is correct
    long unlinked_rows = 0;
    Breakdown wrong_links;   // twin_swap, other_child, unregistered_record, not_a_child
    Breakdown missed_pairs;  // by the id_noise of the child's true record

    double precision() const;
    double recall() const;
    double f1() const;
};

PairScore score_pairs(const TruthTable& truth, const std::vector<PredictedLink>& links);

// metric,value rows for -o.
void write_metrics(CsvWriter& writer, const FlagScore& score);
void write_metrics(CsvWriter& writer, const PairScore& score);

// The readable tables for stderr.
std::string format_report(const FlagScore& score);
std::string format_report(const PairScore& score);

}  // namespace bx
