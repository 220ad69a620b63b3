// bx-link: which right-hand record (a roster row) belongs to each left-hand record (a registered
// child). The engine is lib/linkage.h and the job lib/link_job.h; this file only reads options.

#include "errors.h"
#include "link_job.h"
#include "tool.h"

int main(int argc, char** argv) {
    bx::Tool tool("bx-link",
                  "Link each left record (a registered child) to the right record (a roster row) of "
                  "the same child: equal IDs, then near IDs and the other fields with estimated weights. "
                  "One output row per left record. The smaller file is held in memory, the larger read "
                  "in passes.",
                  "bx-link hukou.csv roster.csv --keep name,birth --review review.csv -o pairs.csv\n"
                  "  bx-link hukou.csv roster.csv --decisions review.csv -o pairs.csv   # after the clerk");
    std::vector<std::string> inputs;
    std::string as_of;
    bx::LinkJobOptions options;
    tool.add_inputs(inputs, "LEFT.csv RIGHT.csv (one of them may be '-' for stdin)");
    auto& app = tool.app();
    app.add_option("--keep", options.keep, "Columns of both sides to copy into the output (left_X, right_X), comma-separated; repeatable")
        ->delimiter(',')
        ->option_text("COLS");
    tool.add_output("--unmatched-right", options.unmatched_right, "Write right records linked to nobody here");
    tool.add_output("--review", options.review, "Write the uncertain pairs here, side by side, for a clerk");
    app.add_option("--decisions", options.decisions, "Read a review file filled in by a clerk (accept/reject)")
        ->option_text("FILE");
    app.add_option("--link-threshold", options.link.link_threshold, "Link at or above this weight (log2)")
        ->capture_default_str();
    app.add_option("--review-threshold", options.link.review_threshold, "Review at or above this weight, below the link threshold")
        ->capture_default_str();
    app.add_option("--as-of", as_of, "Reference day for ID birth-date checks (YYYY-MM-DD; default today)")
        ->option_text("DATE");
    tool.add_output("--save-model", options.save_model, "Write the estimated model (JSON)");
    app.add_option("--model", options.model, "Use this model instead of estimating one (JSON)")->option_text("FILE");

    return tool.run(argc, argv, [&] {
        if (inputs.size() != 2) throw bx::UsageError("expected two inputs: LEFT.csv RIGHT.csv");
        if (inputs[0] == inputs[1] && inputs[0] == "-") throw bx::UsageError("only one input can be stdin");
        if (options.link.review_threshold > options.link.link_threshold)
            throw bx::UsageError("--review-threshold is above --link-threshold");
        options.left = inputs[0];
        options.right = inputs[1];
        if (!as_of.empty()) options.as_of = bx::parse_iso_date_arg(as_of);
        bx::run_link(tool, options);
    });
}
