#include "fields.h"

#include <charconv>
#include <unordered_map>

#include <fmt/format.h>
#include <unicode/normalizer2.h>
#include <unicode/uchar.h>
#include <unicode/unistr.h>

#include "errors.h"
#include "text.h"

namespace bx {

const std::vector<FieldAliases>& field_table() {
    static const std::vector<FieldAliases> table = {
        {"id", "resident ID number of the person",
         {"公民身份号码", "身份证号", "身份证号码", "身份证件号", "身份证件号码", "证件号码",
          "公民身份证号", "公民身份证号码", "居民身份证号", "居民身份证号码", "身份证",
          "学生身份证号", "学生身份证件号", "学生身份证件号码", "儿童身份证号", "成员证件号码",
          "成员身份证号", "公民身份证件号码", "身份证件号(必填)", "证件号", "id", "id_number", "ID Number"}},
        {"name", "name of the person",
         {"姓名", "学生姓名", "儿童姓名", "成员姓名", "人口姓名", "适龄儿童姓名", "名字", "name"}},
        {"sex", "sex: 男/女, 1/2, M/F", {"性别", "学生性别", "性别名称", "sex", "gender"}},
        {"birth", "birth date", {"出生日期", "出生年月日", "出生年月", "生日", "出生时间", "学生出生日期", "birth", "birth_date",
                   "Date of Birth"}},
        {"ethnicity", "ethnic group (民族)", {"民族", "ethnicity"}},
        {"household", "household number", {"户号", "户编号", "户口编号", "户口簿号", "家庭编号", "household"}},
        {"person_no", "person number in the poverty file", {"人口编号", "person_no"}},
        {"head", "name of the head of household", {"户主姓名", "户主", "head"}},
        {"head_id", "ID number of the head of household",
         {"户主证件号码", "户主身份证号", "户主身份证号码", "户主公民身份号码", "head_id"}},
        {"relation", "relation to the head of household",
         {"与户主关系", "与户主关系名称", "家庭关系", "relation"}},
        {"guardian", "guardian's name",
         {"监护人", "监护人姓名", "监护人1姓名", "监护人1", "第一监护人", "法定监护人", "家长姓名", "联系人", "guardian"}},
        {"guardian_id", "guardian's ID number",
         {"监护人身份证号", "监护人身份证号码", "监护人证件号码", "监护人身份证件号", "家长身份证号", "guardian_id"}},
        {"phone", "contact phone",
         {"联系电话", "联系方式", "监护人电话", "监护人联系电话", "家长电话", "家长联系电话", "手机号码",
          "手机号", "手机", "电话", "监护人手机号", "联系人电话", "家庭电话", "联系电话1", "phone"}},
        {"address", "address",
         {"住址", "家庭住址", "家庭地址", "现住址", "户籍地址", "详细地址", "地址", "address"}},
        {"police_station", "police station (派出所)", {"派出所", "所属派出所", "police_station"}},
        {"county", "county", {"县", "县(市、区)", "县(市区)", "区县", "县区", "county"}},
        {"township", "township or street",
         {"乡镇(街道)", "乡镇街道", "乡(镇)", "乡镇", "所属乡镇", "所在乡镇", "乡镇名称", "镇(乡)", "街道(乡镇)", "乡", "镇", "街道", "township"}},
        {"village", "village or community",
         {"村(居)委会", "村(社区)", "村(居)", "村居委会", "村委会", "行政村", "所属村", "所在村", "村名", "居委会", "社区", "村", "village"}},
        {"school", "school name", {"学校名称", "学校", "就读学校", "就读学校名称", "学校全称", "所在学校", "school"}},
        {"school_code", "10-digit school identification code", {"学校标识码", "学校代码", "school_code"}},
        {"grade", "grade", {"年级", "所在年级", "年级名称", "grade"}},
        {"class", "class", {"班级", "所在班级", "班级名称", "class"}},
        {"status", "enrolment status (学籍状态)", {"学籍状态", "学籍状态名称", "在校状态", "学生状态", "学生当前状态", "当前状态", "在读状态", "状态", "status"}},
        {"registry_status", "registration status of a registry row (人员状态: 正常, 迁出, 死亡注销)",
         {"人员状态", "户口状态", "户籍状态", "人口状态", "登记状态", "registry_status"}},
        {"attendance", "attendance beside the enrolment status (是否在校)",
         {"是否在校", "是否在读", "是否在校就读", "实际就读状态", "实际在校状态", "到校情况", "attendance"}},
        {"dropout_mark", "dropout mark (是否辍学)", {"是否辍学", "是否失学辍学", "是否辍学失学", "dropout_mark"}},
        {"student_no", "national student number (G/L/J)",
         {"全国学籍号", "个人标识码", "学籍号", "学籍辅号", "student_no"}},
        {"id_type", "ID document type", {"身份证件类型", "证件类型", "id_type"}},
        {"entry", "entry month (入学年月)", {"入学年月", "入学时间", "入学日期", "entry"}},
        {"boarding", "day pupil or boarder (就读方式)", {"就读方式", "是否住校", "boarding"}},
        {"left_behind", "left-behind child flag", {"是否留守儿童", "留守儿童", "left_behind"}},
        {"migrant", "migrant worker's child flag",
         {"是否进城务工人员随迁子女", "是否随迁子女", "随迁子女", "migrant"}},
        {"orphan", "orphan flag", {"是否孤儿", "orphan"}},
        {"study_region", "region where the child studies (other counties' rosters)",
         {"就读地区", "就读地", "就读省市", "study_region"}},
        {"category", "exemption category (延缓入学/休学/死亡/出国/送教上门)",
         {"类别", "类型", "豁免类别", "申请类别", "异动类别", "免缓学类别", "缓学类别", "申请类型", "办理类型", "category"}},
        {"reason", "reason text", {"原因", "具体原因", "原因说明", "reason"}},
        {"approved", "approval date", {"批准日期", "审批日期", "批准时间", "approved"}},
        {"schooling", "schooling in the poverty file (在校生状况)",
         {"在校生状况", "在校生情况", "在校情况", "在校生状态", "就学情况", "就学状况", "schooling"}},
        {"unschooled_reason", "reason for not attending compulsory school",
         {"义务教育阶段未上学原因", "未上学原因", "unschooled_reason"}},
        {"poverty_attr", "poverty household type (贫困户属性)",
         {"贫困户属性", "户属性", "贫困户类型", "贫困户类别", "脱贫户属性", "poverty_attr"}},
        {"unsupported", "de-facto unsupported child flag", {"是否事实无人抚养儿童", "unsupported"}},
    };
    return table;
}

std::string normalize_header(std::string_view header) {
    UErrorCode status = U_ZERO_ERROR;
    const icu::Normalizer2* nfkc = icu::Normalizer2::getNFKCInstance(status);
    icu::UnicodeString text = icu::UnicodeString::fromUTF8(icu::StringPiece(header.data(), static_cast<int32_t>(header.size())));
    if (U_SUCCESS(status)) text = nfkc->normalize(text, status);
    std::string out;
    icu::UnicodeString kept;
    for (int32_t i = 0; i < text.length();) {
        const UChar32 c = text.char32At(i);
        i += U16_LENGTH(c);
        if (u_isUWhiteSpace(c) || c == 0xFEFF || c == '*') continue;
        kept.append(u_tolower(c));
    }
    kept.toUTF8String(out);
    return out;
}

namespace {

const FieldAliases* find_field(std::string_view field) {
    for (const auto& entry : field_table()) {
        if (entry.field == field) return &entry;
    }
    return nullptr;
}

// How a header answers for a field; a lower rank is a better alias.
struct HeaderMatch {
    const FieldAliases* entry = nullptr;
    size_t rank = 0;
    bool qualified = false;  // matched only once a bracketed qualifier was dropped

