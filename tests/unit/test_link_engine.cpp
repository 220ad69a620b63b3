// The linkage engine end to end on small populations with the hard cases placed in them.
#include "linkage.h"

#include <doctest/doctest.h>

#include "link_spill.h"
#include "link_test_people.h"

using bx::test::background;
using bx::test::make_id;
using bx::test::make_person;

namespace {

constexpr int kBackground = 300;

struct Sides {
    std::vector<bx::Person> left = background(kBackground, 1);
    std::vector<bx::Person> right = background(kBackground, 1);

    uint32_t add_left(bx::Person person) {
        person.row = static_cast<uint32_t>(left.size() + 1);
        left.push_back(std::move(person));
        return static_cast<uint32_t>(left.size() - 1);
    }
    uint32_t add_right(bx::Person person) {
        person.row = static_cast<uint32_t>(right.size() + 1);
        right.push_back(std::move(person));
        return static_cast<uint32_t>(right.size() - 1);
    }
};

std::string with_typo(std::string id, size_t position) {
    id[position] = id[position] == '5' ? '6' : '5';
    return id;
}

}  // namespace

TEST_CASE("the background links by exact ID") {
    Sides sides;
    const bx::LinkResult result = bx::link_records(sides.left, sides.right, {});
    REQUIRE(result.decisions.size() == kBackground);
    for (size_t i = 0; i < result.decisions.size(); ++i) {
        CHECK(result.decisions[i].right == static_cast<int64_t>(i));
        CHECK(result.decisions[i].method == bx::LinkMethod::id_exact);
    }
    CHECK(result.duplicates.empty());
}

TEST_CASE("twins: one enrolled with a typo'd ID, the other not enrolled") {
    Sides sides;
    const std::string id_a = make_id("140322", "20150304", 11), id_b = make_id("140322", "20150304", 13);
    const auto twin = [](std::string_view id, std::string_view name) {
        return make_person(0, id, name, "2015-03-04", bx::Sex::male, "王建国", "13911112222", "H-twins");
    };
    const uint32_t a = sides.add_left(twin(id_a, "王子轩"));
    const uint32_t b = sides.add_left(twin(id_b, "王子航"));
    const uint32_t roster_a = sides.add_right(twin(with_typo(id_a, 2), "王子轩"));
    const bx::LinkResult result = bx::link_records(sides.left, sides.right, {});
    CHECK(result.decisions[a].right == roster_a);
    CHECK(result.decisions[a].method == bx::LinkMethod::id_near);
    CHECK_FALSE(bx::is_link(result.decisions[b].method));

    SUBCASE("without A's registry row, B still does not take A's roster row") {
        sides.left.erase(sides.left.begin() + a);
        const bx::LinkResult alone = bx::link_records(sides.left, sides.right, {});
        CHECK_FALSE(bx::is_link(alone.decisions[a].method));  // B now sits at index a
    }
}

TEST_CASE("namesakes with the same birthday in different households") {
    Sides sides;
    const auto child = [](std::string_view id, std::string_view guardian, std::string_view phone, std::string_view household) {
        return make_person(0, id, "张伟", "2014-06-01", bx::Sex::male, guardian, phone, household);
    };
    const uint32_t first = sides.add_left(child(make_id("140322", "20140601", 21), "张国强", "13700001111", "H-a"));
    const uint32_t second = sides.add_left(child(make_id("140322", "20140601", 23), "张国富", "13700002222", "H-b"));
    // The second one is enrolled without an ID; his guardian and phone say which one he is.
    const uint32_t roster = sides.add_right(child("", "张国富", "13700002222", ""));
    const bx::LinkResult result = bx::link_records(sides.left, sides.right, {});
    CHECK(result.decisions[second].right == roster);
    CHECK(bx::is_link(result.decisions[second].method));
    CHECK_FALSE(bx::is_link(result.decisions[first].method));
}

TEST_CASE("a damaged ID next to a sibling's") {
    Sides sides;
    const auto member = [](std::string_view id, std::string_view name, std::string_view birth) {
        return make_person(0, id, name, birth, bx::Sex::female, "赵建华", "13622223333", "H-sib");
    };
    const uint32_t child = sides.add_left(member(make_id("140322", "20160210", 42), "赵雨桐", "2016-02-10"));
    const uint32_t sibling = sides.add_left(member(make_id("140322", "20130915", 44), "赵雨欣", "2013-09-15"));
    const uint32_t roster = sides.add_right(member("1.40322E+17", "赵雨桐", "2016-02-10"));
    const bx::LinkResult result = bx::link_records(sides.left, sides.right, {});
    CHECK(result.decisions[child].right == roster);
    CHECK(result.decisions[child].method == bx::LinkMethod::probabilistic);
    CHECK_FALSE(bx::is_link(result.decisions[sibling].method));
}

