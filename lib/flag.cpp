#include "flag.h"

// The job: read the exports (two cores), link the children to rosters and side files, decide
// each school-age child's status. What it finds goes to FlagWriter (lib/flag_output.cpp).
#include <algorithm>
#include <bit>
#include <map>
#include <unordered_map>

#include <fmt/format.h>

#include "child_status.h"
#include "column_plan.h"
#include "errors.h"
#include "flag_findings.h"
#include "flag_output.h"
#include "key_set.h"
#include "link_key_index.h"
#include "link_parallel.h"
#include "link_spill.h"
#include "row_batch.h"
#include "serial_worker.h"
#include "link_compare.h"
#include "link_model_file.h"
#include "school_status.h"
#include "spooled_input.h"
#include "text.h"

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

namespace flagging {
namespace {

// Registry rows older than this on the cutoff day are not linked at all (adults), nor those
// this many years younger than the entry age (babies: no roster has them).
constexpr int kOldestLinked = 18;
constexpr int kYoungestLinkedBelowEntry = 2;
// Years a side-file birth date may be off (a mistyped year) and still be linked.
constexpr int kBirthYearSlack = 2;
constexpr size_t kRegistryBatchRows = 1 << 14;
// A poverty record links at a lower weight than a roster record (names must still agree, and no
// rival be close): a poverty file has few of the fields the roster's model weighs (often no
// phone or guardian), and a wrong link costs a priority, not a missed dropout.
constexpr double kPovertyLinkThreshold = 14;

// Side files: other counties' rosters, exemption lists, poverty files. Read on the second core
// while the registry is read; linked once the roster links are known.
struct SideFiles {
    std::vector<std::string> elsewhere, exemptions, poverty;  // resolved paths
    std::vector<LinkRecord> elsewhere_keys, exemption_keys, poverty_keys;
    std::vector<uint32_t> poverty_key_rows;  // per poverty key: its record in FlagFindings::poverty
    std::vector<ExemptionKind> exemption_kinds;
    long elsewhere_rows = 0, exemption_rows = 0, poverty_rows = 0;
};

// Everything a roster record says of its person, as one number: records that repeat each other
// (a roster given twice, a row entered twice) have the same.
uint64_t identity_of(const LinkRecord& record) {
    uint64_t identity = record.id_digits;
    for (const uint64_t part : {uint64_t{record.name_hash}, uint64_t{record.birth}, uint64_t{record.guardian_hash},
                                record.phone, uint64_t{record.household_hash},
                                uint64_t{record.id_prefix_digits} << 8 | static_cast<uint64_t>(record.sex)}) {
        identity = (identity ^ part) * 0x9E3779B97F4A7C15ULL;
        identity ^= identity >> 29;
    }
    return identity;
}

// Values under 64-bit keys, sorted once and then looked up: one block of memory. Hash maps with
// tens of thousands of nodes, built several times a run on one thread while the other links,
// fragment the heap, and peak memory is measured on it.
// Most look-ups find nothing: a bitmap of the keys (16 bits a key) answers those in one read.
template <class Value>
class SortedMultimap {
public:
    using Entry = std::pair<uint64_t, Value>;
    void add(uint64_t key, Value value) { entries_.emplace_back(key, value); }
    void seal() {
        std::sort(entries_.begin(), entries_.end(), [](const Entry& a, const Entry& b) { return a.first < b.first; });
        present_.assign(std::bit_ceil(std::max<size_t>(entries_.size() / 4, 1)), 0);
        for (const Entry& entry : entries_) present_[word_of(entry.first)] |= bit_of(entry.first);
    }
    std::span<const Entry> find(uint64_t key) const {
        if ((present_[word_of(key)] & bit_of(key)) == 0) return {};
        const auto [begin, end] = std::equal_range(entries_.begin(), entries_.end(), Entry{key, Value{}},
                                                   [](const Entry& a, const Entry& b) { return a.first < b.first; });
        return {begin, end};
    }
    bool empty() const { return entries_.empty(); }
    std::span<const Entry> entries() const { return entries_; }

private:
    size_t word_of(uint64_t key) const { return static_cast<size_t>((key * 0x9E3779B97F4A7C15ULL) >> 32) & (present_.size() - 1); }
    static uint64_t bit_of(uint64_t key) { return uint64_t{1} << (key >> 58); }

    std::vector<Entry> entries_;
    std::vector<uint64_t> present_;
};

// A column read beside 学籍状态: another status column (在校状态), 是否在校, or 是否辍学.
struct AttendanceColumn {
    size_t position = 0;
    std::string header;
    RosterState (*classify)(std::string_view) = classify_attendance;
    std::vector<std::optional<RosterState>> state_of_text;  // by text id, as read_once keeps them
};

std::vector<AttendanceColumn> attendance_columns(const ColumnMap& columns) {
    std::vector<AttendanceColumn> found;
    const auto add = [&](size_t position, RosterState (*classify)(std::string_view)) {
        found.push_back({position, columns.header()[position], classify, {}});
    };
    for (const size_t position : columns.others("status")) add(position, classify_attendance);
    if (const auto position = columns.find("attendance")) add(*position, classify_attendance);
    if (const auto position = columns.find("dropout_mark")) add(*position, classify_dropout_mark);
    return found;
}


// A side file's links to a subset of the children: per child the record linked, or -1; and
// (child, candidate) of the links left in the review band, by child.
struct SideLinks {
    std::vector<int32_t> linked;
    std::vector<std::pair<uint32_t, uint32_t>> uncertain;
};

// What bx-flag keeps of a child's roster-link decision (a LinkDecision without the pattern).
struct RosterLink {
    uint32_t right = kNoRecord;  // the roster record linked, or the candidate of a review
    float weight = 0;
    LinkMethod method = LinkMethod::none;
    uint8_t name_level = name_level::missing;  // how the record's name compares with the child's
};

class FlagJob {
public:
    FlagJob(Tool& tool, const FlagOptions& options)
        : tool_(tool), options_(options), cutoff_day_(cutoff_date(school_year_containing(options.as_of), options.cutoff)) {
        id_options_.reference_day = options.as_of;
    }

    // What a step no longer needs is freed before the next, so that peak memory is the largest
    // step's, not the sum of all of them.
    void run() {
        SideFiles side;
        child_keys_ = std::make_unique<LinkRecordSpill>();
        read_all(side);
        link_rosters();
        take_unknown_ages_from_roster_links();
        // The poverty link needs only the roster link's model: it runs while the other core
        // settles which roster records are whose, and then links the children not enrolled here
        // to the other two side files.
        run_in_parallel(
            [&] {
                settle_roster_records();
                find_registry_repeats_and_twin_conflicts();
                find_household_contacts();
                link_elsewhere_and_exemptions(side);
            },
            [&] { link_poverty(side); });
        found_.registry_duplicates += static_cast<long>(registry_repeats_.size());
        tool_.summary().add("registry duplicate rows", static_cast<long>(registry_repeats_.size()));
        roster_keys_ = std::vector<LinkRecord>();
        roster_by_id_ = KeyIndex();
        side = SideFiles();
        child_keys_.reset();
        decide_statuses();
        FlagWriter(tool_, options_, found_, spool_).write_all();
    }

private:
    // ---- reading -------------------------------------------------------------------------
    // The side files (other counties' rosters, exemptions, poverty) may be empty lists: a county
    // with no exemption this year exports the header alone.
    std::unique_ptr<CsvReader> open(const std::string& path, bool side_file = false) const {
        return tool_.open_input(path, spool_.display_name(path), side_file);
    }

