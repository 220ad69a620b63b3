// bx-convert: re-encode and tidy an export (GBK <-> UTF-8, BOM, CRLF, column selection).
#include "column_plan.h"
#include "tool.h"

int main(int argc, char** argv) {
    bx::Tool tool("bx-convert",
                  "Re-encode and tidy a CSV export: GBK to UTF-8 and back, BOM, CRLF, select and "
                  "rename columns, canonical header names.",
                  "bx-convert 户籍.csv --select id,name,birth --canonical -o hukou.utf8.csv\n"
                  "  bx-convert flagged.csv --out-encoding gb18030 --crlf -o 疑似辍学.csv   # for Excel");
    std::string input;
    bx::ColumnPlanRequest request;
    tool.add_input(input, "CSV export to convert");
    tool.keep_footer_rows();  // converts faithfully, 合计 rows included
    tool.app().add_option("--select", request.select,
                          "Columns to keep, in order: canonical fields (id,name,birth) or headers, comma-separated; repeatable")
        ->delimiter(',')
        ->option_text("COLS");
    tool.app().add_option("--rename", request.renames, "Rename an output column, OLD=NEW (repeatable)")
        ->option_text("OLD=NEW");
    tool.app().add_flag("--canonical", request.canonical,
                        "Rename recognised headers to canonical field names (身份证号 -> id)");

    return tool.run(argc, argv, [&] {
        auto reader = tool.open_input(input);
        const auto plan = bx::plan_columns(reader->header(), tool.columns(*reader), request, reader->file());
        auto writer = tool.open_output();
        writer->write_row(plan.names);
        std::vector<std::string_view> row(plan.sources.size());
        while (reader->next()) {
            for (size_t i = 0; i < plan.sources.size(); ++i) row[i] = reader->field(plan.sources[i]);
            writer->write_row(row);
        }
        writer->commit();
        tool.summary().add("read", reader->row());
        tool.summary().add("written", writer->rows_written() - 1);
        tool.summary().add("rejected", 0);
    });
}
