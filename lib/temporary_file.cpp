#include "temporary_file.h"

#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <unistd.h>

#include "errors.h"

namespace bx {

TemporaryFile create_temporary_file(std::string_view stem, const std::string& name) {
    const char* given = std::getenv("TMPDIR");
    const std::string folder = given && *given ? given : "/tmp";
    TemporaryFile file;
    file.path = folder + "/" + std::string(stem) + "-XXXXXX";
    file.fd = mkstemp(file.path.data());
    if (file.fd < 0)
        throw DataError(name, 0, "cannot create a temporary file in " + folder + " (set TMPDIR to a writable folder): " + std::strerror(errno));
    return file;
}

}  // namespace bx