    // The registry is read on this thread (and cleaned on a worker, see read_registries); the
    // rosters and then the side files on another. Each has its own text pool; the name caches
    // underneath are per thread.
    void read_all(SideFiles& side) {
        auto resolve = [&](const std::vector<std::string>& given) {
            std::vector<std::string> paths;
            for (const auto& path : given) paths.push_back(spool_.path_for(path));
            return paths;
        };
        const std::vector<std::string> registry_paths = resolve(options_.registries);
        found_.roster_paths = resolve(options_.rosters);
        side.elsewhere = resolve(options_.elsewhere);
        side.exemptions = resolve(options_.exemptions);
        side.poverty = resolve(options_.poverty);
        found_.poverty_paths = side.poverty;
        found_.contacts_from_rosters = lacks_contacts(registry_paths);
        long roster_rows = 0;
        // A registry error is reported first when both fail.
        run_in_parallel([&] { read_registries(registry_paths); },
                        [&] {
                            roster_rows = read_rosters_into(found_.roster_paths, roster_keys_, found_.roster, false);
                            read_side_files(side);
                        });
        tool_.summary().add("roster rows", roster_rows);
        if (!side.elsewhere.empty()) tool_.summary().add("elsewhere rows", side.elsewhere_rows);
        if (!side.exemptions.empty()) tool_.summary().add("exemption rows", side.exemption_rows);
        if (!side.poverty.empty()) tool_.summary().add("poverty rows", side.poverty_rows);
    }

    // Whether a registry file has no guardian or no phone column (read from its header only).
    bool lacks_contacts(const std::vector<std::string>& paths) const {
        return std::any_of(paths.begin(), paths.end(), [&](const std::string& path) {
            auto reader = open(path);
            const ColumnMap columns = tool_.columns(*reader);
            return !columns.has("guardian") || !columns.has("phone");
        });
    }

    void read_registries(const std::vector<std::string>& paths) {
        for (size_t i = 0; i < paths.size(); ++i) {
            RegistryFile file;
            file.name = options_.registries[i];
            file.path = paths[i];
            auto reader = open(file.path);
            const ColumnMap columns = tool_.columns(*reader);
            const PersonExtractor extractor(columns, id_options_);
            file.to_union = merge_header(reader->header(), found_.union_header);
            file.township = columns.find("township");
            file.village = columns.find("village");
            file.household = columns.find("household");
            file.head = columns.find("head");
            file.guardian = columns.find("guardian");
            file.phone = columns.find("phone");
            file.address = columns.find("address");
            file.name_column = columns.find("name");
            file.status = columns.find("registry_status");
            file.width = reader->header().size();
            const auto file_index = static_cast<uint16_t>(found_.registry_files.size());
            const size_t lines = estimate_file_lines(file.path);
            found_.children.reserve(found_.children.size() + lines);
            found_.row_to_child.emplace_back().reserve(lines);
            // Two stages: this thread copies the next batch out of the reader while a worker
            // cleans the last one (the rosters are read on a third thread meanwhile).
            RowBatch batches[2];
            SerialWorker worker;  // declared after the batches: joined before they go
            for (size_t next = 0; batches[next].fill(*reader, kRegistryBatchRows); next ^= 1) {
                worker.wait();
                worker.submit([&, batch = &batches[next]] { add_registry_rows(*batch, file, file_index, extractor); });
            }
            worker.wait();
            child_keys_->finish();
            tool_.summary().add("registry rows", reader->row());
            found_.registry_files.push_back(std::move(file));
        }
        tool_.summary().add("registry duplicate rows", found_.registry_duplicates);
        tool_.summary().add("registry moved-away rows", found_.registry_moved_away);
        registry_ids_ = KeySet();
    }

    // Registry rows older than kOldestLinked, or too young for any roster, get no child, and only
    // their identity is cleaned (adults are most of a whole county's registry).
    void add_registry_rows(const RowBatch& batch, RegistryFile& file, uint16_t file_index,
                           const PersonExtractor& extractor) {
        std::vector<int32_t>& row_to_child = found_.row_to_child.back();
        const size_t first_row = row_to_child.size();
        row_to_child.resize(first_row + batch.size(), -1);
        // Born after the cutoff day is too young for any roster too (age_on is then negative).
        const int youngest_linked = std::max(0, options_.min_age - kYoungestLinkedBelowEntry);
        batch_children_.clear();
        for (size_t i = 0; i < batch.size(); ++i) {
            if (RecordCheckpoints::wanted(batch.row_number(i))) file.checkpoints.note(batch.file_offset(i));
            const auto fields = batch.fields(i);
            const RegistryState state = registry_state_of(optional_field(fields, file.status));
            if (state == RegistryState::moved_away) {
                ++found_.registry_moved_away;
                continue;
            }
            Person person = extractor.extract_identity(fields, batch.row_number(i));
            person.prefer_id_birth();
            const int age = person.birth ? age_on(*person.birth, cutoff_day_) : -1;
            if (person.birth && (age > kOldestLinked || age < youngest_linked)) continue;
            extractor.add_names_and_contacts(fields, person);
            batch_children_.push_back({{file_index, static_cast<int16_t>(age), found_.places.intern(optional_field(fields, file.township)),
                                        found_.places.intern(optional_field(fields, file.village)), person.row},
                                       make_link_record(person), first_row + i, state == RegistryState::deceased});
        }
        add_batch_children();
    }

    // A registry row with no usable ID may repeat a child listed with one (two police stations'
    // lists, one of them Excel-damaged): see find_registry_repeats_and_twin_conflicts.
    static bool may_repeat_a_child(const LinkRecord& keys) {
        return keys.usable_id() == 0 && keys.name_hash != 0 && keys.birth != 0 && !keys.birth_month_only &&
               keys.household_hash != 0;
    }

    // The same child by name, birth date, sex and household.
    static uint64_t household_member_of(const LinkRecord& keys) {
        return (uint64_t{keys.name_hash} << 32 | keys.household_hash) * 0x9E3779B97F4A7C15ULL ^
               (uint64_t{keys.birth} << 8 | static_cast<uint64_t>(keys.sex));
    }

