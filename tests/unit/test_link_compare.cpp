#include "link_blocking.h"
#include "link_compare.h"

#include <doctest/doctest.h>

#include <algorithm>

#include "link_test_people.h"

using bx::test::make_id;
using bx::test::make_person;

namespace {

bx::LinkRecord record(std::string_view id, std::string_view name, std::string_view birth = "2015-03-04",
                      std::string_view guardian = "王建国", std::string_view phone = "13912345678") {
    return bx::make_link_record(make_person(1, id, name, birth, bx::Sex::male, guardian, phone));
}

}  // namespace

TEST_CASE("compare_id levels") {
    const std::string twin_a = make_id("140322", "20150304", 1);
    const std::string twin_b = make_id("140322", "20150304", 3);
    std::string typo = twin_a;
    typo[3] = typo[3] == '5' ? '6' : '5';  // one substituted digit: the check fails
    std::string swapped = twin_a;
    std::swap(swapped[8], swapped[9]);
    CHECK(bx::compare_id(record(twin_a, "王"), record(twin_a, "王")) == bx::id_level::equal);
    CHECK(bx::compare_id(record(twin_a, "王"), record(typo, "王")) == bx::id_level::one_edit);
    CHECK(bx::compare_id(record(swapped, "王"), record(twin_a, "王")) == bx::id_level::one_edit);
    // Twins: same region and birth date, another sequence number.
    CHECK(bx::compare_id(record(twin_a, "王"), record(twin_b, "王")) == bx::id_level::sibling);
    CHECK(bx::compare_id(record(twin_a, "王"), record(make_id("140311", "20120101", 5), "王")) == bx::id_level::different);
    CHECK(bx::compare_id(record(twin_a, "王"), record("", "王")) == bx::id_level::missing);
}

TEST_CASE("compare_id on Excel-damaged IDs") {
    const std::string id = "140322201601045869";
    const std::string sibling = make_id("140322", "20160104", 7);
    // 15 surviving digits agree, cut or rounded up in the last place, or differ.
    CHECK(bx::compare_id(record("140322201601045000", "王"), record(id, "王")) == bx::id_level::damaged_agrees);
    CHECK(bx::compare_id(record(id, "王"), record("140322201601046000", "王")) == bx::id_level::damaged_agrees);
    CHECK(bx::compare_id(record("1.40322201601046E+17", "王"), record(id, "王")) == bx::id_level::damaged_agrees);
    CHECK(bx::compare_id(record("140322201601044000", "王"), record(id, "王")) == bx::id_level::different);
    CHECK(bx::compare_id(record(sibling.substr(0, 14) + "9000", "王"), record(id, "王")) == bx::id_level::different);
    // One digit apart in the region or birth date: a typo is likelier than another person, and
    // the other fields decide (a sibling's differs in the sequence number, the 15th digit).
    CHECK(bx::compare_id(record("140322201402142000", "王"), record("140322201402132973", "王")) == bx::id_level::missing);
    CHECK(bx::compare_id(record("140322201402142000", "王"), record("140322201420142973", "王")) == bx::id_level::missing);
    CHECK(bx::compare_id(record("140322201402142000", "王"), record("140322201402157973", "王")) == bx::id_level::different);
    // In the sequence number: a sibling's valid ID, or a typo in one that fails its check.
    CHECK(bx::compare_id(record(sibling.substr(0, 14) + "9000", "王"), record(id, "王")) == bx::id_level::different);
    CHECK(bx::compare_id(record("140322201712235000", "王"), record("140322201712233374", "王")) == bx::id_level::missing);
    CHECK(bx::compare_id(record("140322201402142000", "王"), record("140322201402243973", "王")) == bx::id_level::different);
    // Six digits are the region code: the same one says nothing, another one is another person.
    CHECK(bx::compare_id(record("1.40322E+17", "王"), record(id, "王")) == bx::id_level::missing);
    CHECK(bx::compare_id(record("1.4032201E+17", "王"), record(id, "王")) == bx::id_level::missing);
    CHECK(bx::compare_id(record("1.30127E+17", "王"), record(id, "王")) == bx::id_level::different);
    CHECK(bx::compare_id(record("1.40320E+17", "王"), record(id, "王")) == bx::id_level::different);
    CHECK(bx::compare_id(record("1.40323E+17", "王"), record(id, "王")) == bx::id_level::missing);  // perhaps rounded
    // ... unless the complete ID fails its check: a typo in its region.
    CHECK(bx::compare_id(record("1.40322E+17", "王"), record("190322201406151455", "王")) == bx::id_level::missing);
    // Two damaged IDs compare on the digits both kept.
    CHECK(bx::compare_id(record("1.40322E+17", "王"), record("140322201601045000", "王")) == bx::id_level::missing);
    CHECK(bx::compare_id(record("1.30127E+17", "王"), record("140322201601045000", "王")) == bx::id_level::different);
    CHECK(bx::compare_id(record("140322201601046000", "王"), record("140322201601045000", "王")) == bx::id_level::damaged_agrees);
    CHECK(bx::compare_id(record("140322201601047000", "王"), record("140322201601045000", "王")) == bx::id_level::different);
    CHECK(bx::compare_id(record("1.40322E+17", "王"), record("1.30127E+17", "王")) == bx::id_level::different);
    CHECK(bx::compare_id(record("1.40322E+17", "王"), record("1.40322E+17", "王")) == bx::id_level::missing);
}

