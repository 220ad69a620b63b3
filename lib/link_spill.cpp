#include "link_spill.h"

#include <cerrno>
#include <cstring>
#include <type_traits>
#include <unistd.h>

#include "errors.h"
#include "temporary_file.h"

namespace bx {

namespace {

static_assert(std::is_trivially_copyable_v<LinkRecord>, "link records are written and read as bytes");

const std::string kName = "<temporary file>";

[[noreturn]] void fail(const char* what) { throw DataError(kName, 0, std::string(what) + ": " + std::strerror(errno)); }

}  // namespace

LinkRecordSpill::LinkRecordSpill() {
    const TemporaryFile file = create_temporary_file("bx-records", kName);
    fd_ = file.fd;
    unlink(file.path.c_str());
    buffer_.reserve(kLinkBatchRecords);
}

LinkRecordSpill::~LinkRecordSpill() { close(fd_); }

void LinkRecordSpill::append(const LinkRecord& record) {
    buffer_.push_back(record);
    ++size_;
    if (buffer_.size() == kLinkBatchRecords) finish();
}

void LinkRecordSpill::finish() {
    const auto* bytes = reinterpret_cast<const char*>(buffer_.data());
    size_t left = buffer_.size() * sizeof(LinkRecord);
    while (left > 0) {
        const ssize_t written = ::write(fd_, bytes, left);
        if (written < 0 && errno == EINTR) continue;
        if (written <= 0) fail("cannot write (is the temporary folder full? set TMPDIR)");
        bytes += written;
        left -= static_cast<size_t>(written);
    }
    buffer_.clear();
}

void LinkRecordSpill::read_range(uint32_t first, uint32_t count, std::vector<LinkRecord>& out) const {
    out.resize(count);
    auto* bytes = reinterpret_cast<char*>(out.data());
    size_t left = count * sizeof(LinkRecord);
    auto offset = static_cast<off_t>(first) * static_cast<off_t>(sizeof(LinkRecord));
    while (left > 0) {
        const ssize_t got = ::pread(fd_, bytes, left, offset);
        if (got < 0 && errno == EINTR) continue;
        if (got <= 0) fail("cannot read back");
        bytes += got;
        left -= static_cast<size_t>(got);
        offset += got;
    }
}

void LinkRecordSpill::read(const LinkBatchVisitor& visit) {
    std::vector<LinkRecord> batch;
    for (uint32_t first = 0; first < size_; first += kLinkBatchRecords) {
        read_range(first, std::min(kLinkBatchRecords, size_ - first), batch);
        visit(first, batch);
    }
}

// Reads the stretch of the file that the next positions fall in, and keeps those records.
void LinkRecordSpill::read_subset(std::span<const uint32_t> positions, const LinkBatchVisitor& visit) const {
    std::vector<LinkRecord> stretch, batch;
    batch.reserve(kLinkBatchRecords);
    uint32_t batch_first = 0;
    for (size_t i = 0; i < positions.size();) {
        const uint32_t begin = positions[i];
        const uint32_t end = std::min(size_, begin + kLinkBatchRecords);
        read_range(begin, end - begin, stretch);
        for (; i < positions.size() && positions[i] < end; ++i) {
            batch.push_back(stretch[positions[i] - begin]);
            if (batch.size() == kLinkBatchRecords) {
                visit(batch_first, batch);
                batch_first += static_cast<uint32_t>(batch.size());
                batch.clear();
            }
        }
    }
    if (!batch.empty()) visit(batch_first, batch);
}

}  // namespace bx