    // Two checks on the registry children, in one read of their keys:
    //  - registry repeats: a row without a usable ID that repeats a child listed with one (the
    //    same name, birth date, sex and household, and no ID digits that say another person) is
    //    that child's row too: the row with the ID stands for the child and takes the repeat's
    //    roster records, and the repeat is counted with the duplicate rows and is in no list;
    //  - twin conflicts: a record linked to a child by its ID whose name is the child's only in
    //    sound (梦遥 for 梦瑶), while the child's twin (same household and birth date) has that
    //    very name and no record: the ID or the name is a slip, and which one only a clerk can
    //    tell. Both twins go to review (twin_record_conflict).
    void find_registry_repeats_and_twin_conflicts() {
        std::vector<uint32_t> sound_alike;  // children linked by ID to a record whose name sounds like theirs
        for (uint32_t c = 0; c < found_.children.size(); ++c) {
            const RosterLink& link = roster_links_[c];
            if (is_equal_id_link(link.method) && link.name_level == name_level::same_pinyin) sound_alike.push_back(c);
        }
        if (children_without_id_.empty() && sound_alike.empty()) return;
        std::vector<uint32_t> wanted;
        std::set_union(children_without_id_.begin(), children_without_id_.end(), sound_alike.begin(), sound_alike.end(),
                       std::back_inserter(wanted));
        const std::vector<LinkRecord> wanted_keys = child_keys_of(wanted);
        const auto keys_of = [&](uint32_t c) -> const LinkRecord& {
            return wanted_keys[static_cast<size_t>(std::lower_bound(wanted.begin(), wanted.end(), c) - wanted.begin())];
        };
        SortedMultimap<uint32_t> repeats_by_member, named_by_record;  // -> the repeat; -> the sound-alike child
        for (const uint32_t c : children_without_id_) repeats_by_member.add(household_member_of(keys_of(c)), c);
        for (const uint32_t c : sound_alike) {
            if (!may_have_a_twin(keys_of(c))) continue;
            LinkRecord named = keys_of(c);  // the child as the record names it
            named.name_hash = roster_keys_[roster_links_[c].right].name_hash;
            named_by_record.add(household_member_of(named), c);
        }
        repeats_by_member.seal();
        named_by_record.seal();
        Claims claims;
        child_keys_->read([&](uint32_t first, std::span<const LinkRecord> keys) {
            for (uint32_t i = 0; i < keys.size(); ++i) {
                const LinkRecord& child = keys[i];
                const uint64_t member = household_member_of(child);
                if (child.usable_id() != 0) {
                    for (const auto& [m, repeat] : repeats_by_member.find(member)) {
                        const LinkRecord& repeat_keys = keys_of(repeat);
                        if (compare_id(repeat_keys, child) == id_level::different || compare_name(repeat_keys, child) != name_level::equal) continue;
                        registry_repeats_.push_back(repeat);
                        for (const uint32_t r : child_records_.of(repeat)) claims.emplace_back(first + i, r);
                    }
                }
                if (may_have_a_twin(child) && !is_link(roster_links_[first + i].method)) {
                    for (const auto& [m, twin] : named_by_record.find(member)) twin_conflicts_.insert(twin_conflicts_.end(), {twin, first + i});
                }
            }
        });
        for (const auto& [c, r] : claims) add_claim(c, r);
        child_records_.group(found_.children.size());
        for (std::vector<uint32_t>* found : {&registry_repeats_, &twin_conflicts_}) {
            std::sort(found->begin(), found->end());
            found->erase(std::unique(found->begin(), found->end()), found->end());
        }
        children_without_id_ = std::vector<uint32_t>();
    }

    // With contacts taken from the rosters, a child with no record of its own takes those of a
    // record of its household's (see FlagFindings::household_contact_records).
    void find_household_contacts() {
        if (!found_.contacts_from_rosters) return;
        std::unordered_map<uint32_t, uint32_t> record_of_household;
        std::vector<std::pair<uint32_t, uint32_t>> wanted;  // (child, household)
        child_keys_->read([&](uint32_t first, std::span<const LinkRecord> keys) {
            for (uint32_t i = 0; i < keys.size(); ++i) {
                const uint32_t household = keys[i].household_hash;
                if (household == 0) continue;
                const auto mine = child_records_.of(first + i);
                if (mine.empty()) {
                    wanted.emplace_back(first + i, household);
                    continue;
                }
                for (const uint32_t r : mine) {
                    const auto [guardian, phone] = found_.roster_contacts[r];
                    if (!found_.contacts[guardian].empty() || !found_.contacts[phone].empty()) {
                        record_of_household.try_emplace(household, r);
                        break;
                    }
                }
            }
        });
        for (const auto& [c, household] : wanted) {
            const auto found = record_of_household.find(household);
            if (found != record_of_household.end()) found_.household_contact_records.emplace_back(c, found->second);
        }
    }

    static bool may_have_a_twin(const LinkRecord& child) {
        return child.birth != 0 && child.household_hash != 0 && child.name_hash != 0;
    }

    // 人员状态 is empty or 正常 on nearly every row: other texts are read once each.
    RegistryState registry_state_of(std::string_view text) {
        text = trim_ascii(text);
        if (text.empty() || text == "正常") return RegistryState::resident;
        const auto known = registry_state_of_text_.find(text);
        if (known != registry_state_of_text_.end()) return known->second;
        return registry_state_of_text_.emplace(std::string(text), classify_registry_status(text)).first->second;
    }

    // A child listed twice (two police stations' lists that overlap, a row entered twice) is one
    // child: the first row with the ID stands for it, and the later ones are only counted. Two
    // rows would otherwise compete for the child's one roster record, and one be flagged. The
    // ID set is larger than the caches: each look-up is started some children ahead.
    void add_batch_children() {
        constexpr size_t kLookAhead = 8;
        std::vector<int32_t>& row_to_child = found_.row_to_child.back();
        for (size_t i = 0; i < batch_children_.size(); ++i) {
            if (i + kLookAhead < batch_children_.size())
                if (const uint64_t id = batch_children_[i + kLookAhead].keys.usable_id()) registry_ids_.prefetch(id);
            const BatchChild& pending = batch_children_[i];
            if (const uint64_t id = pending.keys.usable_id(); id != 0 && !registry_ids_.insert(id)) {
                ++found_.registry_duplicates;
                continue;
            }
            if (pending.deceased) found_.registry_deceased.push_back(static_cast<uint32_t>(found_.children.size()));
            if (may_repeat_a_child(pending.keys)) children_without_id_.push_back(static_cast<uint32_t>(found_.children.size()));
            row_to_child[pending.row_index] = static_cast<int32_t>(found_.children.size());
            found_.children.push_back(pending.child);
            child_keys_->append(pending.keys);
        }
    }

    // Reads roster-shaped files (county rosters or other counties') at resolved paths, with a
    // compact record per row; returns the number of rows read.
    long read_rosters_into(const std::vector<std::string>& paths, std::vector<LinkRecord>& people,
                           std::vector<RosterRecord>& records, bool side_file) {
        long rows = 0;
        for (const auto& path : paths) {
            auto reader = open(path, side_file);
            const ColumnMap columns = tool_.columns(*reader);
            const PersonExtractor extractor(columns, id_options_);
            std::vector<AttendanceColumn> attendance = attendance_columns(columns);
            // A roster with only an attendance column (是否在校) is read by it alone.
            const std::optional<size_t> status = attendance.empty() ? columns.require("status") : columns.find("status");
            const auto school = columns.find("school"), school_code = columns.find("school_code"),
                       grade = columns.find("grade"), left_behind = columns.find("left_behind"),
                       migrant = columns.find("migrant"), id_type = columns.find("id_type");
            const bool keep_contacts = found_.contacts_from_rosters && !side_file;
            const auto guardian = keep_contacts ? columns.find("guardian") : std::nullopt,
                       phone = keep_contacts ? columns.find("phone") : std::nullopt;
            const size_t lines = estimate_file_lines(path);
            people.reserve(people.size() + lines);
            records.reserve(records.size() + lines);
            while (reader->next()) {
                people.push_back(make_link_record(extractor.extract(*reader)));
                RosterRecord record;
                read_roster_state(*reader, status, attendance, record);
                record.grade = found_.schools.intern(optional_field(reader->fields(), grade));
                record.evidence.grade = read_once(grade_of_text_, record.grade, optional_field(reader->fields(), grade), parse_grade);
                record.evidence.school_type =
                    school_type(optional_field(reader->fields(), school_code), optional_field(reader->fields(), school));
                record.school = found_.schools.intern(optional_field(reader->fields(), school));
                record.left_behind = yes_or_no(optional_field(reader->fields(), left_behind)).value_or(false);
                record.registered_elsewhere = yes_or_no(optional_field(reader->fields(), migrant)).value_or(false) ||
                                              is_foreign_document(optional_field(reader->fields(), id_type));
                if (keep_contacts) {
                    found_.roster_contacts.emplace_back(found_.contacts.intern(trim_ascii(optional_field(reader->fields(), guardian))),
                                                        found_.contacts.intern(trim_ascii(optional_field(reader->fields(), phone))));
                }
                records.push_back(record);
            }
            rows += reader->row();
        }
        return rows;
    }

