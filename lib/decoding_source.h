#pragma once
// The byte stream under the CSV reader: raw export bytes in, checked UTF-8 out.
// - UTF-8 is validated in place in the reader's own buffer (no copy); GB18030/GBK and UTF-16
//   (Excel's "Unicode text") are converted with ICU. `auto` looks for a BOM, else at whether the
//   first non-ASCII bytes are UTF-8. A byte-order mark always decides, and is dropped.
// - NUL bytes are refused with a clear message, and so is UTF-16 without a byte-order mark unless
//   --encoding names it.
// - CR LF becomes 0xFF LF: LineReader would silently drop the CR, but a quoted field must keep
//   its CR LF. 0xFF never occurs in UTF-8, so the reader can tell it apart and restore it.
// Errors are DataError with the file and the line of the offending byte.
//
// csv.h's own strncpy use trips -Wstringop-truncation; the warning is not about our code.
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wstringop-truncation"
#include <libfccp/csv.h>
#pragma GCC diagnostic pop

#include <cstdint>
#include <memory>
#include <string>

#include "encoding.h"

namespace bx {

inline constexpr char kMarkedCarriageReturn = '\xFF';

// What the source settles on its first read.
struct SourceStart {
    InputEncoding encoding = InputEncoding::Utf8;  // forced or detected
    size_t mark_bytes = 0;                         // byte-order mark dropped from the file's start
};

class DecodingSource : public io::ByteSourceBase {
public:
    // Takes ownership of `fd` unless it is stdin. What the first read settles is reported through
    // `start`, which outlives the source: LineReader destroys its source as soon as a short file
    // has been read whole. The input ends after `byte_limit` bytes of the file.
    DecodingSource(int fd, std::string display_name, InputEncoding encoding, SourceStart* start,
                   uint64_t byte_limit = UINT64_MAX);
    ~DecodingSource() override;
    // Fills `buffer` completely unless the input ends: LineReader takes a short block for the end.
    int read(char* buffer, int size) override;

private:
    size_t read_file(char* into, size_t count);
    size_t fill_from_file(char* buffer, size_t size);
    void begin(char* buffer, size_t& length);
    size_t finish_utf8_block(char* buffer, size_t length);
    void peek_ahead(size_t count);
    bool converted() const { return encoding_ != InputEncoding::Utf8; }
    bool utf16() const { return encoding_ == InputEncoding::Utf16Le || encoding_ == InputEncoding::Utf16Be; }
    int read_converted(char* buffer, size_t size);
    void convert_raw_block();
    size_t convertible_raw_bytes() const;
    const char* find_raw_nul(const char* bytes, size_t length) const;
    long lines_in(const char* bytes, size_t length) const;
    [[noreturn]] void fail_in(const char* bytes, size_t offset, const std::string& message) const;

    struct Icu;
    int fd_;
    std::string name_;
    InputEncoding encoding_;
    SourceStart* start_;
    bool started_ = false;
    bool eof_ = false;
    uint64_t bytes_left_;     // of the byte limit
    std::string carry_;       // bytes read ahead, for the next block
    size_t continuation_bytes_ = 0;  // start of the next block that ends a character already checked
    long lines_done_ = 0;     // line breaks in the bytes already handed out
    // Converted encodings only: bytes read but not converted, and UTF-8 not yet handed out.
    std::string raw_;
    std::string decoded_;
    std::unique_ptr<Icu> icu_;
};

// Number of '\n' bytes in [bytes, bytes + length), eight at a time.
size_t count_newlines(const char* bytes, size_t length);

}  // namespace bx
