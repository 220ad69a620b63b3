#include "record_fetch.h"

#include <cerrno>
#include <cstring>
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include "errors.h"

namespace bx {

void RecordCheckpoints::note(std::optional<uint64_t> offset) {
    if (!offset) {
        usable_ = false;
        offsets_ = {};
    } else if (usable_) {
        offsets_.push_back(*offset);
    }
}

std::optional<uint64_t> RecordCheckpoints::next_start(size_t k) const {
    if (k + 1 < offsets_.size()) return offsets_[k + 1];
    return std::nullopt;
}

namespace {

// The delimiter CsvReader decided on for the file: the same rule on the same header, read again
// from the bytes above the first row only.
char delimiter_of(const std::string& path, const std::string& display_name, const RecordCheckpoints& checkpoints,
                  CsvReadOptions options) {
    switch (options.delimiter) {
        case Delimiter::Comma: return ',';
        case Delimiter::Tab: return '\t';
        case Delimiter::Auto: break;
    }
    options.display_name = display_name;
    options.on_footer_rows = nullptr;
    if (checkpoints.size() > 0) options.byte_limit = checkpoints.start(0);
    return CsvReader(path, options).delimiter();
}

}  // namespace

RecordFetcher::RecordFetcher(const std::string& path, std::string display_name, const RecordCheckpoints& checkpoints,
                             size_t width, const CsvReadOptions& options)
    : name_(std::move(display_name)), checkpoints_(checkpoints), width_(width), options_(options) {
    fd_ = open(path.c_str(), O_RDONLY | O_CLOEXEC);
    if (fd_ < 0) throw DataError(name_, 0, std::string("cannot open it again: ") + std::strerror(errno));
    try {
        delimiter_ = delimiter_of(path, name_, checkpoints, options);
    } catch (...) {
        close(fd_);
        throw;
    }
}

RecordFetcher::~RecordFetcher() { close(fd_); }

void RecordFetcher::changed() const {
    throw DataError(name_, 0, "the file changed while it was being read; run again");
}

// Reads stretch k whole: from its checkpoint to the next, or to the end of the file.
void RecordFetcher::load_stretch(size_t k) {
    if (k >= checkpoints_.size()) changed();
    const uint64_t begin = checkpoints_.start(k);
    uint64_t end = 0;
    if (const auto next = checkpoints_.next_start(k)) {
        end = *next;
    } else {
        struct stat status {};
        if (fstat(fd_, &status) != 0) changed();
        end = static_cast<uint64_t>(status.st_size);
    }
    if (end < begin) changed();
    stretch_.resize(end - begin);
    size_t done = 0;
    while (done < stretch_.size()) {
        const ssize_t got = pread(fd_, stretch_.data() + done, stretch_.size() - done, static_cast<off_t>(begin + done));
        if (got < 0 && errno == EINTR) continue;
        if (got <= 0) changed();
        done += static_cast<size_t>(got);
    }
    stretch_index_ = k;
    position_ = 0;
    next_row_ = static_cast<uint32_t>(k * RecordCheckpoints::kEvery + 1);
}

bool RecordFetcher::next_line(std::string_view& line, bool& had_cr) {
    if (position_ >= stretch_.size()) return false;
    const char* begin = stretch_.data() + position_;
    const auto* newline = static_cast<const char*>(std::memchr(begin, '\n', stretch_.size() - position_));
    const size_t length = newline ? static_cast<size_t>(newline - begin) : stretch_.size() - position_;
    line = std::string_view(begin, length);
    position_ += length + 1;
    // CR LF, or a CR that ends the file (LineReader drops that one too).
    had_cr = !line.empty() && line.back() == '\r';
    if (had_cr) line.remove_suffix(1);
    return true;
}

// Reads the next row at position_ into fields_, as CsvReader did the first time; a row not
// `wanted` is only stepped over (a line without quotes is a whole record) unless it may be a
// footer row, which is no row.
bool RecordFetcher::next_record(bool wanted) {
    std::string_view line;
    bool had_cr = false;
    for (;;) {
        do {  // blank lines between records are not rows
            if (!next_line(line, had_cr)) return false;
        } while (line.empty());
        const bool may_be_footer = options_.skip_footer_rows && line_may_be_footer(line, delimiter_);
        if (!wanted && !may_be_footer && line.find('"') == std::string_view::npos) {
            ++next_row_;
            return true;
        }
        split_record(line, had_cr);
        if (options_.skip_footer_rows && !footer_keyword(fields_).empty()) continue;
        if (!fit_width(fields_, width_, options_.lenient)) changed();
        ++next_row_;
        return true;
    }
}

void RecordFetcher::split_record(std::string_view line, bool had_cr) {
    fields_.clear();
    if (split_unquoted(line, delimiter_, fields_)) return;
    unescape_record(line, had_cr, [&](std::string_view& more, bool& cr) { return next_line(more, cr); },
                    {delimiter_, options_.lenient, options_.max_record_bytes}, unescaped_);
    if (unescaped_.problem != RecordProblem::none) changed();
    for (const auto& [offset, length] : unescaped_.spans) fields_.emplace_back(unescaped_.text.data() + offset, length);
}

std::span<const std::string_view> RecordFetcher::fetch(uint32_t row) {
    const size_t k = (row - 1) / RecordCheckpoints::kEvery;
    if (k != stretch_index_ || row < next_row_) load_stretch(k);
    while (next_row_ <= row) {
        if (!next_record(next_row_ == row)) changed();
    }
    return fields_;
}

}  // namespace bx
