#include "idcheck.h"

#include <algorithm>

#include <fmt/format.h>

#include "fields.h"
#include "errors.h"

namespace bx {

IdRules load_id_rules(const std::string& as_of, const std::string& regions_path) {
    IdRules rules;
    rules.options.reference_day = as_of.empty() ? today() : parse_iso_date_arg(as_of);
    if (!regions_path.empty()) {
        rules.regions = std::make_unique<RegionTable>(RegionTable::load(regions_path));
        rules.options.regions = rules.regions.get();
    }
    return rules;
}

std::string_view to_string(IdVerdict verdict) {
    switch (verdict) {
        case IdVerdict::valid: return "valid";
        case IdVerdict::fixed: return "fixed";
        case IdVerdict::invalid: return "invalid";
    }
    return "invalid";
}

IdJudgement judge_id(std::string_view raw, const IdCheckOptions& options) {
    IdCheck check = check_id(raw, options);
    IdJudgement judgement;
    judgement.status = check.status;
    if (!check.usable()) return judgement;
    // Valid only when the text needs no change at all: the upload takes it byte for byte.
    judgement.verdict = check.status == IdStatus::valid && raw == check.id ? IdVerdict::valid : IdVerdict::fixed;
    judgement.corrected = std::move(check.id);
    return judgement;
}

namespace {

bool is_id_field(std::string_view field) { return field == "id" || field == "head_id" || field == "guardian_id"; }

size_t find_id_column(const std::vector<std::string>& header, const ColumnOverrides& overrides,
                      const std::string& file, long header_line, const std::string& column) {
    if (column.empty()) return ColumnMap(header, overrides, file, header_line).require("id");
    if (auto position = find_only_header(header, column, file, header_line)) return *position;
    throw DataError(file, header_line,
                    fmt::format("no column '{}' (--column); {}", column, describe_header(header, header_line)));
}

// A masked copy of an ID cell: cleaned first so that full-width digits or a leading apostrophe
// do not shift which characters stay visible.
std::string masked_id(std::string_view raw) {
    if (raw.empty()) return {};
    return mask_id(normalize_id_text(raw));
}

std::string masked_student_number(std::string_view raw) {
    if (raw.empty()) return {};
    return mask_student_number(normalize_id_text(raw));
}

}  // namespace

IdChecker::IdChecker(const std::vector<std::string>& header, const ColumnOverrides& overrides,
                     const std::string& file, long header_line, const IdCheckRequest& request,
                     const IdCheckOptions& options)
    : id_column_(find_id_column(header, overrides, file, header_line, request.column)),
      only_invalid_(request.only_invalid), options_(options) {
    std::array<bool, kIdCheckColumns.size()> placed{};
    for (size_t i = 0; i < header.size(); ++i) {
        const auto added = std::find(kIdCheckColumns.begin(), kIdCheckColumns.end(), header[i]);
        OutputColumn column;
        if (added != kIdCheckColumns.end()) {  // a checked file checked again: replace in place
            column.added = static_cast<int>(added - kIdCheckColumns.begin());
            placed[static_cast<size_t>(column.added)] = true;
        } else {
            column.input = static_cast<int>(i);
        }
        if (request.mask) column.mask = mask_of(header[i], i == id_column_);
        columns_.push_back(column);
        output_header_.push_back(header[i]);
    }
    for (size_t k = 0; k < kIdCheckColumns.size(); ++k) {
        if (placed[k]) continue;
        columns_.push_back({-1, static_cast<int>(k), request.mask ? mask_of(kIdCheckColumns[k], false) : Mask::none});
        output_header_.emplace_back(kIdCheckColumns[k]);
    }
}

// Under --mask: the checked column and every other ID column as IDs, the national student
// number (G + the ID) with its letter kept.
IdChecker::Mask IdChecker::mask_of(std::string_view header, bool checked) {
    if (checked || header == "id_corrected") return Mask::id;
    const std::string_view field = field_of_header(header);
    if (is_id_field(field)) return Mask::id;
    return field == "student_no" ? Mask::student_number : Mask::none;
}

IdCheckCounts IdChecker::run(CsvReader& reader, CsvWriter& out) const {
    IdCheckCounts counts;
    out.write_row(output_header_);
    while (reader.next()) {
        ++counts.read;
        const IdJudgement judgement = judge_id(reader.field(id_column_), options_);
        switch (judgement.verdict) {
            case IdVerdict::valid: ++counts.valid; break;
            case IdVerdict::fixed: ++counts.fixed; break;
            case IdVerdict::invalid: ++counts.invalid; break;
        }
        if (only_invalid_ && judgement.verdict != IdVerdict::invalid) continue;
        const std::array<std::string_view, kIdCheckColumns.size()> added = {
            to_string(judgement.verdict), to_string(judgement.status), judgement.corrected};
        for (const OutputColumn& column : columns_) {
            const std::string_view value =
                column.input >= 0 ? reader.field(static_cast<size_t>(column.input)) : added[static_cast<size_t>(column.added)];
            switch (column.mask) {
                case Mask::none: out.field(value); break;
                case Mask::id: out.field(masked_id(value)); break;
                case Mask::student_number: out.field(masked_student_number(value)); break;
            }
        }
        out.end_row();
        ++counts.written;
    }
    return counts;
}

}  // namespace bx
