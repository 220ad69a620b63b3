#include "tool.h"

#include <algorithm>
#include <csignal>
#include <iostream>
#ifdef __GLIBC__
#include <malloc.h>
#endif

#include <fmt/format.h>

#include "errors.h"
#include "output_file.h"

namespace bx {

void Summary::add(const std::string& label, long count) {
    for (auto& [name, value] : counts_) {
        if (name == label) {
            value += count;
            return;
        }
    }
    counts_.emplace_back(label, count);
}

long Summary::get(const std::string& label) const {
    for (const auto& [name, value] : counts_) {
        if (name == label) return value;
    }
    return 0;
}

std::string Summary::line() const {
    std::string out;
    for (const auto& [name, value] : counts_) {
        if (!out.empty()) out += ", ";
        out += fmt::format("{} {}", name, value);
    }
    return out;
}

std::string format_error(const std::string& tool, const std::string& file, long line,
                         const std::string& message) {
    if (file.empty()) return fmt::format("{}: {}", tool, message);
    if (line <= 0) return fmt::format("{}: {}: {}", tool, file, message);
    return fmt::format("{}: {}:{}: {}", tool, file, line, message);
}

namespace {

// glibc raises its mmap threshold to the size of each large block freed; blocks up to that size
// then come from the heap and stay with the process when freed, so that peak memory depends on the
// order in which threads free their buffers (bx-flag's 2M benchmark: 335 to 374 MB from run to
// run). A fixed threshold hands large blocks back at once (310-316 MB).
void fix_mmap_threshold() {
#ifdef __GLIBC__
    mallopt(M_MMAP_THRESHOLD, 128 * 1024);
#endif
}

}  // namespace

Tool::Tool(std::string name, std::string description, std::string example)
    : name_(std::move(name)), app_(std::move(description), name_) {
    fix_mmap_threshold();
    app_.footer("Example:\n  " + example + "\n\nExit status: 0 success, 1 bad data, 2 bad usage.");
    app_.get_formatter()->column_width(34);
    app_.add_option("-o,--output", output_, "Output file (default: stdout); written atomically")
        ->option_text("FILE");
    outputs_.declare("-o", output_);
    app_.add_option("--encoding", encoding_, "Input encoding: auto, utf-8, gb18030 (GBK), utf-16le or utf-16be")
        ->capture_default_str();
    app_.add_option("--delimiter", delimiter_,
                    "Input delimiter: auto (tab when the header has tabs and no commas), comma or tab")
        ->capture_default_str();
    app_.add_option("--out-encoding", out_encoding_, "Output encoding: utf-8 or gb18030 (for Excel)")
        ->capture_default_str();
    app_.add_flag("--bom", bom_, "Start UTF-8 output with a BOM (Excel then reads it as UTF-8)");
    app_.add_flag("--crlf", crlf_, "End output lines with CR LF (as Excel does)");
    app_.add_flag("--excel-text", excel_text_,
                  "Write long numbers (IDs, 户号) and numbers with a leading 0 as =\"…\", so that Excel "
                  "keeps them as text instead of 1.40322E+17");
    app_.add_flag("-q,--quiet", quiet_, "No summary line on stderr");
    app_.add_flag("--lenient", lenient_,
                  "Pad short rows, drop empty extra fields, accept header-only files and text "
                  "after a closing quote");
    app_.add_option("--col", col_pairs_, "Column for a field, FIELD=HEADER (repeatable)")
        ->option_text("FIELD=HEADER");
}

void Tool::add_input(std::string& path, const std::string& help) {
    single_input_ = true;
    app_.add_option("input", path, help + " ('-' or none: stdin)")->option_text("FILE");
}

void Tool::add_inputs(std::vector<std::string>& paths, const std::string& help) {
    app_.add_option("inputs", paths, help)->option_text("FILE ...");
}

// CLI11 lets an option that collects several values (--select id,name, --registry, --col) take
// every argument up to the next option, so `--select id,name FILE` would read FILE as a column.
// Each occurrence takes exactly one value: a comma list, or the option repeated.
void Tool::take_one_value_per_occurrence() {
    for (CLI::Option* option : app_.get_options()) {
        if (!option->get_positional()) option->allow_extra_args(false);
    }
}

CLI::Option* Tool::add_output(const std::string& name, std::string& path, const std::string& help) {
    outputs_.declare(name, path);
    return app_.add_option(name, path, help)->option_text("FILE");
}

void Tool::validate_options() {
    parse_input_encoding(encoding_);
    parse_delimiter(delimiter_);
    const OutputEncoding out = parse_output_encoding(out_encoding_);
    if (bom_ && out != OutputEncoding::Utf8) throw UsageError("--bom applies to UTF-8 output only");
    overrides_ = parse_column_overrides(col_pairs_);
    outputs_.check_distinct();
}

int Tool::run(int argc, char** argv, const std::function<void()>& body) {
    std::signal(SIGPIPE, SIG_IGN);  // a closed pipe shows up as EPIPE and ends the run quietly
    take_one_value_per_occurrence();
    try {
        app_.parse(argc, argv);
    } catch (const CLI::ParseError& error) {
        return report_parse_error(error);
    }
    try {
        validate_options();
        body();
        check_column_overrides();
        outputs_.commit_all();
        if (footer_rows_ > 0) summary_.add("footer rows skipped", footer_rows_);
        if (!quiet_) std::cerr << name_ << ": " << summary_.line() << '\n';
        return kExitOk;
    } catch (const BrokenPipe&) {
        return kExitOk;
    } catch (const UsageError& error) {
        std::cerr << format_error(name_, "", 0, error.what()) << '\n';
        return kExitUsage;
    } catch (const DataError& error) {
        report_missing_overrides(error.file());
        std::cerr << format_error(name_, error.file(), error.line(), error.what()) << '\n';
        return kExitBadData;
    } catch (const std::exception& error) {
        std::cerr << format_error(name_, "", 0, error.what()) << '\n';
        return kExitBadData;
    }
}

int Tool::report_parse_error(const CLI::ParseError& error) {
    if (error.get_exit_code() == static_cast<int>(CLI::ExitCodes::Success)) {
        app_.exit(error);  // --help: the help text on stdout
        return kExitOk;
    }
    // CLI11 checks required options before it complains about unexpected arguments, but a
    // mistyped option is the real mistake: `bx-flag --bogus` should not say "--registry is required".
    const auto unexpected = app_.remaining();
    const std::string message = !unexpected.empty() && dynamic_cast<const CLI::RequiredError*>(&error) != nullptr
                                    ? CLI::ExtrasError(unexpected).what()
                                    : error.what();
    std::cerr << format_error(name_, "", 0, message + " (see " + name_ + " --help)") << '\n';
    return kExitUsage;
}

// Before an error in a file: the --col pairs that file lacks, which may be why its columns were
// not found (a mistyped --col phone=HEADER leaves the two phone columns both answering).
void Tool::report_missing_overrides(const std::string& file) const {
    const std::lock_guard lock(notes_mutex_);
    for (const HeaderSeen& seen : headers_seen_) {
        if (seen.file != file) continue;
        for (const std::string& field : seen.fields_without_column) {
            std::cerr << format_error(name_, file, seen.line,
                                      fmt::format("--col {}={}: no such column", field, overrides_.find(field)->second))
                      << '\n';
        }
    }
}

std::unique_ptr<CsvReader> Tool::open_input(const std::string& path, const std::string& display_name,
                                             bool may_have_no_rows) const {
    CsvReadOptions options = read_options();
    options.display_name = display_name;
    options.may_have_no_rows = may_have_no_rows;
    options.on_footer_rows = [this](const CsvReader& reader) { note_footer_rows(reader); };
    auto reader = std::make_unique<CsvReader>(path, options);
    // Once per file: bx-flag opens its inputs a second time to write the outputs.
    const std::lock_guard lock(notes_mutex_);
    if (reader->title_lines() > 0 && titled_files_.insert(reader->file()).second) {
        warn(reader->file(), reader->header_line(),
             fmt::format("header row found here; {} title line{} above it skipped", reader->title_lines(),
                         reader->title_lines() == 1 ? "" : "s"));
    }
    return reader;
}

// Once per file, like the title lines. Only the keywords are named: the rest of a footer may be a
// person's name (制表人：张三).
void Tool::note_footer_rows(const CsvReader& reader) const {
    const std::lock_guard lock(notes_mutex_);
    if (!footed_files_.insert(reader.file()).second) return;
    const FooterRows& footer = reader.footer_rows();
    footer_rows_ += footer.count;
    std::string keywords;
    for (const std::string_view keyword : footer.keywords) keywords += (keywords.empty() ? "" : ", ") + std::string(keyword);
    warn(reader.file(), footer.first_line,
         fmt::format("{} footer row{} skipped ({})", footer.count, footer.count == 1 ? "" : "s", keywords));
}

std::unique_ptr<CsvWriter> Tool::open_output(const std::string& path) const {
    check_column_overrides();
    return std::make_unique<CsvWriter>(path, write_options(), &outputs_);
}

void Tool::write_text_output(const std::string& path, std::string_view text) const {
    OutputFile out(path);
    out.write(text);
    outputs_.add_finished(out);
}

ColumnOverrides Tool::column_overrides(const CsvReader& reader) const {
    ColumnOverrides present;
    HeaderSeen seen{reader.file(), reader.header_line(), {}};
    for (const auto& [field, header] : overrides_) {
        if (find_header(reader.header(), header)) {
            present.emplace(field, header);
        } else if (single_input_) {
            throw DataError(reader.file(), reader.header_line(), fmt::format("--col {}={}: no such column", field, header));
        } else {
            seen.fields_without_column.insert(field);
        }
    }
    const std::lock_guard lock(notes_mutex_);  // bx-flag reads its inputs on two threads
    const bool known = std::any_of(headers_seen_.begin(), headers_seen_.end(),
                                   [&](const HeaderSeen& other) { return other.file == seen.file; });
    if (!known) headers_seen_.push_back(std::move(seen));
    return present;
}

ColumnMap Tool::columns(const CsvReader& reader) const {
    return ColumnMap(reader.header(), column_overrides(reader), reader.file(), reader.header_line());
}

void Tool::check_column_overrides() const {
    const std::lock_guard lock(notes_mutex_);
    if (overrides_checked_) return;
    overrides_checked_ = true;
    for (const auto& [field, header] : overrides_) {
        std::vector<std::string_view> without;
        for (const HeaderSeen& seen : headers_seen_) {
            if (seen.fields_without_column.contains(field)) without.push_back(seen.file);
        }
        if (without.empty()) continue;
        const std::string pair = fmt::format("--col {}={}", field, header);
        if (without.size() == headers_seen_.size()) {
            if (without.size() == 1) throw DataError(headers_seen_[0].file, headers_seen_[0].line, pair + ": no such column");
            throw DataError(fmt::format("{}: no such column in any input ({})", pair, fmt::join(without, ", ")));
        }
        warn("", 0, fmt::format("{}: no such column in {}; there field '{}' is found by its aliases", pair,
                                fmt::join(without, ", "), field));
    }
}

CsvReadOptions Tool::read_options() const {
    CsvReadOptions options;
    options.encoding = parse_input_encoding(encoding_);
    options.lenient = lenient_;
    options.delimiter = parse_delimiter(delimiter_);
    options.skip_footer_rows = skip_footer_rows_;
    options.known_header = names_known_fields;
    return options;
}

CsvWriteOptions Tool::write_options() const {
    CsvWriteOptions options;
    options.crlf = crlf_;
    options.bom = bom_;
    options.excel_text = excel_text_;
    options.encoding = parse_output_encoding(out_encoding_);
    return options;
}

void Tool::warn(const std::string& file, long line, const std::string& message) const {
    if (!quiet_) std::cerr << format_error(name_, file, line, message) << '\n';
}

}  // namespace bx
