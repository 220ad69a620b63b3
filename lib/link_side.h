#pragma once
// The two inputs of bx-link. The held side is read into memory: a compact LinkRecord per row,
// plus only what the requested outputs need (kept columns, the key fields a review shows, whole
// rows for the unmatched list). The other side is a LinkFileStream, re-read for each pass of the
// engine and once more for the outputs, so nothing of it is held. See docs/linkage.md.
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "csv_reader.h"
#include "fields.h"
#include "link_compare.h"
#include "linkage.h"
#include "person.h"

namespace bx {

struct LinkSideOptions {
    std::vector<std::string> keep;  // canonical fields or headers copied to the pairs file
    bool review_fields = false;     // keep the key fields shown side by side in a review file
    bool whole_rows = false;        // keep every column (for --unmatched-right)
    IdCheckOptions id_options;
};

// The key fields of a review file, in column order.
inline constexpr std::string_view kReviewFields[] = {"id", "name", "birth", "sex", "guardian", "phone"};

// What bx-link takes from each row of one file, with the columns found once.
class LinkRowReader {
public:
    // Throws DataError for a file without an ID column (and without name and birth) or without a
    // kept column.
    LinkRowReader(const CsvReader& reader, const ColumnMap& columns, const LinkSideOptions& options);
    LinkRecord record(const CsvReader& reader) const { return make_link_record(extractor_.extract(reader)); }
    std::vector<std::string> kept(const CsvReader& reader) const;           // LinkSideOptions::keep order
    std::vector<std::string> review_fields(const CsvReader& reader) const;  // kReviewFields order

private:
    PersonExtractor extractor_;
    std::vector<size_t> kept_sources_;
    std::vector<std::optional<size_t>> review_sources_;
};

struct LinkSide {
    std::vector<std::string> header;
    std::vector<LinkRecord> records;
    std::vector<std::vector<std::string>> kept;           // per record, LinkSideOptions::keep order
    std::vector<std::vector<std::string>> review_fields;  // per record, kReviewFields order
    std::vector<std::vector<std::string>> rows;           // per record, every column
};

// `expected_rows`: room reserved up front (see estimate_file_lines), so that the records are not
// copied while they grow.
LinkSide read_link_side(CsvReader& reader, const ColumnMap& columns, const LinkSideOptions& options,
                        size_t expected_rows = 0);

// An input read afresh for every pass; `open` gives a new reader at its first row each time.
class LinkFileStream : public LinkRecordStream {
public:
    using Open = std::function<std::unique_ptr<CsvReader>()>;
    using Columns = std::function<ColumnMap(const CsvReader&)>;
    LinkFileStream(Open open, Columns columns, LinkSideOptions options);

    void read(const LinkBatchVisitor& visit) override;
    // Every row once more, with its 0-based index and the row reader for its file.
    void for_each_row(const std::function<void(const CsvReader&, const LinkRowReader&, uint32_t index)>& visit);
    const std::vector<std::string>& header() const { return header_; }

private:
    Open open_;
    Columns columns_;
    LinkSideOptions options_;
    std::vector<std::string> header_;
};

}  // namespace bx
