#include "text.h"

namespace bx {

bool is_ascii_space(char c) { return c == ' ' || c == '\t' || c == '\r' || c == '\n' || c == '\v' || c == '\f'; }

std::string_view trim_ascii(std::string_view text) {
    while (!text.empty() && is_ascii_space(text.front())) text.remove_prefix(1);
    while (!text.empty() && is_ascii_space(text.back())) text.remove_suffix(1);
    return text;
}

std::string_view drop_zero_fraction(std::string_view text) {
    const size_t dot = text.find('.');
    if (dot == 0 || dot == std::string_view::npos || dot + 1 == text.size()) return text;
    for (size_t i = 0; i < text.size(); ++i) {
        const char c = text[i];
        const bool fits = i < dot ? c >= '0' && c <= '9' : i == dot || c == '0';
        if (!fits) return text;
    }
    return text.substr(0, dot);
}

std::string lower_ascii(std::string_view text) {
    std::string out(text);
    for (char& c : out) {
        if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
    }
    return out;
}

}  // namespace bx
