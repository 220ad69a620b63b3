#include "flag.h"

#include <algorithm>
#include <iostream>
#include <map>
#include <thread>
#include <unordered_map>

#include <fmt/format.h>

#include "child_status.h"
#include "errors.h"
#include "link_compare.h"
#include "link_model_file.h"
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

// Registry rows older than this on the cutoff day are not linked at all (adults), nor those
// this many years younger than the entry age (babies: no roster has them).
constexpr int kOldestLinked = 18;
constexpr int kYoungestLinkedBelowEntry = 2;

struct RegistryFile {
    std::string path;  // re-readable (stdin spooled)
    std::string name;  // as given, for messages
    std::vector<size_t> to_union;  // column -> position in the union header
    std::optional<size_t> township, village, household, head, guardian, phone, address, name_column;
};

// Each distinct text once: townships, villages, schools, grades and statuses repeat on
// millions of rows.
class TextPool {
public:
    uint32_t intern(std::string_view text) {
        const auto [it, inserted] = index_.try_emplace(std::string(text), static_cast<uint32_t>(texts_.size()));
        if (inserted) texts_.push_back(&it->first);
        return it->second;
    }
    const std::string& operator[](uint32_t id) const { return *texts_[id]; }

private:
    std::unordered_map<std::string, uint32_t> index_;
    std::vector<const std::string*> texts_;
};

// A registry row kept for linking (children and teenagers).
struct Child {
    uint16_t file = 0;
    int16_t age = -1;  // on the cutoff day; -1 when no birth date is known
    uint32_t township = 0, village = 0;  // in the text pool
    std::string household;
};

struct RosterRecord {
    RosterEvidence evidence;
    bool left_behind = false;
    uint32_t school = 0, grade = 0, status = 0;  // in the text pool
};

struct PovertyRecord {
    uint32_t attribute = 0;  // 贫困户属性, in the text pool
    PovertySchooling schooling = PovertySchooling::other;
};

// Side files: other counties' rosters, exemption lists, poverty files. Read on the second core
// while the registry is read; linked once the roster links are known.
struct SideFiles {
    std::vector<std::string> elsewhere, exemptions, poverty;  // resolved paths
    std::vector<LinkRecord> elsewhere_keys, exemption_keys, poverty_keys;
    std::vector<RosterRecord> elsewhere_records;
    std::vector<ExemptionKind> exemption_kinds;
    long elsewhere_rows = 0, exemption_rows = 0, poverty_rows = 0;
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
        SideFiles side;
        read_all(side);
        link_rosters();
        link_side_files(side);
        decide_statuses();
        write_registry_outputs();
        if (!options_.unregistered_path.empty()) write_unregistered();
        if (!options_.poverty_mismatch_path.empty()) write_poverty_mismatches();
        report();
    }

