#include "temporary_file.h"

#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <unistd.h>

#include "errors.h"

namespace bx {

TemporaryFile create_temporary_file(std::string_view stem, const std::string& name) {
    const char* folder = std::getenv("TMPDIR");
    TemporaryFile file;
    file.path = std::string(folder && *folder ? folder : "/tmp") + "/" + std::string(stem) + "-XXXXXX";
    file.fd = mkstemp(file.path.data());
    if (file.fd < 0) throw DataError(name, 0, std::string("cannot create a temporary file: ") + std::strerror(errno));
    return file;
}

}  // namespace bx
