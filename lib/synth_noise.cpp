#include "synth_noise.h"

#include <fmt/format.h>

namespace bx::synth {

namespace {
const Date kDayZero(1900, 1, 1);
const Date kExcelEpoch(1899, 12, 30);  // serial 61 and later count from here (Excel's 1900 bug)
}  // namespace

std::string_view to_string(IdNoise noise) {
    switch (noise) {
        case IdNoise::none: return "none";
        case IdNoise::substitution: return "substitution";
        case IdNoise::transposition: return "transposition";
        case IdNoise::missing: return "missing";
        case IdNoise::excel_sci: return "excel_sci";
        case IdNoise::excel_zeros: return "excel_zeros";
        case IdNoise::lowercase_x: return "lowercase_x";
        case IdNoise::fullwidth: return "fullwidth";
        case IdNoise::space: return "space";
        case IdNoise::apostrophe: return "apostrophe";
    }
    return "none";
}

bool changes_id(IdNoise noise) {
    return noise == IdNoise::substitution || noise == IdNoise::transposition ||
           noise == IdNoise::missing || noise == IdNoise::excel_sci || noise == IdNoise::excel_zeros;
}

namespace {

char other_character(char original, bool allow_x, Rng& rng) {
    constexpr std::string_view kDigits = "0123456789X";
    char replacement;
    do {
        replacement = kDigits[rng.below(allow_x ? 11 : 10)];
    } while (replacement == original);
    return replacement;
}

void substitute(std::string& id, Rng& rng) {
    const size_t at = rng.below(18);
    id[at] = other_character(id[at], at == 17, rng);
}

// Swaps a pair of adjacent, different characters; false if every neighbour pair is equal.
bool transpose(std::string& id, Rng& rng) {
    const size_t start = rng.below(17);
    for (size_t step = 0; step < 17; ++step) {
        const size_t at = (start + step) % 17;
        if (id[at] != id[at + 1]) {
            std::swap(id[at], id[at + 1]);
            return true;
        }
    }
    return false;
}

void to_fullwidth(std::string& id) {
    std::string out;
    for (char c : id) {
        if (c >= '0' && c <= '9') {
            out.append("\xEF\xBC");  // U+FF10..U+FF19 are EF BC 90..99
            out.push_back(static_cast<char>(0x90 + (c - '0')));
        } else {
            out.append("Ｘ");
        }
    }
    id = std::move(out);
}

void add_space(std::string& id, Rng& rng) {
    switch (rng.below(4)) {
        case 0: id.insert(6, " "); break;  // after the region code
        case 1: id.insert(14, " "); break;  // after the birth date
        case 2: id.append(" "); break;
        default: id.insert(0, "\u3000"); break;
    }
}

}  // namespace

IdNoise apply_id_noise(IdNoise noise, std::string& id, Rng& rng) {
    switch (noise) {
        case IdNoise::none: return noise;
        case IdNoise::substitution: substitute(id, rng); return noise;
        case IdNoise::transposition:
            if (transpose(id, rng)) return noise;
            substitute(id, rng);
            return IdNoise::substitution;
        case IdNoise::missing: id.clear(); return noise;
        case IdNoise::excel_sci:
            // Excel's General format: 6 significant digits.
            id = fmt::format("{}.{}E+17", id[0], id.substr(1, 5));
            return noise;
        case IdNoise::excel_zeros: id.replace(15, 3, "000"); return noise;
        case IdNoise::lowercase_x:
            if (id.back() == 'X') {
                id.back() = 'x';
                return noise;
            }
            id.insert(0, "'");
            return IdNoise::apostrophe;
        case IdNoise::fullwidth: to_fullwidth(id); return noise;
        case IdNoise::space: add_space(id, rng); return noise;
        case IdNoise::apostrophe: id.insert(0, "'"); return noise;
    }
    return noise;
}

std::string legacy_id(std::string_view id18) {
    return std::string(id18.substr(0, 6)) + std::string(id18.substr(8, 9));
}

void append_date(std::string& out, Date date, DateStyle style) {
    const int y = date.year();
    const int m = date.month();
    const int d = date.day();
    switch (style) {
        case DateStyle::iso: fmt::format_to(std::back_inserter(out), "{}-{:02}-{:02}", y, m, d); break;
        case DateStyle::compact: fmt::format_to(std::back_inserter(out), "{}{:02}{:02}", y, m, d); break;
        case DateStyle::slash: fmt::format_to(std::back_inserter(out), "{}/{}/{}", y, m, d); break;
        case DateStyle::chinese: fmt::format_to(std::back_inserter(out), "{}年{}月{}日", y, m, d); break;
        case DateStyle::dotted: fmt::format_to(std::back_inserter(out), "{}.{}.{}", y, m, d); break;
        case DateStyle::excel_serial:
            fmt::format_to(std::back_inserter(out), "{}", (date - kExcelEpoch).days());
            break;
    }
}

Date date_of(DayNumber day) { return kDayZero + boost::gregorian::days(day); }

DayNumber day_number(Date date) { return static_cast<DayNumber>((date - kDayZero).days()); }

}  // namespace bx::synth
