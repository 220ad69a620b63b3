#include "link_model_file.h"

#include <fstream>
#include <sstream>

#include "errors.h"

namespace bx {

LinkModel read_model_file(const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    if (!in) throw DataError(path, 0, "cannot read the model file");
    std::stringstream text;
    text << in.rdbuf();
    try {
        return model_from_json(text.str());
    } catch (const DataError& error) {
        throw DataError(path, 0, error.what());
    }
}

}  // namespace bx