    bool better_than(const HeaderMatch& other) const {
        return qualified != other.qualified ? !qualified : rank < other.rank;
    }
    bool as_good_as(const HeaderMatch& other) const { return qualified == other.qualified && rank == other.rank; }
};

// Every alias in its normal form, with its field and rank.
const std::unordered_map<std::string, HeaderMatch>& alias_index() {
    static const auto index = [] {
        std::unordered_map<std::string, HeaderMatch> built;
        for (const auto& entry : field_table()) {
            for (size_t rank = 0; rank < entry.aliases.size(); ++rank) {
                built.emplace(normalize_header(entry.aliases[rank]), HeaderMatch{&entry, rank, false});
            }
        }
        return built;
    }();
    return index;
}

// A normalised header without its trailing qualifiers in brackets: 身份证号(18位) -> 身份证号,
// 身份证号【必填】 -> 身份证号. NFKC has already made full-width brackets ASCII.
std::string_view drop_qualifiers(std::string_view normal) {
    static constexpr std::pair<std::string_view, std::string_view> kBrackets[] = {{"(", ")"}, {"[", "]"}, {"【", "】"}};
    for (bool dropped = true; dropped;) {
        dropped = false;
        for (const auto& [open, close] : kBrackets) {
            if (!normal.ends_with(close)) continue;
            const size_t start = normal.rfind(open);
            if (start == std::string_view::npos || start == 0) continue;
            normal = normal.substr(0, start);
            dropped = true;
        }
    }
    return normal;
}

HeaderMatch match_header(std::string_view header) {
    const auto& index = alias_index();
    const std::string normal = normalize_header(header);
    if (const auto exact = index.find(normal); exact != index.end()) return exact->second;
    const std::string_view stem = drop_qualifiers(normal);
    if (stem.size() == normal.size()) return {};
    const auto qualified = index.find(std::string(stem));
    if (qualified == index.end()) return {};
    HeaderMatch match = qualified->second;
    match.qualified = true;
    return match;
}

}  // namespace

std::string_view field_of_header(std::string_view header) {
    const HeaderMatch match = match_header(header);
    return match.entry != nullptr ? match.entry->field : std::string_view{};
}

bool names_known_fields(const std::vector<std::string>& cells) {
    int known = 0;
    for (const std::string& cell : cells) {
        if (!cell.empty() && cell.size() <= 64 && !field_of_header(cell).empty() && ++known == 2) return true;
    }
    return false;
}

std::string describe_header(const std::vector<std::string>& header, long line) {
    std::vector<std::string_view> known;
    for (const auto& cell : header) {
        if (!field_of_header(cell).empty()) known.push_back(cell);
    }
    const size_t others = header.size() - known.size();
    if (known.empty()) {
        return fmt::format("no cell of line {} is a known header (is line {} a header row?)", line, line);
    }
    return fmt::format("headers recognised: {}; {} other column{}", fmt::join(known, ", "), others,
                       others == 1 ? "" : "s");
}

std::optional<size_t> find_header(const std::vector<std::string>& header, std::string_view name) {
    const std::string wanted = normalize_header(name);
    for (size_t i = 0; i < header.size(); ++i) {
        if (normalize_header(header[i]) == wanted) return i;
    }
    return std::nullopt;
}

std::optional<size_t> find_only_header(const std::vector<std::string>& header, std::string_view name,
                                       const std::string& file, long line) {
    const auto first = find_header(header, name);
    if (!first) return std::nullopt;
    const std::string wanted = normalize_header(name);
    for (size_t i = *first + 1; i < header.size(); ++i) {
        if (normalize_header(header[i]) == wanted) {
            throw DataError(file, line, fmt::format("duplicate header '{}' in columns {} and {}; rename one of them",
                                                    name, *first + 1, i + 1));
        }
    }
    return first;
}

size_t require_header(const CsvReader& reader, std::initializer_list<std::string_view> names) {
    for (const std::string_view name : names) {
        if (auto position = find_only_header(reader.header(), name, reader.file(), reader.header_line())) {
            return *position;
        }
    }
    throw DataError(reader.file(), reader.header_line(),
                    fmt::format("no column '{}'; {}", *names.begin(), describe_header(reader.header(), reader.header_line())));
}

uint32_t parse_row_number(const CsvReader& reader, std::string_view text, std::string_view column) {
    text = trim_ascii(text);
    if (text.empty()) return 0;
    uint32_t value = 0;
    const auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), value);
    if (error != std::errc() || end != text.data() + text.size() || value == 0) {
        reader.fail(fmt::format("{} is not a row number", column));
    }
    return value;
}

