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

size_t count_file_lines(const std::string& path) {
    std::ifstream file(path, std::ios::binary);
    std::vector<char> buffer(1 << 20);
    size_t lines = 0;
    while (file.read(buffer.data(), static_cast<std::streamsize>(buffer.size())) || file.gcount() > 0)
        lines += count_newlines(buffer.data(), static_cast<size_t>(file.gcount()));
    return lines;
}

}  // namespace bx
