// bx-score: precision and recall of an out-of-school list or of registry-roster links against a
// synthetic data set's truth.csv (see docs/synth.md).
#include <iostream>
#include <memory>
#include <string>
#include <vector>

#include "errors.h"
#include "score.h"
#include "tool.h"

int main(int argc, char** argv) {
    bx::Tool tool("bx-score",
                  "Score flagged lists (rows with registry_row) and/or a linkage (--pairs: left_row, "
                  "right_row) against truth.csv from bx-synth. Metrics go to stdout or -o as "
                  "metric,value CSV; a readable report goes to stderr.",
                  "bx-score --truth synthetic/truth.csv flagged.csv review.csv -o metrics.csv");
    std::string truth_path;
    std::string pairs_path;
    std::vector<std::string> flagged_paths;
    tool.app().add_option("--truth", truth_path, "truth.csv written by bx-synth")->required()->option_text("FILE");
    tool.app().add_option("--pairs", pairs_path, "Links to score: left_row, right_row[, right_file]")->option_text("FILE");
    tool.add_inputs(flagged_paths, "Flagged lists, each with a registry_row column (scored as one list)");
    tool.app().remove_option(tool.app().get_option("--col"));  // its columns are bx-synth's and bx-flag's own names
    // An empty list (a header only, e.g. a review list with nobody on it) is a valid input.
    auto open_list = [&](const std::string& path) {
        bx::CsvReadOptions options = tool.read_options();
        options.lenient = true;
        return std::make_unique<bx::CsvReader>(path, options);
    };
    return tool.run(argc, argv, [&] {
        if (flagged_paths.empty() && pairs_path.empty()) {
            throw bx::UsageError("give flagged lists, --pairs FILE, or both");
        }
        const bx::TruthTable truth = bx::TruthTable::read(*tool.open_input(truth_path));
        auto metrics = tool.open_output();
        metrics->write_row({"metric", "value"});
        std::string report;
        if (!flagged_paths.empty()) {
            std::vector<long> rows;
            long without_row = 0;
            for (const auto& path : flagged_paths) bx::read_flagged_rows(*open_list(path), rows, without_row);
            const bx::FlagScore score = bx::score_flags(truth, rows, without_row);
            bx::write_metrics(*metrics, score);
            report += bx::format_report(score);
            tool.summary().add("flagged rows", score.rows_read);
        }
        if (!pairs_path.empty()) {
            const bx::PairScore score = bx::score_pairs(truth, bx::read_links(*open_list(pairs_path)));
            bx::write_metrics(*metrics, score);
            report += bx::format_report(score);
            tool.summary().add("links", score.links);
        }
        metrics->commit();
        if (!tool.quiet()) std::cerr << report;
    });
}
