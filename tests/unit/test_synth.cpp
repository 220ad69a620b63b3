// bx-synth: reproducibility, coverage of every truth status, agreement of the truth with the
// files it describes, and the configured damage rates.
#include <doctest/doctest.h>

#include <filesystem>
#include <fstream>
#include <map>
#include <set>
#include <sstream>
#include <unistd.h>

#include "csv_reader.h"
#include "dates.h"
#include "errors.h"
#include "fields.h"
#include "id_number.h"
#include "synth.h"
#include "synth_noise.h"
#include "synth_random.h"

namespace fs = std::filesystem;

namespace {

fs::path fresh_dir(const std::string& name) {
    const fs::path dir = fs::temp_directory_path() / ("bx-test-synth-" + std::to_string(getpid()) + "-" + name);
    fs::remove_all(dir);
    return dir;
}

std::string slurp(const fs::path& path) {
    std::ifstream in(path, std::ios::binary);
    std::ostringstream out;
    out << in.rdbuf();
    return out.str();
}

constexpr const char* kFiles[] = {"hukou.csv", "roster.csv", "elsewhere.csv", "exempt.csv", "poverty.csv", "truth.csv"};

bx::SynthReport generate(const fs::path& dir, long children, uint64_t seed, bx::CsvWriteOptions write = {}) {
    bx::SynthOptions options;
    options.children = children;
    options.seed = seed;
    return bx::synthesize(options, dir.string(), write);
}

// A whole CSV file in memory with its columns resolved through the alias table.
struct Table {
    std::vector<std::string> header;
    std::vector<std::vector<std::string>> rows;  // rows[0] is data row 1

    explicit Table(const fs::path& path) {
        bx::CsvReadOptions options;
        options.lenient = true;  // a small set may have an empty exemption list
        bx::CsvReader reader(path.string(), options);
        header = reader.header();
        while (reader.next()) rows.emplace_back(reader.fields().begin(), reader.fields().end());
    }
    size_t field(std::string_view name) const {
        return bx::ColumnMap(header, {}, "test").require(name);
    }
    size_t column(std::string_view exact) const {
        for (size_t i = 0; i < header.size(); ++i) {
            if (header[i] == exact) return i;
        }
        FAIL("no column " << exact);
        return 0;
    }
    const std::vector<std::string>& row(const std::string& number) const { return rows.at(std::stoul(number) - 1); }
};

struct DataSet {
    Table hukou, roster, elsewhere, exempt, poverty, truth;
    explicit DataSet(const fs::path& dir)
        : hukou(dir / "hukou.csv"), roster(dir / "roster.csv"), elsewhere(dir / "elsewhere.csv"),
          exempt(dir / "exempt.csv"), poverty(dir / "poverty.csv"), truth(dir / "truth.csv") {}
};

// A folder removed when the test process ends: the shared medium set outlives every test case,
// and ctest runs each case in a process of its own, so each would leave one behind in /tmp.
struct RemovedAtExit {
    fs::path dir;
    ~RemovedAtExit() {
        std::error_code ignored;
        fs::remove_all(dir, ignored);
    }
};

// One generated medium set shared by the tests that only read it.
const DataSet& medium_set() {
    static const RemovedAtExit folder{[] {
        const fs::path d = fresh_dir("medium");
        generate(d, 20000, 1);
        return d;
    }()};
    static const DataSet data(folder.dir);
    return data;
}

// 一年级..九年级, 初一..初三 or 1..9 -> 1..9; 0 for anything else.
int grade_number(const std::string& label) {
    const std::vector<std::string> numerals = {"一", "二", "三", "四", "五", "六", "七", "八", "九"};
    for (int g = 1; g <= 9; ++g) {
        const std::string& n = numerals[static_cast<size_t>(g - 1)];
        if (label == std::to_string(g) || label == n + "年级" || (g >= 7 && label == "初" + numerals[static_cast<size_t>(g - 7)])) {
            return g;
        }
    }
    return 0;
}

const std::set<std::string> kInSchool = {"在读", "在校", "在籍", "正常", "复学", "转入", "借读"};

}  // namespace

TEST_CASE("synth: the same seed and options give the same bytes, another seed other bytes") {
    const fs::path a = fresh_dir("a"), b = fresh_dir("b"), c = fresh_dir("c");
    generate(a, 1500, 42);
    generate(b, 1500, 42);
    generate(c, 1500, 43);
    for (const char* file : kFiles) {
        INFO(file);
        const std::string bytes = slurp(a / file);
        CHECK(!bytes.empty());
        CHECK(bytes == slurp(b / file));
    }
    CHECK(slurp(a / "hukou.csv") != slurp(c / "hukou.csv"));
    for (const auto& dir : {a, b, c}) fs::remove_all(dir);
}