    // The record's state from its 学籍状态 and its attendance columns (docs/statuses.md); when an
    // attendance column changes it, the status shown says which: 在读（在校状态：辍学）.
    void read_roster_state(const CsvReader& reader, std::optional<size_t> status_column,
                           std::vector<AttendanceColumn>& attendance, RosterRecord& record) {
        const std::string_view status = optional_field(reader.fields(), status_column);
        record.status = found_.schools.intern(status);
        RosterState state = read_once(roster_state_of_text_, record.status, status, classify_roster_status);
        for (AttendanceColumn& column : attendance) {
            const std::string_view seen = trim_ascii(reader.field(column.position));
            if (seen.empty()) continue;
            const uint32_t seen_id = found_.schools.intern(seen);
            const RosterState combined = with_attendance(state, read_once(column.state_of_text, seen_id, seen, column.classify));
            if (combined == state) continue;
            state = combined;
            record.status = found_.schools.intern(
                status.empty() ? std::string(seen) : fmt::format("{}（{}：{}）", status, column.header, seen));
        }
        record.evidence.state = state;
    }

    // Status and grade texts repeat on every roster row: each distinct text (by its number in
    // the text pool) is read once.
    template <class Value>
    static Value read_once(std::vector<std::optional<Value>>& known, uint32_t text_id, std::string_view text,
                           Value (*read)(std::string_view)) {
        if (text_id >= known.size()) known.resize(text_id + 1);
        if (!known[text_id]) known[text_id] = read(text);
        return *known[text_id];
    }

    // Round 1 links every child to at most one roster record; settle_roster_records then gives
    // each child its records.
    void link_rosters() {
        LinkOptions options = options_.link;
        LinkModel given;
        if (!options_.model_path.empty()) {
            given = read_model_file(options_.model_path);
            options.model = &given;
        }
        LinkResult round_one = link_streamed(roster_keys_, HeldSide::right, *child_keys_, options);
        roster_links_.assign(found_.children.size(), {});
        for (const LinkDecision& decision : round_one.decisions)
            roster_links_[decision.left] = {decision.right, decision.weight, decision.method, level_of(decision.pattern, LinkField::name)};
        round_one.decisions = std::vector<LinkDecision>();
        roster_model_ = std::move(round_one.model);
        if (!options_.save_model_path.empty()) tool_.write_text_output(options_.save_model_path, model_to_json(roster_model_));
    }

    // A registry child with neither a birth date nor an ID that gives one has no age, and would be
    // in no list; the roster record it linked to (by name, household, guardian …) has one.
    void take_unknown_ages_from_roster_links() {
        long taken = 0;
        for (size_t c = 0; c < found_.children.size(); ++c) {
            Child& child = found_.children[c];
            const RosterLink& link = roster_links_[c];
            if (child.age >= 0 || !is_link(link.method)) continue;
            const uint32_t birth = roster_keys_[link.right].birth;
            const auto date = date_from_ymd(static_cast<int>(birth / 10000), static_cast<int>(birth / 100 % 100), static_cast<int>(birth % 100));
            const int age = date ? age_on(*date, cutoff_day_) : -1;
            if (age < 0) continue;
            child.age = static_cast<int16_t>(age);
            ++taken;
        }
        tool_.summary().add("ages from roster links", taken);
    }

    // A child's roster records are its round-1 link's and those that share its ID. A pupil who
    // changed school inside the county has a 转出 record at the old school and a 转入 record,
    // perhaps with a mistyped ID, at the new one: a child whose records all leave it out of
    // school, or whose uncertain round-1 candidate is either record (uncertain_transfer_record),
    // gets a second round against the records nobody claimed, with round 1's model (the few
    // pairs of round 2 are too few to estimate one). docs/statuses.md has the rule.
    void settle_roster_records() {
        roster_by_id_ = KeyIndex([&](const auto& emit) {
            for (uint32_t i = 0; i < roster_keys_.size(); ++i)
                if (const uint64_t key = roster_keys_[i].usable_id()) emit(key, i);
        });
        claim_roster_records();
        link_unclaimed_records();
        child_records_.group(found_.children.size());
        claim_repeated_records();
        child_records_.group(found_.children.size());
        claim_family_records();
        child_records_.group(found_.children.size());
    }

    // A record nobody has, of a child who has others, by the same name (or its sound) and birth
    // date and with a guardian or phone of the child's: the 转出 left at the old school, a 毕业
    // row, a second enrolment, each with its ID missing or mistyped. Else it would be listed as a
    // pupil with no registry row here, and a second enrolment would go unseen. A record two
    // children could claim (twins 梦瑶 and 梦遥, cousins of one name and one grandparent) goes to
    // the one whose name it has exactly, if only one has; else to nobody.
    void claim_family_records() {
        SortedMultimap<uint32_t> unclaimed;  // pinyin and birth -> record
        for (uint32_t r = 0; r < found_.roster.size(); ++r) {
            const LinkRecord& record = roster_keys_[r];
            if (!found_.roster_claimed[r] && record.pinyin_hash != 0 && record.birth != 0) unclaimed.add(sound_and_birth(record), r);
        }
        if (unclaimed.empty()) return;
        unclaimed.seal();
        struct Claimant {
            uint32_t record, child;
            bool exact_name;
        };
        std::vector<Claimant> claimants;
        child_keys_->read([&](uint32_t first, std::span<const LinkRecord> keys) {
            for (uint32_t i = 0; i < keys.size(); ++i) {
                const auto mine = child_records_.of(first + i);
                if (mine.empty() || keys[i].pinyin_hash == 0) continue;
                for (const auto& [sound, r] : unclaimed.find(sound_and_birth(keys[i]))) {
                    const LinkRecord& record = roster_keys_[r];
                    if (is_family_record(keys[i], mine, record))
                        claimants.push_back({r, first + i, compare_name(keys[i], record) == name_level::equal});
                }
            }
        });
        std::sort(claimants.begin(), claimants.end(), [](const Claimant& a, const Claimant& b) { return a.record < b.record; });
        for (size_t begin = 0; begin < claimants.size();) {
            size_t end = begin;
            while (end < claimants.size() && claimants[end].record == claimants[begin].record) ++end;
            const auto exact = std::count_if(claimants.begin() + static_cast<std::ptrdiff_t>(begin),
                                             claimants.begin() + static_cast<std::ptrdiff_t>(end), [](const Claimant& c) { return c.exact_name; });
            for (size_t k = begin; k < end; ++k) {
                const bool sole = end - begin == 1 || (exact == 1 && claimants[k].exact_name);
                if (sole) add_claim(claimants[k].child, claimants[k].record);
            }
            begin = end;
        }
    }

    static uint64_t sound_and_birth(const LinkRecord& keys) {
        return (uint64_t{keys.pinyin_hash} << 32 | keys.birth) * 0x9E3779B97F4A7C15ULL;
    }

    // The same person as the child by name, birth date and ID, in the family of the child's
    // registry row or records.
    bool is_family_record(const LinkRecord& child, std::span<const uint32_t> mine, const LinkRecord& record) const {
        const uint8_t name = compare_name(child, record), id = compare_id(child, record);
        if (name != name_level::equal && name != name_level::same_pinyin) return false;
        if (compare_birth(child, record) != birth_level::equal || id == id_level::different || id == id_level::sibling) return false;
        return in_family_of(child, mine, record);
    }

