#pragma once
// Linkage models on disk (--model / --save-model): a small county reuses a larger run's model.
#include <string>

#include "linkage.h"

namespace bx {

LinkModel read_model_file(const std::string& path);  // DataError naming the file on failure
void write_model_file(const std::string& path, const LinkModel& model);  // atomic, like -o

}  // namespace bx
