#include "link_side.h"

#include "column_plan.h"
#include "person.h"

namespace bx {

namespace {

std::vector<std::string> copy_columns(const CsvReader& reader, const std::vector<size_t>& sources) {
    std::vector<std::string> values;
    values.reserve(sources.size());
    for (const size_t column : sources) values.emplace_back(reader.field(column));
    return values;
}

std::vector<std::string> copy_optional_columns(const CsvReader& reader, const std::vector<std::optional<size_t>>& sources) {
    std::vector<std::string> values;
    values.reserve(sources.size());
    for (const auto& column : sources) values.emplace_back(column ? reader.field(*column) : std::string_view{});
    return values;
}

}  // namespace

LinkSide read_link_side(CsvReader& reader, const ColumnMap& columns, const LinkSideOptions& options) {
    LinkSide side;
    side.file = reader.file();
    side.header = reader.header();
    const PersonExtractor extractor(columns, options.id_options);
    std::vector<size_t> kept_sources;
    if (!options.keep.empty()) kept_sources = plan_columns(side.header, columns, {options.keep, {}, false}, side.file).sources;
    std::vector<std::optional<size_t>> review_sources;
    for (const std::string_view field : kReviewFields) review_sources.push_back(columns.find(field));
    while (reader.next()) {
        side.records.push_back(make_link_record(extractor.extract(reader)));
        if (!kept_sources.empty()) side.kept.push_back(copy_columns(reader, kept_sources));
        if (options.review_fields) side.review_fields.push_back(copy_optional_columns(reader, review_sources));
        if (options.whole_rows) side.rows.emplace_back(reader.fields().begin(), reader.fields().end());
    }
    return side;
}

}  // namespace bx