TEST_CASE("an empty ID column: names, births and contacts link") {
    Sides sides;
    for (bx::Person& person : sides.right) {
        person.id.clear();
        person.id_key = 0;
        person.id_status = bx::IdStatus::empty;
    }
    const bx::LinkResult result = bx::link_records(sides.left, sides.right, {});
    long correct = 0;
    for (size_t i = 0; i < result.decisions.size(); ++i)
        correct += result.decisions[i].right == static_cast<int64_t>(i) && result.decisions[i].method == bx::LinkMethod::probabilistic;
    CHECK(correct == kBackground);
}

TEST_CASE("one side empty") {
    const std::vector<bx::Person> none;
    const std::vector<bx::Person> some = background(20, 1);
    CHECK(bx::link_records(none, some, {}).decisions.empty());
    const bx::LinkResult result = bx::link_records(some, none, {});
    REQUIRE(result.decisions.size() == 20);
    for (const bx::LinkDecision& decision : result.decisions) CHECK(decision.method == bx::LinkMethod::none);
}

TEST_CASE("a duplicated roster ID is reported and links once") {
    Sides sides;
    const uint32_t copy = sides.add_right(sides.right[5]);
    const bx::LinkResult result = bx::link_records(sides.left, sides.right, {});
    REQUIRE(result.duplicates.size() == 1);
    CHECK_FALSE(result.duplicates[0].left_side);
    CHECK(result.duplicates[0].records == std::vector<uint32_t>{5, copy});
    CHECK(result.decisions[5].right == 5);
}

TEST_CASE("an equal ID with another name and birth date goes to review") {
    Sides sides;
    bx::Person other = sides.right[7];
    sides.right[7] = make_person(8, other.id, "欧阳娜娜", "2010-12-12", bx::Sex::female, "某某", "13500000001");
    const bx::LinkResult result = bx::link_records(sides.left, sides.right, {});
    CHECK(result.decisions[7].method != bx::LinkMethod::id_exact);
    CHECK_FALSE(bx::is_link(result.decisions[7].method));
}

TEST_CASE("clerk decisions force and forbid pairs") {
    Sides sides;
    bx::LinkOptions options;
    options.clerk_decisions.push_back({1, 1, false});  // rows are 1-based
    options.clerk_decisions.push_back({3, 2, true});
    const bx::LinkResult result = bx::link_records(sides.left, sides.right, options);
    CHECK_FALSE(bx::is_link(result.decisions[0].method));
    CHECK(result.decisions[2].right == 1);
    CHECK(result.decisions[2].method == bx::LinkMethod::clerk_accepted);
    CHECK_FALSE(bx::is_link(result.decisions[1].method));  // its roster row went to the clerk's pair
}

TEST_CASE("a saved model gives the same decisions") {
    Sides sides;
    const bx::LinkResult first = bx::link_records(sides.left, sides.right, {});
    const bx::LinkModel model = bx::model_from_json(bx::model_to_json(first.model));
    bx::LinkOptions options;
    options.model = &model;
    const bx::LinkResult second = bx::link_records(sides.left, sides.right, options);
    for (size_t i = 0; i < first.decisions.size(); ++i) {
        CHECK(first.decisions[i].right == second.decisions[i].right);
        CHECK(first.decisions[i].weight == doctest::Approx(second.decisions[i].weight));
    }
}

namespace {

// A side in memory that counts how often the engine reads it.
class CountingStream : public bx::LinkRecordStream {
public:
    explicit CountingStream(std::span<const bx::LinkRecord> records) : records_(records) {}
    void read(const bx::LinkBatchVisitor& visit) override {
        ++reads;
        for (size_t first = 0; first < records_.size(); first += 64)
            visit(static_cast<uint32_t>(first), records_.subspan(first, std::min<size_t>(64, records_.size() - first)));
    }
    int reads = 0;

private:
    std::span<const bx::LinkRecord> records_;
};

std::vector<bx::LinkRecord> link_records_of(const std::vector<bx::Person>& people) {
    std::vector<bx::LinkRecord> records;
    for (const bx::Person& person : people) records.push_back(bx::make_link_record(person));
    return records;
}

std::vector<std::pair<uint32_t, uint32_t>> links_of(const bx::LinkResult& result) {
    std::vector<std::pair<uint32_t, uint32_t>> links;
    for (const bx::LinkDecision& decision : result.decisions)
        if (bx::is_link(decision.method)) links.emplace_back(decision.left, decision.right);
    return links;
}

}  // namespace

