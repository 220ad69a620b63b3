// bx-idcheck: verdict on one ID column before an upload: valid, fixed (with the correction) or invalid.
#include "idcheck.h"
#include "tool.h"

int main(int argc, char** argv) {
    bx::Tool tool("bx-idcheck",
                  "Check one ID column before an upload: each row gets id_verdict (valid / fixed / "
                  "invalid), id_reason (the ID class) and id_corrected (the ID to upload when certain; "
                  "a wrong check character is never guessed). See docs/clean.md.",
                  "bx-idcheck 学籍.csv --only-invalid --mask -o 待核实身份证号.csv\n"
                  "  bx-idcheck 监护人.csv --column 监护人身份证号 -o checked.csv");
    std::string input;
    std::string as_of;
    std::string regions;
    bx::IdCheckRequest request;
    tool.add_input(input, "CSV export to check");
    tool.app().add_option("--column", request.column, "Header of the ID column (default: the id field's aliases)")
        ->option_text("HEADER");
    tool.app().add_flag("--only-invalid", request.only_invalid, "Write only the rows whose verdict is invalid");
    tool.app().add_flag("--mask", request.mask, "Mask every ID column in the output (140322********1234)");
    tool.app().add_option("--as-of", as_of, "Reference day for IDs born in the future, YYYY-MM-DD (default: today)")
        ->option_text("DATE");
    tool.app().add_option("--regions", regions, "GB/T 2260 region list (e.g. areacodes.csv); optional")
        ->option_text("FILE");

    return tool.run(argc, argv, [&] {
        const bx::IdRules rules = bx::load_id_rules(as_of, regions);
        auto reader = tool.open_input(input);
        const bx::IdChecker checker(reader->header(), tool.column_overrides(*reader), reader->file(), reader->header_line(),
                                    request, rules.options);
        auto writer = tool.open_output();
        const bx::IdCheckCounts counts = checker.run(*reader, *writer);
        writer->commit();
        tool.summary().add("read", counts.read);
        tool.summary().add("valid", counts.valid);
        tool.summary().add("fixed", counts.fixed);
        tool.summary().add("invalid", counts.invalid);
        tool.summary().add("written", counts.written);
    });
}
