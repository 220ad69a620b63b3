#include "score.h"

#include <algorithm>
#include <charconv>
#include <optional>
#include <unordered_set>

#include <fmt/format.h>

#include "errors.h"
#include "fields.h"
#include "text.h"

namespace bx {

namespace {

// A 1-based row number; 0 for an empty field. Anything else is bad data.
// roster, elsewhere, or a path to such a file: data/elsewhere.csv.
RosterFileKind parse_file_kind(const CsvReader& reader, std::string_view text) {
    text = trim_ascii(text);
    const auto slash = text.find_last_of("/\\");
    if (slash != std::string_view::npos) text.remove_prefix(slash + 1);
    if (text.ends_with(".csv")) text.remove_suffix(4);
    if (text.empty()) return RosterFileKind::none;
    if (text == "roster") return RosterFileKind::roster;
    if (text == "elsewhere") return RosterFileKind::elsewhere;
    reader.fail("roster_file / right_file must be roster or elsewhere");
}

void set_owner(std::vector<uint32_t>& owners, long row, uint32_t registry_row) {
    if (row == 0) return;
    if (owners.size() <= static_cast<size_t>(row)) owners.resize(static_cast<size_t>(row) + 1, 0);
    owners[static_cast<size_t>(row)] = registry_row;
}

double ratio(long numerator, long denominator) {
    return denominator == 0 ? 1.0 : static_cast<double>(numerator) / static_cast<double>(denominator);
}

double harmonic_mean(double a, double b) { return a + b == 0 ? 0.0 : 2 * a * b / (a + b); }

}  // namespace

TruthTable TruthTable::read(CsvReader& reader) {
    const size_t registry_column = require_header(reader, {truth_column::registry_row});
    const size_t status_column = require_header(reader, {truth_column::status});
    const size_t file_column = require_header(reader, {truth_column::roster_file});
    const size_t row_column = require_header(reader, {truth_column::roster_row});
    const size_t local_column = require_header(reader, {truth_column::all_roster_rows});
    const size_t twin_column = require_header(reader, {truth_column::twin_row});
    const size_t noise_column = require_header(reader, {truth_column::id_noise});
    TruthTable truth;
    truth.id_noise_kinds_.push_back("none");
    while (reader.next()) {
        const long registry_row = parse_row_number(reader, reader.field(registry_column), truth_column::registry_row);
        if (registry_row == 0) reader.fail("registry_row is empty");
        const auto status = parse_truth_status(trim_ascii(reader.field(status_column)));
        if (!status) reader.fail("unknown status");
        Child child;
        child.present = true;
        child.status = *status;
        child.roster_file = parse_file_kind(reader, reader.field(file_column));
        child.roster_row = static_cast<uint32_t>(parse_row_number(reader, reader.field(row_column), truth_column::roster_row));
        child.twin_row = static_cast<uint32_t>(parse_row_number(reader, reader.field(twin_column), truth_column::twin_row));
        std::string_view local = reader.field(local_column);
        for (size_t slot = 0; !trim_ascii(local).empty(); ++slot) {
            const auto semicolon = local.find(';');
            if (slot == 2) reader.fail("all_roster_rows holds more than two rows");
            child.local_rows[slot] = static_cast<uint32_t>(
                parse_row_number(reader, local.substr(0, semicolon), truth_column::all_roster_rows));
            local = semicolon == std::string_view::npos ? std::string_view() : local.substr(semicolon + 1);
        }
        const std::string noise(trim_ascii(reader.field(noise_column)));
        if (!noise.empty()) {
            auto& kinds = truth.id_noise_kinds_;
            const auto it = std::find(kinds.begin(), kinds.end(), noise);
            child.id_noise = static_cast<uint8_t>(it - kinds.begin());
            if (it == kinds.end()) kinds.push_back(noise);
        }
        const auto index = static_cast<size_t>(registry_row);
        if (truth.rows_.size() <= index) truth.rows_.resize(index + 1);
        if (truth.rows_[index].present) reader.fail("registry_row listed twice");
        truth.rows_[index] = child;
        const auto owner = static_cast<uint32_t>(registry_row);
        for (uint32_t row : child.local_rows) set_owner(truth.roster_owner_, row, owner);
        if (child.roster_file == RosterFileKind::elsewhere) set_owner(truth.elsewhere_owner_, child.roster_row, owner);
    }
    return truth;
}

const TruthTable::Child* TruthTable::find(long registry_row) const {
    if (registry_row < 1 || static_cast<size_t>(registry_row) >= rows_.size()) return nullptr;
    const Child& child = rows_[static_cast<size_t>(registry_row)];
    return child.present ? &child : nullptr;
}

uint32_t TruthTable::owner(RosterFileKind file, long row) const {
    const auto& owners = file == RosterFileKind::elsewhere ? elsewhere_owner_ : roster_owner_;
    return row >= 1 && static_cast<size_t>(row) < owners.size() ? owners[static_cast<size_t>(row)] : 0;
}

double Accuracy::precision() const { return ratio(true_positives, true_positives + false_positives); }
double Accuracy::recall() const { return ratio(true_positives, true_positives + false_negatives); }
double Accuracy::f1() const { return harmonic_mean(precision(), recall()); }

void add_to(Breakdown& breakdown, const std::string& label, long count) {
    for (auto& [name, value] : breakdown) {
        if (name == label) {
            value += count;
            return;
        }
    }
    breakdown.emplace_back(label, count);
}

void read_flagged_rows(CsvReader& reader, std::vector<long>& rows, long& without_row) {
    const size_t column = require_header(reader, {truth_column::registry_row});
    while (reader.next()) {
        const long row = parse_row_number(reader, reader.field(column), truth_column::registry_row);
        if (row == 0) {
            ++without_row;
        } else {
            rows.push_back(row);
        }
    }
}

FlagScore score_flags(const TruthTable& truth, const std::vector<long>& flagged_rows, long without_row) {
    FlagScore score;
    score.rows_read = static_cast<long>(flagged_rows.size()) + without_row;
    score.without_row = without_row;
    std::vector<bool> flagged(truth.rows().size(), false);
    std::unordered_set<long> flagged_outside;  // rows that are not children of the truth
    for (long row : flagged_rows) {
        const TruthTable::Child* child = truth.find(row);
        if (!child) {
            if (!flagged_outside.insert(row).second) {
                ++score.repeated;
                continue;
            }
            ++score.accuracy.false_positives;
            add_to(score.false_flags, "not_a_child");
            continue;
        }
        if (flagged[static_cast<size_t>(row)]) {
            ++score.repeated;
            continue;
        }
        flagged[static_cast<size_t>(row)] = true;
        if (is_out_of_school(child->status)) {
            ++score.accuracy.true_positives;
        } else {
            ++score.accuracy.false_positives;
            add_to(score.false_flags, std::string(to_string(child->status)));
        }
    }
    for (size_t row = 0; row < truth.rows().size(); ++row) {
        const auto& child = truth.rows()[row];
        if (!child.present || !is_out_of_school(child.status)) continue;
        ++score.truth_positives;
        if (!flagged[row]) {
            ++score.accuracy.false_negatives;
            add_to(score.misses, std::string(to_string(child.status)));
        }
    }
    return score;
}

std::vector<PredictedLink> read_links(CsvReader& reader) {
    const size_t left_column = require_header(reader, {"left_row"});
    const size_t right_column = require_header(reader, {"right_row"});
    const auto file_column = find_header(reader.header(), "right_file");
    std::vector<PredictedLink> links;
    while (reader.next()) {
        PredictedLink link;
        link.left_row = parse_row_number(reader, reader.field(left_column), "left_row");
        if (link.left_row == 0) reader.fail("left_row is empty");
        link.right_row = parse_row_number(reader, reader.field(right_column), "right_row");
        if (file_column && link.right_row != 0) {
            link.file = parse_file_kind(reader, reader.field(*file_column));
            if (link.file == RosterFileKind::none) reader.fail("right_file is empty for a linked row");
        }
        links.push_back(link);
    }
    return links;
}

double PairScore::precision() const { return ratio(correct_links, links); }
double PairScore::recall() const { return ratio(found_pairs, true_pairs); }
double PairScore::f1() const { return harmonic_mean(precision(), recall()); }

PairScore score_pairs(const TruthTable& truth, const std::vector<PredictedLink>& links) {
    PairScore score;
    bool elsewhere_in_scope = false;
    for (const auto& link : links) elsewhere_in_scope = elsewhere_in_scope || link.file == RosterFileKind::elsewhere;
    std::vector<bool> found(truth.rows().size(), false);
    for (const auto& link : links) {
        if (link.right_row == 0) {
            ++score.unlinked_rows;
            continue;
        }
        ++score.links;
        const TruthTable::Child* child = truth.find(link.left_row);
        if (!child) {
            add_to(score.wrong_links, "not_a_child");
            continue;
        }
        const bool correct = link.file == RosterFileKind::elsewhere
                                 ? child->roster_file == RosterFileKind::elsewhere && child->roster_row == link.right_row
                                 : child->holds_local_row(static_cast<uint32_t>(link.right_row));
        if (correct) {
            ++score.correct_links;
            found[static_cast<size_t>(link.left_row)] = true;
            continue;
        }
        const uint32_t owner = truth.owner(link.file, link.right_row);
        add_to(score.wrong_links, owner == 0                 ? "unregistered_record"
                                  : owner == child->twin_row ? "twin_swap"
                                                             : "other_child");
    }
    for (size_t row = 0; row < truth.rows().size(); ++row) {
        const auto& child = truth.rows()[row];
        const bool has_pair = child.has_local_row() ||
                              (elsewhere_in_scope && child.roster_file == RosterFileKind::elsewhere);
        if (!child.present || !has_pair) continue;
        ++score.true_pairs;
        if (found[row]) {
            ++score.found_pairs;
        } else {
            add_to(score.missed_pairs, truth.id_noise_kinds()[child.id_noise]);
        }
    }
    return score;
}

namespace {

void write_count(CsvWriter& writer, const std::string& metric, long value) {
    writer.write_row({std::string_view(metric), std::string_view(std::to_string(value))});
}

void write_ratio(CsvWriter& writer, const std::string& metric, double value) {
    writer.write_row({std::string_view(metric), std::string_view(fmt::format("{:.4f}", value))});
}

void write_breakdown(CsvWriter& writer, const std::string& prefix, const Breakdown& breakdown) {
    for (const auto& [label, count] : breakdown) write_count(writer, prefix + label, count);
}

std::string format_breakdown(const Breakdown& breakdown) {
    if (breakdown.empty()) return "none";
    std::string out;
    for (const auto& [label, count] : breakdown) out += fmt::format("{}{} {}", out.empty() ? "" : ", ", label, count);
    return out;
}

}  // namespace

void write_metrics(CsvWriter& writer, const FlagScore& score) {
    write_count(writer, "flagged_rows", score.rows_read);
    write_count(writer, "rows_without_registry_row", score.without_row);
    write_count(writer, "repeated_rows", score.repeated);
    write_count(writer, "truth_out_of_school", score.truth_positives);
    write_count(writer, "true_positives", score.accuracy.true_positives);
    write_count(writer, "false_positives", score.accuracy.false_positives);
    write_count(writer, "false_negatives", score.accuracy.false_negatives);
    write_ratio(writer, "precision", score.accuracy.precision());
    write_ratio(writer, "recall", score.accuracy.recall());
    write_ratio(writer, "f1", score.accuracy.f1());
    write_breakdown(writer, "false_flag.", score.false_flags);
    write_breakdown(writer, "miss.", score.misses);
}

void write_metrics(CsvWriter& writer, const PairScore& score) {
    write_count(writer, "links", score.links);
    write_count(writer, "correct_links", score.correct_links);
    write_count(writer, "wrong_links", score.links - score.correct_links);
    write_count(writer, "unlinked_rows", score.unlinked_rows);
    write_count(writer, "true_pairs", score.true_pairs);
    write_count(writer, "found_pairs", score.found_pairs);
    write_ratio(writer, "pair_precision", score.precision());
    write_ratio(writer, "pair_recall", score.recall());
    write_ratio(writer, "pair_f1", score.f1());
    write_breakdown(writer, "wrong_link.", score.wrong_links);
    write_breakdown(writer, "missed_pair.", score.missed_pairs);
}

std::string format_report(const FlagScore& score) {
    const Accuracy& a = score.accuracy;
    return fmt::format(
        "out-of-school list: {} rows read, {} flagged children, {} out of school in the truth\n"
        "  precision {:.4f}  recall {:.4f}  F1 {:.4f}  (TP {}, FP {}, FN {})\n"
        "  false flags by true status: {}\n"
        "  misses by true status:      {}\n",
        score.rows_read, a.true_positives + a.false_positives, score.truth_positives, a.precision(), a.recall(), a.f1(),
        a.true_positives, a.false_positives, a.false_negatives, format_breakdown(score.false_flags),
        format_breakdown(score.misses));
}

std::string format_report(const PairScore& score) {
    return fmt::format(
        "links: {} links ({} correct), {} true pairs, {} found\n"
        "  precision {:.4f}  recall {:.4f}  F1 {:.4f}\n"
        "  wrong links:                   {}\n"
        "  missed pairs by roster ID noise: {}\n",
        score.links, score.correct_links, score.true_pairs, score.found_pairs, score.precision(), score.recall(),
        score.f1(), format_breakdown(score.wrong_links), format_breakdown(score.missed_pairs));
}

}  // namespace bx
