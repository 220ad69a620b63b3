#include "link_job.h"

#include <algorithm>
#include <filesystem>
#include <optional>

#include <fmt/format.h>

#include "link_model_file.h"
#include "link_review.h"
#include "link_side.h"
#include "spooled_input.h"

namespace bx {

namespace {

// What the outputs show of a streamed right record: its kept columns and review fields.
struct RightDetails {
    std::vector<std::string> kept, review_fields;
};

std::vector<std::string_view> views_of(const std::vector<std::string>& values) {
    return {values.begin(), values.end()};
}

class LinkJob {
public:
    LinkJob(Tool& tool, LinkJobOptions& options) : tool_(tool), options_(options) {
        side_options_.keep = options.keep;
        side_options_.review_fields = !options.review.empty();
        side_options_.id_options.reference_day = options.as_of;
    }

    void run() {
        read_model_and_decisions();  // small files first: their errors come before the long reads
        const std::string left = spool_.path_for(options_.left), right = spool_.path_for(options_.right);
        // The smaller file is held; ties hold the right (the roster, by convention the smaller).
        hold_left_ = size_of(left) < size_of(right);
        LinkSideOptions held_options = side_options_;
        held_options.whole_rows = !hold_left_ && !options_.unmatched_right.empty();
        const std::string& held_path = hold_left_ ? left : right;
        auto held_reader = open(held_path);
        held_ = read_link_side(*held_reader, tool_.columns(*held_reader), held_options, estimate_file_lines(held_path));
        held_reader.reset();
        LinkFileStream streamed([this, path = hold_left_ ? right : left] { return open(path); },
                                [this](const CsvReader& reader) { return tool_.columns(reader); }, side_options_);
        result_ = link_streamed(held_.records, hold_left_ ? HeldSide::left : HeldSide::right, streamed, options_.link);
        if (!options_.save_model.empty()) tool_.write_text_output(options_.save_model, model_to_json(result_.model));
        write_outputs(streamed);
        for (const auto& [label, count] : result_.stats.counts) tool_.summary().add(label, count);
    }

private:
    std::unique_ptr<CsvReader> open(const std::string& path) const { return tool_.open_input(path, spool_.display_name(path)); }

    // A file that cannot be sized cannot be opened either: opening it reports why, as usual.
    uintmax_t size_of(const std::string& path) const {
        std::error_code error;
        const uintmax_t size = std::filesystem::file_size(path, error);
        if (error) open(path);
        return error ? 0 : size;
    }

    void read_model_and_decisions() {
        if (!options_.model.empty()) {
            model_ = read_model_file(options_.model);
            options_.link.model = &model_;
        }
        if (!options_.decisions.empty()) {
            auto reader = tool_.open_input(options_.decisions);
            options_.link.clerk_decisions = read_clerk_decisions(*reader);
        }
    }

    void open_outputs() {
        pairs_ = tool_.open_output();
        pairs_writer_.emplace(*pairs_, result_.model, options_.keep);
        if (!options_.review.empty()) {
            review_ = tool_.open_output(options_.review);
            write_review_header(*review_);
        }
        if (!options_.unmatched_right.empty()) unmatched_ = tool_.open_output(options_.unmatched_right);
    }

    void write_outputs(LinkFileStream& streamed) {
        open_outputs();
        if (hold_left_) {
            write_with_streamed_right(streamed);
        } else {
            write_with_streamed_left(streamed);
        }
        if (review_) review_->commit();
        if (unmatched_) unmatched_->commit();
        pairs_->commit();
        note_review_without_file();
    }

    // Pairs under review are in the pairs file as method "review"; a clerk decides them side by
    // side from --review, which --decisions reads back.
    void note_review_without_file() const {
        if (review_) return;
        const auto review = std::count_if(result_.decisions.begin(), result_.decisions.end(),
                                          [](const LinkDecision& decision) { return decision.method == LinkMethod::review; });
        if (review == 0) return;
        tool_.warn("", 0, fmt::format("{} pair{} need{} a clerk's review (method review in the pairs file); write them "
                                      "side by side with --review FILE, for --decisions",
                                      review, review == 1 ? "" : "s", review == 1 ? "s" : ""));
    }