ColumnOverrides parse_column_overrides(const std::vector<std::string>& pairs) {
    ColumnOverrides overrides;
    for (const auto& pair : pairs) {
        const auto eq = pair.find('=');
        if (eq == std::string::npos || eq == 0 || eq + 1 == pair.size()) {
            throw UsageError("--col wants FIELD=HEADER, got '" + pair + "'");
        }
        const std::string field = pair.substr(0, eq);
        if (find_field(field) == nullptr) {
            throw UsageError("--col: unknown field '" + field + "' (see docs/fields.md)");
        }
        overrides[field] = pair.substr(eq + 1);
    }
    return overrides;
}

ColumnMap::ColumnMap(const std::vector<std::string>& header, const ColumnOverrides& overrides, std::string file,
                     long header_line)
    : header_(header), overrides_(overrides), file_(std::move(file)), header_line_(header_line) {
    // Per field, the column that answers for it best: an exact alias before a qualified one, then
    // the alias listed first (when an export has several). A column as good as the best is its rival.
    std::map<std::string_view, HeaderMatch> best;
    for (size_t i = 0; i < header.size(); ++i) {
        const HeaderMatch match = match_header(header[i]);
        if (match.entry == nullptr || overrides.contains(match.entry->field)) continue;
        const auto [it, first] = best.try_emplace(match.entry->field, match);
        matches_[std::string(match.entry->field)].push_back(i);
        Choice& choice = choices_[std::string(match.entry->field)];
        if (first || match.better_than(it->second)) {
            it->second = match;
            choice = {i, std::nullopt};
        } else if (match.as_good_as(it->second) && !choice.rival) {
            choice.rival = i;
        }
    }
    for (const auto& [field, forced] : overrides) {
        const std::string wanted = normalize_header(forced);
        for (size_t i = 0; i < header.size(); ++i) {
            if (normalize_header(header[i]) != wanted) continue;
            const auto [it, first] = choices_.try_emplace(field, Choice{i, std::nullopt});
            if (!first && !it->second.rival) it->second.rival = i;
        }
    }
}

