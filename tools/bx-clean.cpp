// bx-clean: keep every column and row of an export and add canonical identity columns.
#include "clean.h"
#include "idcheck.h"
#include "tool.h"

int main(int argc, char** argv) {
    bx::Tool tool("bx-clean",
                  "Add canonical identity columns to any export (registry, roster, poverty file, "
                  "exemption list): id, id_status, birth, sex (M/F), name_norm, name_pinyin, issues. "
                  "Every original column and row is kept. See docs/clean.md.",
                  "bx-clean 学籍.csv -o roster.clean.csv\n"
                  "  bx-convert 户籍.csv | bx-clean --drop-invalid --rejects hukou.rejects.csv -o hukou.clean.csv");
    std::string input;
    std::string as_of;
    std::string regions;
    std::string rejects_path;
    bool drop_invalid = false;
    tool.add_input(input, "CSV export to clean");
    tool.app().add_option("--as-of", as_of, "Reference day for IDs born in the future, YYYY-MM-DD (default: today)")
        ->option_text("DATE");
    tool.app().add_option("--regions", regions, "GB/T 2260 region list (e.g. areacodes.csv); optional")
        ->option_text("FILE");
    auto* rejects_option = tool.add_output("--rejects", rejects_path,
                                           "With --drop-invalid: file for the dropped rows, with a reject_reason column");
    tool.app().add_flag("--drop-invalid", drop_invalid,
                   "Move rows without a usable identity (no valid ID, and no name or no birth date) "
                   "to the --rejects file")
        ->needs(rejects_option);
    rejects_option->needs("--drop-invalid");

    return tool.run(argc, argv, [&] {
        const bx::IdRules rules = bx::load_id_rules(as_of, regions);
        auto reader = tool.open_input(input);
        const bx::Cleaner cleaner(reader->header(), tool.column_overrides(*reader), reader->file(), reader->header_line(),
                                  {rules.options, drop_invalid});
        auto writer = tool.open_output();
        auto rejects = drop_invalid ? tool.open_output(rejects_path) : nullptr;
        const bx::CleanCounts counts = cleaner.run(*reader, *writer, rejects.get());
        writer->commit();
        if (rejects) rejects->commit();
        tool.summary().add("read", counts.read);
        tool.summary().add("written", counts.written);
        tool.summary().add("rejected", counts.rejected);
        for (const auto& [code, rows] : counts.issue_counts()) tool.summary().add(std::string(code), rows);
    });
}