TEST_CASE("compare_name levels") {
    CHECK(bx::compare_name(record("", "王小明"), record("", "王 小明")) == bx::name_level::equal);
    CHECK(bx::compare_name(record("", "阿依古丽·买买提"), record("", "阿依古丽买买提")) == bx::name_level::equal);
    CHECK(bx::compare_name(record("", "王晓明"), record("", "王小明")) == bx::name_level::same_pinyin);
    // Twins' given names often differ in one character: a different pinyin, a weak level.
    CHECK(bx::compare_name(record("", "王小明"), record("", "王小亮")) == bx::name_level::one_char);
    CHECK(bx::compare_name(record("", "王小明"), record("", "李大红")) == bx::name_level::different);
    CHECK(bx::compare_name(record("", ""), record("", "李大红")) == bx::name_level::missing);
}

TEST_CASE("compare_birth levels") {
    CHECK(bx::compare_birth(record("", "王", "2015-03-04"), record("", "王", "20150304")) == bx::birth_level::equal);
    CHECK(bx::compare_birth(record("", "王", "2015-03-04"), record("", "王", "2015-03-05")) == bx::birth_level::one_part);
    CHECK(bx::compare_birth(record("", "王", "2015-03-04"), record("", "王", "2016-03-04")) == bx::birth_level::one_part);
    CHECK(bx::compare_birth(record("", "王", "2015-03-04"), record("", "王", "2015-04-03")) == bx::birth_level::one_part);
    CHECK(bx::compare_birth(record("", "王", "2015-03-04"), record("", "王", "2016-05-04")) == bx::birth_level::different);
    CHECK(bx::compare_birth(record("", "王", ""), record("", "王", "2016-05-04")) == bx::birth_level::missing);
}

TEST_CASE("placeholder phones compare as missing") {
    CHECK(bx::is_placeholder_phone("13800000000"));
    CHECK(bx::is_placeholder_phone("11111111111"));
    CHECK(bx::is_placeholder_phone("123"));
    CHECK_FALSE(bx::is_placeholder_phone("13912345678"));
    const bx::PhoneSet none;
    const auto placeholder = bx::compare_records(record("", "王", "2015-03-04", "王", "13800000000"),
                                                 record("", "王", "2015-03-04", "王", "13800000000"), none);
    CHECK(placeholder[static_cast<size_t>(bx::LinkField::phone)] == bx::simple_level::missing);
    const bx::LinkRecord a = record("", "王", "2015-03-04", "王", "13912345678");
    const bx::PhoneSet shared = {a.phone};
    CHECK(bx::compare_records(a, a, shared)[static_cast<size_t>(bx::LinkField::phone)] == bx::simple_level::missing);
    CHECK(bx::compare_records(a, a, none)[static_cast<size_t>(bx::LinkField::phone)] == bx::simple_level::equal);
}