std::optional<size_t> ColumnMap::find(std::string_view field) const {
    const auto it = choices_.find(field);
    if (it == choices_.end()) return std::nullopt;
    const Choice& choice = it->second;
    if (choice.rival) {
        // Both headers answer for a field (or were named by --col), so neither is personal data.
        const std::string& first = header_[choice.column];
        const std::string& second = header_[*choice.rival];
        if (normalize_header(first) == normalize_header(second)) {
            throw DataError(file_, header_line_,
                            fmt::format("duplicate header '{}' in columns {} and {}: either could be field '{}'; "
                                        "rename one of them",
                                        first, choice.column + 1, *choice.rival + 1, field));
        }
        throw DataError(file_, header_line_,
                        fmt::format("columns {} ('{}') and {} ('{}') both read as field '{}'; choose one with "
                                    "--col {}=HEADER",
                                    choice.column + 1, first, *choice.rival + 1, second, field, field));
    }
    return choice.column;
}

std::vector<size_t> ColumnMap::others(std::string_view field) const {
    const auto matches = matches_.find(field);
    const auto choice = choices_.find(field);
    if (matches == matches_.end() || choice == choices_.end()) return {};
    std::vector<size_t> columns;
    for (const size_t column : matches->second)
        if (column != choice->second.column && column != choice->second.rival) columns.push_back(column);
    return columns;
}

size_t ColumnMap::require(std::string_view field) const {
    if (auto position = find(field)) return *position;
    std::string tried;
    const auto forced = overrides_.find(field);
    if (forced != overrides_.end()) {
        tried = forced->second + " (from --col)";
    } else if (const FieldAliases* entry = find_field(field)) {
        tried = fmt::format("{}", fmt::join(entry->aliases, ", "));
    }
    throw DataError(file_, header_line_,
                    fmt::format("no column for field '{}'; {}; aliases tried: {}; name the column with --col {}=HEADER",
                                field, describe_header(header_, header_line_), tried, field));
}

}  // namespace bx