private:
    // ---- reading -------------------------------------------------------------------------
    std::unique_ptr<CsvReader> open(const std::string& path) const {
        return tool_.open_input(path, spool_.display_name(path));
    }

    // The registry is read on this core; the rosters and then the side files on the other.
    // Each side has its own text pool; the name caches underneath are per thread.
    void read_all(SideFiles& side) {
        auto resolve = [&](const std::vector<std::string>& given) {
            std::vector<std::string> paths;
            for (const auto& path : given) paths.push_back(spool_.path_for(path));
            return paths;
        };
        const std::vector<std::string> registry_paths = resolve(options_.registries);
        roster_paths_ = resolve(options_.rosters);
        side.elsewhere = resolve(options_.elsewhere);
        side.exemptions = resolve(options_.exemptions);
        side.poverty = resolve(options_.poverty);
        poverty_paths_ = side.poverty;
        long roster_rows = 0;
        std::exception_ptr other_error;
        std::thread other_core([&] {
            try {
                roster_rows = read_rosters_into(roster_paths_, roster_keys_, roster_);
                read_side_files(side);
            } catch (...) {
                other_error = std::current_exception();
            }
        });
        try {
            read_registries(registry_paths);
        } catch (...) {
            other_core.join();
            throw;
        }
        other_core.join();
        if (other_error) std::rethrow_exception(other_error);
        tool_.summary().add("roster rows", roster_rows);
        if (!side.elsewhere.empty()) tool_.summary().add("elsewhere rows", side.elsewhere_rows);
        if (!side.exemptions.empty()) tool_.summary().add("exemption rows", side.exemption_rows);
        if (!side.poverty.empty()) tool_.summary().add("poverty rows", side.poverty_rows);
    }

    void read_registries(const std::vector<std::string>& paths) {
        for (size_t i = 0; i < paths.size(); ++i) {
            RegistryFile file;
            file.name = options_.registries[i];
            file.path = paths[i];
            auto reader = open(file.path);
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
                const Person person = extractor.extract(*reader);
                const int age = person.birth ? age_on(*person.birth, cutoff_day_) : -1;
                row_to_child_.back().push_back(-1);
                if (age > kOldestLinked || (age >= 0 && age < options_.min_age - kYoungestLinkedBelowEntry)) continue;
                row_to_child_.back().back() = static_cast<int32_t>(children_.size());
                children_.push_back({file_index, static_cast<int16_t>(age), places_.intern(cell(*reader, file.township)),
                                     places_.intern(cell(*reader, file.village)),
                                     std::string(cell(*reader, file.household))});
                child_keys_.push_back(make_link_record(person));
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

    // Reads roster-shaped files (county rosters or other counties') at resolved paths, with a
    // compact record per row; returns the number of rows read.
    long read_rosters_into(const std::vector<std::string>& paths, std::vector<LinkRecord>& people,
                           std::vector<RosterRecord>& records) {
        long rows = 0;
        for (const auto& path : paths) {
            auto reader = open(path);
            const ColumnMap columns = tool_.columns(*reader);
            const PersonExtractor extractor(columns, id_options_);
            const size_t status = columns.require("status");
            const auto school = columns.find("school"), school_code = columns.find("school_code"),
                       grade = columns.find("grade"), left_behind = columns.find("left_behind");
            while (reader->next()) {
                people.push_back(make_link_record(extractor.extract(*reader)));
                RosterRecord record;
                record.status = schools_.intern(reader->field(status));
                record.evidence.state = classify_roster_status(reader->field(status));
                record.grade = schools_.intern(cell(*reader, grade));
                record.evidence.grade = parse_grade(cell(*reader, grade));
                record.evidence.school_type = school_type_of(cell(*reader, school_code));
                record.school = schools_.intern(cell(*reader, school));
                record.left_behind = yes_text(cell(*reader, left_behind));
                records.push_back(record);
            }
            rows += reader->row();
        }
        return rows;
    }

    // Round 1 links every child to at most one roster record, and the records that share its
    // ID join it. A pupil who changed school inside the county has a 转出 record at the old
    // school and a 转入 record, perhaps with a mistyped ID, at the new one: a child whose only
    // records are 转出 gets a second round against the records nobody claimed, with round 1's
    // model (the few pairs of round 2 are too few to estimate one).
    void link_rosters() {
        LinkOptions options = options_.link;
        LinkModel given;
        if (!options_.model_path.empty()) {
            given = read_model_file(options_.model_path);
            options.model = &given;
        }
        LinkResult round_one = link_records(child_keys_, roster_keys_, options);
        roster_links_ = std::move(round_one.decisions);
        roster_model_ = std::move(round_one.model);
        if (!options_.save_model_path.empty()) write_model_file(options_.save_model_path, roster_model_);
        for (uint32_t i = 0; i < roster_keys_.size(); ++i) {
            if (const uint64_t key = usable_id(roster_keys_[i])) roster_by_id_.emplace_back(key, i);
        }
        std::sort(roster_by_id_.begin(), roster_by_id_.end());
        roster_claimed_.assign(roster_.size(), false);
        child_records_.resize(children_.size());
        for (size_t c = 0; c < children_.size(); ++c) {
            const LinkDecision& link = roster_links_[c];
            if (is_link(link.method)) claim(c, static_cast<uint32_t>(link.right));
            add_same_id(c, usable_id(child_keys_[c]));
        }
        link_unclaimed_records();
    }

    static uint64_t usable_id(const LinkRecord& record) { return record.id_usable() ? record.id : 0; }

    // Gives the child roster record r and every record sharing r's ID.
    void claim(size_t c, uint32_t r) {
        auto& records = child_records_[c];
        if (std::find(records.begin(), records.end(), r) == records.end()) records.push_back(r);
        roster_claimed_[r] = true;
        add_same_id(c, usable_id(roster_keys_[r]));
    }

    void add_same_id(size_t c, uint64_t key) {
        if (key == 0) return;
        const auto first = std::lower_bound(roster_by_id_.begin(), roster_by_id_.end(), std::pair<uint64_t, uint32_t>(key, 0));
        for (auto it = first; it != roster_by_id_.end() && it->first == key; ++it) {
            const uint32_t r = it->second;
            auto& records = child_records_[c];
            if (std::find(records.begin(), records.end(), r) == records.end()) records.push_back(r);
            roster_claimed_[r] = true;
        }
    }

    void link_unclaimed_records() {
        std::vector<uint32_t> children, records;
        for (uint32_t c = 0; c < children_.size(); ++c) {
            const auto& mine = child_records_[c];
            const bool transferred_only = !mine.empty() && std::all_of(mine.begin(), mine.end(), [&](uint32_t r) {
                return roster_[r].evidence.state == RosterState::transferred_out;
            });
            if (transferred_only) children.push_back(c);
        }
        for (uint32_t r = 0; r < roster_.size(); ++r) {
            if (!roster_claimed_[r]) records.push_back(r);
        }
        if (children.empty() || records.empty()) return;
        std::vector<LinkRecord> left, right;
        for (uint32_t c : children) left.push_back(child_keys_[c]);
        for (uint32_t r : records) right.push_back(roster_keys_[r]);
        LinkOptions second_round = options_.link;
        second_round.model = &roster_model_;
        const auto decisions = link_records(left, right, second_round).decisions;
        long linked = 0;
        for (size_t i = 0; i < children.size(); ++i) {
            if (is_link(decisions[i].method)) {
                claim(children[i], records[static_cast<size_t>(decisions[i].right)]);
                ++linked;
            }
        }
        tool_.summary().add("second-round roster links", linked);
    }

    void read_side_files(SideFiles& side) {
        side.elsewhere_rows = read_rosters_into(side.elsewhere, side.elsewhere_keys, side.elsewhere_records);
        for (const auto& path : side.exemptions) {
            auto reader = open(path);
            const ColumnMap columns = tool_.columns(*reader);
            const PersonExtractor extractor(columns, id_options_);
            const size_t category = columns.require("category");
            while (reader->next()) {
                side.exemption_keys.push_back(make_link_record(extractor.extract(*reader)));
                side.exemption_kinds.push_back(classify_exemption(reader->field(category)));
            }
            side.exemption_rows += reader->row();
        }
        for (const auto& path : side.poverty) {
            auto reader = open(path);
            const ColumnMap columns = tool_.columns(*reader);
            const PersonExtractor extractor(columns, id_options_);
            const auto attribute = columns.find("poverty_attr"), schooling = columns.find("schooling");
            while (reader->next()) {
                side.poverty_keys.push_back(make_link_record(extractor.extract(*reader)));
                poverty_.push_back({schools_.intern(cell(*reader, attribute)),
                                    classify_poverty_schooling(cell(*reader, schooling))});
            }
            side.poverty_rows += reader->row();
        }
    }

    void link_side_files(const SideFiles& side) {
        if (!side.elsewhere.empty()) {
            const auto linked = link_children(not_enrolled_here(), side.elsewhere_keys);
            elsewhere_.assign(children_.size(), std::nullopt);
            for (size_t c = 0; c < children_.size(); ++c) {
                if (linked[c] >= 0) elsewhere_[c] = side.elsewhere_records[linked[c]];
            }
        }
        if (!side.exemptions.empty()) {
            const auto linked = link_children(not_enrolled_here(), side.exemption_keys);
            exemption_.assign(children_.size(), std::nullopt);
            for (size_t c = 0; c < children_.size(); ++c) {
                if (linked[c] >= 0) exemption_[c] = side.exemption_kinds[linked[c]];
            }
        }
        if (!side.poverty.empty()) poverty_of_child_ = link_children(school_age_children(), side.poverty_keys);
    }

    bool is_school_age(size_t c) const {
        return children_[c].age >= options_.min_age && children_[c].age <= options_.max_age;
    }

    std::vector<uint32_t> school_age_children() const {
        std::vector<uint32_t> subset;
        for (uint32_t c = 0; c < children_.size(); ++c) {
            if (is_school_age(c)) subset.push_back(c);
        }
        return subset;
    }

    // School-age children with no in-school record here: only their status can still depend on
    // other counties' rosters and on the exemption list.
    std::vector<uint32_t> not_enrolled_here() const {
        std::vector<uint32_t> subset;
        for (uint32_t c = 0; c < children_.size(); ++c) {
            if (is_school_age(c) && count_enrolments(child_records_[c]) == 0) subset.push_back(c);
        }
        return subset;
    }

    // Links a subset of the children to the records of a side file with the roster's model (side
    // files are too small, or too different, to estimate their own). Per child: the linked
    // record, or -1.
    std::vector<int64_t> link_children(const std::vector<uint32_t>& subset, const std::vector<LinkRecord>& right) const {
        std::vector<LinkRecord> left;
        left.reserve(subset.size());
        for (uint32_t c : subset) left.push_back(child_keys_[c]);
        LinkOptions options = options_.link;
        options.model = &roster_model_;
        const auto decisions = link_records(left, right, options).decisions;
        std::vector<int64_t> linked(children_.size(), -1);
        for (size_t i = 0; i < subset.size(); ++i) {
            if (is_link(decisions[i].method)) linked[subset[i]] = decisions[i].right;
        }
        return linked;
    }

    // ---- deciding ------------------------------------------------------------------------
    ChildEvidence evidence_for(size_t c, const std::vector<uint32_t>& records) const {
        ChildEvidence evidence;
        for (uint32_t r : records) evidence.records.push_back(roster_[r].evidence);
        if (!elsewhere_.empty() && elsewhere_[c]) {
            if (counts_as_enrolled(elsewhere_[c]->evidence.state)) {
                evidence.enrolled_elsewhere = true;
            } else {
                evidence.records.push_back(elsewhere_[c]->evidence);
            }
        }
        if (!exemption_.empty()) evidence.exemption = exemption_[c];
        return evidence;
    }

    void decide_statuses() {
        results_.resize(children_.size());
        for (size_t c = 0; c < children_.size(); ++c) {
            ChildResult& result = results_[c];
            result.school_age = is_school_age(c);
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

    // The roster record whose school, grade and status the output shows: the county's, else the
    // one on another county's roster.
    const RosterRecord* shown_roster_record(size_t c) const {
        if (results_[c].shown_record >= 0) return &roster_[results_[c].shown_record];
        if (!elsewhere_.empty() && elsewhere_[c]) return &*elsewhere_[c];
        return nullptr;
    }

    int64_t shown_record(size_t c, ChildStatus status) const {
        const auto& records = child_records_[c];
        for (uint32_t r : records) {
            if (status == ChildStatus::enrolled && counts_as_enrolled(roster_[r].evidence.state)) return r;
        }
        if (is_link(roster_links_[c].method)) return roster_links_[c].right;
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
        if (several_registries()) names.insert(names.begin() + 1, options_.chinese_labels ? "户籍文件" : "registry_file");
        if (review) names.push_back(options_.chinese_labels ? "复核原因" : "review_reason");
        return names;
    }

    // registry_row counts within each file: with several files, a column says which.
    bool several_registries() const { return registry_files_.size() > 1; }

    // 1: a child in the poverty file (建档立卡, its 事实无人抚养 children included); 2: everyone else.
    int priority_of(const ChildResult& result) const {
        return result.poverty >= 0 ? 1 : 2;
    }

    std::vector<std::string> added_values(size_t c, bool review) const {
        const ChildResult& result = results_[c];
        const RosterRecord* shown = shown_roster_record(c);
        const PovertyRecord* poverty = result.poverty >= 0 ? &poverty_[result.poverty] : nullptr;
        std::vector<std::string> values = {
            std::to_string(child_keys_[c].row),
            std::string(to_string(result.status)),
            std::string(to_chinese(result.status)),
            std::to_string(priority_of(result)),
            shown ? schools_[shown->school] : "",
            shown ? schools_[shown->grade] : "",
            shown ? schools_[shown->status] : "",
            poverty ? "是" : "",
            poverty ? schools_[poverty->attribute] : "",
            shown && shown->left_behind ? "是" : "",
            result.duplicate_enrolment ? "是" : "",
            std::string(to_string(result.method)),
            result.method == LinkMethod::none ? "" : fmt::format("{:.1f}", result.weight)};
        if (review) values.emplace_back(result.review_reason);
        if (several_registries()) values.insert(values.begin() + 1, registry_files_[children_[c].file].name);
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
            write_header(*all, true);
        }
        std::vector<PendingRow> flagged, review;
        for (uint16_t f = 0; f < registry_files_.size(); ++f) {
            const RegistryFile& file = registry_files_[f];
            auto reader = open(file.path);
            while (reader->next()) {
                const int32_t c = row_to_child_[f][reader->row() - 1];
                if (c < 0 || !results_[c].school_age) continue;
                std::vector<std::string> fields(union_header_.size());
                for (size_t i = 0; i < file.to_union.size(); ++i) fields[file.to_union[i]] = reader->field(i);
                const ChildResult& result = results_[c];
                if (all) write_child(*all, fields, static_cast<size_t>(c), true);
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
            return std::tie(places_[x.township], places_[x.village], x.household) <
                   std::tie(places_[y.township], places_[y.village], y.household);
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
            places_[first.township], places_[first.village], first.household, value(file.head), value(file.guardian),
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
            readers.push_back(open(path));
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
            auto reader = open(poverty_paths_[f]);
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
                    fields.push_back(std::to_string(child_keys_[mismatches[next].second].row));
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
            auto& place = by_township[places_[children_[c].township]];
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
    TextPool places_;   // townships and villages of the registry
    TextPool schools_;  // schools, grades, statuses and poverty attributes

    std::vector<std::string> union_header_;
    std::vector<RegistryFile> registry_files_;
    std::vector<std::vector<int32_t>> row_to_child_;
    std::vector<Child> children_;
    std::vector<LinkRecord> child_keys_;

    std::vector<std::string> roster_paths_;
    std::vector<LinkRecord> roster_keys_;
    std::vector<std::pair<uint64_t, uint32_t>> roster_by_id_;  // usable roster IDs, sorted
    std::vector<RosterRecord> roster_;
    std::vector<LinkDecision> roster_links_;
    LinkModel roster_model_;
    std::vector<std::vector<uint32_t>> child_records_;
    std::vector<bool> roster_claimed_;

    std::vector<std::optional<RosterRecord>> elsewhere_;  // the child's record on another county's roster
    std::vector<std::optional<ExemptionKind>> exemption_;
    std::vector<std::string> poverty_paths_;
    std::vector<PovertyRecord> poverty_;
    std::vector<int64_t> poverty_of_child_;

    std::vector<ChildResult> results_;
    long flagged_count_ = 0;
};

}  // namespace

void run_flag(Tool& tool, const FlagOptions& options) {
    // Every input is read twice or kept open, so stdin can stand for one of them only.
    long from_stdin = 0;
    for (const auto* list : {&options.registries, &options.rosters, &options.elsewhere, &options.exemptions, &options.poverty}) {
        from_stdin += std::count_if(list->begin(), list->end(), [](const std::string& p) { return p.empty() || p == "-"; });
    }
    if (from_stdin > 1) throw UsageError("stdin ('-') can be only one of the inputs");
    FlagJob job(tool, options);
    job.run();
}

}  // namespace bx
