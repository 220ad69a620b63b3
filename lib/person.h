#pragma once
// One row of any export (registry, roster, poverty file, exemption list) with its identity
// cleaned: the ID classified and packed, the birth date parsed, sex, name forms for matching,
// and the household contacts used as blocking keys. Built once per row; everything downstream
// (bx-clean, the linkage engine, bx-flag) works on these.
#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "csv_reader.h"
#include "dates.h"
#include "fields.h"
#include "id_number.h"

namespace bx {

// Row-level problems found while cleaning, reported in bx-clean's `issues` column.
enum class PersonIssue : uint16_t {
    id_bad_check = 1 << 0,
    id_bad_date = 1 << 1,
    id_bad_region = 1 << 2,
    id_excel_damaged = 1 << 3,
    id_wrong_length = 1 << 4,
    id_not_digits = 1 << 5,
    id_missing = 1 << 6,
    id_upgraded = 1 << 7,
    birth_unparsed = 1 << 8,
    birth_mismatch_id = 1 << 9,
    sex_unparsed = 1 << 10,
    sex_mismatch_id = 1 << 11,
    name_missing = 1 << 12,
    // The ID column was unusable; the national student number "G" + ID supplied it. The G number
    // is checked against the ID at registration, and Excel cannot turn it into a number.
    id_from_student_no = 1 << 13,
};
inline constexpr int kPersonIssueCount = 14;
std::string_view to_string(PersonIssue issue);
// "id_bad_check;birth_mismatch_id" for a bit set.
std::string issues_text(uint16_t issues);

struct Person {
    uint32_t row = 0;                 // 1-based data row in its file
    IdStatus id_status = IdStatus::empty;
    uint64_t id_key = 0;              // packed ID when valid or upgraded, else 0
    std::string id;                   // see IdCheck::id
    bool id_as_written = false;       // the ID cell held exactly `id` (no cleaning was needed)
    std::string id_prefix;            // surviving digits of an Excel-damaged ID
    std::string name;                 // normalize_name
    std::string name_key;             // name_match_key (no middle dot)
    std::string pinyin;               // name_pinyin
    std::optional<Date> birth;        // from the birth column, else from a usable ID
    bool birth_month_only = false;
    Sex sex = Sex::unknown;           // from the sex column, else from a usable ID
    std::string household;
    std::string guardian;             // normalised name
    std::string phone;                // digits only, last 11
    std::string township;
    std::string village;
    uint16_t issues = 0;

    bool has_issue(PersonIssue issue) const { return (issues & static_cast<uint16_t>(issue)) != 0; }
    // The ID's birth date over a birth cell that disagrees with it (the issue stays noted): for
    // the registry, whose IDs the police issue from the birth record and which pass their check,
    // so the cell holds the typo.
    void prefer_id_birth();
};

// Finds the identity columns of one file once, then cleans each row of it.
class PersonExtractor {
public:
    // `id` is required unless the file has both name and birth; throws DataError otherwise.
    // Without `contacts` the household, guardian, phone and place columns are left empty (they
    // serve linkage only; bx-clean does not output them).
    PersonExtractor(const ColumnMap& columns, const IdCheckOptions& id_options, bool contacts = true);
    Person extract(const CsvReader& reader) const {
        return extract(reader.fields(), static_cast<uint32_t>(reader.row()));
    }
    // The same for a record held elsewhere (a RowBatch), with its 1-based data row number.
    Person extract(std::span<const std::string_view> fields, uint32_t row) const;
    // extract() in two steps, for callers that keep only some rows: the ID, birth date and sex
    // (enough to tell a person's age), then the rest. Names cost most, and a registry or a
    // poverty file lists every adult of a household.
    Person extract_identity(std::span<const std::string_view> fields, uint32_t row) const;
    void add_names_and_contacts(std::span<const std::string_view> fields, Person& person) const;

private:
    std::optional<size_t> id_, name_, birth_, sex_, household_, guardian_, phone_, township_, village_,
        student_no_;
    IdCheckOptions id_options_;
};

// The ID inside a verified national student number ("G" + 18 characters); status empty if none.
IdCheck id_in_student_no(std::string_view student_no, const IdCheckOptions& options);

// Digits of a phone number, the last 11 kept (drops +86 and area-code punctuation).
std::string normalize_phone(std::string_view raw);

}  // namespace bx
