#pragma once
// bx-idcheck's logic: a verdict on one ID column for a clerk before an upload (valid / fixed /
// invalid), the correction where it is certain, and masking for lists that circulate. Also the
// --as-of / --regions rules that bx-clean shares. See docs/clean.md.
#include <array>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "csv_reader.h"
#include "csv_writer.h"
#include "fields.h"
#include "id_number.h"
#include "regions.h"

namespace bx {

// The reference day and optional region list of --as-of / --regions; owns the list that
// `options.regions` points to.
struct IdRules {
    std::unique_ptr<RegionTable> regions;
    IdCheckOptions options;
};
// `as_of` empty: today. `regions_path` empty: province check only. UsageError on a bad date.
IdRules load_id_rules(const std::string& as_of, const std::string& regions_path);

enum class IdVerdict : char {
    valid,    // the text is already a correct 18-character ID
    fixed,    // correct once tidied (full-width, spaces, apostrophe, lowercase x) or upgraded 15->18
    invalid,  // anything else: must be corrected by hand (a check character is never guessed)
};
std::string_view to_string(IdVerdict verdict);

struct IdJudgement {
    IdVerdict verdict = IdVerdict::invalid;
    IdStatus status = IdStatus::empty;
    std::string corrected;  // the ID to upload for valid and fixed, empty for invalid
};

IdJudgement judge_id(std::string_view raw, const IdCheckOptions& options);

// The columns bx-idcheck adds (replaced in place when the input has them already).
inline constexpr std::array<std::string_view, 3> kIdCheckColumns = {"id_verdict", "id_reason", "id_corrected"};

struct IdCheckRequest {
    std::string column;  // header of the ID column; empty: the `id` field through the aliases
    bool only_invalid = false;
    bool mask = false;   // every ID column of the output masked (140322********1234), and the
                         // student number, which holds the ID (G140322********1234)
};

struct IdCheckCounts {
    long read = 0;
    long valid = 0;
    long fixed = 0;
    long invalid = 0;
    long written = 0;
};

// Plans the output of one file at construction (DataError at `header_line` for a missing or
// doubled ID column), then checks its rows.
class IdChecker {
public:
    IdChecker(const std::vector<std::string>& header, const ColumnOverrides& overrides, const std::string& file,
              long header_line, const IdCheckRequest& request, const IdCheckOptions& options);

    // Writes the header and every row (or only the invalid ones) of `reader` to `out`.
    IdCheckCounts run(CsvReader& reader, CsvWriter& out) const;

private:
    enum class Mask : char { none, id, student_number };
    struct OutputColumn {
        int input = -1;  // input column copied, or -1 for an added one
        int added = -1;  // index into kIdCheckColumns, or -1
        Mask mask = Mask::none;
    };
    static Mask mask_of(std::string_view header, bool checked);

    size_t id_column_ = 0;
    bool only_invalid_ = false;
    IdCheckOptions options_;
    std::vector<OutputColumn> columns_;
    std::vector<std::string> output_header_;
};

}  // namespace bx
