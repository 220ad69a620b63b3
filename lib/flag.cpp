#include "flag.h"

#include <algorithm>
#include <iostream>
#include <map>
#include <unordered_map>

#include <fmt/format.h>

#include "child_status.h"
#include "errors.h"
#include "names.h"
#include "school_status.h"
#include "spooled_input.h"

namespace bx {

std::pair<int, int> parse_age_range(std::string_view text) {
    const auto dash = text.find('-');
    auto number = [&](std::string_view part) {
        int value = 0;
        if (part.empty() || part.size() > 2) throw UsageError("--ages wants MIN-MAX, e.g. 6-15");
        for (char c : part) {
            if (c < '0' || c > '9') throw UsageError("--ages wants MIN-MAX, e.g. 6-15");
            value = value * 10 + (c - '0');
        }
        return value;
    };
    if (dash == std::string_view::npos) throw UsageError("--ages wants MIN-MAX, e.g. 6-15");
    const int low = number(text.substr(0, dash));
    const int high = number(text.substr(dash + 1));
    if (low > high) throw UsageError("--ages: MIN is above MAX");
    return {low, high};
}

namespace {

// Registry rows older than this on the cutoff day are not linked at all (adults).
constexpr int kOldestLinked = 18;

struct RegistryFile {
    std::string path;  // re-readable (stdin spooled)
    std::string name;  // as given, for messages
    std::vector<size_t> to_union;  // column -> position in the union header
    std::optional<size_t> township, village, household, head, guardian, phone, address, name_column;
};

// A registry row kept for linking (children and teenagers).
struct Child {
    uint16_t file = 0;
    int age = -1;  // on the cutoff day; -1 when no birth date is known
    std::string township, village, household;
};

struct RosterRecord {
    uint16_t file = 0;
    RosterEvidence evidence;
    std::string school, grade, status, left_behind;
};

struct PovertyRecord {
    std::string attribute;
    bool unsupported = false;
    PovertySchooling schooling = PovertySchooling::other;
};

struct ChildResult {
    bool school_age = false;
    bool review = false;
    ChildStatus status = ChildStatus::not_enrolled;
    int64_t shown_record = -1;  // roster record shown as the last school
    LinkMethod method = LinkMethod::none;
    double weight = 0;
    int64_t poverty = -1;
    bool duplicate_enrolment = false;
    std::string_view review_reason;
};

std::string_view cell(const CsvReader& reader, const std::optional<size_t>& column) {
    return column ? reader.field(*column) : std::string_view{};
}

bool yes_text(std::string_view text) {
    return text == "是" || text == "1" || text == "Y" || text == "y" || text == "yes" || text == "有";
}

int school_type_of(std::string_view code) {
    if (code.size() != 10) return 0;
    const int type = (code[0] - '0') * 10 + (code[1] - '0');
    return type == 21 || type == 31 || type == 51 ? type : 0;
}

class FlagJob {
public:
    FlagJob(Tool& tool, const FlagOptions& options)
        : tool_(tool), options_(options), cutoff_day_(cutoff_date(school_year_containing(options.as_of), options.cutoff)) {
        id_options_.reference_day = options.as_of;
    }

    void run() {
        read_registries();
        read_rosters();
        link_rosters();
        read_and_link_elsewhere();
        read_and_link_exemptions();
        read_and_link_poverty();
        decide_statuses();
        write_registry_outputs();
        if (!options_.unregistered_path.empty()) write_unregistered();
        if (!options_.poverty_mismatch_path.empty()) write_poverty_mismatches();
        report();
    }

private:
    // ---- reading -------------------------------------------------------------------------
    void read_registries() {
        for (const auto& given : options_.registries) {
            RegistryFile file;
            file.name = given;
            file.path = spool_.path_for(given);
            auto reader = tool_.open_input(file.path);
            const ColumnMap columns = tool_.columns(*reader);
            const PersonExtractor extractor(columns, id_options_);
            map_union_header(reader->header(), file);
            file.township = columns.find("township");
            file.village = columns.find("village");
            file.household = columns.find("household");
            file.head = columns.find("head");
            file.guardian = columns.find("guardian");
            file.phone = columns.find("phone");
            file.address = columns.find("address");
            file.name_column = columns.find("name");
            const auto file_index = static_cast<uint16_t>(registry_files_.size());
            row_to_child_.emplace_back();
            while (reader->next()) {
                Person person = extractor.extract(*reader);
                const int age = person.birth ? age_on(*person.birth, cutoff_day_) : -1;
                row_to_child_.back().push_back(-1);
                if (age > kOldestLinked) continue;
                row_to_child_.back().back() = static_cast<int32_t>(children_.size());
                children_.push_back({file_index, age, std::string(cell(*reader, file.township)),
                                     std::string(cell(*reader, file.village)),
                                     std::string(cell(*reader, file.household))});
                child_people_.push_back(std::move(person));
            }
            tool_.summary().add("registry rows", reader->row());
            registry_files_.push_back(std::move(file));
        }
    }