    using RepeatedRecords = SortedMultimap<uint32_t>;  // identity -> records, ascending

    RepeatedRecords unclaimed_records() const {
        RepeatedRecords unclaimed;
        for (uint32_t r = 0; r < found_.roster.size(); ++r)
            if (!found_.roster_claimed[r]) unclaimed.add(identity_of(roster_keys_[r]), r);
        unclaimed.seal();
        return unclaimed;
    }

    // A record that repeats one of a child's records (a roster given twice, a row entered twice)
    // is the child's too: else it would be listed as a pupil with no registry row here.
    void claim_repeated_records() {
        const RepeatedRecords unclaimed = unclaimed_records();
        if (unclaimed.empty()) return;
        // A record with a usable ID brought its repeats along (add_same_id): only children with a
        // record linked otherwise, in round 1 or 2, can have one left.
        std::vector<uint32_t> children = round_two_children_;
        for (uint32_t c = 0; c < found_.children.size(); ++c) {
            const LinkMethod method = roster_links_[c].method;
            if (is_link(method) && !is_equal_id_link(method)) children.push_back(c);
        }
        std::sort(children.begin(), children.end());
        children.erase(std::unique(children.begin(), children.end()), children.end());
        Claims claims;
        for (const uint32_t c : children) {
            for (const uint32_t mine : child_records_.of(c)) {
                for (const auto& [identity, r] : unclaimed.find(identity_of(roster_keys_[mine]))) claims.emplace_back(c, r);
            }
        }
        for (const auto& [c, r] : claims) add_claim(c, r);
    }

    using Claims = std::vector<std::pair<uint32_t, uint32_t>>;  // (child, roster record)

    // Each child's roster records: its linked record and every record with the child's ID or
    // the linked record's. Found for half of each batch on each core, added in child order.
    void claim_roster_records() {
        found_.roster_claimed.assign(found_.roster.size(), false);
        linked_in_round_one_.assign(found_.roster.size(), false);
        for (const RosterLink& link : roster_links_)
            if (is_link(link.method)) linked_in_round_one_[link.right] = true;
        Claims low, high;
        child_keys_->read([&](uint32_t first, std::span<const LinkRecord> keys) {
            const auto half = static_cast<uint32_t>(keys.size() / 2);
            run_in_parallel([&] { find_claims(first + half, keys.subspan(half), high); },
                            [&] { find_claims(first, keys.first(half), low); });
            for (Claims* part : {&low, &high}) {
                for (const auto& [c, r] : *part) add_claim(c, r);
                part->clear();
            }
        });
        child_records_.group(found_.children.size());
    }

    void find_claims(uint32_t first, std::span<const LinkRecord> keys, Claims& out) const {
        for (uint32_t i = 0; i < keys.size(); ++i) {
            // The child's ID look-up, started 16 and 8 children ahead (see KeyIndex::prefetch).
            if (i + 16 < keys.size())
                if (const uint64_t id = keys[i + 16].usable_id()) roster_by_id_.prefetch(id);
            if (i + 8 < keys.size())
                if (const uint64_t id = keys[i + 8].usable_id()) roster_by_id_.prefetch_bucket(id);
            const uint32_t c = first + i;
            const RosterLink& link = roster_links_[c];
            const uint32_t linked = is_link(link.method) ? link.right : kNoRecord;
            if (linked != kNoRecord) {
                out.emplace_back(c, linked);
                if (!is_equal_id_link(link.method)) add_same_id(c, keys[i], roster_keys_[linked].usable_id(), out, linked);
            }
            add_same_id(c, keys[i], keys[i].usable_id(), out, linked);
        }
    }

    // The records with ID `key` that name the child, but `claimed`, the child's already.
    void add_same_id(uint32_t c, const LinkRecord& child, uint64_t key, Claims& out, uint32_t claimed = kNoRecord) const {
        if (key == 0) return;
        for (const KeyedRecord& entry : roster_by_id_.find(key))
            if (entry.record != claimed && names_the_child(child, entry.record)) out.emplace_back(c, entry.record);
    }

    // A record with the child's ID is the child's unless it names someone else: a name that
    // differs, or that is one character off while round 1 linked the record to another child (a
    // twin's record carrying the other twin's ID is the twin's). A clerk's slip in an ID must not
    // make a child enrolled by another child's record.
    bool names_the_child(const LinkRecord& child, uint32_t r) const {
        const LinkRecord& record = roster_keys_[r];
        const uint8_t name = compare_name(child, record);
        if (name == name_level::equal || name == name_level::same_pinyin) return true;
        const uint8_t birth = compare_birth(child, record);
        if (name == name_level::missing) return birth != birth_level::different;
        return name == name_level::one_char && birth == birth_level::equal && !linked_in_round_one_[r];
    }

    void add_claim(uint32_t c, uint32_t r) {
        child_records_.add(c, r);
        found_.roster_claimed[r] = true;
    }

    // One child of round 2: what its link must satisfy, and the record held aside for it.
    struct SecondRoundChild {
        uint32_t child = 0;
        bool birth_must_agree = false;        // beyond a 转出: the new record looks like the child's (moved_on_to)
        bool must_find_transfer_out = false;  // its record held aside is the new school's
        std::optional<uint32_t> held_aside;   // a record of a transfer round 1 could only send to review
    };

    // Children who moved on, and those whose 转出 round 1 could only review, first; then those
    // whose new school's record it could only review, against what is left: such a record is
    // held aside only when no child took it as its new school.
    void link_unclaimed_records() {
        std::vector<SecondRoundChild> moved, new_school_uncertain;
        for (uint32_t c = 0; c < found_.children.size(); ++c) {
            if (records_leave_child_out(c)) {
                moved.push_back({c, !only_transfers_out(child_records_.of(c)), false, std::nullopt});
            } else if (const auto record = uncertain_transfer_record(c)) {
                const bool transfer_out = found_.roster[*record].evidence.state == RosterState::transferred_out;
                (transfer_out ? moved : new_school_uncertain).push_back({c, false, !transfer_out, record});
            }
        }
        long linked = link_second_round(moved);
        std::erase_if(new_school_uncertain, [&](const SecondRoundChild& child) { return found_.roster_claimed[*child.held_aside]; });
        linked += link_second_round(new_school_uncertain);
        std::sort(second_round_uncertain_.begin(), second_round_uncertain_.end());
        tool_.summary().add("second-round roster links", linked);
    }

