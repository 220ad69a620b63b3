#include "decoding_source.h"

#include <unicode/ucnv.h>

#include <algorithm>
#include <cerrno>
#include <cstdint>
#include <cstring>
#include <unistd.h>
#if defined(__SSE2__)
#include <emmintrin.h>
#endif

#include <fmt/format.h>

#include "errors.h"

namespace bx {

namespace {

constexpr size_t kRawBlock = 4 << 20;

const char* find_nul(const char* bytes, size_t length) {
    return static_cast<const char*>(std::memchr(bytes, '\0', length));
}

// CR LF -> 0xFF LF in place. A CR that ends the block is left for the caller.
void mark_crlf(char* bytes, size_t length) {
    char* end = bytes + length;
    for (char* p = bytes; (p = static_cast<char*>(std::memchr(p, '\r', end - p))) != nullptr; ++p) {
        if (p + 1 < end && p[1] == '\n') *p = kMarkedCarriageReturn;
    }
}

// Bytes taken by the first character of a well-formed UTF-8 string.
size_t first_character_end(std::string_view utf8) {
    const auto lead = static_cast<unsigned char>(utf8[0]);
    return lead < 0x80 ? 1 : lead < 0xE0 ? 2 : lead < 0xF0 ? 3 : 4;
}

// ASCII reads the same in UTF-8 and GB18030, so the first non-ASCII bytes decide: GBK text is
// almost never valid UTF-8 over a few characters. A later invalid byte is then an error at its
// line, not a silent switch.
bool looks_like_utf8(std::string_view block, bool at_end) {
    constexpr size_t kWindow = 256;
    size_t first_high = 0;
    while (first_high < block.size() && static_cast<unsigned char>(block[first_high]) < 0x80) ++first_high;
    const std::string_view window = block.substr(first_high, kWindow);
    const size_t valid = valid_utf8_prefix(window);
    const bool cut_off = window.size() == kWindow || !at_end;
    return valid == window.size() || (cut_off && is_truncated_utf8_tail(window.substr(valid)));
}

// UTF-16 code units: `bytes` starts at a unit and holds whole units (an odd last byte is ignored).
char16_t utf16_unit(const char* bytes, bool big_endian) {
    const auto first = static_cast<unsigned char>(bytes[0]), second = static_cast<unsigned char>(bytes[1]);
    return static_cast<char16_t>(big_endian ? first << 8 | second : second << 8 | first);
}

const char* find_utf16_unit(const char* bytes, size_t length, bool big_endian, char16_t unit) {
    for (size_t i = 0; i + 1 < length; i += 2) {
        if (utf16_unit(bytes + i, big_endian) == unit) return bytes + i;
    }
    return nullptr;
}

size_t count_utf16_unit(const char* bytes, size_t length, bool big_endian, char16_t unit) {
    size_t count = 0;
    for (size_t i = 0; i + 1 < length; i += 2) count += utf16_unit(bytes + i, big_endian) == unit;
    return count;
}

// UTF-16 saved without a byte-order mark shows as NUL bytes, the high halves of ASCII characters,
// nearly all on one side of each pair: the encoding to suggest, or nullptr (an .xls or other
// binary file has NULs on both sides).
const char* utf16_without_mark(std::string_view block) {
    size_t nul_at_even = 0, nul_at_odd = 0;
    for (size_t i = 0; i < std::min<size_t>(block.size(), 512); ++i) {
        if (block[i] == '\0') ++(i % 2 == 0 ? nul_at_even : nul_at_odd);
    }
    if (nul_at_odd >= 2 && nul_at_odd >= 4 * nul_at_even) return "utf-16le";
    if (nul_at_even >= 2 && nul_at_even >= 4 * nul_at_odd) return "utf-16be";
    return nullptr;
}

const char* icu_converter_name(InputEncoding encoding) {
    switch (encoding) {
        case InputEncoding::Utf16Le: return "UTF-16LE";
        case InputEncoding::Utf16Be: return "UTF-16BE";
        default: return "gb18030";
    }
}

}  // namespace

size_t count_newlines(const char* bytes, size_t length) {
    constexpr uint64_t kOnes = 0x0101010101010101ULL;
    constexpr uint64_t kLow7 = 0x7F7F7F7F7F7F7F7FULL;
    size_t count = 0;
    size_t i = 0;
#if defined(__SSE2__)
    // Sixteen bytes a step into per-lane byte counters, summed every 255 steps before they wrap.
    const __m128i newline = _mm_set1_epi8('\n');
    while (length - i >= 16) {
        __m128i counters = _mm_setzero_si128();
        for (size_t steps = std::min<size_t>((length - i) / 16, 255); steps > 0; --steps, i += 16) {
            const __m128i block = _mm_loadu_si128(reinterpret_cast<const __m128i*>(bytes + i));
            counters = _mm_sub_epi8(counters, _mm_cmpeq_epi8(block, newline));
        }
        const __m128i sums = _mm_sad_epu8(counters, _mm_setzero_si128());
        count += static_cast<size_t>(_mm_cvtsi128_si32(sums)) + static_cast<size_t>(_mm_extract_epi16(sums, 4));
    }
#endif
    for (; i + 8 <= length; i += 8) {
        uint64_t word;
        std::memcpy(&word, bytes + i, 8);
        const uint64_t x = word ^ (kOnes * '\n');  // zero bytes where '\n' was
        const uint64_t zero_high = ~(((x & kLow7) + kLow7) | x | kLow7);
        // One bit per '\n' byte, at bit 7 of its byte: sum the bytes with a multiply.
        count += static_cast<size_t>(((zero_high >> 7) * kOnes) >> 56);
    }
    for (; i < length; ++i) count += bytes[i] == '\n';
    return count;
}

struct DecodingSource::Icu {
    UConverter* source = nullptr;  // the file's encoding
    UConverter* utf8 = nullptr;
    // ucnv_convertEx keeps partly converted text here between blocks.
    UChar pivot[4096];
    UChar* pivot_source = pivot;
    UChar* pivot_target = pivot;
    explicit Icu(const char* encoding) {
        UErrorCode status = U_ZERO_ERROR;
        source = ucnv_open(encoding, &status);
        utf8 = ucnv_open("utf-8", &status);
        if (U_FAILURE(status)) throw std::runtime_error(std::string("ICU cannot open the converter for ") + encoding);
        ucnv_setToUCallBack(source, UCNV_TO_U_CALLBACK_STOP, nullptr, nullptr, nullptr, &status);
    }
    ~Icu() {
        ucnv_close(source);
        ucnv_close(utf8);
    }
};

DecodingSource::DecodingSource(int fd, std::string display_name, InputEncoding encoding, SourceStart* start,
                               uint64_t byte_limit)
    : fd_(fd), name_(std::move(display_name)), encoding_(encoding), start_(start), bytes_left_(byte_limit) {}

DecodingSource::~DecodingSource() {
    if (fd_ > STDIN_FILENO) close(fd_);
}

void DecodingSource::fail_in(const char* bytes, size_t offset, const std::string& message) const {
    throw DataError(name_, lines_done_ + 1 + lines_in(bytes, offset), message);
}

// Line breaks in bytes of the file as read: in UTF-16, a 0A byte is also half of many characters.
long DecodingSource::lines_in(const char* bytes, size_t length) const {
    if (utf16()) return static_cast<long>(count_utf16_unit(bytes, length, encoding_ == InputEncoding::Utf16Be, u'\n'));
    return static_cast<long>(count_newlines(bytes, length));
}

const char* DecodingSource::find_raw_nul(const char* bytes, size_t length) const {
    if (utf16()) return find_utf16_unit(bytes, length, encoding_ == InputEncoding::Utf16Be, u'\0');
    return find_nul(bytes, length);
}

// Up to `count` bytes of the file, never past the byte limit; sets eof_ at the end.
size_t DecodingSource::read_file(char* into, size_t count) {
    count = static_cast<size_t>(std::min<uint64_t>(count, bytes_left_));
    ssize_t got = 0;
    while (count > 0 && (got = ::read(fd_, into, count)) < 0) {
        if (errno != EINTR) throw DataError(name_, 0, std::string("read failed: ") + std::strerror(errno));
    }
    const size_t taken = got > 0 ? static_cast<size_t>(got) : 0;
    if (taken == 0) eof_ = true;
    bytes_left_ -= taken;
    return taken;
}

// Carried bytes first, then the file, until `size` bytes or the end of the input.
size_t DecodingSource::fill_from_file(char* buffer, size_t size) {
    size_t length = std::min(carry_.size(), size);
    std::memcpy(buffer, carry_.data(), length);
    carry_.erase(0, length);
    while (length < size && !eof_) length += read_file(buffer + length, size - length);
    return length;
}

// First block: byte-order marks (which decide over --encoding), UTF-16 without one, and the
// choice between UTF-8 and GB18030.
void DecodingSource::begin(char* buffer, size_t& length) {
    started_ = true;
    const std::string_view start(buffer, std::min<size_t>(length, 4));
    size_t skip = 0;
    if (start.starts_with("\xEF\xBB\xBF")) {
        skip = 3;
        encoding_ = InputEncoding::Utf8;
    } else if (start.starts_with("\x84\x31\x95\x33")) {
        skip = 4;
        encoding_ = InputEncoding::Gb18030;
    } else if (start.starts_with("\xFF\xFE")) {
        skip = 2;
        encoding_ = InputEncoding::Utf16Le;
    } else if (start.starts_with("\xFE\xFF")) {
        skip = 2;
        encoding_ = InputEncoding::Utf16Be;
    } else if (encoding_ == InputEncoding::Auto || encoding_ == InputEncoding::Utf8) {
        if (const char* guess = utf16_without_mark({buffer, length})) {
            throw DataError(name_, 1, fmt::format("NUL bytes as in UTF-16 text without a byte-order mark; if it is, "
                                                  "read it with --encoding {}", guess));
        }
    }
    std::memmove(buffer, buffer + skip, length - skip);
    length -= skip;
    if (encoding_ == InputEncoding::Auto) {
        encoding_ = looks_like_utf8({buffer, length}, eof_) ? InputEncoding::Utf8 : InputEncoding::Gb18030;
    }
    if (converted()) {
        icu_ = std::make_unique<Icu>(icu_converter_name(encoding_));
        raw_.assign(buffer, length);
    }
    *start_ = {encoding_, skip};
}

int DecodingSource::read(char* buffer, int size) {
    size_t length = 0;
    if (!started_) {
        length = fill_from_file(buffer, static_cast<size_t>(size));
        begin(buffer, length);
        // The dropped byte-order mark leaves the block short, which LineReader would take for
        // the end of the input: fill it up again.
        if (!converted()) length += fill_from_file(buffer + length, static_cast<size_t>(size) - length);
    } else if (!converted()) {
        length = fill_from_file(buffer, static_cast<size_t>(size));
    }
    length = converted() ? static_cast<size_t>(read_converted(buffer, static_cast<size_t>(size)))
                         : finish_utf8_block(buffer, length);
    // LineReader takes the byte after the last line for its line end when it is '\n': whatever is
    // left there (an earlier block, or raw bytes converted in place: UTF-16 holds 0A bytes) must
    // not look like one.
    if (length < static_cast<size_t>(size)) buffer[length] = '\0';
    return static_cast<int>(length);
}

// Checks a block of UTF-8 in place. The block must stay full (LineReader takes a short block for
// the end of the input), so a character or CR LF cut by the block's end is judged by peeking at
// the next bytes, which are kept for the next block.
size_t DecodingSource::finish_utf8_block(char* buffer, size_t length) {
    if (const char* nul = find_nul(buffer, length)) {
        fail_in(buffer, static_cast<size_t>(nul - buffer),
                "NUL byte: not a CSV text file (UTF-16 or a spreadsheet saved as .xls/.xlsx?)");
    }
    peek_ahead(4);
    const size_t skip = std::min(continuation_bytes_, length);
    continuation_bytes_ = 0;
    const size_t valid = skip + valid_utf8_prefix({buffer + skip, length - skip});
    if (valid < length) {
        const std::string_view tail(buffer + valid, length - valid);
        const std::string joined = std::string(tail) + carry_.substr(0, 3);
        const size_t char_size = first_character_end(joined);
        if (!is_truncated_utf8_tail(tail) || joined.size() < char_size ||
            valid_utf8_prefix(std::string_view(joined).substr(0, char_size)) != char_size) {
            fail_in(buffer, valid, "invalid UTF-8 byte sequence (is the file GBK? try --encoding gb18030)");
        }
        continuation_bytes_ = char_size - tail.size();
    }
    mark_crlf(buffer, length);
    if (length > 0 && buffer[length - 1] == '\r' && !carry_.empty() && carry_[0] == '\n') {
        buffer[length - 1] = kMarkedCarriageReturn;
    }
    lines_done_ += static_cast<long>(count_newlines(buffer, length));
    return length;
}

// Makes sure the next `count` bytes of the input (or all that is left) are in carry_.
void DecodingSource::peek_ahead(size_t count) {
    while (carry_.size() < count && !eof_) {
        char bytes[8];
        carry_.append(bytes, read_file(bytes, count - carry_.size()));
    }
}

// UTF-16 is handed to ICU in whole code units until the end, so that raw_ always starts at a
// unit and its line breaks and NULs can be found by unit.
size_t DecodingSource::convertible_raw_bytes() const {
    return utf16() && !eof_ ? raw_.size() & ~size_t{1} : raw_.size();
}

void DecodingSource::convert_raw_block() {
    if (!eof_) {
        const size_t old_size = raw_.size();
        raw_.resize(old_size + kRawBlock);
        const size_t got = fill_from_file(raw_.data() + old_size, kRawBlock);
        raw_.resize(old_size + got);
    }
    if (const char* nul = find_raw_nul(raw_.data(), raw_.size())) {
        fail_in(raw_.data(), static_cast<size_t>(nul - raw_.data()),
                utf16() ? "NUL character: not a CSV text file (a spreadsheet saved as .xls/.xlsx?)"
                        : "NUL byte: not a CSV text file (UTF-16 or a spreadsheet saved as .xls/.xlsx?)");
    }
    const size_t convertible = convertible_raw_bytes();
    const size_t before = decoded_.size();
    decoded_.resize(before + convertible * 2 + 16);  // GBK and UTF-16: 2 bytes -> at most 3 in UTF-8
    char* target = decoded_.data() + before;
    const char* source = raw_.data();
    UErrorCode status = U_ZERO_ERROR;
    ucnv_convertEx(icu_->utf8, icu_->source, &target, decoded_.data() + decoded_.size(), &source,
                   raw_.data() + convertible, icu_->pivot, &icu_->pivot_source,
                   &icu_->pivot_target, icu_->pivot + std::size(icu_->pivot),
                   /*reset=*/false, /*flush=*/eof_, &status);
    const size_t used = static_cast<size_t>(source - raw_.data());
    if (U_FAILURE(status)) {
        fail_in(raw_.data(), used,
                utf16() ? "not valid UTF-16 text (a lone surrogate, or a last character cut off)"
                        : "byte sequence not valid in GB18030 (is the file UTF-8? try --encoding utf-8)");
    }
    lines_done_ += lines_in(raw_.data(), used);
    raw_.erase(0, used);
    decoded_.resize(static_cast<size_t>(target - decoded_.data()));
}

int DecodingSource::read_converted(char* buffer, size_t size) {
    auto available = [&] {
        size_t n = decoded_.size();
        // A CR at the very end may still be followed by LF in the next block.
        if (!(eof_ && raw_.empty()) && n > 0 && decoded_.back() == '\r') --n;
        return n;
    };
    while (available() < size && !(eof_ && raw_.empty())) convert_raw_block();
    const size_t n = std::min(available(), size);
    std::memcpy(buffer, decoded_.data(), n);
    decoded_.erase(0, n);
    // Marked after the copy-out so that a CR held back at the end is judged with its next byte.
    mark_crlf(buffer, n);
    if (n > 0 && buffer[n - 1] == '\r' && !decoded_.empty() && decoded_[0] == '\n') {
        buffer[n - 1] = kMarkedCarriageReturn;
    }
    return static_cast<int>(n);
}

}  // namespace bx
