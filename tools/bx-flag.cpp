// bx-flag: the main job. Registry, rosters, exemptions and poverty file in; the out-of-school list out.
#include "flag.h"

int main(int argc, char** argv) {
    bx::Tool tool("bx-flag",
                  "Find every registered child of compulsory-school age who is out of school: links the "
                  "household registry to the school rosters (and other counties' rosters, the exemption "
                  "list and the poverty file) and writes the flagged children, ready for mail merge.",
                  "bx-flag --registry 户籍.csv --roster 学籍.csv --exempt 豁免.csv --poverty 建档立卡.csv \\\n"
                  "          --as-of 2026-09-01 -o 疑似辍学.csv --all 适龄儿童.csv --review 待复核.csv");
    bx::FlagOptions options;
    std::string as_of, cutoff = "08-31", ages = "6-15", labels;
    auto& app = tool.app();
    app.add_option("--registry", options.registries, "Household registry export (户籍); repeatable")
        ->required()->option_text("FILE");
    app.add_option("--roster", options.rosters, "This county's school roster (学籍); repeatable")
        ->required()->option_text("FILE");
    app.add_option("--elsewhere", options.elsewhere, "Other counties' rosters (外出就读 look-up); repeatable")
        ->option_text("FILE");
    app.add_option("--exempt", options.exemptions, "Approved exemptions (延缓入学, 休学, 死亡, 出国, 送教上门); repeatable")
        ->option_text("FILE");
    app.add_option("--poverty", options.poverty, "Poverty file (建档立卡); repeatable")->option_text("FILE");
    app.add_option("--as-of", as_of, "Day the check is made for (default today); sets the school year")
        ->option_text("YYYY-MM-DD");
    app.add_option("--cutoff", cutoff, "Day ages are taken on, before the school year starts")
        ->capture_default_str()->option_text("MM-DD");
    app.add_option("--ages", ages, "Compulsory-school ages on the cutoff day")->capture_default_str()
        ->option_text("MIN-MAX");
    tool.add_output("--all", options.all_path, "Write every school-age child with its status (适龄儿童台账)");
    tool.add_output("--review", options.review_path, "Write children whose roster link is uncertain");
    tool.add_output("--unregistered", options.unregistered_path, "Write roster rows with no registry row here");
    tool.add_output("--poverty-mismatch", options.poverty_mismatch_path,
                    "Write poverty rows whose 在校生状况 disagrees with the finding");
    app.add_option("--by", labels, "household: one row per household (one letter per family)")
        ->check(CLI::IsMember({"household"}))->option_text("household");
    app.add_option("--model", options.model_path, "Linkage model to reuse (JSON from --save-model or bx-link)")
        ->option_text("FILE");
    tool.add_output("--save-model", options.save_model_path, "Write the linkage model estimated on this run");
    std::string label_language;
    app.add_option("--labels", label_language, "Names of the added columns: en (default) or zh (Chinese)")
        ->check(CLI::IsMember({"zh", "en"}))->option_text("en|zh");

    return tool.run(argc, argv, [&] {
        if (!as_of.empty()) options.as_of = bx::parse_iso_date_arg(as_of);
        options.cutoff = bx::parse_month_day(cutoff);
        std::tie(options.min_age, options.max_age) = bx::parse_age_range(ages);
        options.by_household = labels == "household";
        options.chinese_labels = label_language == "zh";
        bx::run_flag(tool, options);
    });
}
