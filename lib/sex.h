#pragma once
// The sex recorded in a 性别 column or derived from an ID number.
#include <string_view>

namespace bx {

enum class Sex : char { unknown = 0, male = 'M', female = 'F' };

// Accepts 男 女 男性 女性, the GB/T 2261.1 codes 1 and 2, M F m f, male female (any case), also
// written full-width or with surrounding spaces. Everything else is unknown, including the
// GB/T 2261.1 codes 0 (未知的性别) and 9 (未说明的性别).
Sex parse_sex(std::string_view text);

// "M" / "F" / "".
std::string_view to_string(Sex sex);

// 男 / 女 / "".
std::string_view to_chinese(Sex sex);

}  // namespace bx
