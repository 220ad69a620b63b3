#pragma once
// bx-flag's outputs: the flagged list (or one row per household), the 适龄儿童 ledger, the review
// list, roster rows with no registry row, the 三统一 poverty mismatches, and the summary.
#include <memory>
#include <string>
#include <vector>

#include "flag.h"
#include "flag_findings.h"
#include "spooled_input.h"

namespace bx::flagging {

class FlagWriter {
public:
    FlagWriter(Tool& tool, const FlagOptions& options, const FlagFindings& found, const SpooledInputs& spool)
        : tool_(tool), options_(options), found_(found), spool_(spool) {}
    void write_all();

private:
    struct PendingRow {
        size_t child;
        std::vector<std::string> fields;
    };

    // `side_file`: a header alone is an empty list (see FlagJob::open).
    std::unique_ptr<CsvReader> open(const std::string& path, bool side_file = false) const;
    std::vector<std::string> added_columns(bool review) const;
    bool several_registries() const;
    int priority_of(const ChildResult& result) const;
    std::vector<std::string> added_values(size_t c, bool review) const;
    std::pair<std::string, std::string> roster_contact_of(size_t c) const;
    const RosterRecord* shown_roster_record(size_t c) const;
    bool is_written(size_t c, bool ledger) const;
    void write_registry_outputs();
    std::string_view household_of(const PendingRow& row) const;
    void sort_by_place(std::vector<PendingRow>& rows) const;
    void write_header(CsvWriter& writer, bool review) const;
    void write_child(CsvWriter& writer, const std::vector<std::string>& fields, size_t c, bool review) const;
    void write_households(CsvWriter& writer, const std::vector<PendingRow>& flagged);
    void write_household(CsvWriter& writer, const std::vector<PendingRow>& rows, size_t begin, size_t end) const;
    void write_unregistered();
    void write_poverty_mismatches();
    void report();
    static std::string township_label(const std::string& township, size_t order);

    Tool& tool_;
    const FlagOptions& options_;
    const FlagFindings& found_;
    const SpooledInputs& spool_;
    long flagged_count_ = 0;       // children in the flagged list
    long flagged_households_ = 0;  // its rows, with --by household
};

}  // namespace bx::flagging
