// bx-score: precision, recall and the breakdowns on tiny hand-made truth files.
#include <doctest/doctest.h>

#include <filesystem>
#include <fstream>
#include <unistd.h>

#include "csv_reader.h"
#include "errors.h"
#include "score.h"

namespace fs = std::filesystem;

namespace {

// Writes `text` to a temporary file that lives as long as the object.
class TempCsv {
public:
    explicit TempCsv(const std::string& text)
        : path_(fs::temp_directory_path() / ("bx-test-score-" + std::to_string(getpid()) + "-" + std::to_string(counter_++) + ".csv")) {
        std::ofstream(path_, std::ios::binary) << text;
    }
    ~TempCsv() { fs::remove(path_); }
    std::string path() const { return path_.string(); }

private:
    static inline int counter_ = 0;
    fs::path path_;
};

// Registry rows 1-8 (row 3 is an adult, so absent). Out of school: 2, 5, 7.
// 1 and 4 are twins; 6 has a duplicate enrolment (roster rows 12 and 30); 8 studies elsewhere
// and left a 转出 record (roster row 40).
const char* kTruth =
    "registry_row,status,roster_file,roster_row,all_roster_rows,exempt_row,poverty_row,age,twin,twin_row,id_noise,name_noise\n"
    "1,enrolled,roster,10,10,,,8,yes,4,none,none\n"
    "2,not_enrolled,,,,,,9,no,,,\n"
    "4,enrolled,roster,11,11,,,8,yes,1,substitution,none\n"
    "5,dropped_out,roster,20,20,,3,12,no,,missing,none\n"
    "6,enrolled,roster,12,12;30,,,10,no,,none,homophone\n"
    "7,transferred_lost,roster,21,21,,,13,no,,none,none\n"
    "8,enrolled_elsewhere,elsewhere,5,40,,,11,no,,excel_sci,none\n"
    "9,out_of_age,,,,,,3,no,,,\n";

bx::TruthTable load_truth() {
    TempCsv file(kTruth);
    bx::CsvReader reader(file.path());
    return bx::TruthTable::read(reader);
}

bx::FlagScore score_list(const std::string& list) {
    const bx::TruthTable truth = load_truth();
    TempCsv file(list);
    bx::CsvReader reader(file.path());
    std::vector<long> rows;
    long without_row = 0;
    bx::read_flagged_rows(reader, rows, without_row);
    return bx::score_flags(truth, rows, without_row);
}

bx::PairScore score_links(const std::string& links) {
    const bx::TruthTable truth = load_truth();
    TempCsv file(links);
    bx::CsvReader reader(file.path());
    return bx::score_pairs(truth, bx::read_links(reader));
}

long count(const bx::Breakdown& breakdown, const std::string& label) {
    for (const auto& [name, value] : breakdown) {
        if (name == label) return value;
    }
    return 0;
}

}  // namespace

TEST_CASE("score: accuracy arithmetic") {
    bx::Accuracy a{3, 1, 2};
    CHECK(a.precision() == doctest::Approx(0.75));
    CHECK(a.recall() == doctest::Approx(0.6));
    CHECK(a.f1() == doctest::Approx(2 * 0.75 * 0.6 / 1.35));
    bx::Accuracy nothing{0, 0, 0};  // nothing flagged, nothing to find
    CHECK(nothing.precision() == 1.0);
    CHECK(nothing.recall() == 1.0);
    bx::Accuracy all_wrong{0, 4, 3};
    CHECK(all_wrong.f1() == 0.0);
}

TEST_CASE("score: a perfect list") {
    const auto score = score_list("name,registry_row\na,2\nb,5\nc,7\n");
    CHECK(score.truth_positives == 3);
    CHECK(score.accuracy.true_positives == 3);
    CHECK(score.accuracy.precision() == 1.0);
    CHECK(score.accuracy.recall() == 1.0);
    CHECK(score.false_flags.empty());
    CHECK(score.misses.empty());
}

