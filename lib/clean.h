#pragma once
// bx-clean's logic: every original column and row kept, canonical identity columns added (id,
// id_status, birth, sex, name_norm, name_pinyin, issues), and with --drop-invalid the rows
// without a usable identity sent to a reject file. See docs/clean.md.
#include <array>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "csv_reader.h"
#include "csv_writer.h"
#include "fields.h"
#include "id_number.h"
#include "person.h"
#include "row_batch.h"

namespace bx {

// The columns bx-clean adds, in the order they are appended.
inline constexpr std::array<std::string_view, 7> kCleanColumns = {
    "id", "id_status", "birth", "sex", "name_norm", "name_pinyin", "issues"};
using CleanValues = std::array<std::string, kCleanColumns.size()>;

// The reject file's extra column. Not "reason": exemption lists have a reason column of their own.
inline constexpr std::string_view kRejectReasonColumn = "reject_reason";

// Fills `values` (in kCleanColumns order) for one person, reusing the strings' storage.
// sex is M/F; birth is YYYY-MM-DD, or YYYY-MM when the export gave only the month.
void clean_values(const Person& person, CleanValues& values);

// Why a row has no usable identity: no valid or upgraded ID and no name or no birth date.
// Semicolon-separated codes (id_missing;name_missing, id_bad_check;birth_unparsed, ...);
// empty when the row is usable.
std::string reject_reason(const Person& person);

// Where each output column comes from, and which columns identify the person.
struct CleanLayout {
    struct Column {
        std::string name;
        int input = -1;      // input column copied, or -1
        int canonical = -1;  // index into kCleanColumns, or -1
    };
    std::vector<Column> columns;
    // The user's --col plus, for a file bx-clean wrote, the redirection of id / birth / sex from
    // bx-clean's own columns back to the original ones (NAME_raw).
    ColumnOverrides overrides;
};

// Input columns that carry a canonical name: in a file bx-clean wrote (it has all seven) they
// are replaced in place; in any other file they are kept, renamed NAME_raw, and the canonical
// column is appended. So clean(clean(x)) == clean(x). DataError at `header_line` when a name
// bx-clean writes would repeat another (input columns that share a name pass through).
CleanLayout plan_clean_layout(const std::vector<std::string>& header, const ColumnOverrides& overrides,
                              const std::string& file, long header_line);

struct CleanCounts {
    long read = 0;
    long written = 0;
    long rejected = 0;
    std::array<long, kPersonIssueCount> rows_with_issue{};  // by PersonIssue bit position

    // The codes found, in PersonIssue order, with the number of rows that have each.
    std::vector<std::pair<std::string_view, long>> issue_counts() const;
    void add(const CleanCounts& other);
};

struct CleanOptions {
    IdCheckOptions id;
    bool drop_invalid = false;  // rows without a usable identity go to the reject file
};

// Cleans one file: plans the columns at construction (DataError for a file with neither an ID
// column nor name and birth columns), then run() streams the rows.
class Cleaner {
public:
    Cleaner(const std::vector<std::string>& header, const ColumnOverrides& overrides, const std::string& file,
            long header_line, const CleanOptions& options);

    const CleanLayout& layout() const { return layout_; }
    // Writes headers and rows; `rejects` must be set when options.drop_invalid is.
    CleanCounts run(CsvReader& reader, CsvWriter& out, CsvWriter* rejects) const;

private:
    struct CleanedBatch;
    // Cleans the rows of `batch` that the other thread has not taken, counting them in `counts`.
    void clean_batch(const RowBatch& batch, CleanedBatch& result, CleanCounts& counts) const;
    void clean_row(const RowBatch& batch, size_t i, CleanedBatch& result, CleanCounts& counts) const;
    void write_batch(const RowBatch& batch, const CleanedBatch& result, CsvWriter& out, CsvWriter* rejects) const;
    void write_reject(std::span<const std::string_view> fields, const std::string& reason, CsvWriter& rejects) const;

    CleanLayout layout_;
    // The output starts with every input column in its place: a row read as one unquoted line
    // can then be copied whole.
    bool input_columns_first_ = false;
    PersonExtractor extractor_;
    bool drop_invalid_ = false;
    std::vector<std::string> reject_header_;
    int reject_reason_input_ = -1;  // an input reject_reason column (a fixed reject file fed back)
};

}  // namespace bx