    void map_union_header(const std::vector<std::string>& header, RegistryFile& file) {
        for (const auto& name : header) {
            auto it = std::find(union_header_.begin(), union_header_.end(), name);
            if (it == union_header_.end()) {
                union_header_.push_back(name);
                it = union_header_.end() - 1;
            }
            file.to_union.push_back(static_cast<size_t>(it - union_header_.begin()));
        }
    }

    // Reads roster-shaped files (county rosters or other counties'), with a Person per row.
    void read_rosters_into(const std::vector<std::string>& paths, std::vector<Person>& people,
                           std::vector<RosterRecord>& records, std::vector<std::string>* kept_paths,
                           const std::string& label) {
        for (const auto& given : paths) {
            const std::string path = spool_.path_for(given);
            if (kept_paths) kept_paths->push_back(path);
            auto reader = tool_.open_input(path);
            const ColumnMap columns = tool_.columns(*reader);
            const PersonExtractor extractor(columns, id_options_);
            const size_t status = columns.require("status");
            const auto school = columns.find("school"), school_code = columns.find("school_code"),
                       grade = columns.find("grade"), left_behind = columns.find("left_behind");
            const auto file_index = static_cast<uint16_t>(kept_paths ? kept_paths->size() - 1 : 0);
            while (reader->next()) {
                people.push_back(extractor.extract(*reader));
                RosterRecord record;
                record.file = file_index;
                record.status = reader->field(status);
                record.evidence.state = classify_roster_status(record.status);
                record.grade = cell(*reader, grade);
                record.evidence.grade = parse_grade(record.grade);
                record.evidence.school_type = school_type_of(cell(*reader, school_code));
                record.school = cell(*reader, school);
                record.left_behind = yes_text(cell(*reader, left_behind)) ? "是" : "";
                records.push_back(std::move(record));
            }
            tool_.summary().add(label, reader->row());
        }
    }

    void read_rosters() {
        read_rosters_into(options_.rosters, roster_people_, roster_, &roster_paths_, "roster rows");
    }

    // ---- linking -------------------------------------------------------------------------
    void link_rosters() {
        roster_links_ = link_records(child_people_, roster_people_, options_.link).decisions;
        std::unordered_map<uint64_t, std::vector<uint32_t>> by_id;
        for (uint32_t i = 0; i < roster_people_.size(); ++i) {
            if (roster_people_[i].id_key != 0) by_id[roster_people_[i].id_key].push_back(i);
        }
        roster_claimed_.assign(roster_.size(), false);
        child_records_.resize(children_.size());
        for (size_t c = 0; c < children_.size(); ++c) {
            auto& records = child_records_[c];
            auto add_same_id = [&](uint64_t key) {
                if (key == 0) return;
                const auto it = by_id.find(key);
                if (it != by_id.end()) records.insert(records.end(), it->second.begin(), it->second.end());
            };
            const LinkDecision& link = roster_links_[c];
            if (link.right >= 0 && link.method != LinkMethod::review) {
                records.push_back(static_cast<uint32_t>(link.right));
                add_same_id(roster_people_[link.right].id_key);
            }
            add_same_id(child_people_[c].id_key);
            std::sort(records.begin(), records.end());
            records.erase(std::unique(records.begin(), records.end()), records.end());
            for (uint32_t r : records) roster_claimed_[r] = true;
        }
    }

