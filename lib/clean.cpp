#include "clean.h"

#include <algorithm>
#include <atomic>
#include <bit>
#include <map>

#include <fmt/format.h>

#include "errors.h"
#include "serial_worker.h"

namespace bx {

namespace {

// The bits of Person::issues that describe the ID (exactly one is set for an unusable ID).
constexpr uint16_t kIdIssueBits =
    static_cast<uint16_t>(PersonIssue::id_bad_check) | static_cast<uint16_t>(PersonIssue::id_bad_date) |
    static_cast<uint16_t>(PersonIssue::id_bad_region) | static_cast<uint16_t>(PersonIssue::id_excel_damaged) |
    static_cast<uint16_t>(PersonIssue::id_wrong_length) | static_cast<uint16_t>(PersonIssue::id_not_digits) |
    static_cast<uint16_t>(PersonIssue::id_missing);

// Fields whose source column may itself carry a canonical name (a file from bx-convert
// --canonical has `id`, `birth`, `sex`).
constexpr std::array<std::string_view, 3> kSourceFieldsNamedLikeOutput = {"id", "birth", "sex"};

int clean_column_index(std::string_view normalized_header) {
    const auto it = std::find(kCleanColumns.begin(), kCleanColumns.end(), normalized_header);
    return it == kCleanColumns.end() ? -1 : static_cast<int>(it - kCleanColumns.begin());
}

bool written_by_clean(const std::vector<std::string>& normalized) {
    return std::all_of(kCleanColumns.begin(), kCleanColumns.end(), [&](std::string_view name) {
        return std::find(normalized.begin(), normalized.end(), name) != normalized.end();
    });
}

// In a file bx-clean wrote, `id` / `birth` / `sex` hold its own results; the person is read from
// the original column instead (NAME_raw when the original had the canonical name; no column at all
// when the value was derived, e.g. sex from the ID).
void redirect_to_originals(const std::vector<std::string>& header, const std::vector<std::string>& normalized,
                           const std::string& file, long header_line, ColumnOverrides& overrides) {
    const ColumnMap columns(header, overrides, file, header_line);
    for (const std::string_view field : kSourceFieldsNamedLikeOutput) {
        if (overrides.contains(field)) continue;  // --col wins
        const auto source = columns.find(field);
        if (source && normalized[*source] == field) overrides.emplace(field, fmt::format("{}_raw", field));
    }
}

// Input columns that share a name pass through as they are (an unused duplicate such as two 备注
// columns is kept); a name bx-clean writes itself (id, NAME_raw) must not repeat any other. Such a
// name is bx-clean's own, so the message may show it.
void check_unique_names(const std::vector<CleanLayout::Column>& columns, const std::vector<std::string>& header,
                        const std::string& file, long header_line) {
    std::map<std::string, bool> only_input;  // output name (normalised) -> no column of it is bx-clean's
    for (const auto& column : columns) {
        const bool input = column.input >= 0 && column.name == header[static_cast<size_t>(column.input)];
        const auto [it, first] = only_input.try_emplace(normalize_header(column.name), input);
        if (first) continue;
        if (!input || !it->second) {
            throw DataError(file, header_line, fmt::format("column '{}' would appear twice in the output; rename "
                                                           "one first (bx-convert --rename)", column.name));
        }
    }
}

bool starts_with_input_columns(const CleanLayout& layout, size_t input_columns) {
    if (layout.columns.size() < input_columns) return false;
    for (size_t i = 0; i < input_columns; ++i) {
        if (layout.columns[i].input != static_cast<int>(i)) return false;
    }
    return true;
}

// A bare CR (one not ending the line) stays in an unquoted field, and the writer must quote it.
bool copyable_as_is(std::string_view unquoted_line) {
    return !unquoted_line.empty() && unquoted_line.find('\r') == std::string_view::npos;
}

}  // namespace

void clean_values(const Person& person, CleanValues& values) {
    const bool usable = person.id_status == IdStatus::valid || person.id_status == IdStatus::upgraded;
    values[0].assign(usable ? std::string_view(person.id) : std::string_view{});
    values[1].assign(to_string(person.id_status));
    values[2].clear();
    if (person.birth) {
        append_iso(values[2], *person.birth, person.birth_month_only ? DatePrecision::month : DatePrecision::day);
    }
    values[3].assign(to_string(person.sex));
    values[4].assign(person.name);
    values[5].assign(person.pinyin);
    values[6] = issues_text(person.issues);
}

std::string reject_reason(const Person& person) {
    const bool usable_id = person.id_status == IdStatus::valid || person.id_status == IdStatus::upgraded;
    const bool named = !person.name.empty();
    const bool born = person.birth.has_value();
    if (usable_id || (named && born)) return {};
    std::string reason = issues_text(person.issues & kIdIssueBits);
    if (!named) reason += ";name_missing";
    if (!born) reason += person.has_issue(PersonIssue::birth_unparsed) ? ";birth_unparsed" : ";birth_missing";
    return reason;
}

CleanLayout plan_clean_layout(const std::vector<std::string>& header, const ColumnOverrides& overrides,
                              const std::string& file, long header_line) {
    std::vector<std::string> normalized;
    normalized.reserve(header.size());
    for (const auto& name : header) normalized.push_back(normalize_header(name));
    const bool cleaned_before = written_by_clean(normalized);

    CleanLayout layout;
    layout.overrides = overrides;
    if (cleaned_before) redirect_to_originals(header, normalized, file, header_line, layout.overrides);

    std::array<bool, kCleanColumns.size()> placed{};
    for (size_t i = 0; i < header.size(); ++i) {
        const int canonical = clean_column_index(normalized[i]);
        if (canonical < 0) {
            layout.columns.push_back({header[i], static_cast<int>(i), -1});
        } else if (cleaned_before) {
            layout.columns.push_back({std::string(kCleanColumns[static_cast<size_t>(canonical)]), -1, canonical});
            placed[static_cast<size_t>(canonical)] = true;
        } else {
            layout.columns.push_back({header[i] + "_raw", static_cast<int>(i), -1});
        }
    }
    for (size_t k = 0; k < kCleanColumns.size(); ++k) {
        if (!placed[k]) layout.columns.push_back({std::string(kCleanColumns[k]), -1, static_cast<int>(k)});
    }
    check_unique_names(layout.columns, header, file, header_line);
    return layout;
}

void CleanCounts::add(const CleanCounts& other) {
    read += other.read;
    written += other.written;
    rejected += other.rejected;
    for (size_t i = 0; i < rows_with_issue.size(); ++i) rows_with_issue[i] += other.rows_with_issue[i];
}

std::vector<std::pair<std::string_view, long>> CleanCounts::issue_counts() const {
    std::vector<std::pair<std::string_view, long>> counts;
    for (int bit = 0; bit < kPersonIssueCount; ++bit) {
        const long rows = rows_with_issue[static_cast<size_t>(bit)];
        if (rows > 0) counts.emplace_back(to_string(static_cast<PersonIssue>(1u << bit)), rows);
    }
    return counts;
}

Cleaner::Cleaner(const std::vector<std::string>& header, const ColumnOverrides& overrides, const std::string& file,
                 long header_line, const CleanOptions& options)
    : layout_(plan_clean_layout(header, overrides, file, header_line)),
      input_columns_first_(starts_with_input_columns(layout_, header.size())),
      extractor_(ColumnMap(header, layout_.overrides, file, header_line), options.id, /*contacts=*/false),
      drop_invalid_(options.drop_invalid),
      reject_header_(header) {
    const auto existing = std::find(header.begin(), header.end(), kRejectReasonColumn);
    if (existing == header.end()) {
        reject_header_.emplace_back(kRejectReasonColumn);
    } else {
        reject_reason_input_ = static_cast<int>(existing - header.begin());
    }
}

void Cleaner::write_reject(std::span<const std::string_view> fields, const std::string& reason,
                           CsvWriter& rejects) const {
    for (size_t i = 0; i < fields.size(); ++i) {
        rejects.field(static_cast<int>(i) == reject_reason_input_ ? std::string_view(reason) : fields[i]);
    }
    if (reject_reason_input_ < 0) rejects.field(reason);
    rejects.end_row();
}

// What the two threads find for one batch of rows. The worker starts on it alone, and this thread
// joins in once it has read the next batch: cleaning costs more than reading and writing, so
// this thread would otherwise wait for the worker. Rows are taken a chunk at a time.
struct Cleaner::CleanedBatch {
    std::vector<CleanValues> values;          // per row
    std::vector<std::string> reject_reasons;  // per row; empty when the row is kept
    std::atomic<size_t> next_row{0};          // the first row no thread has taken yet
    CleanCounts worker_counts;                // the rows the worker cleaned
    CleanCounts own_counts;                   // the rows this thread cleaned

