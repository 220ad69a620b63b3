#include "decoding_source.h"

#include <unicode/ucnv.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <unistd.h>

#include "errors.h"

namespace bx {

namespace {
constexpr size_t kRawBlock = 1 << 20;
constexpr size_t kDetectWindow = 256;  // non-ASCII bytes looked at before choosing the encoding
}  // namespace

struct DecodingSource::Icu {
    UConverter* gb = nullptr;
    UConverter* utf8 = nullptr;
    // ucnv_convertEx keeps partly converted text here between blocks.
    UChar pivot[4096];
    UChar* pivot_source = pivot;
    UChar* pivot_target = pivot;
    Icu() {
        UErrorCode status = U_ZERO_ERROR;
        gb = ucnv_open("gb18030", &status);
        utf8 = ucnv_open("utf-8", &status);
        if (U_FAILURE(status)) throw std::runtime_error("ICU cannot open the GB18030 converter");
        ucnv_setToUCallBack(gb, UCNV_TO_U_CALLBACK_STOP, nullptr, nullptr, nullptr, &status);
    }
    ~Icu() {
        ucnv_close(gb);
        ucnv_close(utf8);
    }
};

DecodingSource::DecodingSource(int fd, std::string display_name, InputEncoding encoding)
    : fd_(fd), name_(std::move(display_name)), encoding_(encoding),
      decided_(encoding != InputEncoding::Auto) {
    if (encoding_ == InputEncoding::Gb18030) icu_ = std::make_unique<Icu>();
}

DecodingSource::~DecodingSource() {
    if (fd_ > STDIN_FILENO) close(fd_);
}

const char* DecodingSource::encoding_name() const {
    return encoding_ == InputEncoding::Gb18030 ? "gb18030" : "utf-8";
}

int DecodingSource::read(char* buffer, int size) {
    auto available = [&] {
        size_t n = decoded_.size() - decoded_pos_;
        // A CR at the very end may still be followed by LF in the next block.
        if (!eof_ && n > 0 && decoded_.back() == '\r') --n;
        return n;
    };
    while (available() < static_cast<size_t>(size) && !(eof_ && raw_.empty())) step();
    const size_t n = std::min(available(), static_cast<size_t>(size));
    std::memcpy(buffer, decoded_.data() + decoded_pos_, n);
    decoded_pos_ += n;
    if (decoded_pos_ > (1u << 22) || decoded_pos_ == decoded_.size()) {
        decoded_.erase(0, decoded_pos_);
        decoded_pos_ = 0;
    }
    return static_cast<int>(n);
}

void DecodingSource::step() {
    const bool got_bytes = read_raw_block();
    if (at_start_ && !skip_byte_order_mark()) return;
    if (got_bytes) check_no_nul();
    if (!decided_ && !decide_encoding()) return;
    const size_t before = decoded_.size();
    const size_t used = encoding_ == InputEncoding::Gb18030 ? decode_gb18030() : decode_utf8();
    consume_raw(used);
    mark_crlf(before);
}

bool DecodingSource::read_raw_block() {
    if (eof_) return false;
    const size_t old_size = raw_.size();
    raw_.resize(old_size + kRawBlock);
    ssize_t got;
    do {
        got = ::read(fd_, raw_.data() + old_size, kRawBlock);
    } while (got < 0 && errno == EINTR);
    if (got < 0) throw DataError(name_, 0, std::string("read failed: ") + std::strerror(errno));
    raw_.resize(old_size + static_cast<size_t>(got));
    if (got == 0) eof_ = true;
    return got > 0;
}

// Returns false while too few bytes have arrived to tell.
bool DecodingSource::skip_byte_order_mark() {
    if (raw_.size() < 4 && !eof_) return false;
    at_start_ = false;
    const std::string_view start(raw_.data(), std::min<size_t>(raw_.size(), 4));
    if (start.starts_with("\xEF\xBB\xBF")) {
        raw_.erase(0, 3);
        if (!decided_) encoding_ = InputEncoding::Utf8;
        decided_ = true;
    } else if (start.starts_with("\x84\x31\x95\x33")) {
        raw_.erase(0, 4);
        encoding_ = InputEncoding::Gb18030;
        if (!icu_) icu_ = std::make_unique<Icu>();
        decided_ = true;
    } else if (start.starts_with("\xFF\xFE") || start.starts_with("\xFE\xFF")) {
        throw DataError(name_, 1, "the file is UTF-16 text; save it as CSV (UTF-8) or CSV (GBK)");
    }
    return true;
}

void DecodingSource::check_no_nul() const {
    const void* nul = std::memchr(raw_.data(), '\0', raw_.size());
    if (nul != nullptr) {
        fail_at(static_cast<size_t>(static_cast<const char*>(nul) - raw_.data()),
                "NUL byte: not a CSV text file (UTF-16 or a spreadsheet saved as .xls/.xlsx?)");
    }
}

// ASCII reads the same in UTF-8 and GB18030, so the choice waits for the first byte >= 0x80 and
// a window after it. GBK text is almost never valid UTF-8 over a few characters.
bool DecodingSource::decide_encoding() {
    const auto* bytes = reinterpret_cast<const unsigned char*>(raw_.data());
    size_t first_high = 0;
    while (first_high < raw_.size() && bytes[first_high] < 0x80) ++first_high;
    if (first_high == raw_.size()) return true;  // all ASCII so far: pass through as UTF-8
    if (raw_.size() - first_high < kDetectWindow && !eof_) return false;
    const std::string_view window(raw_.data() + first_high,
                                  std::min(kDetectWindow, raw_.size() - first_high));
    const size_t valid = valid_utf8_prefix(window);
    const bool utf8 = valid == window.size() ||
                      (window.size() == kDetectWindow && is_truncated_utf8_tail(window.substr(valid)));
    encoding_ = utf8 ? InputEncoding::Utf8 : InputEncoding::Gb18030;
    if (!utf8) icu_ = std::make_unique<Icu>();
    decided_ = true;
    return true;
}

size_t DecodingSource::decode_utf8() {
    const std::string_view raw(raw_);
    const size_t valid = valid_utf8_prefix(raw);
    if (valid < raw.size() && (eof_ || !is_truncated_utf8_tail(raw.substr(valid)))) {
        fail_at(valid, decided_ && encoding_ == InputEncoding::Utf8
                           ? "invalid UTF-8 byte sequence (is the file GBK? try --encoding gb18030)"
                           : "invalid UTF-8 byte sequence");
    }
    decoded_.append(raw.substr(0, valid));
    return valid;
}

size_t DecodingSource::decode_gb18030() {
    const size_t before = decoded_.size();
    decoded_.resize(before + raw_.size() * 2 + 16);  // GBK: 2 bytes -> at most 3 in UTF-8
    char* target = decoded_.data() + before;
    const char* source = raw_.data();
    UErrorCode status = U_ZERO_ERROR;
    ucnv_convertEx(icu_->utf8, icu_->gb, &target, decoded_.data() + decoded_.size(), &source,
                   raw_.data() + raw_.size(), icu_->pivot, &icu_->pivot_source,
                   &icu_->pivot_target, icu_->pivot + std::size(icu_->pivot),
                   /*reset=*/false, /*flush=*/eof_, &status);
    const size_t used = static_cast<size_t>(source - raw_.data());
    if (U_FAILURE(status)) {
        fail_at(used, "byte sequence not valid in GB18030 (is the file UTF-8? try --encoding utf-8)");
    }
    decoded_.resize(static_cast<size_t>(target - decoded_.data()));
    return used;
}

void DecodingSource::consume_raw(size_t count) {
    line_at_raw_start_ += std::count(raw_.begin(), raw_.begin() + static_cast<long>(count), '\n');
    raw_.erase(0, count);
}

void DecodingSource::mark_crlf(size_t from) {
    size_t pos = from > 0 ? from - 1 : 0;
    while ((pos = decoded_.find('\r', pos)) != std::string::npos) {
        if (pos + 1 < decoded_.size() && decoded_[pos + 1] == '\n') decoded_[pos] = kMarkedCarriageReturn;
        ++pos;
    }
}

void DecodingSource::fail_at(size_t raw_offset, const std::string& message) const {
    const long line =
        line_at_raw_start_ + std::count(raw_.begin(), raw_.begin() + static_cast<long>(raw_offset), '\n');
    throw DataError(name_, line, message);
}

}  // namespace bx