    void read_and_link_elsewhere() {
        if (options_.elsewhere.empty()) return;
        std::vector<Person> people;
        std::vector<RosterRecord> records;
        read_rosters_into(options_.elsewhere, people, records, nullptr, "elsewhere rows");
        const auto links = link_records(child_people_, people, options_.link).decisions;
        enrolled_elsewhere_.assign(children_.size(), false);
        for (size_t c = 0; c < children_.size(); ++c) {
            const auto& link = links[c];
            if (link.right >= 0 && link.method != LinkMethod::review) {
                enrolled_elsewhere_[c] = counts_as_enrolled(records[link.right].evidence.state);
            }
        }
    }

    void read_and_link_exemptions() {
        if (options_.exemptions.empty()) return;
        std::vector<Person> people;
        std::vector<ExemptionKind> kinds;
        for (const auto& given : options_.exemptions) {
            auto reader = tool_.open_input(spool_.path_for(given));
            const ColumnMap columns = tool_.columns(*reader);
            const PersonExtractor extractor(columns, id_options_);
            const size_t category = columns.require("category");
            while (reader->next()) {
                people.push_back(extractor.extract(*reader));
                kinds.push_back(classify_exemption(reader->field(category)));
            }
            tool_.summary().add("exemption rows", reader->row());
        }
        const auto links = link_records(child_people_, people, options_.link).decisions;
        exemption_.assign(children_.size(), std::nullopt);
        for (size_t c = 0; c < children_.size(); ++c) {
            if (links[c].right >= 0 && links[c].method != LinkMethod::review) exemption_[c] = kinds[links[c].right];
        }
    }

    void read_and_link_poverty() {
        if (options_.poverty.empty()) return;
        std::vector<Person> people;
        for (const auto& given : options_.poverty) {
            const std::string path = spool_.path_for(given);
            poverty_paths_.push_back(path);
            auto reader = tool_.open_input(path);
            const ColumnMap columns = tool_.columns(*reader);
            const PersonExtractor extractor(columns, id_options_);
            const auto attribute = columns.find("poverty_attr"), schooling = columns.find("schooling"),
                       unsupported = columns.find("unsupported");
            while (reader->next()) {
                people.push_back(extractor.extract(*reader));
                poverty_.push_back({std::string(cell(*reader, attribute)), yes_text(cell(*reader, unsupported)),
                                    classify_poverty_schooling(cell(*reader, schooling))});
            }
            tool_.summary().add("poverty rows", reader->row());
        }
        const auto links = link_records(child_people_, people, options_.link).decisions;
        poverty_of_child_.assign(children_.size(), -1);
        for (size_t c = 0; c < children_.size(); ++c) {
            if (links[c].right >= 0 && links[c].method != LinkMethod::review) poverty_of_child_[c] = links[c].right;
        }
    }

    // ---- deciding ------------------------------------------------------------------------
    ChildEvidence evidence_for(size_t c, const std::vector<uint32_t>& records) const {
        ChildEvidence evidence;
        for (uint32_t r : records) evidence.county.push_back(roster_[r].evidence);
        evidence.enrolled_elsewhere = !enrolled_elsewhere_.empty() && enrolled_elsewhere_[c];
        if (!exemption_.empty()) evidence.exemption = exemption_[c];
        return evidence;
    }

    void decide_statuses() {
        results_.resize(children_.size());
        for (size_t c = 0; c < children_.size(); ++c) {
            ChildResult& result = results_[c];
            const int age = children_[c].age;
            result.school_age = age >= options_.min_age && age <= options_.max_age;
            if (!result.school_age) continue;
            const StatusFinding finding = decide_status(evidence_for(c, child_records_[c]));
            result.status = finding.status;
            const LinkDecision& link = roster_links_[c];
            result.method = link.method;
            result.weight = link.weight;
            if (!poverty_of_child_.empty()) result.poverty = poverty_of_child_[c];
            result.shown_record = shown_record(c, finding.status);
            result.duplicate_enrolment = count_enrolments(child_records_[c]) > 1;
            if (finding.unknown_roster_status) {
                result.review = true;
                result.review_reason = "unknown_roster_status";
            } else if (link.method == LinkMethod::review && link.right >= 0) {
                review_if_it_matters(c, result, static_cast<uint32_t>(link.right));
            }
        }
    }