TEST_CASE("pattern index round trip") {
    const bx::AgreementPattern pattern = {5, 4, 3, 2, 2, 2, 2, 3};
    CHECK(bx::pattern_index(pattern) + 1 == bx::pattern_space());
    CHECK(bx::pattern_from_index(bx::pattern_index(pattern)) == pattern);
    const bx::AgreementPattern other = {1, 2, 0, 1, 0, 2, 1, 1};
    CHECK(bx::pattern_from_index(bx::pattern_index(other)) == other);
}

TEST_CASE("ID deletion keys meet for one edit, not for two") {
    const std::string id = make_id("140322", "20150304", 1);
    std::string substituted = id;
    substituted[7] = substituted[7] == '1' ? '2' : '1';
    std::string transposed = id;
    std::swap(transposed[12], transposed[13]);
    const auto shared = [](const std::string& a, const std::string& b) {
        auto ka = bx::id_deletion_keys(bx::pack_id(a)), kb = bx::id_deletion_keys(bx::pack_id(b));
        std::sort(ka.begin(), ka.end());
        std::sort(kb.begin(), kb.end());
        std::vector<uint64_t> common;
        std::set_intersection(ka.begin(), ka.end(), kb.begin(), kb.end(), std::back_inserter(common));
        return !common.empty();
    };
    CHECK(shared(id, substituted));
    CHECK(shared(id, transposed));
    CHECK_FALSE(shared(id, make_id("140322", "20160101", 7)));
}

TEST_CASE("id_near blocking finds every ID one substitution or adjacent transposition away") {
    // Held records with only an ID, so that no other key can pair them.
    const auto record_of = [](const std::string& id) {
        bx::LinkRecord record;
        record.id_digits = bx::pack_id(id);
        record.id_status = bx::IdStatus::valid;
        return record;
    };
    const std::string id = make_id("140322", "20150304", 123);
    std::vector<std::string> variants;
    for (size_t p = 0; p < id.size(); ++p) {
        std::string substituted = id;
        substituted[p] = p == 17 ? (id[p] == 'X' ? '0' : 'X') : (id[p] == '9' ? '0' : static_cast<char>(id[p] + 1));
        variants.push_back(substituted);
        if (p + 1 < id.size() && id[p] != id[p + 1]) {
            std::string transposed = id;
            std::swap(transposed[p], transposed[p + 1]);
            variants.push_back(transposed);
        }
    }
    std::vector<bx::LinkRecord> held;
    for (const std::string& variant : variants) held.push_back(record_of(variant));
    held.push_back(record_of(make_id("140322", "20160101", 7)));  // two edits and more away
    const bx::CandidateIndex index(held, std::vector<bool>(held.size(), true), {});
    std::vector<uint32_t> found;
    bx::BlockingCounts counts;
    index.candidates(record_of(id), found, counts);
    for (uint32_t h = 0; h < variants.size(); ++h) {
        CAPTURE(variants[h]);
        CHECK(std::binary_search(found.begin(), found.end(), h));
    }
    CHECK_FALSE(std::binary_search(found.begin(), found.end(), static_cast<uint32_t>(variants.size())));
}

TEST_CASE("a thin record (no ID, no birth date) finds its namesakes, and only a thin record does") {
    // An exemption-list row of name and sex only, held; the children streamed.
    std::vector<bx::LinkRecord> held{record("", "牛敏", "", "", ""), record("", "王伟", "2015-03-04", "", "")};
    const bx::CandidateIndex index(held, std::vector<bool>(held.size(), true), {});
    std::vector<uint32_t> found;
    bx::BlockingCounts counts;
    index.candidates(record(make_id("140322", "20120122", 138), "牛敏", "2012-01-22", "", ""), found, counts);
    CHECK(found == std::vector<uint32_t>{0});
    // A namesake of a record that has a birth date is no candidate by name alone.
    index.candidates(record(make_id("140322", "20110707", 13), "王伟", "2011-07-07", "", ""), found, counts);
    CHECK(found.empty());
}
