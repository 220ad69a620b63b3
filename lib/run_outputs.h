#pragma once
// The outputs of one run, together: their options are checked to name different files before
// anything is read, and their files are put in place only when the whole run has succeeded, so
// that a failed run leaves every existing output untouched, not only the one it failed on.
#include <string>
#include <vector>

namespace bx {

class OutputFile;

class RunOutputs {
public:
    RunOutputs() = default;
    ~RunOutputs();  // removes the finished files never put in place
    RunOutputs(const RunOutputs&) = delete;
    RunOutputs& operator=(const RunOutputs&) = delete;

    // An output option (`option`: its name for messages) whose value is read at check time;
    // an empty value is an option not given, "-" is stdout.
    void declare(std::string option, const std::string& path);
    // UsageError when two given outputs are stdout, or one file under two names. /dev/null may
    // take any number.
    void check_distinct() const;

    // Finishes `out` (OutputFile::finish); its temporary file then waits to replace its target.
    // A target written directly (stdout, a pipe) is complete already.
    void add_finished(OutputFile& out);
    // Renames every finished file into place, in the order they were finished.
    void commit_all();

private:
    struct Declared {
        std::string option;
        const std::string* path;
    };
    struct Finished {
        std::string temporary;
        std::string target;
    };

    std::vector<Declared> declared_;
    std::vector<Finished> finished_;
};

}  // namespace bx
