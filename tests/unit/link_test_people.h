#pragma once
// Test helpers for the linkage tests: a Person from raw texts, and a background population so the
// engine's estimates have something to learn from.
#include <random>
#include <string>
#include <string_view>
#include <vector>

#include <fmt/format.h>

#include "id_number.h"
#include "names.h"
#include "person.h"

namespace bx::test {

inline Person make_person(uint32_t row, std::string_view id, std::string_view name, std::string_view birth,
                          Sex sex, std::string_view guardian, std::string_view phone, std::string_view household = "") {
    Person person;
    person.row = row;
    const IdCheck check = check_id(id);
    person.id_status = check.status;
    person.id = check.id;
    person.id_prefix = check.damaged_prefix;
    person.id_as_written = !check.id.empty() && id == check.id;
    if (check.usable()) person.id_key = pack_id(check.id);
    person.name = normalize_name(name);
    person.name_key = name_match_key(person.name);
    person.pinyin = name_pinyin(person.name);
    const DateResult parsed = parse_date(birth);
    if (parsed.ok()) person.birth = parsed.value->date;
    person.sex = sex;
    person.guardian = normalize_name(guardian);
    person.phone = normalize_phone(phone);
    person.household = std::string(household);
    return person;
}

// A valid ID for a region, birth date (yyyymmdd) and sequence number.
inline std::string make_id(std::string_view region, std::string_view birth, int sequence) {
    const std::string first17 = fmt::format("{}{}{:03}", region, birth, sequence);
    return first17 + id_check_char(first17);
}

// `count` distinct children, the same on both sides unless a test changes them; rows from
// `first_row`.
inline std::vector<Person> background(int count, uint32_t first_row, unsigned seed = 1) {
    static constexpr std::string_view kSurnames[] = {"王", "李", "张", "刘", "陈", "杨", "赵", "黄", "周", "吴"};
    static constexpr std::string_view kGiven[] = {"子轩", "浩宇", "欣怡", "梓涵", "一诺", "雨桐", "思远", "嘉怡",
                                                  "俊杰", "佳琪", "宇航", "诗涵", "博文", "雅静", "晨曦", "天佑"};
    std::mt19937 random(seed);
    std::vector<Person> people;
    for (int i = 0; i < count; ++i) {
        const int year = 2012 + static_cast<int>(random() % 8);
        const int month = 1 + static_cast<int>(random() % 12), day = 1 + static_cast<int>(random() % 28);
        const std::string birth = fmt::format("{}{:02}{:02}", year, month, day);
        const int sequence = 100 + i;  // distinct IDs
        const std::string_view surname = kSurnames[random() % std::size(kSurnames)];
        const std::string name = fmt::format("{}{}", surname, kGiven[random() % std::size(kGiven)]);
        const Sex sex = sequence % 2 == 1 ? Sex::male : Sex::female;
        people.push_back(make_person(first_row + static_cast<uint32_t>(i), make_id("140322", birth, sequence), name, birth,
                                     sex, fmt::format("{}{}", surname, i), fmt::format("139{:08}", 10000000 + i * 7919),
                                     fmt::format("H{}", i)));
    }
    return people;
}

}  // namespace bx::test
