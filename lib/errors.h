#pragma once
// Errors and exit codes shared by the library and every tool.
#include <stdexcept>
#include <string>

namespace bx {

enum ExitCode : int { kExitOk = 0, kExitBadData = 1, kExitUsage = 2 };

// Bad input data: reported as "bx-TOOL: FILE:LINE: message", exit status 1.
// Messages never carry personal data: a line number and a field name at most.
class DataError : public std::runtime_error {
public:
    DataError(std::string file, long line, const std::string& message)
        : std::runtime_error(message), file_(std::move(file)), line_(line) {}
    explicit DataError(const std::string& message) : std::runtime_error(message) {}
    const std::string& file() const { return file_; }
    long line() const { return line_; }  // 0 when the error is not tied to a line

private:
    std::string file_;
    long line_ = 0;
};

// Bad command-line usage: exit status 2.
class UsageError : public std::runtime_error {
public:
    using std::runtime_error::runtime_error;
};

// The reader of our output went away (`| head`): the tool stops quietly with status 0.
class BrokenPipe : public std::runtime_error {
public:
    BrokenPipe() : std::runtime_error("broken pipe") {}
};

}  // namespace bx
