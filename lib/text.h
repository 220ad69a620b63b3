#pragma once
// Small ASCII text helpers shared by the parsers of cells, options and headers.
#include <string>
#include <string_view>

namespace bx {

bool is_ascii_space(char c);  // space, tab, CR, LF, VT, FF

// Without leading and trailing ASCII white space (space, tab, CR, LF, VT, FF).
std::string_view trim_ascii(std::string_view text);

// A-Z lowered; everything else (UTF-8 included) unchanged.
std::string lower_ascii(std::string_view text);

}  // namespace bx
