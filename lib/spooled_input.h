#pragma once
// Inputs that are read more than once (bx-flag reads the registry to link and then reads back the
// rows it writes; bx-link reads its larger input in passes), so that no row has to be held in
// memory. A regular file is simply re-opened; stdin, and anything else that can be read only
// once (a pipe such as <(bx-clean hukou.csv), a device), is first copied to a private temporary
// file, removed when the job ends.
#include <cstddef>
#include <string>
#include <utility>
#include <vector>

namespace bx {

class SpooledInputs {
public:
    SpooledInputs() = default;
    ~SpooledInputs();
    SpooledInputs(const SpooledInputs&) = delete;
    SpooledInputs& operator=(const SpooledInputs&) = delete;

    // The path itself for a regular file (or one that cannot be opened: reading it will say
    // why), else the path of a copy; "-" and "" are stdin, which can be given once. UsageError
    // for a folder.
    std::string path_for(const std::string& given);
    // The name for messages: "<stdin>" or the path given for a copy, else the path itself.
    std::string display_name(const std::string& path) const;

private:
    std::vector<std::pair<std::string, std::string>> copies_;  // (temporary path, name for messages)
    bool stdin_copied_ = false;
};

// About how many lines a file has, from its size and its first 4 MB (exact for a smaller file):
// room to reserve before reading it, so that millions of records are not copied while a vector
// grows. A quoted line break adds a line, so rows are rarely more than this.
size_t estimate_file_lines(const std::string& path);

}  // namespace bx