TEST_CASE("the streamed side is read twice, and which side is held does not change the links") {
    Sides sides;
    const uint32_t twin = sides.add_left(make_person(0, make_id("140322", "20150304", 13), "王子航", "2015-03-04",
                                                      bx::Sex::male, "王建国", "13911112222", "H-twins"));
    sides.add_right(make_person(0, with_typo(make_id("140322", "20150304", 11), 4), "王子轩", "2015-03-04",
                                bx::Sex::male, "王建国", "13911112222", "H-twins"));
    const auto left = link_records_of(sides.left), right = link_records_of(sides.right);
    CountingStream left_stream(left), right_stream(right);
    const bx::LinkResult streamed_left = bx::link_streamed(right, bx::HeldSide::right, left_stream, {});
    const bx::LinkResult streamed_right = bx::link_streamed(left, bx::HeldSide::left, right_stream, {});
    CHECK(left_stream.reads == 2);
    CHECK(right_stream.reads == 2);
    CHECK(links_of(streamed_left) == links_of(streamed_right));
    CHECK(links_of(streamed_left).size() == kBackground);
    // Only decided left records are listed when the left side is streamed; the twin is not one.
    for (const bx::LinkDecision& decision : streamed_left.decisions) CHECK(decision.left != twin);
}

TEST_CASE("spilled records read back whole, as a subset, and link as they did in memory") {
    Sides sides;
    const auto left = link_records_of(sides.left), right = link_records_of(sides.right);
    bx::LinkRecordSpill spill;
    for (const bx::LinkRecord& record : left) spill.append(record);
    spill.finish();
    REQUIRE(spill.size() == left.size());
    std::vector<uint32_t> rows;
    spill.read([&](uint32_t first, std::span<const bx::LinkRecord> batch) {
        for (uint32_t i = 0; i < batch.size(); ++i) {
            CHECK(first + i == rows.size());
            rows.push_back(batch[i].row);
        }
    });
    std::vector<uint32_t> expected;
    for (const bx::LinkRecord& record : left) expected.push_back(record.row);
    CHECK(rows == expected);
    const std::vector<uint32_t> subset = {0, 7, 8, 150, static_cast<uint32_t>(left.size() - 1)};
    std::vector<uint32_t> subset_rows;
    spill.read_subset(subset, [&](uint32_t first, std::span<const bx::LinkRecord> batch) {
        CHECK(first == subset_rows.size());
        for (const bx::LinkRecord& record : batch) subset_rows.push_back(record.row);
    });
    CHECK(subset_rows == std::vector<uint32_t>{left[0].row, left[7].row, left[8].row, left[150].row, left.back().row});
    const bx::LinkResult from_spill = bx::link_streamed(right, bx::HeldSide::right, spill, {});
    bx::RecordSpanStream in_memory(left);
    const bx::LinkResult from_memory = bx::link_streamed(right, bx::HeldSide::right, in_memory, {});
    CHECK(links_of(from_spill) == links_of(from_memory));
    CHECK(links_of(from_spill).size() == kBackground);
}

TEST_CASE("a duplicated ID on the streamed side is reported") {
    Sides sides;
    const uint32_t copy = sides.add_left(sides.left[9]);
    sides.add_left(sides.left[10]);  // the left side is now the larger: streamed
    const bx::LinkResult result = bx::link_records(sides.left, sides.right, {});
    std::vector<bx::DuplicateId> left_duplicates;
    for (const bx::DuplicateId& duplicate : result.duplicates)
        if (duplicate.left_side) left_duplicates.push_back(duplicate);
    REQUIRE(left_duplicates.size() == 2);
    CHECK(left_duplicates[0].records.size() == 2);
    const bool nine_found = left_duplicates[0].records == std::vector<uint32_t>{9, copy} ||
                            left_duplicates[1].records == std::vector<uint32_t>{9, copy};
    CHECK(nine_found);
}

TEST_CASE("the explanation adds up to the weight") {
    Sides sides;
    const bx::LinkResult result = bx::link_records(sides.left, sides.right, {});
    for (const bx::LinkDecision& decision : result.decisions) {
        float total = 0;
        for (const float weight : bx::explain_weight(result.model, decision)) total += weight;
        CHECK(total == doctest::Approx(decision.weight).epsilon(1e-4));
    }
    CHECK(bx::explain_weight(result.model, bx::LinkDecision{}) == std::array<float, bx::kLinkFieldCount>{});
}
