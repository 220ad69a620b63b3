#pragma once
// Text encodings of CSV exports: UTF-8 (with or without BOM), GB18030/GBK, which Excel writes on
// Chinese Windows, and UTF-16 (Excel's "Unicode text"). Everything inside the toolkit is UTF-8.
#include <memory>
#include <string>
#include <string_view>

namespace bx {

enum class InputEncoding { Auto, Utf8, Gb18030, Utf16Le, Utf16Be };
enum class OutputEncoding { Utf8, Gb18030 };

// Parses "auto" / "utf-8" / "utf8" / "gb18030" / "gbk" / "gb2312" / "utf-16le" / "utf-16be";
// throws UsageError otherwise.
InputEncoding parse_input_encoding(std::string_view name);
// "utf-8", "gb18030", "utf-16le", "utf-16be" ("auto" for Auto).
std::string_view input_encoding_name(InputEncoding encoding);
OutputEncoding parse_output_encoding(std::string_view name);

// Converts complete UTF-8 text (whole rows) to GB18030 for the writer.
class Gb18030Encoder {
public:
    Gb18030Encoder();
    ~Gb18030Encoder();
    Gb18030Encoder(const Gb18030Encoder&) = delete;
    Gb18030Encoder& operator=(const Gb18030Encoder&) = delete;
    void encode(std::string_view utf8, std::string& out);

private:
    struct Impl;
    std::unique_ptr<Impl> impl_;
};

// Length of the longest prefix of `bytes` made of complete, well-formed UTF-8 characters.
size_t valid_utf8_prefix(std::string_view bytes);
// True when the bytes after that prefix are only the start of a character cut off at the end.
bool is_truncated_utf8_tail(std::string_view tail);
bool is_valid_utf8(std::string_view bytes);

}  // namespace bx