    // Left streamed, right held: one pass over the left writes pairs and review rows in order.
    void write_with_streamed_left(LinkFileStream& streamed) {
        auto decision = result_.decisions.begin();
        long left_rows = 0;
        streamed.for_each_row([&](const CsvReader& reader, const LinkRowReader& rows, uint32_t l) {
            LinkDecision none{.left = l};
            const LinkDecision& mine = decision != result_.decisions.end() && decision->left == l ? *decision++ : none;
            const uint32_t right_row = mine.has_candidate() ? held_.records[mine.right].row : 0;
            const bool linked = is_link(mine.method);
            pairs_writer_->write(static_cast<uint32_t>(reader.row()), mine, right_row, rows.kept(reader),
                                 linked ? std::span<const std::string>(held_.kept.empty() ? empty_ : held_.kept[mine.right]) : empty_);
            if (review_ && mine.method == LinkMethod::review)
                write_review_row(*review_, static_cast<uint32_t>(reader.row()), right_row, mine.weight, rows.review_fields(reader),
                                 held_.review_fields[mine.right]);
            ++left_rows;
        });
        std::vector<uint8_t> linked(held_.records.size());
        for (const LinkDecision& d : result_.decisions)
            if (is_link(d.method)) linked[d.right] = 1;
        if (unmatched_) {
            write_unmatched_header(*unmatched_, held_.header);
            for (size_t r = 0; r < held_.records.size(); ++r)
                if (!linked[r]) write_unmatched_row(*unmatched_, views_of(held_.rows[r]), held_.records[r].row);
        }
        tool_.summary().add("left read", left_rows);
        tool_.summary().add("right read", static_cast<long>(held_.records.size()));
    }

    // Left held, right streamed: one pass over the right writes the unmatched ones and collects
    // what the pairs and review rows show of the right records they name; then the left in
    // order. A streamed record's row is its index + 1 (one file, data rows from 1).
    void write_with_streamed_right(LinkFileStream& streamed) {
        std::vector<uint32_t> named, linked;  // right indices, ascending
        for (const LinkDecision& d : result_.decisions) {
            if (d.has_candidate()) named.push_back(d.right);
            if (is_link(d.method)) linked.push_back(d.right);
        }
        for (auto* indices : {&named, &linked}) {
            std::sort(indices->begin(), indices->end());
            indices->erase(std::unique(indices->begin(), indices->end()), indices->end());
        }
        const bool details_needed = !options_.keep.empty() || review_ != nullptr;
        std::vector<RightDetails> details(details_needed ? named.size() : 0);
        size_t next_named = 0, next_linked = 0;
        long right_rows = 0;
        if (unmatched_) write_unmatched_header(*unmatched_, streamed.header());
        streamed.for_each_row([&](const CsvReader& reader, const LinkRowReader& rows, uint32_t r) {
            ++right_rows;
            if (next_named < named.size() && named[next_named] == r) {
                if (details_needed) details[next_named] = {rows.kept(reader), rows.review_fields(reader)};
                ++next_named;
            }
            const bool is_linked = next_linked < linked.size() && linked[next_linked] == r;
            if (is_linked) ++next_linked;
            if (unmatched_ && !is_linked) write_unmatched_row(*unmatched_, reader.fields(), static_cast<uint32_t>(reader.row()));
        });
        auto decision = result_.decisions.begin();
        for (uint32_t l = 0; l < held_.records.size(); ++l) {
            LinkDecision none{.left = l};
            const LinkDecision& mine = decision != result_.decisions.end() && decision->left == l ? *decision++ : none;
            const RightDetails* right = nullptr;
            if (mine.has_candidate() && details_needed)
                right = &details[static_cast<size_t>(std::lower_bound(named.begin(), named.end(), mine.right) - named.begin())];
            const uint32_t right_row = mine.has_candidate() ? mine.right + 1 : 0;
            pairs_writer_->write(held_.records[l].row, mine, right_row, held_.kept.empty() ? empty_ : held_.kept[l],
                                 right != nullptr && is_link(mine.method) ? right->kept : empty_);
            if (review_ && mine.method == LinkMethod::review)
                write_review_row(*review_, held_.records[l].row, right_row, mine.weight, held_.review_fields[l], right->review_fields);
        }
        tool_.summary().add("left read", static_cast<long>(held_.records.size()));
        tool_.summary().add("right read", right_rows);
    }

    Tool& tool_;
    LinkJobOptions& options_;
    LinkSideOptions side_options_;
    SpooledInputs spool_;
    bool hold_left_ = false;
    LinkSide held_;
    LinkModel model_;
    LinkResult result_;
    std::unique_ptr<CsvWriter> pairs_, review_, unmatched_;
    std::optional<PairsWriter> pairs_writer_;
    const std::vector<std::string> empty_;
};

}  // namespace

void run_link(Tool& tool, LinkJobOptions& options) { LinkJob(tool, options).run(); }

}  // namespace bx