    // An uncertain roster link goes to a clerk only when it decides whether the child is flagged.
    void review_if_it_matters(size_t c, ChildResult& result, uint32_t candidate) {
        std::vector<uint32_t> with = child_records_[c];
        with.push_back(candidate);
        const ChildStatus if_linked = decide_status(evidence_for(c, with)).status;
        if (is_out_of_school(if_linked) == is_out_of_school(result.status)) return;
        result.review = true;
        result.review_reason = "uncertain_roster_link";
        result.shown_record = candidate;
    }

    int count_enrolments(const std::vector<uint32_t>& records) const {
        return static_cast<int>(std::count_if(records.begin(), records.end(), [&](uint32_t r) {
            return counts_as_enrolled(roster_[r].evidence.state);
        }));
    }

    int64_t shown_record(size_t c, ChildStatus status) const {
        const auto& records = child_records_[c];
        for (uint32_t r : records) {
            if (status == ChildStatus::enrolled && counts_as_enrolled(roster_[r].evidence.state)) return r;
        }
        if (roster_links_[c].right >= 0 && roster_links_[c].method != LinkMethod::review) return roster_links_[c].right;
        return records.empty() ? -1 : static_cast<int64_t>(records.front());
    }

    // ---- writing -------------------------------------------------------------------------
    std::vector<std::string> added_columns(bool review) const {
        static const std::vector<std::pair<std::string, std::string>> kColumns = {
            {"registry_row", "户籍行号"},   {"status", "状态"},          {"status_zh", "状态说明"},
            {"priority", "优先级"},         {"last_school", "最后就读学校"}, {"last_grade", "年级"},
            {"roster_status", "学籍状态"},  {"poverty", "建档立卡"},      {"poverty_attr", "贫困户属性"},
            {"left_behind", "留守儿童"},    {"duplicate_enrolment", "重复学籍"},
            {"match_method", "匹配方式"},   {"match_weight", "匹配权重"}};
        std::vector<std::string> names;
        for (const auto& [code, chinese] : kColumns) names.push_back(options_.chinese_labels ? chinese : code);
        if (review) names.push_back(options_.chinese_labels ? "复核原因" : "review_reason");
        return names;
    }

    // 1: a 建档立卡 child or a de-facto unsupported child; 2: everyone else.
    int priority_of(const ChildResult& result) const {
        return result.poverty >= 0 ? 1 : 2;
    }

    std::vector<std::string> added_values(size_t c, bool review) const {
        const ChildResult& result = results_[c];
        const RosterRecord* shown = result.shown_record >= 0 ? &roster_[result.shown_record] : nullptr;
        const PovertyRecord* poverty = result.poverty >= 0 ? &poverty_[result.poverty] : nullptr;
        std::vector<std::string> values = {
            std::to_string(child_people_[c].row),
            std::string(to_string(result.status)),
            std::string(to_chinese(result.status)),
            std::to_string(priority_of(result)),
            shown ? shown->school : "",
            shown ? shown->grade : "",
            shown ? shown->status : "",
            poverty ? "是" : "",
            poverty ? poverty->attribute : "",
            shown ? shown->left_behind : "",
            result.duplicate_enrolment ? "是" : "",
            std::string(to_string(result.method)),
            result.method == LinkMethod::none ? "" : fmt::format("{:.1f}", result.weight)};
        if (review) values.emplace_back(result.review_reason);
        return values;
    }

    struct PendingRow {
        size_t child;
        std::vector<std::string> fields;
    };

