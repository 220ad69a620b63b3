#include "link_side.h"

#include "column_plan.h"
#include "serial_worker.h"

namespace bx {

LinkRowReader::LinkRowReader(const CsvReader& reader, const ColumnMap& columns, const LinkSideOptions& options)
    : extractor_(columns, options.id_options) {
    if (!options.keep.empty())
        kept_sources_ = plan_columns(reader.header(), columns, {options.keep, {}, false}, reader.file()).sources;
    if (options.review_fields)
        for (const std::string_view field : kReviewFields) review_sources_.push_back(columns.find(field));
}

std::vector<std::string> LinkRowReader::kept(const CsvReader& reader) const {
    std::vector<std::string> values;
    values.reserve(kept_sources_.size());
    for (const size_t column : kept_sources_) values.emplace_back(reader.field(column));
    return values;
}

std::vector<std::string> LinkRowReader::review_fields(const CsvReader& reader) const {
    std::vector<std::string> values;
    values.reserve(review_sources_.size());
    for (const auto& column : review_sources_) values.emplace_back(optional_field(reader.fields(), column));
    return values;
}

LinkSide read_link_side(CsvReader& reader, const ColumnMap& columns, const LinkSideOptions& options,
                        size_t expected_rows) {
    LinkSide side;
    side.records.reserve(expected_rows);
    side.header = reader.header();
    const LinkRowReader rows(reader, columns, options);
    while (reader.next()) {
        side.records.push_back(rows.record(reader));
        if (!options.keep.empty()) side.kept.push_back(rows.kept(reader));
        if (options.review_fields) side.review_fields.push_back(rows.review_fields(reader));
        if (options.whole_rows) side.rows.emplace_back(reader.fields().begin(), reader.fields().end());
    }
    return side;
}

LinkFileStream::LinkFileStream(Open open, Columns columns, LinkSideOptions options)
    : open_(std::move(open)), columns_(std::move(columns)), options_(std::move(options)) {}

// Two stages: this thread parses the next batch while the worker hands the last one to the
// engine, so that a pass costs about the longer of the two rather than their sum.
void LinkFileStream::read(const LinkBatchVisitor& visit) {
    std::vector<LinkRecord> parsing, visiting;
    parsing.reserve(kLinkBatchRecords);
    uint32_t first = 0;
    SerialWorker worker;  // declared after the batches: joined before they go
    for_each_row([&](const CsvReader& reader, const LinkRowReader& rows, uint32_t index) {
        parsing.push_back(rows.record(reader));
        if (parsing.size() < kLinkBatchRecords) return;
        worker.wait();
        std::swap(parsing, visiting);
        parsing.clear();
        worker.submit([&visit, &visiting, batch_first = first] { visit(batch_first, visiting); });
        first = index + 1;
    });
    worker.wait();
    if (!parsing.empty()) visit(first, parsing);
}

void LinkFileStream::for_each_row(const std::function<void(const CsvReader&, const LinkRowReader&, uint32_t)>& visit) {
    const std::unique_ptr<CsvReader> reader = open_();
    const LinkRowReader rows(*reader, columns_(*reader), options_);
    header_ = reader->header();
    for (uint32_t index = 0; reader->next(); ++index) visit(*reader, rows, index);
}

}  // namespace bx
