#pragma once
// The byte stream under the CSV reader: raw export bytes in, checked UTF-8 out.
// - UTF-8 is validated; GB18030/GBK is converted with ICU; `auto` decides at the first non-ASCII
//   bytes (ASCII reads the same in both), so detection costs nothing and needs no seeking.
// - A BOM is dropped; NUL bytes and UTF-16 are refused with a clear message.
// - CR LF becomes 0xFF LF: LineReader would silently drop the CR, but a quoted field must keep
//   its CR LF. 0xFF never occurs in UTF-8, so the reader can tell it apart and restore it.
// Errors are DataError with the file and the line of the offending byte.
// csv.h's own strncpy use trips -Wstringop-truncation; the warning is not about our code.
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wstringop-truncation"
#include <libfccp/csv.h>
#pragma GCC diagnostic pop

#include <memory>
#include <string>

#include "encoding.h"

namespace bx {

inline constexpr char kMarkedCarriageReturn = '\xFF';

class DecodingSource : public io::ByteSourceBase {
public:
    // Takes ownership of `fd` unless it is stdin.
    DecodingSource(int fd, std::string display_name, InputEncoding encoding);
    ~DecodingSource() override;
    int read(char* buffer, int size) override;

    // "utf-8" or "gb18030"; "utf-8" while only ASCII has been seen.
    const char* encoding_name() const;

private:
    void step();
    bool read_raw_block();
    bool skip_byte_order_mark();
    bool decide_encoding();
    size_t decode_utf8();
    size_t decode_gb18030();
    void consume_raw(size_t count);
    void check_no_nul() const;
    void mark_crlf(size_t from);
    [[noreturn]] void fail_at(size_t raw_offset, const std::string& message) const;

    struct Icu;
    int fd_;
    std::string name_;
    InputEncoding encoding_;
    bool decided_;
    bool eof_ = false;
    bool at_start_ = true;
    std::string raw_;            // bytes read but not yet decoded
    std::string decoded_;        // UTF-8 not yet handed to the reader
    size_t decoded_pos_ = 0;
    long line_at_raw_start_ = 1;
    std::unique_ptr<Icu> icu_;
};

}  // namespace bx
