#include "encoding.h"

#include <unicode/ucnv.h>

#include <algorithm>
#include <bit>
#include <cstdint>
#include <cstring>
#if defined(__SSE2__)
#include <emmintrin.h>
#endif

#include "byte_scan.h"
#include "errors.h"
#include "text.h"

namespace bx {

namespace {

bool is_gb_name(const std::string& name) {
    return name == "gb18030" || name == "gbk" || name == "gb2312" || name == "cp936";
}

bool is_utf8_name(const std::string& name) { return name == "utf-8" || name == "utf8"; }

bool is_utf16le_name(const std::string& name) { return name == "utf-16le" || name == "utf16le"; }

bool is_utf16be_name(const std::string& name) { return name == "utf-16be" || name == "utf16be"; }

UConverter* open_converter(const char* name) {
    UErrorCode status = U_ZERO_ERROR;
    UConverter* converter = ucnv_open(name, &status);
    if (U_FAILURE(status)) throw std::runtime_error(std::string("ICU cannot open converter ") + name);
    return converter;
}

}  // namespace

InputEncoding parse_input_encoding(std::string_view name) {
    const std::string key = lower_ascii(name);
    if (key == "auto") return InputEncoding::Auto;
    if (is_utf8_name(key)) return InputEncoding::Utf8;
    if (is_gb_name(key)) return InputEncoding::Gb18030;
    if (is_utf16le_name(key)) return InputEncoding::Utf16Le;
    if (is_utf16be_name(key)) return InputEncoding::Utf16Be;
    throw UsageError("unknown --encoding '" + std::string(name) +
                     "' (use auto, utf-8, gb18030, utf-16le or utf-16be)");
}

std::string_view input_encoding_name(InputEncoding encoding) {
    switch (encoding) {
        case InputEncoding::Auto: return "auto";
        case InputEncoding::Utf8: return "utf-8";
        case InputEncoding::Gb18030: return "gb18030";
        case InputEncoding::Utf16Le: return "utf-16le";
        case InputEncoding::Utf16Be: return "utf-16be";
    }
    return "auto";
}

OutputEncoding parse_output_encoding(std::string_view name) {
    const std::string key = lower_ascii(name);
    if (is_utf8_name(key)) return OutputEncoding::Utf8;
    if (is_gb_name(key)) return OutputEncoding::Gb18030;
    throw UsageError("unknown --out-encoding '" + std::string(name) + "' (use utf-8 or gb18030)");
}

struct Gb18030Encoder::Impl {
    UConverter* gb = open_converter("gb18030");
    UConverter* utf8 = open_converter("utf-8");
    ~Impl() {
        ucnv_close(gb);
        ucnv_close(utf8);
    }
};

Gb18030Encoder::Gb18030Encoder() : impl_(std::make_unique<Impl>()) {}
Gb18030Encoder::~Gb18030Encoder() = default;

void Gb18030Encoder::encode(std::string_view utf8, std::string& out) {
    // GB18030 covers all of Unicode, so only malformed UTF-8 (a bug upstream) can fail here.
    out.resize(utf8.size() * 2 + 16);
    char* target = out.data();
    const char* source = utf8.data();
    UErrorCode status = U_ZERO_ERROR;
    ucnv_convertEx(impl_->gb, impl_->utf8, &target, out.data() + out.size(), &source,
                   utf8.data() + utf8.size(), nullptr, nullptr, nullptr, nullptr, true, true,
                   &status);
    if (U_FAILURE(status)) throw std::runtime_error("cannot encode output as GB18030");
    out.resize(static_cast<size_t>(target - out.data()));
}

namespace {

// Bytes a character starting with `lead` takes and the range its second byte must lie in
// (which rules out overlong forms, surrogates and code points above U+10FFFF); 0 if invalid.
struct Utf8Lead {
    int length;
    unsigned char min_second, max_second;
};

Utf8Lead utf8_lead(unsigned char lead) {
    if (lead >= 0xC2 && lead <= 0xDF) return {2, 0x80, 0xBF};
    if (lead == 0xE0) return {3, 0xA0, 0xBF};
    if (lead == 0xED) return {3, 0x80, 0x9F};
    if (lead >= 0xE1 && lead <= 0xEF) return {3, 0x80, 0xBF};
    if (lead == 0xF0) return {4, 0x90, 0xBF};
    if (lead >= 0xF1 && lead <= 0xF3) return {4, 0x80, 0xBF};
    if (lead == 0xF4) return {4, 0x80, 0x8F};
    return {0, 0, 0};
}

// Number of bytes of the character at p that are well-formed (stops at `end`).
int utf8_good_bytes(const unsigned char* p, const unsigned char* end, Utf8Lead lead) {
    int good = 1;
    for (; good < lead.length && p + good < end; ++good) {
        const unsigned char low = good == 1 ? lead.min_second : 0x80;
        const unsigned char high = good == 1 ? lead.max_second : 0xBF;
        if (p[good] < low || p[good] > high) break;
    }
    return good;
}

#if defined(__SSE2__)
// Sixty-four bytes at a time for text of ASCII and three-byte characters (all of CJK): bit i of
// each mask tells about byte i. Leads E0 and ED, whose second byte has a narrower range, and
// every two- and four-byte character are left to the byte-wise check.
struct ByteClasses {
    uint64_t high = 0, continuation = 0, lead3 = 0;
};

ByteClasses classify_64(const unsigned char* p) {
    // As signed bytes, continuation bytes 80..BF are -128..-65 and leads E1..EF are -31..-17.
    const __m128i below_c0 = _mm_set1_epi8(-64), above_e0 = _mm_set1_epi8(-32), below_f0 = _mm_set1_epi8(-16),
                  ed = _mm_set1_epi8(static_cast<char>(0xED));
    ByteClasses classes;
    for (int k = 0; k < 4; ++k) {
        const __m128i v = _mm_loadu_si128(reinterpret_cast<const __m128i*>(p + 16 * k));
        const __m128i lead3 = _mm_andnot_si128(_mm_cmpeq_epi8(v, ed),
                                               _mm_and_si128(_mm_cmpgt_epi8(v, above_e0), _mm_cmplt_epi8(v, below_f0)));
        const auto mask = [k](__m128i bytes) { return static_cast<uint64_t>(static_cast<uint32_t>(_mm_movemask_epi8(bytes))) << (16 * k); };
        classes.high |= mask(v);
        classes.continuation |= mask(_mm_cmplt_epi8(v, below_c0));
        classes.lead3 |= mask(lead3);
    }
    return classes;
}

// Steps over the 64-byte blocks from p (a character boundary) that hold only ASCII and
// well-formed three-byte characters; returns where the first other block starts. A character
// cut by a block's end is left to the next block, which then starts at its lead.
const unsigned char* skip_simple_blocks(const unsigned char* p, const unsigned char* end) {
    constexpr uint64_t kLastTwo = uint64_t{3} << 62;
    while (end - p >= 64) {
        const ByteClasses c = classify_64(p);
        if ((c.high & ~(c.continuation | c.lead3)) != 0) break;
        const uint64_t expected = (c.lead3 << 1) | (c.lead3 << 2);
        if (c.continuation != expected) break;
        const uint64_t cut = c.lead3 & kLastTwo;
        p += cut == 0 ? 64 : std::countr_zero(cut);
    }
    return p;
}
#else
const unsigned char* skip_simple_blocks(const unsigned char* p, const unsigned char*) { return p; }
#endif

}  // namespace

size_t valid_utf8_prefix(std::string_view bytes) {
    const auto* begin = reinterpret_cast<const unsigned char*>(bytes.data());
    const auto* end = begin + bytes.size();
    const auto* p = begin;
    const auto* checked_bytewise_until = p;
    while (p < end) {
        // Whole blocks where they allow it; past a block that does not, byte-wise to its end.
        if (p >= checked_bytewise_until) {
            p = skip_simple_blocks(p, end);
            if (p == end) break;
            checked_bytewise_until = p + std::min<std::ptrdiff_t>(64, end - p);
        }
        // Eight bytes at a time: all ASCII (digits and commas) steps over them, otherwise the
        // ASCII bytes before the first other one (the lowest of a little-endian load) are skipped
        // at once. Exports mix short ASCII runs with Han text.
        if (end - p >= 8) {
            const uint64_t high = load_word(reinterpret_cast<const char*>(p)) & kByteHighs;
            if (high == 0) {
                p += 8;
                continue;
            }
            p += std::countr_zero(high) / 8;
        } else if (*p < 0x80) {
            ++p;
            continue;
        }
        // Three-byte characters (all of CJK) without the table: E1..EC and EE..EF need no
        // range check beyond continuation bytes.
        if (end - p >= 3 && *p >= 0xE1 && *p <= 0xEF && *p != 0xED && (p[1] & 0xC0) == 0x80 &&
            (p[2] & 0xC0) == 0x80) {
            p += 3;
            continue;
        }
        const Utf8Lead lead = utf8_lead(*p);
        if (lead.length == 0 || utf8_good_bytes(p, end, lead) < lead.length) break;
        p += lead.length;
    }
    return static_cast<size_t>(p - begin);
}

bool is_truncated_utf8_tail(std::string_view tail) {
    if (tail.empty() || tail.size() > 3) return false;
    const auto* p = reinterpret_cast<const unsigned char*>(tail.data());
    const Utf8Lead lead = utf8_lead(*p);
    return lead.length > static_cast<int>(tail.size()) &&
           utf8_good_bytes(p, p + tail.size(), lead) == static_cast<int>(tail.size());
}

bool is_valid_utf8(std::string_view bytes) { return valid_utf8_prefix(bytes) == bytes.size(); }

}  // namespace bx
