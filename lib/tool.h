#pragma once
// The frame every bx-* tool shares: common input/output options, exit codes, the error format
// "bx-TOOL: FILE:LINE: message" and the one-line summary on stderr.
#include <CLI/CLI.hpp>

#include <functional>
#include <memory>
#include <mutex>
#include <set>
#include <string>
#include <utility>
#include <vector>

#include "csv_reader.h"
#include "csv_writer.h"
#include "fields.h"
#include "run_outputs.h"

namespace bx {

// Counters printed as one summary line on stderr, in the order they were first touched.
class Summary {
public:
    void add(const std::string& label, long count = 1);
    long get(const std::string& label) const;
    std::string line() const;  // "read 10, written 9, rejected 1"

private:
    std::vector<std::pair<std::string, long>> counts_;
};

class Tool {
public:
    // `example` is appended to --help as a usage example.
    Tool(std::string name, std::string description, std::string example);

    CLI::App& app() { return app_; }
    const std::string& name() const { return name_; }

    // Options every tool shares. The input positional is added by the tool itself (one file or
    // several) through add_input / add_inputs, so that its help text can say what it expects.
    void add_input(std::string& path, const std::string& help);
    void add_inputs(std::vector<std::string>& paths, const std::string& help);
    // A side output option (reject file, review list, ...): checked with -o and the others to name
    // a file of its own, and (when opened with open_output) put in place with them.
    CLI::Option* add_output(const std::string& name, std::string& path, const std::string& help);

    // Parses argv and runs `body`, mapping exceptions to exit codes and messages:
    // DataError -> 1, UsageError and CLI11 parse errors -> 2, BrokenPipe -> 0 quietly. The outputs
    // `body` committed are put in place only when it returns: all of them, or none.
    int run(int argc, char** argv, const std::function<void()>& body);

    // `display_name`: the name for messages when it is not the path (see CsvReadOptions). Notes
    // title lines above the header when it opens a file, and footer rows when it has read one
    // (each once per file; the footer rows are counted in the summary).
    // `may_have_no_rows`: a header-only file is an empty list (bx-flag's optional side files).
    std::unique_ptr<CsvReader> open_input(const std::string& path, const std::string& display_name = "",
                                          bool may_have_no_rows = false) const;
    // Inputs' rows are people and footer rows (合计, 制表人：…) are skipped, unless a tool that
    // passes rows through as they are (bx-convert) says otherwise before run().
    void keep_footer_rows() { skip_footer_rows_ = false; }
    // The main output (-o) with the shared write options. Its commit() finishes the file; run()
    // puts it in place with the run's other outputs.
    std::unique_ptr<CsvWriter> open_output() const { return open_output(output_); }
    // A side output (reject file, review list, ...) with the same write options and commit.
    std::unique_ptr<CsvWriter> open_output(const std::string& path) const;
    // A whole output written at once (a model file), put in place with the CSV outputs.
    void write_text_output(const std::string& path, std::string_view text) const;
    // The --col pairs whose header this file has; in a file without it, the field is found by its
    // aliases as usual (--col id=公民身份号码 for the registry leaves the roster's 身份证件号 alone).
    // A tool with one input (add_input) fails at once, at the file's header line, on a pair the
    // file lacks; for several inputs see check_column_overrides.
    ColumnOverrides column_overrides(const CsvReader& reader) const;
    ColumnMap columns(const CsvReader& reader) const;
    // For tools with several inputs, once their headers are read: DataError for a --col pair no
    // input has, a note naming the inputs without it otherwise. Runs once; open_output runs it, so
    // that a wrong --col fails before anything is written.
    void check_column_overrides() const;

    const std::string& output_path() const { return output_; }
    CsvReadOptions read_options() const;
    CsvWriteOptions write_options() const;
    bool quiet() const { return quiet_; }

    Summary& summary() { return summary_; }
    // A non-fatal note on stderr, same format as errors; suppressed by --quiet.
    void warn(const std::string& file, long line, const std::string& message) const;

private:
    void take_one_value_per_occurrence();
    void validate_options();
    void note_footer_rows(const CsvReader& reader) const;
    void report_missing_overrides(const std::string& file) const;
    // Prints a CLI11 parse error as "bx-TOOL: message" (or --help's text); returns the exit status.
    int report_parse_error(const CLI::ParseError& error);

    std::string name_;
    CLI::App app_;
    std::string output_ = "-";
    std::string encoding_ = "auto";
    std::string out_encoding_ = "utf-8";
    bool bom_ = false;
    bool crlf_ = false;
    bool excel_text_ = false;
    bool quiet_ = false;
    bool lenient_ = false;
    std::string delimiter_ = "auto";
    bool skip_footer_rows_ = true;
    std::vector<std::string> col_pairs_;
    ColumnOverrides overrides_;
    bool single_input_ = false;  // add_input: a --col pair its file lacks is an error at once
    struct HeaderSeen {
        std::string file;
        long line = 1;
        std::set<std::string, std::less<>> fields_without_column;  // --col fields whose header it lacks
    };
    mutable std::vector<HeaderSeen> headers_seen_;  // per input whose columns were looked up
    mutable bool overrides_checked_ = false;
    Summary summary_;
    mutable RunOutputs outputs_;  // open_output hands each finished file to it
    // Inputs are opened and read on more than one thread (bx-flag).
    mutable std::mutex notes_mutex_;
    mutable std::set<std::string> titled_files_;  // inputs whose skipped title lines were noted
    mutable std::set<std::string> footed_files_;  // inputs whose skipped footer rows were noted
    mutable long footer_rows_ = 0;                // in those inputs, for the summary
};

// "bx-TOOL: FILE:LINE: message" (FILE and LINE left out when unknown).
std::string format_error(const std::string& tool, const std::string& file, long line,
                         const std::string& message);

}  // namespace bx