TEST_CASE("score: false flags and misses by true status, repeats and blanks") {
    // 2 right; 1 enrolled and 8 elsewhere wrongly flagged; 3 is an adult; 5 repeated (from a
    // second list); an empty registry_row (a migrant on a review list). 7 is missed.
    const auto score = score_list("registry_row\n2\n1\n8\n3\n5\n5\n\"\"\n");
    CHECK(score.rows_read == 7);
    CHECK(score.without_row == 1);
    CHECK(score.repeated == 1);
    CHECK(score.accuracy.true_positives == 2);
    CHECK(score.accuracy.false_positives == 3);
    CHECK(score.accuracy.false_negatives == 1);
    CHECK(score.accuracy.precision() == doctest::Approx(0.4));
    CHECK(score.accuracy.recall() == doctest::Approx(2.0 / 3));
    CHECK(count(score.false_flags, "enrolled") == 1);
    CHECK(count(score.false_flags, "enrolled_elsewhere") == 1);
    CHECK(count(score.false_flags, "not_a_child") == 1);
    CHECK(count(score.misses, "transferred_lost") == 1);
}

TEST_CASE("score: flagged lists must carry registry row numbers") {
    CHECK_THROWS_AS(score_list("name\na\n"), bx::DataError);
    CHECK_THROWS_AS(score_list("registry_row\n2x\n"), bx::DataError);
    CHECK_THROWS_AS(score_list("registry_row\n0\n"), bx::DataError);
}

TEST_CASE("score: links, with twin swaps and other wrong links told apart") {
    // 1->10 right; 4->10 is its twin's record; 6->30 right (the duplicate); 2->11 another child;
    // 5->99 a record of nobody in the registry (a migrant); 7 left unlinked; 3 is an adult.
    const auto score = score_links("left_row,right_row\n1,10\n4,10\n6,30\n2,11\n5,99\n7,\n3,12\n");
    CHECK(score.links == 6);
    CHECK(score.unlinked_rows == 1);
    CHECK(score.correct_links == 2);
    CHECK(score.true_pairs == 6);  // children 1 4 5 6 7 8 have a roster.csv row
    CHECK(score.found_pairs == 2);
    CHECK(score.precision() == doctest::Approx(2.0 / 6));
    CHECK(score.recall() == doctest::Approx(2.0 / 6));
    CHECK(count(score.wrong_links, "twin_swap") == 1);
    CHECK(count(score.wrong_links, "other_child") == 1);
    CHECK(count(score.wrong_links, "unregistered_record") == 1);
    CHECK(count(score.wrong_links, "not_a_child") == 1);
    CHECK(count(score.missed_pairs, "substitution") == 1);  // child 4
    CHECK(count(score.missed_pairs, "missing") == 1);       // child 5
    CHECK(count(score.missed_pairs, "excel_sci") == 1);     // child 8 (its 转出 row 40)
}

TEST_CASE("score: links into elsewhere.csv through right_file") {
    const auto score = score_links("left_row,right_row,right_file\n8,5,data/elsewhere.csv\n1,10,roster\n");
    CHECK(score.correct_links == 2);
    CHECK(score.true_pairs == 6);  // 8 counted once although it has records in both files
    CHECK(score.found_pairs == 2);
    CHECK_THROWS_AS(score_links("left_row,right_row,right_file\n8,5,other\n"), bx::DataError);
}

TEST_CASE("score: a malformed truth is bad data") {
    TempCsv unknown_status("registry_row,status,roster_file,roster_row,all_roster_rows,twin_row,id_noise\n1,lost,,,,,\n");
    bx::CsvReader reader(unknown_status.path());
    CHECK_THROWS_AS(bx::TruthTable::read(reader), bx::DataError);
    TempCsv missing_column("registry_row,status\n1,enrolled\n");
    bx::CsvReader reader2(missing_column.path());
    CHECK_THROWS_AS(bx::TruthTable::read(reader2), bx::DataError);
}
