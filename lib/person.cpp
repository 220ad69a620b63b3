#include "person.h"

#include <functional>
#include <unordered_map>

#include "names.h"
#include "sex.h"
#include "text.h"

namespace bx {

namespace {

constexpr std::string_view kIssueNames[kPersonIssueCount] = {
    "id_bad_check",   "id_bad_date",    "id_bad_region",     "id_excel_damaged", "id_wrong_length",
    "id_not_digits",  "id_missing",     "id_upgraded",       "birth_unparsed",   "birth_mismatch_id",
    "sex_unparsed",   "sex_mismatch_id", "name_missing",      "id_from_student_no",
};

PersonIssue issue_for(IdStatus status) {
    switch (status) {
        case IdStatus::bad_check: return PersonIssue::id_bad_check;
        case IdStatus::bad_date: return PersonIssue::id_bad_date;
        case IdStatus::bad_region: return PersonIssue::id_bad_region;
        case IdStatus::excel_damaged: return PersonIssue::id_excel_damaged;
        case IdStatus::wrong_length: return PersonIssue::id_wrong_length;
        case IdStatus::not_digits: return PersonIssue::id_not_digits;
        case IdStatus::empty: return PersonIssue::id_missing;
        case IdStatus::upgraded: return PersonIssue::id_upgraded;
        case IdStatus::valid: break;
    }
    return PersonIssue{};
}

// Township and village names repeat on nearly every row, and normalising costs an ICU call, so
// each thread keeps the forms it has seen. Personal names are mostly distinct: they go straight
// to normalize_name, whose per-character caches make it cheap.
std::string cached_place_name(std::string_view raw) {
    if (raw.empty()) return {};  // before the thread-local cache, whose every use checks its set-up
    constexpr size_t kMaxCachedPlaces = 1 << 14;
    thread_local std::unordered_map<std::string, std::string> cache;
    thread_local std::string key;
    key.assign(raw);
    auto found = cache.find(key);
    if (found == cache.end()) {
        if (cache.size() >= kMaxCachedPlaces) cache.clear();
        found = cache.emplace(key, normalize_name(raw)).first;
    }
    return found->second;
}

}  // namespace

IdCheck id_in_student_no(std::string_view student_no, const IdCheckOptions& options) {
    const std::string text = normalize_id_text(student_no);
    if (text.size() != 19 || (text[0] != 'G' && text[0] != 'g')) return {};
    return check_id(std::string_view(text).substr(1), options);
}

std::string_view to_string(PersonIssue issue) {
    const auto bits = static_cast<uint16_t>(issue);
    for (int i = 0; i < kPersonIssueCount; ++i) {
        if (bits == (1u << i)) return kIssueNames[i];
    }
    return {};
}

std::string issues_text(uint16_t issues) {
    std::string out;
    for (int i = 0; i < kPersonIssueCount; ++i) {
        if ((issues & (1u << i)) == 0) continue;
        if (!out.empty()) out += ';';
        out += kIssueNames[i];
    }
    return out;
}

std::string normalize_phone(std::string_view raw) {
    std::string digits;
    for (const char c : drop_zero_fraction(trim_ascii(raw))) {
        if (c >= '0' && c <= '9') digits.push_back(c);
    }
    return digits.size() > 11 ? digits.substr(digits.size() - 11) : digits;
}

void Person::prefer_id_birth() {
    if (id_key == 0 || !has_issue(PersonIssue::birth_mismatch_id)) return;
    birth = id_birth_date(id);
    birth_month_only = false;
}

PersonExtractor::PersonExtractor(const ColumnMap& columns, const IdCheckOptions& id_options, bool contacts)
    : id_(columns.find("id")), name_(columns.find("name")), birth_(columns.find("birth")),
      sex_(columns.find("sex")), student_no_(columns.find("student_no")), id_options_(id_options) {
    if (!id_ && !(name_ && birth_)) columns.require("id");
    if (!contacts) return;
    household_ = columns.find("household");
    guardian_ = columns.find("guardian");
    phone_ = columns.find("phone");
    township_ = columns.find("township");
    village_ = columns.find("village");
}

Person PersonExtractor::extract(std::span<const std::string_view> fields, uint32_t row) const {
    Person person = extract_identity(fields, row);
    add_names_and_contacts(fields, person);
    return person;
}

Person PersonExtractor::extract_identity(std::span<const std::string_view> fields, uint32_t row) const {
    Person person;
    person.row = row;

    const std::string_view id_text = optional_field(fields, id_);
    IdCheck id = check_id(id_text, id_options_);
    person.issues |= static_cast<uint16_t>(issue_for(id.status));
    if (!id.usable()) {
        if (IdCheck from_student_no = id_in_student_no(optional_field(fields, student_no_), id_options_); from_student_no.usable()) {
            id = std::move(from_student_no);
            person.issues |= static_cast<uint16_t>(PersonIssue::id_from_student_no);
        }
    }
    person.id_status = id.status;
    person.id_as_written = !id.id.empty() && id_text == id.id;
    person.id = std::move(id.id);
    person.id_prefix = std::move(id.damaged_prefix);
    std::optional<Date> id_birth;
    Sex id_sex_value = Sex::unknown;
    if (id.usable()) {
        person.id_key = pack_id(person.id);
        id_birth = id_birth_date(person.id);
        id_sex_value = id_sex(person.id);
    }

    const std::string_view birth_text = optional_field(fields, birth_);
    if (!birth_text.empty()) {
        const DateResult parsed = parse_date(birth_text);
        if (parsed.ok()) {
            person.birth = parsed.value->date;
            person.birth_month_only = parsed.value->precision == DatePrecision::month;
        } else {
            person.issues |= static_cast<uint16_t>(PersonIssue::birth_unparsed);
        }
    }
    if (person.birth && id_birth) {
        const bool agrees = person.birth_month_only
                                ? person.birth->year() == id_birth->year() && person.birth->month() == id_birth->month()
                                : *person.birth == *id_birth;
        if (!agrees) person.issues |= static_cast<uint16_t>(PersonIssue::birth_mismatch_id);
    }
    if (!person.birth) person.birth = id_birth;

    const std::string_view sex_text = optional_field(fields, sex_);
    person.sex = parse_sex(sex_text);
    if (person.sex == Sex::unknown && !trim_ascii(sex_text).empty()) {
        person.issues |= static_cast<uint16_t>(PersonIssue::sex_unparsed);
    }
    if (person.sex != Sex::unknown && id_sex_value != Sex::unknown && person.sex != id_sex_value) {
        person.issues |= static_cast<uint16_t>(PersonIssue::sex_mismatch_id);
    }
    if (person.sex == Sex::unknown) person.sex = id_sex_value;
    return person;
}

void PersonExtractor::add_names_and_contacts(std::span<const std::string_view> fields, Person& person) const {
    person.name = normalize_name(optional_field(fields, name_));
    if (person.name.empty()) {
        person.issues |= static_cast<uint16_t>(PersonIssue::name_missing);
    } else {
        person.name_key = name_match_key(person.name);
        person.pinyin = name_pinyin(person.name);
    }
    person.household = trim_ascii(optional_field(fields, household_));
    person.guardian = normalize_name(optional_field(fields, guardian_));
    person.phone = normalize_phone(optional_field(fields, phone_));
    person.township = cached_place_name(optional_field(fields, township_));
    person.village = cached_place_name(optional_field(fields, village_));
}

}  // namespace bx
