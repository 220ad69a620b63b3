#include "spooled_input.h"

#include <cerrno>
#include <fstream>
#include <vector>

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include "decoding_source.h"
#include "errors.h"
#include "temporary_file.h"

namespace bx {

namespace {

constexpr size_t kLineSampleBytes = 4 << 20;

// A pipe, a FIFO or a device gives its bytes once; only a regular file can be opened again. A
// folder is a wrong path (bad usage, as a missing file is), not an input to copy.
bool read_only_once(const std::string& path) {
    struct stat status {};
    if (stat(path.c_str(), &status) != 0) return false;
    if (S_ISDIR(status.st_mode)) throw UsageError(path + ": is a directory");
    return !S_ISREG(status.st_mode);
}

bool copy_all(int source, int target) {
    char buffer[1 << 16];
    for (;;) {
        const ssize_t got = read(source, buffer, sizeof buffer);
        if (got < 0 && errno == EINTR) continue;
        if (got == 0) return true;
        if (got < 0 || write(target, buffer, static_cast<size_t>(got)) != got) return false;
    }
}

}  // namespace

SpooledInputs::~SpooledInputs() {
    for (const auto& copy : copies_) unlink(copy.first.c_str());
}

std::string SpooledInputs::display_name(const std::string& path) const {
    for (const auto& [copy, name] : copies_)
        if (copy == path) return name;
    return path;
}

std::string SpooledInputs::path_for(const std::string& given) {
    const bool from_stdin = given.empty() || given == "-";
    if (!from_stdin && !read_only_once(given)) return given;
    if (from_stdin && stdin_copied_) throw UsageError("stdin can be only one of the inputs");
    const std::string name = from_stdin ? "<stdin>" : given;
    const int source = from_stdin ? STDIN_FILENO : open(given.c_str(), O_RDONLY);
    if (source < 0) return given;
    const auto [target, path] = create_temporary_file("bx-input", name);
    copies_.emplace_back(path, name);
    stdin_copied_ = stdin_copied_ || from_stdin;
    const bool copied = copy_all(source, target);
    if (!from_stdin) close(source);
    close(target);
    if (!copied) throw DataError(name, 0, "cannot copy it to a temporary file");
    return path;
}

size_t estimate_file_lines(const std::string& path) {
    std::ifstream file(path, std::ios::binary | std::ios::ate);
    const auto size = static_cast<double>(file.tellg());
    file.seekg(0);
    std::vector<char> sample(kLineSampleBytes);
    file.read(sample.data(), static_cast<std::streamsize>(sample.size()));
    const auto read = static_cast<size_t>(file.gcount());
    const size_t lines = count_newlines(sample.data(), read);
    if (read < sample.size() || read == 0) return lines;
    // Rows vary in length; a little room above the sample's average avoids a late regrowth.
    return static_cast<size_t>(size / static_cast<double>(read) * static_cast<double>(lines) * 1.05) + 64;
}

}  // namespace bx