    long link_second_round(const std::vector<SecondRoundChild>& children) {
        for (const SecondRoundChild& child : children)
            if (child.held_aside) found_.roster_claimed[*child.held_aside] = true;
        // Repeated records (a roster given twice) would be each other's rivals: one of each
        // stands for all in the link.
        const RepeatedRecords unclaimed = unclaimed_records();
        std::vector<uint32_t> records;
        const auto entries = unclaimed.entries();
        for (size_t i = 0; i < entries.size(); ++i)
            if (i == 0 || entries[i].first != entries[i - 1].first) records.push_back(entries[i].second);
        std::sort(records.begin(), records.end());
        long linked = 0;
        std::vector<RosterLink> second(children.size());
        if (!children.empty() && !records.empty()) {
            std::vector<uint32_t> indices;
            for (const SecondRoundChild& child : children) indices.push_back(child.child);
            const std::vector<LinkRecord> left = child_keys_of(indices);
            std::vector<LinkRecord> right;
            for (uint32_t r : records) right.push_back(roster_keys_[r]);
            LinkOptions second_round = options_.link;
            second_round.model = &roster_model_;
            const auto decisions = link_records(left, right, second_round).decisions;
            std::vector<bool> links(children.size(), false);
            for (size_t i = 0; i < children.size(); ++i) {
                if (decisions[i].method == LinkMethod::review && decisions[i].right != kNoRecord)
                    second_round_uncertain_.emplace_back(children[i].child, records[decisions[i].right]);
                if (!is_link(decisions[i].method)) continue;
                const uint32_t record = records[decisions[i].right];
                if (children[i].birth_must_agree && !moved_on_to(children[i].child, left[i], roster_keys_[record])) continue;
                if (children[i].must_find_transfer_out && found_.roster[record].evidence.state != RosterState::transferred_out) continue;
                links[i] = true;
            }
            // A record that names the child only by sound, and another child of its household
            // and birth date exactly (梓涵 and 紫涵, twins), is the other's as likely: a clerk's.
            const std::vector<bool> contested = named_after_another_child(children, left, decisions, records, links);
            for (size_t i = 0; i < children.size(); ++i) {
                if (!links[i]) continue;
                const uint32_t record = records[decisions[i].right];
                if (contested[i]) {
                    second_round_uncertain_.emplace_back(children[i].child, record);
                    continue;
                }
                second[i] = {record, decisions[i].weight, decisions[i].method, level_of(decisions[i].pattern, LinkField::name)};
                round_two_children_.push_back(children[i].child);
                Claims claims;
                for (const auto& [identity, r] : unclaimed.find(identity_of(roster_keys_[record]))) claims.emplace_back(children[i].child, r);
                add_same_id(children[i].child, left[i], roster_keys_[record].usable_id(), claims, record);
                for (const auto& [c, r] : claims) add_claim(c, r);
                ++linked;
            }
        }
        // A record held aside becomes its child's when round 2 found where the child went, and
        // round 2's link is the child's; otherwise the record goes back, and the child stays as
        // round 1 left it (for review, if that decides the child's status).
        for (size_t i = 0; i < children.size(); ++i) {
            const SecondRoundChild& child = children[i];
            if (!child.held_aside) continue;
            if (is_link(second[i].method)) {
                child_records_.add(child.child, *child.held_aside);
                roster_links_[child.child] = second[i];
            } else {
                found_.roster_claimed[*child.held_aside] = false;
            }
        }
        return linked;
    }

    // Per round-2 link: whether its record's name is the child's only by sound (or one character
    // off) and exactly that of another child of the child's household and birth date.
    std::vector<bool> named_after_another_child(const std::vector<SecondRoundChild>& children, const std::vector<LinkRecord>& left,
                                                const std::vector<LinkDecision>& decisions, const std::vector<uint32_t>& records,
                                                const std::vector<bool>& links) const {
        std::vector<bool> contested(children.size(), false);
        SortedMultimap<size_t> by_named_member;
        for (size_t i = 0; i < children.size(); ++i) {
            if (!links[i] || level_of(decisions[i].pattern, LinkField::name) == name_level::equal) continue;
            if (left[i].household_hash == 0 || left[i].birth == 0) continue;
            LinkRecord named = left[i];
            named.name_hash = roster_keys_[records[decisions[i].right]].name_hash;
            by_named_member.add(household_member_of(named), i);
        }
        if (by_named_member.empty()) return contested;
        by_named_member.seal();
        child_keys_->read([&](uint32_t first, std::span<const LinkRecord> keys) {
            for (uint32_t k = 0; k < keys.size(); ++k) {
                for (const auto& [member, i] : by_named_member.find(household_member_of(keys[k])))
                    if (children[i].child != first + k) contested[i] = true;
            }
        });
        return contested;
    }

    // Whether the child has roster records and they leave it out of school: 转出, 辍学, 休学, or
    // 毕业 before grade 9. A pupil who moved on (primary to junior school, back after a break, to
    // another school) has a record at the new school too, whose ID may be missing or mistyped.
    bool records_leave_child_out(uint32_t c) const {
        const auto mine = child_records_.of(c);
        if (mine.empty()) return false;
        ChildEvidence evidence;
        for (const uint32_t r : mine) evidence.records.push_back(found_.roster[r].evidence);
        evidence.age = found_.children[c].age;
        return is_out_of_school(decide_status(evidence).status);
    }

    // Whether a record round 2 linked to a child with 辍学, 休学 or 毕业 records is the child's
    // new school: it has the child's birth date and a guardian or phone of the child's registry
    // row or records (when it names any). A dropout's namesake on the roster, born days apart or the same day in
    // another family, is not where the child went.
    bool moved_on_to(uint32_t c, const LinkRecord& child, const LinkRecord& record) const {
        if (compare_birth(child, record) != birth_level::equal) return false;
        if (record.guardian_hash == 0 && record.phone == 0) return true;  // a roster without contacts
        return in_family_of(child, child_records_.of(c), record);
    }

    // Whether a record has a guardian or phone of the child's registry row or of its records.
    bool in_family_of(const LinkRecord& child, std::span<const uint32_t> mine, const LinkRecord& record) const {
        const auto same_family = [&](const LinkRecord& known) {
            return (known.guardian_hash != 0 && known.guardian_hash == record.guardian_hash) ||
                   (known.phone != 0 && known.phone == record.phone);
        };
        return same_family(child) || std::any_of(mine.begin(), mine.end(), [&](uint32_t r) { return same_family(roster_keys_[r]); });
    }

    bool only_transfers_out(std::span<const uint32_t> records) const {
        return std::all_of(records.begin(), records.end(),
                           [&](uint32_t r) { return found_.roster[r].evidence.state == RosterState::transferred_out; });
    }

    // A child with no roster record whose round-1 candidate is a 转出 or in-school record nobody
    // has: the candidate was too close to a rival to link, and a pupil who moved inside the
    // county has two such records, the 转出 at the old school and the 转入 at the new one, each
    // perhaps with a mistyped ID. Round 2 then looks for the other one.
    std::optional<uint32_t> uncertain_transfer_record(uint32_t c) const {
        const RosterLink& link = roster_links_[c];
        if (link.method != LinkMethod::review || link.right == kNoRecord || !child_records_.of(c).empty()) return std::nullopt;
        if (found_.roster_claimed[link.right]) return std::nullopt;  // another child's, or held aside already
        const RosterState state = found_.roster[link.right].evidence.state;
        if (state != RosterState::transferred_out && !counts_as_enrolled(state)) return std::nullopt;
        return link.right;
    }

    void read_side_files(SideFiles& side) {
        side.elsewhere_rows = read_rosters_into(side.elsewhere, side.elsewhere_keys, found_.elsewhere, true);
        for (const auto& path : side.exemptions) {
            auto reader = open(path, true);
            const ColumnMap columns = tool_.columns(*reader);
            const PersonExtractor extractor(columns, id_options_);
            const auto category = columns.find("category"), reason = columns.find("reason");
            if (!category && !reason) columns.require("category");
            while (reader->next()) {
                side.exemption_keys.push_back(make_link_record(extractor.extract(*reader)));
                side.exemption_kinds.push_back(classify_exemption(optional_field(reader->fields(), category),
                                                                  optional_field(reader->fields(), reason)));
            }
            side.exemption_rows += reader->row();
        }
        for (const auto& path : side.poverty) {
            auto reader = open(path, true);
            const ColumnMap columns = tool_.columns(*reader);
            const PersonExtractor extractor(columns, id_options_);
            const auto attribute = columns.find("poverty_attr"), schooling = columns.find("schooling");
            while (reader->next()) {
                Person person = extractor.extract_identity(reader->fields(), static_cast<uint32_t>(reader->row()));
                if (may_be_school_age(person)) {
                    extractor.add_names_and_contacts(reader->fields(), person);
                    side.poverty_keys.push_back(make_link_record(person));
                    side.poverty_key_rows.push_back(static_cast<uint32_t>(found_.poverty.size()));
                }
                found_.poverty.push_back({found_.schools.intern(optional_field(reader->fields(), attribute)),
                                          classify_poverty_schooling(optional_field(reader->fields(), schooling))});
            }
            side.poverty_rows += reader->row();
        }
    }

