#pragma once
// How exports damage values, for synthetic data: ID numbers retyped, dropped or mangled by
// Excel, and dates written in the many formats real files mix.
#include <cstdint>
#include <string>
#include <string_view>

#include "dates.h"
#include "synth_random.h"

namespace bx::synth {

// What happened to an ID number on its way into a roster. The first kinds change the number
// (a matcher cannot trust it); the cosmetic ones (lowercase_x on) only change how it is written.
enum class IdNoise : uint8_t {
    none,
    substitution,   // one character replaced: the check character fails
    transposition,  // two adjacent characters swapped
    missing,        // no ID; the pupil has an L or J student number
    excel_sci,      // 1.40322E+17
    excel_zeros,    // 15 significant digits kept, last three 000
    lowercase_x,
    fullwidth,      // １４０３２２…
    space,          // a space inside or around the number (ASCII or U+3000)
    apostrophe,     // leading ' from Excel's "text" trick
};
std::string_view to_string(IdNoise noise);

// True for the kinds that leave the ID unusable as it stands.
bool changes_id(IdNoise noise);

// The ID (18 characters) as written under `noise`. lowercase_x needs a final X and falls back
// to `apostrophe` otherwise; the result says which kind was applied.
IdNoise apply_id_noise(IdNoise noise, std::string& id, Rng& rng);

// The 15-digit form an adult's first ID had (before 1999): no century, no check character.
std::string legacy_id(std::string_view id18);

enum class DateStyle : uint8_t { iso, compact, slash, chinese, dotted, excel_serial };
inline constexpr int kDateStyleCount = 6;

// 2015-03-04, 20150304, 2015/3/4, 2015年3月4日, 2015.3.4, or an Excel 1900-system serial.
void append_date(std::string& out, Date date, DateStyle style);

// Days since 1900-01-01: how the generator stores dates in two bytes.
using DayNumber = uint16_t;
Date date_of(DayNumber day);
DayNumber day_number(Date date);

}  // namespace bx::synth