    // Ready for a batch of `rows` rows, reusing the storage of the last one.
    void start(size_t rows) {
        values.resize(rows);
        reject_reasons.assign(rows, std::string());
        next_row = 0;
        worker_counts = {};
        own_counts = {};
    }
};

void Cleaner::clean_batch(const RowBatch& batch, CleanedBatch& result, CleanCounts& counts) const {
    // About a tenth of a millisecond of work: the last chunk, which the other thread may have to
    // wait for, stays short, and the shared counter is touched only every so many rows.
    constexpr size_t kChunkRows = 256;
    for (;;) {
        const size_t first = result.next_row.fetch_add(kChunkRows);
        if (first >= batch.size()) return;
        const size_t end = std::min(first + kChunkRows, batch.size());
        for (size_t i = first; i < end; ++i) clean_row(batch, i, result, counts);
    }
}

void Cleaner::clean_row(const RowBatch& batch, size_t i, CleanedBatch& result, CleanCounts& counts) const {
    ++counts.read;
    const Person person = extractor_.extract(batch.fields(i), batch.row_number(i));
    // Only the bits set: most rows have no issue at all.
    for (unsigned bits = person.issues; bits != 0; bits &= bits - 1) {
        ++counts.rows_with_issue[static_cast<size_t>(std::countr_zero(bits))];
    }
    if (drop_invalid_) result.reject_reasons[i] = reject_reason(person);
    if (result.reject_reasons[i].empty()) {
        clean_values(person, result.values[i]);
        ++counts.written;
    } else {
        ++counts.rejected;
    }
}

void Cleaner::write_batch(const RowBatch& batch, const CleanedBatch& result, CsvWriter& out,
                          CsvWriter* rejects) const {
    for (size_t i = 0; i < batch.size(); ++i) {
        const auto fields = batch.fields(i);
        if (!result.reject_reasons[i].empty()) {
            write_reject(fields, result.reject_reasons[i], *rejects);
            continue;
        }
        const CleanValues& values = result.values[i];
        size_t next_column = 0;
        if (const std::string_view line = batch.unquoted_line(i); input_columns_first_ && copyable_as_is(line)) {
            out.joined_fields(line);
            next_column = fields.size();
        }
        for (; next_column < layout_.columns.size(); ++next_column) {
            const auto& column = layout_.columns[next_column];
            out.field(column.input >= 0 ? fields[static_cast<size_t>(column.input)]
                                        : std::string_view(values[static_cast<size_t>(column.canonical)]));
        }
        out.end_row();
    }
}

// Two stages on the two cores: this thread reads the next batch and writes the last one while
// the worker cleans the one in between, which this thread then helps to finish. Batches are not
// reused before they are written.
CleanCounts Cleaner::run(CsvReader& reader, CsvWriter& out, CsvWriter* rejects) const {
    constexpr size_t kBatchRows = 8192;
    for (const auto& column : layout_.columns) out.field(column.name);
    out.end_row();
    if (rejects) rejects->write_row(reject_header_);

    RowBatch batches[2];
    CleanedBatch results[2];
    SerialWorker worker;  // declared last: joined before the batches go away
    CleanCounts total;
    int current = 0;
    bool pending = false;  // the other batch is being cleaned
    for (;;) {
        const bool more = batches[current].fill(reader, kBatchRows);
        CleanedBatch& last = results[1 - current];
        if (pending) {
            clean_batch(batches[1 - current], last, last.own_counts);
            worker.wait();
        }
        if (more) {
            results[current].start(batches[current].size());
            worker.submit([this, &batches, &results, current] {
                clean_batch(batches[current], results[current], results[current].worker_counts);
            });
        }
        if (pending) {
            write_batch(batches[1 - current], last, out, rejects);
            total.add(last.worker_counts);
            total.add(last.own_counts);
        }
        if (!more) break;
        pending = true;
        current = 1 - current;
    }
    return total;
}

}  // namespace bx
