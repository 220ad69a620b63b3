#include "spooled_input.h"

#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <fstream>
#include <vector>

#include <unistd.h>

#include "decoding_source.h"
#include "errors.h"

namespace bx {

namespace {

constexpr size_t kLineSampleBytes = 4 << 20;

}  // namespace

SpooledInputs::~SpooledInputs() {
    if (!stdin_copy_.empty()) unlink(stdin_copy_.c_str());
}

std::string SpooledInputs::display_name(const std::string& path) const {
    return !stdin_copy_.empty() && path == stdin_copy_ ? "<stdin>" : path;
}

std::string SpooledInputs::path_for(const std::string& given) {
    if (!given.empty() && given != "-") return given;
    if (!stdin_copy_.empty()) throw UsageError("stdin can be only one of the inputs");
    const char* folder = std::getenv("TMPDIR");
    std::string path = std::string(folder && *folder ? folder : "/tmp") + "/bx-stdin-XXXXXX";
    const int fd = mkstemp(path.data());
    if (fd < 0) throw DataError("<stdin>", 0, std::string("cannot create a temporary copy: ") + std::strerror(errno));
    stdin_copy_ = path;
    char buffer[1 << 16];
    for (;;) {
        const ssize_t got = read(STDIN_FILENO, buffer, sizeof buffer);
        if (got < 0 && errno == EINTR) continue;
        if (got <= 0) break;
        if (write(fd, buffer, static_cast<size_t>(got)) != got) {
            close(fd);
            throw DataError("<stdin>", 0, "cannot write the temporary copy of stdin");
        }
    }
    close(fd);
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