TEST_CASE("synth: the random streams are fixed (no std:: distributions)") {
    bx::synth::Rng rng(1);
    const uint64_t first = rng.next();
    bx::synth::Rng again(1);
    CHECK(again.next() == first);
    CHECK(bx::synth::mix64(0) == 0xe220a8397b1dcdafULL);  // splitmix64 reference value
}

TEST_CASE("synth: every truth status appears in a medium set, and the counts are plausible") {
    const Table& truth = medium_set().truth;
    REQUIRE(truth.rows.size() == 20000);
    std::map<std::string, long> counts;
    for (const auto& row : truth.rows) ++counts[row[truth.column("status")]];
    for (size_t i = 0; i < bx::kTruthStatusCount; ++i) {
        const auto status = std::string(bx::to_string(static_cast<bx::TruthStatus>(i)));
        INFO(status);
        CHECK(counts[status] > 0);
    }
    long school_age = 0, out = 0;
    for (const auto& [status, count] : counts) {
        if (status != "out_of_age") school_age += count;
        if (bx::is_out_of_school(*bx::parse_truth_status(status))) out += count;
    }
    const double share = static_cast<double>(out) / static_cast<double>(school_age);
    CHECK(share > 0.015);
    CHECK(share < 0.04);
}

TEST_CASE("synth: every header resolves through the alias table") {
    for (uint64_t seed : {1, 2, 3, 4, 5, 6}) {
        const fs::path dir = fresh_dir("headers");
        generate(dir, 300, seed);
        const DataSet data(dir);
        for (auto field : {"id", "name", "sex", "ethnicity", "birth", "household", "head", "relation", "guardian",
                           "guardian_id", "phone", "address", "police_station", "township", "village"}) {
            CHECK_NOTHROW(data.hukou.field(field));
        }
        for (const Table* roster : {&data.roster, &data.elsewhere}) {
            for (auto field : {"school", "school_code", "grade", "class", "name", "sex", "birth", "id_type", "id",
                               "student_no", "status", "entry", "boarding", "left_behind", "migrant", "orphan",
                               "guardian", "phone"}) {
                CHECK_NOTHROW(roster->field(field));
            }
        }
        CHECK_NOTHROW(data.elsewhere.field("study_region"));
        for (auto field : {"name", "id", "category", "reason", "approved"}) CHECK_NOTHROW(data.exempt.field(field));
        for (auto field : {"county", "township", "village", "household", "person_no", "head", "head_id", "name", "id",
                           "relation", "sex", "birth", "schooling", "unschooled_reason", "poverty_attr", "unsupported"}) {
            CHECK_NOTHROW(data.poverty.field(field));
        }
        fs::remove_all(dir);
    }
}

