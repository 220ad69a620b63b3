#pragma once
// Small ASCII text helpers shared by the parsers of cells, options and headers.
#include <string>
#include <string_view>

namespace bx {

bool is_ascii_space(char c);  // space, tab, CR, LF, VT, FF

// Without leading and trailing ASCII white space (space, tab, CR, LF, VT, FF).
std::string_view trim_ascii(std::string_view text);

// "20150304.0" → "20150304": a number cell that passed through a floating-point type (pandas,
// report tools, some Excel add-ins) gains a zero fraction. Anything else is returned unchanged.
std::string_view drop_zero_fraction(std::string_view text);

// A-Z lowered; everything else (UTF-8 included) unchanged.
std::string lower_ascii(std::string_view text);

}  // namespace bx
