#include "flag_output.h"

#include <algorithm>
#include <iostream>
#include <map>

#include <fmt/format.h>

#include "column_plan.h"
#include "regions.h"

namespace bx::flagging {

void FlagWriter::write_all() {
    write_registry_outputs();
    if (!options_.unregistered_path.empty()) write_unregistered();
    if (!options_.poverty_mismatch_path.empty()) write_poverty_mismatches();
    report();
}

std::unique_ptr<CsvReader> FlagWriter::open(const std::string& path, bool side_file) const {
    return tool_.open_input(path, spool_.display_name(path), side_file);
}

std::vector<std::string> FlagWriter::added_columns(bool review) const {
    static const std::vector<std::pair<std::string, std::string>> kColumns = {
        {"registry_row", "户籍行号"},   {"status", "状态"},          {"status_zh", "状态说明"},
        {"priority", "优先级"},         {"last_school", "最后就读学校"}, {"last_grade", "年级"},
        {"roster_status", "学籍状态"},  {"poverty", "建档立卡"},      {"poverty_attr", "贫困户属性"},
        {"left_behind", "留守儿童"},    {"duplicate_enrolment", "重复学籍"},
        {"match_method", "匹配方式"},   {"match_weight", "匹配权重"}};
    std::vector<std::string> names;
    for (const auto& [code, chinese] : kColumns) names.push_back(options_.chinese_labels ? chinese : code);
    if (several_registries()) names.insert(names.begin() + 1, options_.chinese_labels ? "户籍文件" : "registry_file");
    if (found_.contacts_from_rosters) {
        names.push_back(options_.chinese_labels ? "联系人" : "contact_name");
        names.push_back(options_.chinese_labels ? "联系人电话" : "contact_phone");
    }
    if (review) names.push_back(options_.chinese_labels ? "复核原因" : "review_reason");
    return names;
}

// registry_row counts within each file: with several files, a column says which.
bool FlagWriter::several_registries() const { return found_.registry_files.size() > 1; }

// 1: a child in the poverty file (建档立卡, its 事实无人抚养 children included); 2: everyone else.
int FlagWriter::priority_of(const ChildResult& result) const {
    return result.poverty >= 0 ? 1 : 2;
}

std::vector<std::string> FlagWriter::added_values(size_t c, bool review) const {
    const ChildResult& result = found_.results[c];
    const RosterRecord* shown = shown_roster_record(c);
    const PovertyRecord* poverty = result.poverty >= 0 ? &found_.poverty[result.poverty] : nullptr;
    std::vector<std::string> values = {
        std::to_string(found_.children[c].row),
        std::string(to_string(result.status)),
        std::string(to_chinese(result.status)),
        std::to_string(priority_of(result)),
        shown ? found_.schools[shown->school] : "",
        shown ? found_.schools[shown->grade] : "",
        shown ? found_.schools[shown->status] : "",
        poverty ? "是" : "",
        poverty ? found_.schools[poverty->attribute] : "",
        shown && shown->left_behind ? "是" : "",
        result.duplicate_enrolment ? "是" : "",
        std::string(to_string(result.method)),
        result.method == LinkMethod::none ? "" : fmt::format("{:.1f}", result.weight)};
    if (found_.contacts_from_rosters) {
        const auto [guardian, phone] = roster_contact_of(c);
        values.emplace_back(guardian);
        values.emplace_back(phone);
    }
    if (review) values.emplace_back(result.review_reason);
    if (several_registries()) values.insert(values.begin() + 1, found_.registry_files[found_.children[c].file].name);
    return values;
}

// Whether child c's registry row goes to an output: school-age children to the ledger, the
// flagged and review ones to theirs. Most children are enrolled: without --all their rows are
// not copied at all.
bool FlagWriter::is_written(size_t c, bool ledger) const {
    const ChildResult& result = found_.results[c];
    if (!result.school_age) return false;
    return ledger || result.review || is_out_of_school(result.status);
}

void FlagWriter::write_registry_outputs() {
    std::unique_ptr<CsvWriter> all;
    if (!options_.all_path.empty()) {
        all = tool_.open_output(options_.all_path);
        write_header(*all, true);
    }
    std::vector<PendingRow> flagged, review;
    const auto take = [&](const RegistryFile& file, size_t c, std::span<const std::string_view> row) {
        std::vector<std::string> fields(found_.union_header.size());
        for (size_t i = 0; i < file.to_union.size(); ++i) fields[file.to_union[i]] = row[i];
        if (all) write_child(*all, fields, c, true);
        if (found_.results[c].review) {
            review.push_back({c, std::move(fields)});
        } else if (is_out_of_school(found_.results[c].status)) {
            flagged.push_back({c, std::move(fields)});
        }
    };
    for (uint16_t f = 0; f < found_.registry_files.size(); ++f) {
        const RegistryFile& file = found_.registry_files[f];
        // Without --all only the flagged and review rows are written, a few in a hundred: they
        // are read back where they lie. The ledger wants most rows, read again in one pass.
        if (!all && file.checkpoints.usable()) {
            RecordFetcher fetcher(file.path, spool_.display_name(file.path), file.checkpoints, file.width, tool_.read_options());
            for (size_t c = 0; c < found_.children.size(); ++c) {
                if (found_.children[c].file == f && is_written(c, false)) take(file, c, fetcher.fetch(found_.children[c].row));
            }
            continue;
        }
        auto reader = open(file.path);
        while (reader->next()) {
            const int32_t c = found_.row_to_child[f][reader->row() - 1];
            if (c >= 0 && is_written(static_cast<size_t>(c), all != nullptr)) take(file, static_cast<size_t>(c), reader->fields());
        }
    }
    sort_by_place(flagged);
    sort_by_place(review);
    auto out = tool_.open_output();
    if (options_.by_household) {
        write_households(*out, flagged);
    } else {
        write_header(*out, false);
        for (const auto& row : flagged) write_child(*out, row.fields, row.child, false);
    }
    out->commit();
    if (!options_.review_path.empty()) {
        auto writer = tool_.open_output(options_.review_path);
        write_header(*writer, true);
        for (const auto& row : review) write_child(*writer, row.fields, row.child, true);
        writer->commit();
    }
    if (all) all->commit();
    flagged_count_ = static_cast<long>(flagged.size());
}

// The household number as written in the child's registry row (empty without that column).
std::string_view FlagWriter::household_of(const PendingRow& row) const {
    const RegistryFile& file = found_.registry_files[found_.children[row.child].file];
    return file.household ? std::string_view(row.fields[file.to_union[*file.household]]) : std::string_view();
}

void FlagWriter::sort_by_place(std::vector<PendingRow>& rows) const {
    std::stable_sort(rows.begin(), rows.end(), [&](const PendingRow& a, const PendingRow& b) {
        const Child& x = found_.children[a.child];
        const Child& y = found_.children[b.child];
        return std::make_tuple(std::string_view(found_.places[x.township]), std::string_view(found_.places[x.village]), household_of(a)) <
               std::make_tuple(std::string_view(found_.places[y.township]), std::string_view(found_.places[y.village]), household_of(b));
    });
}

void FlagWriter::write_header(CsvWriter& writer, bool review) const {
    std::vector<std::string> header = found_.union_header;
    for (auto& name : added_columns(review)) header.push_back(std::move(name));
    writer.write_row(header);
}

void FlagWriter::write_child(CsvWriter& writer, const std::vector<std::string>& fields, size_t c, bool review) const {
    for (const auto& value : fields) writer.field(value);
    for (const auto& value : added_values(c, review)) writer.field(value);
    writer.end_row();
}

// One row per household: one letter per family for mail merge.
void FlagWriter::write_households(CsvWriter& writer, const std::vector<PendingRow>& flagged) {
    const bool zh = options_.chinese_labels;
    writer.write_row(std::vector<std::string>{
        zh ? "乡镇" : "township", zh ? "村" : "village", zh ? "户号" : "household",
        zh ? "户主姓名" : "head", zh ? "监护人" : "guardian", zh ? "联系电话" : "phone",
        zh ? "住址" : "address", zh ? "儿童人数" : "children_count", zh ? "儿童名单" : "children",
        zh ? "优先级" : "priority", zh ? "建档立卡" : "poverty"});
    for (size_t i = 0; i < flagged.size();) {
        size_t j = i + 1;
        const Child& first = found_.children[flagged[i].child];
        const std::string_view household = household_of(flagged[i]);
        while (j < flagged.size() && !household.empty() && found_.children[flagged[j].child].file == first.file &&
               household_of(flagged[j]) == household) {
            ++j;
        }
        write_household(writer, flagged, i, j);
        ++flagged_households_;
        i = j;
    }
}

void FlagWriter::write_household(CsvWriter& writer, const std::vector<PendingRow>& rows, size_t begin, size_t end) const {
    const Child& first = found_.children[rows[begin].child];
    const RegistryFile& file = found_.registry_files[first.file];
    auto value = [&](const std::optional<size_t>& column) -> std::string {
        return column ? rows[begin].fields[file.to_union[*column]] : std::string();
    };
    std::string names;
    int priority = 2;
    bool poverty = false;
    for (size_t k = begin; k < end; ++k) {
        const size_t c = rows[k].child;
        if (!names.empty()) names += "；";
        const std::string name = file.name_column ? rows[k].fields[file.to_union[*file.name_column]] : "";
        names += fmt::format("{}({})", name, to_chinese(found_.results[c].status));
        priority = std::min(priority, priority_of(found_.results[c]));
        poverty = poverty || found_.results[c].poverty >= 0;
    }
    // A registry without the guardian or phone takes the first the children's records give.
    std::string guardian = value(file.guardian), phone = value(file.phone);
    for (size_t k = begin; k < end && found_.contacts_from_rosters; ++k) {
        const auto [record_guardian, record_phone] = roster_contact_of(rows[k].child);
        if (!file.guardian && guardian.empty()) guardian = record_guardian;
        if (!file.phone && phone.empty()) phone = record_phone;
    }
    writer.write_row(std::vector<std::string>{
        found_.places[first.township], found_.places[first.village], std::string(household_of(rows[begin])), value(file.head), guardian,
        phone, value(file.address), std::to_string(end - begin), names,
        std::to_string(priority), poverty ? "是" : ""});
}

// Roster records that belong to no registry row here: migrant children, or errors.
void FlagWriter::write_unregistered() {
    auto writer = tool_.open_output(options_.unregistered_path);
    std::vector<std::string> header;
    std::vector<std::vector<size_t>> to_union;
    std::vector<std::unique_ptr<CsvReader>> readers;
    for (const auto& path : found_.roster_paths) {
        readers.push_back(open(path));
        to_union.push_back(merge_header(readers.back()->header(), header));
    }
    std::vector<std::string> full = header;
    full.push_back("roster_file");
    full.push_back("roster_row");
    writer->write_row(full);
    size_t record = 0;
    long written = 0;
    for (size_t f = 0; f < readers.size(); ++f) {
        while (readers[f]->next()) {
            if (!found_.roster_claimed[record++]) {
                std::vector<std::string> fields(header.size());
                for (size_t i = 0; i < to_union[f].size(); ++i) fields[to_union[f][i]] = readers[f]->field(i);
                fields.push_back(options_.rosters[f]);
                fields.push_back(std::to_string(readers[f]->row()));
                writer->write_row(fields);
                ++written;
            }
        }
    }
    writer->commit();
    tool_.summary().add("unregistered", written);
}

// 三统一: the poverty file's 在校生状况 disagrees with what bx-flag found.
void FlagWriter::write_poverty_mismatches() {
    std::vector<std::pair<size_t, size_t>> mismatches;  // poverty record, child
    for (size_t c = 0; c < found_.children.size(); ++c) {
        const ChildResult& result = found_.results[c];
        if (!result.school_age || result.review || result.poverty < 0) continue;
        const PovertySchooling said = found_.poverty[result.poverty].schooling;
        const bool out = is_out_of_school(result.status);
        const bool in_school = result.status == ChildStatus::enrolled || result.status == ChildStatus::enrolled_elsewhere;
        const bool differs = (said == PovertySchooling::in_school && out) || (said == PovertySchooling::out_of_school && in_school);
        if (differs) mismatches.emplace_back(static_cast<size_t>(result.poverty), c);
    }
    std::sort(mismatches.begin(), mismatches.end());
    auto writer = tool_.open_output(options_.poverty_mismatch_path);
    size_t next = 0;
    size_t record = 0;
    for (size_t f = 0; f < found_.poverty_paths.size(); ++f) {
        auto reader = open(found_.poverty_paths[f], true);
        if (f == 0) {
            std::vector<std::string> header = reader->header();
            for (const char* extra : {"poverty_row", "found_status", "found_status_zh", "registry_row"}) header.emplace_back(extra);
            writer->write_row(header);
        }
        while (reader->next()) {
            for (; next < mismatches.size() && mismatches[next].first == record; ++next) {
                std::vector<std::string> fields(reader->fields().begin(), reader->fields().end());
                fields.resize(reader->header().size());
                const ChildResult& result = found_.results[mismatches[next].second];
                fields.push_back(std::to_string(reader->row()));
                fields.emplace_back(to_string(result.status));
                fields.emplace_back(to_chinese(result.status));
                fields.push_back(std::to_string(found_.children[mismatches[next].second].row));
                writer->write_row(fields);
            }
            ++record;
        }
    }
    writer->commit();
    tool_.summary().add("poverty mismatches", static_cast<long>(mismatches.size()));
}

void FlagWriter::report() {
    long counts[kChildStatusCount] = {};
    long school_age = 0, review = 0, unknown_age = 0, duplicates = 0;
    std::map<std::string, std::pair<long, long>> by_township;  // school-age, out of school
    for (size_t c = 0; c < found_.children.size(); ++c) {
        const ChildResult& result = found_.results[c];
        if (found_.children[c].age < 0) ++unknown_age;
        if (!result.school_age) continue;
        ++school_age;
        auto& place = by_township[found_.places[found_.children[c].township]];
        ++place.first;
        duplicates += result.duplicate_enrolment;
        if (result.review) {
            ++review;
            continue;
        }
        ++counts[static_cast<int>(result.status)];
        if (is_out_of_school(result.status)) ++place.second;
    }
    Summary& summary = tool_.summary();
    // Every registry row is counted once: school-age, not school-age, no birth date, a repeat, or
    // moved away.
    long registry_rows = 0;
    for (const auto& rows : found_.row_to_child) registry_rows += static_cast<long>(rows.size());
    const long not_school_age =
        registry_rows - school_age - unknown_age - found_.registry_duplicates - found_.registry_moved_away;
    const auto roster_linked = static_cast<long>(std::count(found_.roster_claimed.begin(), found_.roster_claimed.end(), true));
    summary.add("roster rows linked", roster_linked);
    summary.add("roster rows not linked", static_cast<long>(found_.roster.size()) - roster_linked);
    summary.add("school-age children", school_age);
    summary.add("not school-age", not_school_age);
    for (int s = 0; s < kChildStatusCount; ++s) summary.add(std::string(to_string(static_cast<ChildStatus>(s))), counts[s]);
    summary.add("review", review);
    summary.add("flagged", flagged_count_);
    if (options_.by_household) summary.add("flagged households", flagged_households_);
    summary.add("duplicate enrolments", duplicates);
    summary.add("no birth date", unknown_age);
    if (review > 0 && options_.review_path.empty()) {
        const bool one = review == 1;
        tool_.warn("", 0, fmt::format("{} {} a clerk's review and {} in {}; write {} with --review FILE", review,
                                      one ? "child needs" : "children need", one ? "is" : "are",
                                      options_.all_path.empty() ? "no list" : "no list but the --all ledger",
                                      one ? "it" : "them"));
    }
    if (tool_.quiet()) return;
    std::cerr << tool_.name() << ": by township (school-age / out of school):";
    size_t order = 0;
    for (const auto& [township, numbers] : by_township) {
        std::cerr << fmt::format(" {} {}/{};", township_label(township, ++order), numbers.first, numbers.second);
    }
    std::cerr << '\n';
}

// A township as the summary may print it: its name, or its place in the list when the cell does
// not read as a township's name (a township column holding addresses would put them in logs).
std::string FlagWriter::township_label(const std::string& township, size_t order) {
    if (township.empty()) return "(none)";
    return looks_like_township_name(township) ? township : fmt::format("(township {})", order);
}

// The roster record whose school, grade and status the output shows: the county's, else the
// one on another county's roster.
// The guardian and phone of the roster record shown for child c, else of a record of its
// household's (empty without one).
std::pair<std::string, std::string> FlagWriter::roster_contact_of(size_t c) const {
    int64_t r = found_.results[c].shown_record;
    // A record of a pupil registered elsewhere may be a namesake's (migrant_record_link).
    if (r >= 0 && found_.roster[static_cast<size_t>(r)].registered_elsewhere) r = -1;
    if (r < 0) {
        const auto& by_child = found_.household_contact_records;
        const auto it = std::lower_bound(by_child.begin(), by_child.end(), std::pair<uint32_t, uint32_t>(static_cast<uint32_t>(c), 0));
        if (it != by_child.end() && it->first == c) r = it->second;
    }
    if (r < 0 || static_cast<size_t>(r) >= found_.roster_contacts.size()) return {};
    const auto [guardian, phone] = found_.roster_contacts[static_cast<size_t>(r)];
    return {found_.contacts[guardian], found_.contacts[phone]};
}

const RosterRecord* FlagWriter::shown_roster_record(size_t c) const {
    if (found_.results[c].shown_record >= 0) return &found_.roster[found_.results[c].shown_record];
    if (const RosterRecord* record = found_.elsewhere_record(c)) return record;
    return nullptr;
}

}  // namespace bx::flagging
