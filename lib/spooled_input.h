#pragma once
// Inputs that are read twice (bx-flag reads the registry once to link and once to write rows,
// so that no row has to be held in memory). A file is simply re-opened; stdin is first copied
// to a private temporary file, removed when the job ends.
#include <cstddef>
#include <string>

namespace bx {

class SpooledInputs {
public:
    SpooledInputs() = default;
    ~SpooledInputs();
    SpooledInputs(const SpooledInputs&) = delete;
    SpooledInputs& operator=(const SpooledInputs&) = delete;

    // The path itself, or for "-" / "" the path of a copy of stdin (made once).
    std::string path_for(const std::string& given);
    // "<stdin>" for the copy of stdin, else the path itself: the name for messages.
    std::string display_name(const std::string& path) const;

private:
    std::string stdin_copy_;
};

// About how many lines a file has, from its size and its first 4 MB (exact for a smaller file):
// room to reserve before reading it, so that millions of records are not copied while a vector
// grows. A quoted line break adds a line, so rows are rarely more than this.
size_t estimate_file_lines(const std::string& path);

}  // namespace bx