TEST_CASE("synth: the truth agrees with the files") {
    const DataSet& data = medium_set();
    const Table& truth = data.truth;
    const size_t hukou_id = data.hukou.field("id");
    const size_t hukou_birth = data.hukou.field("birth");
    const size_t hukou_household = data.hukou.field("household");
    const size_t roster_id = data.roster.field("id");
    const size_t roster_status = data.roster.field("status");
    const size_t roster_grade = data.roster.field("grade");
    const size_t roster_student = data.roster.field("student_no");
    const size_t elsewhere_id = data.elsewhere.field("id");
    const size_t elsewhere_status = data.elsewhere.field("status");
    const size_t exempt_id = data.exempt.field("id");
    const size_t exempt_category = data.exempt.field("category");
    const size_t poverty_id = data.poverty.field("id");

    // Every ID any roster row carries, in either the ID column or the G student number.
    std::set<std::string> roster_ids;
    for (const Table* table : {&data.roster, &data.elsewhere}) {
        const size_t id = table->field("id"), student = table->field("student_no");
        for (const auto& row : table->rows) {
            roster_ids.insert(bx::normalize_id_text(row[id]));
            if (row[student].starts_with("G")) roster_ids.insert(row[student].substr(1));
        }
    }
    const bx::Date cutoff(2026, 8, 31);
    std::set<std::string> registry_ids;
    for (const auto& t : truth.rows) {
        const std::string status = t[truth.column("status")];
        const std::string file = t[truth.column("roster_file")];
        const std::string roster_row = t[truth.column("roster_row")];
        const auto& person = data.hukou.row(t[truth.column("registry_row")]);
        const std::string id = person[hukou_id];
        INFO("registry row " << t[0] << " status " << status);
        REQUIRE(bx::check_id(id).status == bx::IdStatus::valid);
        CHECK(registry_ids.insert(id).second);  // IDs are unique

        // Age from the ID's birth date.
        const int age = bx::age_on(*bx::id_birth_date(id), cutoff);
        CHECK(std::to_string(age) == t[truth.column("age")]);
        CHECK((status == "out_of_age") == (age < 6 || age > 15));
        if (!person[hukou_birth].empty()) CHECK(bx::parse_date(person[hukou_birth]).value->date == *bx::id_birth_date(id));

        // The status record.
        std::string recorded;
        if (file == "roster") {
            const auto& record = data.roster.row(roster_row);
            recorded = record[roster_status];
            if (t[truth.column("id_noise")] == "none") CHECK(record[roster_id] == id);
            if (const auto kind = t[truth.column("id_noise")]; kind != "none") {
                const auto checked = bx::check_id(record[roster_id]);
                if (kind == "fullwidth" || kind == "space" || kind == "apostrophe" || kind == "lowercase_x") {
                    CHECK(checked.status == bx::IdStatus::valid);
                    CHECK(checked.id == id);
                } else {  // the number is lost (an ID ending in 000 can pass the check by chance)
                    CHECK(!(checked.usable() && checked.id == id));
                }
            }
            if (record[roster_student].starts_with("G")) CHECK(record[roster_student] == "G" + id);
            if (status == "graduated") CHECK(grade_number(record[roster_grade]) == 9);
        } else if (file == "elsewhere") {
            const auto& record = data.elsewhere.row(roster_row);
            recorded = record[elsewhere_status];
            if (t[truth.column("id_noise")] == "none") CHECK(record[elsewhere_id] == id);
        }
        std::string category;
        if (!t[truth.column("exempt_row")].empty()) {
            const auto& record = data.exempt.row(t[truth.column("exempt_row")]);
            category = record[exempt_category];
            CHECK(bx::normalize_id_text(record[exempt_id]) == id);
        }
        if (status == "enrolled") {
            CHECK(file == "roster");
            CHECK((kInSchool.count(recorded) == 1 || recorded == "送教上门"));
        } else if (status == "enrolled_elsewhere") {
            CHECK(file == "elsewhere");
            CHECK(kInSchool.count(recorded) == 1);
        } else if (status == "graduated") {
            CHECK(recorded == "毕业");
        } else if (status == "exempt_deferred") {
            CHECK(category == "延缓入学");
            CHECK(file.empty());
        } else if (status == "exempt_sick_leave") {
            CHECK(recorded == "休学");
            CHECK(category == "休学");
        } else if (status == "exempt_deceased") {
            CHECK((recorded == "死亡" || category == "死亡"));
        } else if (status == "exempt_abroad") {
            CHECK(category == "出国");
        } else if (status == "not_enrolled") {
            if (file.empty()) {
                CHECK(roster_ids.count(id) == 0);
            } else {  // finished primary school and never started junior school
                CHECK(recorded == "毕业");
                CHECK(grade_number(data.roster.row(roster_row)[roster_grade]) == 6);
            }
        } else if (status == "dropped_out") {
            CHECK((recorded == "辍学" || recorded == "失学" || recorded == "退学"));
        } else if (status == "suspended") {
            CHECK(recorded == "休学");
            CHECK(category.empty());
        } else if (status == "transferred_lost") {
            CHECK(recorded == "转出");
            CHECK(t[truth.column("all_roster_rows")] == roster_row);  // no second, in-school record
        }

        // Poverty row and twin.
        if (!t[truth.column("poverty_row")].empty()) {
            CHECK(bx::normalize_id_text(data.poverty.row(t[truth.column("poverty_row")])[poverty_id]) == id);
        }
        if (t[truth.column("twin")] == "yes") {
            const std::string twin_row = t[truth.column("twin_row")];
            REQUIRE(!twin_row.empty());
            const auto& twin = data.hukou.row(twin_row);
            CHECK(twin[hukou_id].substr(0, 14) == id.substr(0, 14));  // same birth date
            CHECK(twin[hukou_id] != id);
            CHECK(twin[hukou_household] == person[hukou_household]);
        }
    }
}

