// LinkModel as JSON (--save-model / --model): field and level names are written out so a model
// saved by another version, or edited by hand, is checked rather than silently misread.
#include <cctype>
#include <charconv>
#include <map>
#include <variant>

#include <fmt/format.h>

#include "errors.h"
#include "link_compare.h"
#include "linkage.h"

namespace bx {

namespace {

constexpr std::string_view kFormat = "bx-link model 1";

std::string number_list(const std::vector<double>& values) {
    std::string out = "[";
    for (size_t i = 0; i < values.size(); ++i) out += fmt::format("{}{:.17g}", i ? ", " : "", values[i]);
    return out + "]";
}

std::string name_list(std::span<const std::string_view> names) {
    std::string out = "[";
    for (size_t i = 0; i < names.size(); ++i) out += fmt::format("{}\"{}\"", i ? ", " : "", names[i]);
    return out + "]";
}

// Just enough JSON for the model file: objects, arrays, strings without escapes beyond \" and
// \\, numbers.
struct JsonValue;
using JsonObject = std::map<std::string, JsonValue, std::less<>>;
using JsonArray = std::vector<JsonValue>;
struct JsonValue {
    std::variant<std::monostate, double, std::string, JsonArray, JsonObject> value;
};

[[noreturn]] void malformed(const std::string& what) { throw DataError("model: " + what); }

class JsonParser {
public:
    explicit JsonParser(std::string_view text) : text_(text) {}

    JsonValue document() {
        JsonValue value = parse_value();
        skip_space();
        if (pos_ != text_.size()) malformed(fmt::format("unexpected text at byte {}", pos_));
        return value;
    }

private:
    void skip_space() {
        while (pos_ < text_.size() && std::isspace(static_cast<unsigned char>(text_[pos_]))) ++pos_;
    }
    bool take(char c) {
        skip_space();
        if (pos_ < text_.size() && text_[pos_] == c) {
            ++pos_;
            return true;
        }
        return false;
    }
    void expect(char c) {
        if (!take(c)) malformed(fmt::format("expected '{}' at byte {}", c, pos_));
    }

    JsonValue parse_value() {
        skip_space();
        if (pos_ >= text_.size()) malformed("unexpected end of file");
        const char c = text_[pos_];
        if (c == '{') return {parse_object()};
        if (c == '[') return {parse_array()};
        if (c == '"') return {parse_string()};
        return {parse_number()};
    }

    JsonObject parse_object() {
        expect('{');
        JsonObject object;
        if (take('}')) return object;
        do {
            skip_space();
            std::string key = parse_string();
            expect(':');
            object[key] = parse_value();
        } while (take(','));
        expect('}');
        return object;
    }

    JsonArray parse_array() {
        expect('[');
        JsonArray array;
        if (take(']')) return array;
        do array.push_back(parse_value());
        while (take(','));
        expect(']');
        return array;
    }

    std::string parse_string() {
        expect('"');
        std::string out;
        while (pos_ < text_.size() && text_[pos_] != '"') {
            if (text_[pos_] == '\\' && pos_ + 1 < text_.size()) ++pos_;
            out += text_[pos_++];
        }
        expect('"');
        return out;
    }

    double parse_number() {
        double value = 0;
        const auto [end, error] = std::from_chars(text_.data() + pos_, text_.data() + text_.size(), value);
        if (error != std::errc{}) malformed(fmt::format("expected a value at byte {}", pos_));
        pos_ = static_cast<size_t>(end - text_.data());
        return value;
    }

    std::string_view text_;
    size_t pos_ = 0;
};

template <typename T>
const T& member(const JsonObject& object, std::string_view key) {
    const auto found = object.find(key);
    if (found == object.end()) malformed(fmt::format("no \"{}\"", key));
    const T* value = std::get_if<T>(&found->second.value);
    if (value == nullptr) malformed(fmt::format("\"{}\" has the wrong type", key));
    return *value;
}

std::vector<double> probabilities(const JsonObject& field, std::string_view key, size_t levels) {
    std::vector<double> values;
    for (const JsonValue& entry : member<JsonArray>(field, key)) {
        const double* value = std::get_if<double>(&entry.value);
        if (value == nullptr || !(*value > 0 && *value < 1)) malformed(fmt::format("\"{}\" holds a value outside (0, 1)", key));
        values.push_back(*value);
    }
    if (values.size() != levels) malformed(fmt::format("\"{}\" has {} values, expected {}", key, values.size(), levels));
    return values;
}

void read_field(const JsonObject& field, int index, LinkModel& model) {
    const std::string_view expected_name = link_field_names()[static_cast<size_t>(index)];
    if (member<std::string>(field, "field") != expected_name)
        malformed(fmt::format("field {} should be \"{}\"", index + 1, expected_name));
    const auto names = level_names(index);
    const JsonArray& levels = member<JsonArray>(field, "levels");
    bool same_levels = levels.size() == names.size();
    for (size_t i = 0; same_levels && i < names.size(); ++i) {
        const std::string* name = std::get_if<std::string>(&levels[i].value);
        same_levels = name != nullptr && *name == names[i];
    }
    if (!same_levels) malformed(fmt::format("the levels of \"{}\" differ from this version's", expected_name));
    model.m.push_back(probabilities(field, "m", names.size()));
    model.u.push_back(probabilities(field, "u", names.size()));
}

}  // namespace

std::string model_to_json(const LinkModel& model) {
    std::string out = fmt::format("{{\n  \"format\": \"{}\",\n  \"match_prior\": {:.17g},\n  \"em_iterations\": {},\n  \"fields\": [\n",
                                  kFormat, model.match_prior, model.em_iterations);
    for (int field = 0; field < kLinkFields; ++field) {
        const auto index = static_cast<size_t>(field);
        out += fmt::format("    {{\"field\": \"{}\", \"levels\": {},\n     \"m\": {},\n     \"u\": {}}}{}\n",
                           link_field_names()[index], name_list(level_names(field)), number_list(model.m[index]),
                           number_list(model.u[index]), field + 1 < kLinkFields ? "," : "");
    }
    return out + "  ]\n}\n";
}

LinkModel model_from_json(std::string_view json) {
    const JsonValue document = JsonParser(json).document();
    const JsonObject* root = std::get_if<JsonObject>(&document.value);
    if (root == nullptr) malformed("not a JSON object");
    if (member<std::string>(*root, "format") != kFormat) malformed(fmt::format("format is not \"{}\"", kFormat));
    LinkModel model;
    model.match_prior = member<double>(*root, "match_prior");
    if (!(model.match_prior > 0 && model.match_prior < 1)) malformed("\"match_prior\" is outside (0, 1)");
    model.em_iterations = static_cast<int>(member<double>(*root, "em_iterations"));
    const JsonArray& fields = member<JsonArray>(*root, "fields");
    if (fields.size() != static_cast<size_t>(kLinkFields)) malformed(fmt::format("expected {} fields", kLinkFields));
    for (int field = 0; field < kLinkFields; ++field) {
        const JsonObject* object = std::get_if<JsonObject>(&fields[static_cast<size_t>(field)].value);
        if (object == nullptr) malformed("a field is not an object");
        read_field(*object, field, model);
    }
    return model;
}

}  // namespace bx
