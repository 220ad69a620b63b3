#pragma once
// Word-at-a-time byte tests for the CSV hot paths (splitting, quoting): eight bytes per step.
#include <cstdint>
#include <cstring>
#include <string_view>

namespace bx {

inline constexpr uint64_t kByteOnes = 0x0101010101010101ULL;
inline constexpr uint64_t kByteHighs = 0x8080808080808080ULL;

// Non-zero when some byte of `word` equals `byte`.
inline uint64_t word_has_byte(uint64_t word, unsigned char byte) {
    const uint64_t x = word ^ (kByteOnes * byte);
    return (x - kByteOnes) & ~x & kByteHighs;
}

// Exactly the high bit of each byte of `word` that equals `byte` (no false positives, so the
// positions can be walked with countr_zero).
inline uint64_t word_byte_mask(uint64_t word, unsigned char byte) {
    constexpr uint64_t kLow7 = 0x7F7F7F7F7F7F7F7FULL;
    const uint64_t x = word ^ (kByteOnes * byte);
    return ~(((x & kLow7) + kLow7) | x | kLow7);
}

inline uint64_t load_word(const char* p) {
    uint64_t word;
    std::memcpy(&word, p, 8);
    return word;
}

// Non-zero when some byte of `word` is an ASCII control character (below 0x20).
inline uint64_t word_has_control(uint64_t word) {
    return (word - kByteOnes * 0x20) & ~word & kByteHighs;
}

// True when the value holds a comma, a quote or a line break: RFC 4180 then wants quotes. So does
// any other control character, a tab above all, so that an output (always comma-separated) never
// looks tab-separated to a reader that detects the delimiter (a one-column file whose values hold
// tabs). One test finds them all.
inline bool needs_csv_quotes(std::string_view value) {
    const char* p = value.data();
    const char* end = p + value.size();
    for (; end - p >= 8; p += 8) {
        const uint64_t word = load_word(p);
        if (word_has_byte(word, ',') | word_has_byte(word, '"') | word_has_control(word)) return true;
    }
    for (; p < end; ++p) {
        if (*p == ',' || *p == '"' || static_cast<unsigned char>(*p) < 0x20) return true;
    }
    return false;
}

}  // namespace bx