TEST_CASE("synth: roster ID damage matches the configured rates") {
    const Table& roster = medium_set().roster;
    const size_t id = roster.field("id");
    std::map<bx::IdStatus, long> counts;
    long cosmetic = 0;
    for (const auto& row : roster.rows) {
        const auto checked = bx::check_id(row[id]);
        ++counts[checked.status];
        if (checked.status == bx::IdStatus::valid && checked.id != row[id]) ++cosmetic;
    }
    const auto share = [&](long n) { return static_cast<double>(n) / static_cast<double>(roster.rows.size()); };
    const bx::SynthRates defaults;
    const long typos = counts[bx::IdStatus::bad_check] + counts[bx::IdStatus::bad_date] + counts[bx::IdStatus::bad_region];
    CHECK(share(typos) == doctest::Approx(defaults.id_substitution + defaults.id_transposition).epsilon(0.2));
    CHECK(share(counts[bx::IdStatus::empty]) == doctest::Approx(defaults.id_missing).epsilon(0.2));
    CHECK(share(counts[bx::IdStatus::excel_damaged]) == doctest::Approx(defaults.id_excel).epsilon(0.4));
    CHECK(share(cosmetic) == doctest::Approx(defaults.id_cosmetic).epsilon(0.2));
}

TEST_CASE("synth: namesakes and twins occur at scale") {
    const DataSet& data = medium_set();
    const size_t name = data.hukou.field("name");
    std::map<std::string, int> names;
    for (const auto& row : data.hukou.rows) ++names[row[name]];
    long shared = 0;
    for (const auto& [n, count] : names) shared += count > 1 ? count : 0;
    CHECK(shared > 2000);  // over a tenth of the children share their full name
    long twins = 0;
    for (const auto& row : data.truth.rows) twins += row[data.truth.column("twin")] == "yes";
    CHECK(twins > 200);
}

TEST_CASE("synth: GB18030 output holds the same rows as UTF-8 output") {
    const fs::path utf8 = fresh_dir("utf8"), gbk = fresh_dir("gbk");
    generate(utf8, 400, 9);
    bx::CsvWriteOptions write;
    write.encoding = bx::OutputEncoding::Gb18030;
    write.crlf = true;
    generate(gbk, 400, 9, write);
    for (const char* file : {"hukou.csv", "roster.csv"}) {
        const Table a(utf8 / file), b(gbk / file);
        CHECK(a.header == b.header);
        CHECK(a.rows == b.rows);
        CHECK(slurp(gbk / file) != slurp(utf8 / file));
    }
    fs::remove_all(utf8);
    fs::remove_all(gbk);
}

TEST_CASE("synth: options out of range are usage errors") {
    bx::SynthOptions options;
    options.children = 0;
    CHECK_THROWS_AS(bx::validate(options), bx::UsageError);
    options.children = 10;
    options.rates.twins = 1.5;
    CHECK_THROWS_AS(bx::validate(options), bx::UsageError);
    options.rates = {};
    options.rates.not_enrolled = 0.6;
    CHECK_THROWS_AS(bx::validate(options), bx::UsageError);
    options.rates = {};
    options.region = {"14032"};
    const fs::path bad = fresh_dir("bad");
    CHECK_THROWS_AS(bx::synthesize(options, bad.string(), {}), bx::UsageError);
    fs::remove_all(bad);
}

TEST_CASE("synth: noise helpers") {
    using namespace bx::synth;
    Rng rng(5);
    const std::string id = "14032220150304123X";
    std::string shown = id;
    CHECK(apply_id_noise(IdNoise::excel_sci, shown, rng) == IdNoise::excel_sci);
    CHECK(shown == "1.40322E+17");
    shown = id;
    apply_id_noise(IdNoise::excel_zeros, shown, rng);
    CHECK(shown == "140322201503041000");
    shown = id;
    CHECK(apply_id_noise(IdNoise::lowercase_x, shown, rng) == IdNoise::lowercase_x);
    CHECK(shown == "14032220150304123x");
    shown = "111111111111111111";
    CHECK(apply_id_noise(IdNoise::transposition, shown, rng) == IdNoise::substitution);
    CHECK(legacy_id(id) == "140322150304123");
    std::string date;
    append_date(date, bx::Date(2015, 3, 4), DateStyle::chinese);
    append_date(date, bx::Date(2015, 3, 4), DateStyle::excel_serial);
    CHECK(date == "2015年3月4日42067");
}
