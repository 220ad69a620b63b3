#include "sex.h"

#include <unicode/uchar.h>
#include <unicode/utf8.h>

#include <cstdint>
#include <string>

#include "text.h"

namespace bx {
namespace {

// The value in the form the accepted spellings are listed in: whitespace (also U+3000, NBSP)
// dropped, full-width ASCII (U+FF01..U+FF5E) made ASCII, ASCII letters lower-cased.
std::string fold(std::string_view text) {
    std::string folded;
    for (int32_t i = 0; i < static_cast<int32_t>(text.size());) {
        UChar32 c;
        U8_NEXT_OR_FFFD(text.data(), i, static_cast<int32_t>(text.size()), c);
        if (u_isUWhiteSpace(c)) continue;
        if (c >= 0xFF01 && c <= 0xFF5E) c -= 0xFF01 - 0x21;
        if (c >= 'A' && c <= 'Z') c += 'a' - 'A';
        char buffer[U8_MAX_LENGTH];
        int32_t length = 0;
        U8_APPEND_UNSAFE(buffer, length, c);
        folded.append(buffer, static_cast<size_t>(length));
    }
    return folded;
}

}  // namespace

Sex parse_sex(std::string_view text) {
    const std::string folded = fold(text);
    const std::string_view value = drop_zero_fraction(folded);
    if (value == "男" || value == "男性" || value == "男生" || value == "1" || value == "m" || value == "male")
        return Sex::male;
    if (value == "女" || value == "女性" || value == "女生" || value == "2" || value == "f" || value == "female")
        return Sex::female;
    return Sex::unknown;
}

std::string_view to_string(Sex sex) {
    switch (sex) {
        case Sex::male: return "M";
        case Sex::female: return "F";
        case Sex::unknown: break;
    }
    return "";
}

std::string_view to_chinese(Sex sex) {
    switch (sex) {
        case Sex::male: return "男";
        case Sex::female: return "女";
        case Sex::unknown: break;
    }
    return "";
}

}  // namespace bx
