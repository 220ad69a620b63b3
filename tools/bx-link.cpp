// bx-link: which right-hand record (a roster row) belongs to each left-hand record (a registered
// child). The engine is lib/linkage.h; this file only reads options and files.

#include "errors.h"
#include "link_model_file.h"
#include "link_review.h"
#include "link_side.h"
#include "linkage.h"
#include "tool.h"

namespace {

struct LinkFiles {
    std::vector<std::string> inputs;
    std::vector<std::string> keep;
    std::string unmatched_right, review, decisions, save_model, model, as_of;
};

}  // namespace

int main(int argc, char** argv) {
    bx::Tool tool("bx-link",
                  "Link each left record (a registered child) to the right record (a roster row) of "
                  "the same child: equal IDs, then near IDs and the other fields with estimated weights. "
                  "One output row per left record.",
                  "bx-link hukou.csv roster.csv --keep name,birth --review review.csv -o pairs.csv\n"
                  "  bx-link hukou.csv roster.csv --decisions review.csv -o pairs.csv   # after the clerk");
    LinkFiles files;
    bx::LinkOptions options;
    tool.add_inputs(files.inputs, "LEFT.csv RIGHT.csv (one of them may be '-' for stdin)");
    auto& app = tool.app();
    app.add_option("--keep", files.keep, "Columns of both sides to copy into the output (left_X, right_X)")
        ->delimiter(',')
        ->option_text("COLS");
    app.add_option("--unmatched-right", files.unmatched_right, "Write right records linked to nobody here")
        ->option_text("FILE");
    app.add_option("--review", files.review, "Write the uncertain pairs here, side by side, for a clerk")
        ->option_text("FILE");
    app.add_option("--decisions", files.decisions, "Read a review file filled in by a clerk (accept/reject)")
        ->option_text("FILE");
    app.add_option("--link-threshold", options.link_threshold, "Link at or above this weight (log2)")
        ->capture_default_str();
    app.add_option("--review-threshold", options.review_threshold, "Review at or above this weight, below the link threshold")
        ->capture_default_str();
    app.add_option("--as-of", files.as_of, "Reference day for ID birth-date checks (YYYY-MM-DD; default today)")
        ->option_text("DATE");
    app.add_option("--save-model", files.save_model, "Write the estimated model (JSON)")->option_text("FILE");
    app.add_option("--model", files.model, "Use this model instead of estimating one (JSON)")->option_text("FILE");

    return tool.run(argc, argv, [&] {
        if (files.inputs.size() != 2) throw bx::UsageError("expected two inputs: LEFT.csv RIGHT.csv");
        if (files.inputs[0] == files.inputs[1] && files.inputs[0] == "-") throw bx::UsageError("only one input can be stdin");
        if (options.review_threshold > options.link_threshold)
            throw bx::UsageError("--review-threshold is above --link-threshold");

        bx::LinkSideOptions side_options;
        side_options.keep = files.keep;
        side_options.review_fields = !files.review.empty();
        side_options.id_options.reference_day = files.as_of.empty() ? bx::today() : bx::parse_iso_date_arg(files.as_of);
        auto left_reader = tool.open_input(files.inputs[0]);
        const bx::LinkSide left = bx::read_link_side(*left_reader, tool.columns(*left_reader), side_options);
        side_options.whole_rows = !files.unmatched_right.empty();
        auto right_reader = tool.open_input(files.inputs[1]);
        const bx::LinkSide right = bx::read_link_side(*right_reader, tool.columns(*right_reader), side_options);

        bx::LinkModel model;
        if (!files.model.empty()) {
            model = bx::read_model_file(files.model);
            options.model = &model;
        }
        if (!files.decisions.empty()) {
            auto reader = tool.open_input(files.decisions);
            options.clerk_decisions = bx::read_clerk_decisions(*reader);
        }
        const bx::LinkResult result = bx::link_records(left.records, right.records, options);

        auto pairs = tool.open_output();
        bx::write_pairs(*pairs, result, left, right, files.keep);
        if (!files.review.empty()) {
            auto review = tool.open_output(files.review);
            bx::write_review(*review, result, left, right);
            review->commit();
        }
        if (!files.unmatched_right.empty()) {
            auto unmatched = tool.open_output(files.unmatched_right);
            bx::write_unmatched_right(*unmatched, result, right);
            unmatched->commit();
        }
        if (!files.save_model.empty()) bx::write_model_file(files.save_model, result.model);
        pairs->commit();

        tool.summary().add("left read", static_cast<long>(left.records.size()));
        tool.summary().add("right read", static_cast<long>(right.records.size()));
        for (const auto& [label, count] : result.stats.counts) tool.summary().add(label, count);
    });
}