    void write_registry_outputs() {
        std::unique_ptr<CsvWriter> all;
        if (!options_.all_path.empty()) {
            all = tool_.open_output(options_.all_path);
            write_header(*all, false);
        }
        std::vector<PendingRow> flagged, review;
        for (uint16_t f = 0; f < registry_files_.size(); ++f) {
            const RegistryFile& file = registry_files_[f];
            auto reader = tool_.open_input(file.path);
            while (reader->next()) {
                const int32_t c = row_to_child_[f][reader->row() - 1];
                if (c < 0 || !results_[c].school_age) continue;
                std::vector<std::string> fields(union_header_.size());
                for (size_t i = 0; i < file.to_union.size(); ++i) fields[file.to_union[i]] = reader->field(i);
                const ChildResult& result = results_[c];
                if (all) write_child(*all, fields, static_cast<size_t>(c), false);
                if (result.review) {
                    review.push_back({static_cast<size_t>(c), std::move(fields)});
                } else if (is_out_of_school(result.status)) {
                    flagged.push_back({static_cast<size_t>(c), std::move(fields)});
                }
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

    void sort_by_place(std::vector<PendingRow>& rows) const {
        std::stable_sort(rows.begin(), rows.end(), [&](const PendingRow& a, const PendingRow& b) {
            const Child& x = children_[a.child];
            const Child& y = children_[b.child];
            return std::tie(x.township, x.village, x.household) < std::tie(y.township, y.village, y.household);
        });
    }

    void write_header(CsvWriter& writer, bool review) const {
        std::vector<std::string> header = union_header_;
        for (auto& name : added_columns(review)) header.push_back(std::move(name));
        writer.write_row(header);
    }

    void write_child(CsvWriter& writer, const std::vector<std::string>& fields, size_t c, bool review) const {
        for (const auto& value : fields) writer.field(value);
        for (const auto& value : added_values(c, review)) writer.field(value);
        writer.end_row();
    }

    // One row per household: one letter per family for mail merge.
    void write_households(CsvWriter& writer, const std::vector<PendingRow>& flagged) const {
        const bool zh = options_.chinese_labels;
        writer.write_row(std::vector<std::string>{
            zh ? "乡镇" : "township", zh ? "村" : "village", zh ? "户号" : "household",
            zh ? "户主姓名" : "head", zh ? "监护人" : "guardian", zh ? "联系电话" : "phone",
            zh ? "住址" : "address", zh ? "儿童人数" : "children_count", zh ? "儿童名单" : "children",
            zh ? "优先级" : "priority", zh ? "建档立卡" : "poverty"});
        for (size_t i = 0; i < flagged.size();) {
            size_t j = i + 1;
            const Child& first = children_[flagged[i].child];
            while (j < flagged.size() && !first.household.empty() &&
                   children_[flagged[j].child].file == first.file &&
                   children_[flagged[j].child].household == first.household) {
                ++j;
            }
            write_household(writer, flagged, i, j);
            i = j;
        }
    }

    void write_household(CsvWriter& writer, const std::vector<PendingRow>& rows, size_t begin, size_t end) const {
        const Child& first = children_[rows[begin].child];
        const RegistryFile& file = registry_files_[first.file];
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
            names += fmt::format("{}({})", name, to_chinese(results_[c].status));
            priority = std::min(priority, priority_of(results_[c]));
            poverty = poverty || results_[c].poverty >= 0;
        }
        writer.write_row(std::vector<std::string>{
            first.township, first.village, first.household, value(file.head), value(file.guardian),
            value(file.phone), value(file.address), std::to_string(end - begin), names,
            std::to_string(priority), poverty ? "是" : ""});
    }

    // Roster records that belong to no registry row here: migrant children, or errors.
    void write_unregistered() {
        auto writer = tool_.open_output(options_.unregistered_path);
        std::vector<std::string> header;
        std::vector<std::vector<size_t>> to_union;
        std::vector<std::unique_ptr<CsvReader>> readers;
        for (const auto& path : roster_paths_) {
            readers.push_back(tool_.open_input(path));
            to_union.emplace_back();
            for (const auto& name : readers.back()->header()) {
                auto it = std::find(header.begin(), header.end(), name);
                if (it == header.end()) it = header.insert(header.end(), name);
                to_union.back().push_back(static_cast<size_t>(it - header.begin()));
            }
        }
        std::vector<std::string> full = header;
        full.push_back("roster_file");
        full.push_back("roster_row");
        writer->write_row(full);
        size_t record = 0;
        long written = 0;
        for (size_t f = 0; f < readers.size(); ++f) {
            while (readers[f]->next()) {
                if (!roster_claimed_[record++]) {
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
    void write_poverty_mismatches() {
        std::vector<std::pair<size_t, size_t>> mismatches;  // poverty record, child
        for (size_t c = 0; c < children_.size(); ++c) {
            const ChildResult& result = results_[c];
            if (!result.school_age || result.review || result.poverty < 0) continue;
            const PovertySchooling said = poverty_[result.poverty].schooling;
            const bool out = is_out_of_school(result.status);
            const bool differs = (said == PovertySchooling::in_school && out) ||
                                 (said == PovertySchooling::out_of_school && result.status == ChildStatus::enrolled);
            if (differs) mismatches.emplace_back(static_cast<size_t>(result.poverty), c);
        }
        std::sort(mismatches.begin(), mismatches.end());
        auto writer = tool_.open_output(options_.poverty_mismatch_path);
        size_t next = 0;
        size_t record = 0;
        for (size_t f = 0; f < poverty_paths_.size(); ++f) {
            auto reader = tool_.open_input(poverty_paths_[f]);
            if (f == 0) {
                std::vector<std::string> header = reader->header();
                for (const char* extra : {"poverty_row", "found_status", "found_status_zh", "registry_row"}) header.emplace_back(extra);
                writer->write_row(header);
            }
            while (reader->next()) {
                for (; next < mismatches.size() && mismatches[next].first == record; ++next) {
                    std::vector<std::string> fields(reader->fields().begin(), reader->fields().end());
                    fields.resize(reader->header().size());
                    const ChildResult& result = results_[mismatches[next].second];
                    fields.push_back(std::to_string(reader->row()));
                    fields.emplace_back(to_string(result.status));
                    fields.emplace_back(to_chinese(result.status));
                    fields.push_back(std::to_string(child_people_[mismatches[next].second].row));
                    writer->write_row(fields);
                }
                ++record;
            }
        }
        writer->commit();
        tool_.summary().add("poverty mismatches", static_cast<long>(mismatches.size()));
    }

    // ---- summary -------------------------------------------------------------------------
    void report() {
        long counts[kChildStatusCount] = {};
        long school_age = 0, review = 0, unknown_age = 0, duplicates = 0;
        std::map<std::string, std::pair<long, long>> by_township;  // school-age, out of school
        for (size_t c = 0; c < children_.size(); ++c) {
            const ChildResult& result = results_[c];
            if (children_[c].age < 0) ++unknown_age;
            if (!result.school_age) continue;
            ++school_age;
            auto& place = by_township[children_[c].township];
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
        summary.add("school-age children", school_age);
        for (int s = 0; s < kChildStatusCount; ++s) summary.add(std::string(to_string(static_cast<ChildStatus>(s))), counts[s]);
        summary.add("review", review);
        summary.add("flagged", flagged_count_);
        summary.add("duplicate enrolments", duplicates);
        summary.add("no birth date", unknown_age);
        if (tool_.quiet()) return;
        std::cerr << tool_.name() << ": by township (school-age / out of school):";
        for (const auto& [township, numbers] : by_township) {
            std::cerr << fmt::format(" {} {}/{};", township.empty() ? "(none)" : township, numbers.first, numbers.second);
        }
        std::cerr << '\n';
    }

    Tool& tool_;
    const FlagOptions& options_;
    Date cutoff_day_;
    IdCheckOptions id_options_;
    SpooledInputs spool_;

    std::vector<std::string> union_header_;
    std::vector<RegistryFile> registry_files_;
    std::vector<std::vector<int32_t>> row_to_child_;
    std::vector<Child> children_;
    std::vector<Person> child_people_;

    std::vector<std::string> roster_paths_;
    std::vector<Person> roster_people_;
    std::vector<RosterRecord> roster_;
    std::vector<LinkDecision> roster_links_;
    std::vector<std::vector<uint32_t>> child_records_;
    std::vector<bool> roster_claimed_;

    std::vector<bool> enrolled_elsewhere_;
    std::vector<std::optional<ExemptionKind>> exemption_;
    std::vector<std::string> poverty_paths_;
    std::vector<PovertyRecord> poverty_;
    std::vector<int64_t> poverty_of_child_;

    std::vector<ChildResult> results_;
    long flagged_count_ = 0;
};

}  // namespace

void run_flag(Tool& tool, const FlagOptions& options) {
    FlagJob job(tool, options);
    job.run();
}

}  // namespace bx
