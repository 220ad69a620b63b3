#pragma once
// Private temporary files in $TMPDIR (else /tmp): copies of inputs that can be read only once
// (lib/spooled_input.h) and records kept on disk instead of in memory (lib/link_spill.h).
#include <string>
#include <string_view>

namespace bx {

struct TemporaryFile {
    int fd = -1;
    std::string path;
};

// Creates an empty file readable by its owner only, named from `stem` ("bx-input" ->
// /tmp/bx-input-Ab12Cd). `name` is what an error message names. Throws DataError.
TemporaryFile create_temporary_file(std::string_view stem, const std::string& name);

}  // namespace bx
