// bx-synth: writes a synthetic, linked set of exports with their truth (see docs/synth.md).
#include <string>

#include "errors.h"
#include "synth.h"
#include "tool.h"

int main(int argc, char** argv) {
    bx::Tool tool("bx-synth",
                  "Generate a synthetic region: household registry, school roster, other counties' "
                  "rosters, exemption list, poverty file and the truth (hukou.csv roster.csv "
                  "elsewhere.csv exempt.csv poverty.csv truth.csv) in one folder. The same seed and "
                  "options give the same bytes.",
                  "bx-synth --children 20000 --seed 7 -o synthetic/ && bx-score --truth synthetic/truth.csv flagged.csv");
    bx::SynthOptions options;
    std::string as_of = "2026-09-01";
    bool gbk = false;
    CLI::App& app = tool.app();
    app.get_option("--output")->description("Output folder (required; created if missing)")->option_text("FOLDER");
    for (const char* unused : {"--encoding", "--lenient", "--col"}) app.remove_option(app.get_option(unused));  // reads no input
    app.add_option("--children", options.children, "Number of registry children aged 0-17")->capture_default_str();
    app.add_option("--seed", options.seed, "Random seed")->capture_default_str();
    app.add_option("--as-of", as_of, "Reference day YYYY-MM-DD (fixed default, never today)")->capture_default_str();
    app.add_option("--region", options.region,
                   "County codes, comma-separated, each CODE or CODE:NAME (default: Yangquan "
                   "140302,140303,140311,140321,140322)")
        ->delimiter(',');
    app.add_flag("--adults", options.adults, "Also write the adults' rows of the registry");
    app.add_flag("--gbk", gbk, "Write GB18030 (GBK) as Excel on Chinese Windows does (same as --out-encoding gbk)");
    CLI::App* rates = app.add_option_group("Rates", "Shares in [0, 1]; see docs/synth.md");
    for (const auto& flag : bx::rate_flags()) {
        rates->add_option("--" + std::string(flag.flag), options.rates.*flag.rate, std::string(flag.help))
            ->capture_default_str()
            ->check(CLI::Range(0.0, 1.0));
    }
    return tool.run(argc, argv, [&] {
        if (tool.output_path() == "-") throw bx::UsageError("-o FOLDER is required: bx-synth writes six files");
        options.as_of = bx::parse_iso_date_arg(as_of);
        bx::CsvWriteOptions write_options = tool.write_options();
        if (gbk) {
            if (write_options.bom) throw bx::UsageError("--bom applies to UTF-8 output only");
            write_options.encoding = bx::OutputEncoding::Gb18030;
        }
        const bx::SynthReport report = bx::synthesize(options, tool.output_path(), write_options);
        auto& summary = tool.summary();
        summary.add("children", report.children);
        summary.add("households", report.households);
        summary.add("registry rows", report.registry_rows);
        summary.add("roster rows", report.roster_rows);
        summary.add("elsewhere rows", report.elsewhere_rows);
        summary.add("exempt rows", report.exempt_rows);
        summary.add("poverty rows", report.poverty_rows);
        summary.add("out of school", report.out_of_school());
    });
}
