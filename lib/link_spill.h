#pragma once
// Link records kept in a temporary file instead of in memory: bx-flag writes one per registry
// child while it reads, and the linkage engine then reads them in passes (LinkRecordStream), as
// bx-link re-reads its larger file. The file is removed as soon as it is created, so nothing
// is left behind however the job ends; its pages sit in the page cache, which the system may
// write out under memory pressure, instead of in the job's own memory.
#include <cstdint>
#include <span>
#include <string>
#include <vector>

#include "linkage.h"

namespace bx {

class LinkRecordSpill : public LinkRecordStream {
public:
    LinkRecordSpill();
    ~LinkRecordSpill() override;
    LinkRecordSpill(const LinkRecordSpill&) = delete;
    LinkRecordSpill& operator=(const LinkRecordSpill&) = delete;

    // Writing, from one thread: records are numbered from 0 in the order appended.
    void append(const LinkRecord& record);
    // Writes out what is buffered; call before reading.
    void finish();
    uint32_t size() const { return size_; }

    // Every record, in batches (LinkRecordStream).
    void read(const LinkBatchVisitor& visit) override;
    // The records at the given ascending positions, in batches; `first` counts in `positions`.
    void read_subset(std::span<const uint32_t> positions, const LinkBatchVisitor& visit) const;

private:
    void read_range(uint32_t first, uint32_t count, std::vector<LinkRecord>& out) const;

    int fd_ = -1;
    uint32_t size_ = 0;
    std::vector<LinkRecord> buffer_;  // appended, not yet written
};

// Some records of a spill, read by the linkage engine as a stream of their own.
class SpillSubsetStream : public LinkRecordStream {
public:
    SpillSubsetStream(const LinkRecordSpill& spill, std::span<const uint32_t> positions)
        : spill_(spill), positions_(positions) {}
    void read(const LinkBatchVisitor& visit) override { spill_.read_subset(positions_, visit); }

private:
    const LinkRecordSpill& spill_;
    std::span<const uint32_t> positions_;
};

}  // namespace bx