    // A poverty file lists whole households; its adults can never link to a school-age child, and
    // leaving them out keeps the link's blocking tables small. A mistyped birth year is allowed
    // for, in the birth cell or in the ID; a member without a birth date is kept.
    bool may_be_school_age(const Person& person) const {
        if (!person.birth) return true;
        const auto plausible = [&](Date birth) {
            const int age = age_on(birth, cutoff_day_);
            return age >= options_.min_age - kBirthYearSlack && age <= options_.max_age + kBirthYearSlack;
        };
        if (plausible(*person.birth)) return true;
        const std::optional<Date> id_birth = person.id.size() == 18 ? id_birth_date(person.id) : std::nullopt;
        return id_birth && plausible(*id_birth);
    }

    void link_elsewhere_and_exemptions(const SideFiles& side) {
        if (side.elsewhere.empty() && side.exemptions.empty()) return;
        // Both link the same few children: their records are read out of the spill once.
        const std::vector<uint32_t> subset = not_enrolled_here();
        const std::vector<LinkRecord> keys = child_keys_of(subset);
        RecordSpanStream children(keys);
        if (!side.elsewhere.empty()) {
            SideLinks links = link_children(subset, children, side.elsewhere_keys);
            found_.elsewhere_of_child = std::move(links.linked);
            uncertain_elsewhere_ = std::move(links.uncertain);
        }
        if (!side.exemptions.empty()) {
            SideLinks links = link_children(subset, children, side.exemption_keys);
            exemption_.assign(found_.children.size(), std::nullopt);
            for (size_t c = 0; c < found_.children.size(); ++c) {
                if (links.linked[c] >= 0) exemption_[c] = side.exemption_kinds[links.linked[c]];
            }
            for (const auto& [c, record] : links.uncertain) uncertain_exemptions_.emplace_back(c, side.exemption_kinds[record]);
        }
    }

    void link_poverty(const SideFiles& side) {
        if (side.poverty.empty()) return;
        const std::vector<uint32_t> subset = school_age_children();
        SpillSubsetStream children(*child_keys_, subset);
        poverty_of_child_ = link_children(subset, children, side.poverty_keys, kPovertyLinkThreshold).linked;
        for (int32_t& record : poverty_of_child_)
            if (record >= 0) record = static_cast<int32_t>(side.poverty_key_rows[static_cast<size_t>(record)]);
    }

    bool is_school_age(size_t c) const {
        return found_.children[c].age >= options_.min_age && found_.children[c].age <= options_.max_age;
    }

    std::vector<uint32_t> school_age_children() const {
        std::vector<uint32_t> subset;
        for (uint32_t c = 0; c < found_.children.size(); ++c) {
            if (is_school_age(c)) subset.push_back(c);
        }
        return subset;
    }

    // School-age children with no in-school record here: only their status can still depend on
    // other counties' rosters and on the exemption list.
    std::vector<uint32_t> not_enrolled_here() const {
        std::vector<uint32_t> subset;
        for (uint32_t c = 0; c < found_.children.size(); ++c) {
            if (is_school_age(c) && !surely_enrolled_here(c)) subset.push_back(c);
        }
        return subset;
    }

    // The link records of some children, read out of the spill.
    std::vector<LinkRecord> child_keys_of(const std::vector<uint32_t>& subset) const {
        std::vector<LinkRecord> keys;
        keys.reserve(subset.size());
        child_keys_->read_subset(subset, [&](uint32_t, std::span<const LinkRecord> batch) { keys.insert(keys.end(), batch.begin(), batch.end()); });
        return keys;
    }

    // Links a subset of the children (`children` streams their records) to the records of a side
    // file with the roster's model (side files are too small, or too different, to estimate their
    // own); the side file is held.
    SideLinks link_children(const std::vector<uint32_t>& subset, LinkRecordStream& children,
                            const std::vector<LinkRecord>& side_file,
                            std::optional<double> link_threshold = std::nullopt) const {
        LinkOptions options = options_.link;
        options.model = &roster_model_;
        if (link_threshold) options.link_threshold = std::min(options.link_threshold, *link_threshold);
        const LinkResult result = link_streamed(side_file, HeldSide::right, children, options);
        SideLinks links;
        links.linked.assign(found_.children.size(), -1);
        for (const LinkDecision& decision : result.decisions) {
            const uint32_t c = subset[decision.left];
            if (is_link(decision.method)) {
                links.linked[c] = static_cast<int32_t>(decision.right);
            } else if (decision.method == LinkMethod::review && decision.has_candidate()) {
                links.uncertain.emplace_back(c, decision.right);
            }
        }
        std::sort(links.uncertain.begin(), links.uncertain.end());
        return links;
    }

    // ---- deciding ------------------------------------------------------------------------
    ChildEvidence evidence_for(size_t c, std::span<const uint32_t> records) const {
        ChildEvidence evidence;
        for (uint32_t r : records) evidence.records.push_back(found_.roster[r].evidence);
        if (const RosterRecord* elsewhere = found_.elsewhere_record(c)) {
            if (counts_as_enrolled(elsewhere->evidence.state)) {
                evidence.enrolled_elsewhere = true;
            } else {
                evidence.records.push_back(elsewhere->evidence);
            }
        }
        if (!exemption_.empty()) evidence.exemption = exemption_[c];
        evidence.age = found_.children[c].age;
        evidence.deceased_in_registry = std::binary_search(found_.registry_deceased.begin(), found_.registry_deceased.end(),
                                                           static_cast<uint32_t>(c));
        return evidence;
    }

    bool is_registry_repeat(uint32_t c) const {
        return std::binary_search(registry_repeats_.begin(), registry_repeats_.end(), c);
    }

    // A child's status depends on its own evidence only: half of the children on each core.
    void decide_statuses() {
        found_.results.resize(found_.children.size());
        const size_t half = found_.children.size() / 2;
        run_in_parallel([&] { decide_statuses(half, found_.children.size()); }, [&] { decide_statuses(0, half); });
    }

    void decide_statuses(size_t begin, size_t end) {
        for (size_t c = begin; c < end; ++c) {
            ChildResult& result = found_.results[c];
            result.school_age = is_school_age(c) && !is_registry_repeat(c);
            if (!result.school_age) continue;
            const StatusFinding finding = decide_status(evidence_for(c, child_records_.of(c)));
            result.status = finding.status;
            const RosterLink& link = roster_links_[c];
            result.method = link.method;
            result.weight = link.weight;
            if (!poverty_of_child_.empty()) result.poverty = poverty_of_child_[c];
            result.shown_record = shown_record(c, finding.status);
            result.duplicate_enrolment = is_enrolled_at_two_schools(child_records_.of(c));
            if (finding.doubt != StatusDoubt::none) {
                result.review = true;
                result.review_reason = to_string(finding.doubt);
            } else if (std::binary_search(twin_conflicts_.begin(), twin_conflicts_.end(), static_cast<uint32_t>(c))) {
                result.review = true;
                result.review_reason = "twin_record_conflict";
            } else if (link.method == LinkMethod::review && link.right != kNoRecord) {
                review_if_it_matters(c, result, link.right);
            } else if (is_uncertain_migrant_link(c, link.right)) {
                review_if_enrolled_only_by(c, result, link.right);
            }
            if (!result.review && is_out_of_school(result.status))
                if (const auto candidate = uncertain_of(second_round_uncertain_, c)) review_if_it_matters(c, result, *candidate);
            if (!result.review && is_out_of_school(result.status)) review_if_side_link_matters(c, result);
        }
    }

