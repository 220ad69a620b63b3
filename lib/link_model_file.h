#pragma once
// Linkage models on disk (--model / --save-model): a small county reuses a larger run's model.
#include <string>

#include "linkage.h"

namespace bx {

LinkModel read_model_file(const std::string& path);  // DataError naming the file on failure
// --save-model writes model_to_json (linkage.h) through Tool::write_text_output, so that the file
// is put in place with the run's other outputs.

}  // namespace bx