    // A flagged child whose exemption or other county's record was nearly linked (a mistyped ID
    // with no birth date to confirm it, a name written otherwise) goes to a clerk: linked, the
    // record would take the child off the list.
    void review_if_side_link_matters(size_t c, ChildResult& result) const {
        if (const auto kind = uncertain_of(uncertain_exemptions_, c)) {
            ChildEvidence with = evidence_for(c, child_records_.of(c));
            with.exemption = *kind;
            if (!is_out_of_school(decide_status(with).status)) {
                result.review = true;
                result.review_reason = "uncertain_exemption_link";
                return;
            }
        }
        if (const auto record = uncertain_of(uncertain_elsewhere_, c)) {
            if (counts_as_enrolled(found_.elsewhere[*record].evidence.state)) {
                result.review = true;
                result.review_reason = "uncertain_elsewhere_link";
            }
        }
    }

    template <class Value>
    static std::optional<Value> uncertain_of(const std::vector<std::pair<uint32_t, Value>>& uncertain, size_t c) {
        const auto it = std::lower_bound(uncertain.begin(), uncertain.end(), c, [](const auto& entry, size_t child) { return entry.first < child; });
        if (it == uncertain.end() || it->first != c) return std::nullopt;
        return it->second;
    }

    // An uncertain roster link goes to a clerk only when it decides whether the child is flagged:
    // linking a record the rule cannot read (a doubt) would take the child off the flagged list too.
    void review_if_it_matters(size_t c, ChildResult& result, uint32_t candidate) {
        const auto mine = child_records_.of(c);
        std::vector<uint32_t> with(mine.begin(), mine.end());
        with.push_back(candidate);
        const StatusFinding if_linked = decide_status(evidence_for(c, with));
        const bool same_flag = is_out_of_school(if_linked.status) == is_out_of_school(result.status);
        if (same_flag && if_linked.doubt == StatusDoubt::none) return;
        result.review = true;
        result.review_reason = "uncertain_roster_link";
        result.shown_record = candidate;
    }

    // A record of a 随迁子女 or of a pupil with a passport or 港澳台 document (registered outside
    // the county) linked without an ID, by name and birth date: a namesake of the child as likely
    // as the child. When it alone keeps the child
    // off the flagged list, a clerk decides.
    void review_if_enrolled_only_by(size_t c, ChildResult& result, uint32_t record) {
        std::vector<uint32_t> without;
        for (const uint32_t r : child_records_.of(c))
            if (r != record) without.push_back(r);
        if (is_out_of_school(result.status) || !is_out_of_school(decide_status(evidence_for(c, without)).status)) return;
        result.review = true;
        result.review_reason = "migrant_record_link";
    }

    // 重复学籍: in-school records at two schools. Two rows of one school are one enrolment listed
    // twice (a roster exported twice, or given twice with --roster).
    bool is_enrolled_at_two_schools(std::span<const uint32_t> records) const {
        std::optional<uint32_t> first_school;
        for (const uint32_t r : records) {
            if (!counts_as_enrolled(found_.roster[r].evidence.state)) continue;
            if (!first_school) {
                first_school = found_.roster[r].school;
            } else if (found_.roster[r].school != *first_school) {
                return true;
            }
        }
        return false;
    }

    // An in-school record here other than a 随迁子女's linked without an ID (see
    // review_if_enrolled_only_by), which may be a namesake's.
    bool surely_enrolled_here(uint32_t c) const {
        const auto records = child_records_.of(c);
        return std::any_of(records.begin(), records.end(), [&](uint32_t r) {
            return counts_as_enrolled(found_.roster[r].evidence.state) && !is_uncertain_migrant_link(c, r);
        });
    }

    bool is_uncertain_migrant_link(size_t c, uint32_t r) const {
        const RosterLink& link = roster_links_[c];
        return link.method == LinkMethod::probabilistic && link.right == r && found_.roster[r].registered_elsewhere;
    }

    int32_t shown_record(size_t c, ChildStatus status) const {
        const auto records = child_records_.of(c);
        for (uint32_t r : records) {
            if (status == ChildStatus::enrolled && counts_as_enrolled(found_.roster[r].evidence.state)) return static_cast<int32_t>(r);
        }
        if (is_link(roster_links_[c].method)) return static_cast<int32_t>(roster_links_[c].right);
        return records.empty() ? -1 : static_cast<int32_t>(records.front());
    }

    Tool& tool_;
    const FlagOptions& options_;
    Date cutoff_day_;
    IdCheckOptions id_options_;
    SpooledInputs spool_;
    FlagFindings found_;
    std::unique_ptr<LinkRecordSpill> child_keys_;  // one per child, in child order
    KeySet registry_ids_;  // the children's IDs, while the registry is read
    // The children of the registry batch being cleaned, before their IDs are checked for repeats.
    struct BatchChild {
        Child child;
        LinkRecord keys;
        size_t row_index = 0;  // in the file's row_to_child
        bool deceased = false;  // 人员状态 死亡
    };
    std::vector<BatchChild> batch_children_;

    std::vector<std::optional<RosterState>> roster_state_of_text_;  // by text id in found_.schools
    std::vector<std::optional<int>> grade_of_text_;
    std::map<std::string, RegistryState, std::less<>> registry_state_of_text_;
    std::vector<LinkRecord> roster_keys_;
    KeyIndex roster_by_id_;  // usable roster IDs
    std::vector<RosterLink> roster_links_;  // per child
    std::vector<bool> linked_in_round_one_;  // per roster record
    std::vector<uint32_t> children_without_id_;      // registry children that may repeat another, ascending
    std::vector<uint32_t> registry_repeats_;         // children whose row repeats another's, ascending
    std::vector<uint32_t> twin_conflicts_;           // twins a record's ID and name disagree on, ascending
    std::vector<uint32_t> round_two_children_;       // children round 2 linked
    // Round 2's candidates too close to a rival to link (a new school's record with only a name):
    // a clerk's, when linking one would keep the child off the flagged list.
    std::vector<std::pair<uint32_t, uint32_t>> second_round_uncertain_;  // (child, record), by child
    LinkModel roster_model_;
    RecordsByChild child_records_;

    std::vector<std::optional<ExemptionKind>> exemption_;
    // Links left in the review band, by child: (child, the record's category) and (child, record).
    std::vector<std::pair<uint32_t, ExemptionKind>> uncertain_exemptions_;
    std::vector<std::pair<uint32_t, uint32_t>> uncertain_elsewhere_;
    std::vector<int32_t> poverty_of_child_;

};

}  // namespace
}  // namespace flagging

void run_flag(Tool& tool, const FlagOptions& options) {
    // Every input is read twice or kept open, so stdin can stand for one of them only.
    long from_stdin = 0;
    for (const auto* list : {&options.registries, &options.rosters, &options.elsewhere, &options.exemptions, &options.poverty}) {
        from_stdin += std::count_if(list->begin(), list->end(), [](const std::string& p) { return p.empty() || p == "-"; });
    }
    if (from_stdin > 1) throw UsageError("stdin ('-') can be only one of the inputs");
    flagging::FlagJob job(tool, options);
    job.run();
}

}  // namespace bx
