#include "names.h"

#include <unicode/normalizer2.h>
#include <unicode/translit.h>
#include <unicode/uchar.h>
#include <unicode/unistr.h>
#include <unicode/uscript.h>
#include <unicode/utf8.h>

#include <algorithm>
#include <cstdint>
#include <deque>
#include <memory>
#include <stdexcept>
#include <unordered_map>
#include <utility>

namespace bx {
namespace {

constexpr char32_t kMiddleDot = U'·';  // U+00B7, the one form normalize_name writes

// --- UTF-8 -----------------------------------------------------------------------------------

// Decodes the code point at `pos` and moves past it; an invalid byte gives U+FFFD.
char32_t next_code_point(std::string_view text, size_t& pos) {
    // Nearly every character of a name is a Han character in three bytes. Lead bytes E1..EC
    // (U+1000..U+CFFF) need none of the checks for overlong forms or surrogates, so such a
    // character is decoded here, without ICU's general decoder.
    if (text.size() - pos >= 3) {
        const auto lead = static_cast<unsigned char>(text[pos]);
        const auto second = static_cast<unsigned char>(text[pos + 1]);
        const auto third = static_cast<unsigned char>(text[pos + 2]);
        if (lead >= 0xE1 && lead <= 0xEC && (second & 0xC0) == 0x80 && (third & 0xC0) == 0x80) {
            pos += 3;
            return static_cast<char32_t>((lead & 0x0F) << 12 | (second & 0x3F) << 6 | (third & 0x3F));
        }
    }
    auto index = static_cast<int32_t>(pos);
    UChar32 c;
    U8_NEXT_OR_FFFD(text.data(), index, static_cast<int32_t>(text.size()), c);
    pos = static_cast<size_t>(index);
    return static_cast<char32_t>(c);
}

// `c` is always a scalar value here: it comes from a decoder that yields U+FFFD for bad input.
void append_utf8(std::string& out, char32_t c) {
    char buffer[U8_MAX_LENGTH];
    int32_t length = 0;
    U8_APPEND_UNSAFE(buffer, length, c);
    out.append(buffer, static_cast<size_t>(length));
}

std::string to_utf8(char32_t c) {
    std::string out;
    append_utf8(out, c);
    return out;
}

// Well-formed UTF-8 of code points U+4000..U+9FFF only (lead bytes E4..E9, each followed by two
// continuation bytes): the Han characters of nearly every name, checked without decoding.
bool all_in_cjk_range(std::string_view utf8) {
    if (utf8.size() % 3 != 0) return false;
    for (size_t pos = 0; pos < utf8.size(); pos += 3) {
        const auto lead = static_cast<unsigned char>(utf8[pos]);
        const auto second = static_cast<unsigned char>(utf8[pos + 1]);
        const auto third = static_cast<unsigned char>(utf8[pos + 2]);
        if (lead < 0xE4 || lead > 0xE9 || (second & 0xC0) != 0x80 || (third & 0xC0) != 0x80) return false;
    }
    return true;
}

char ascii_lower(char c) { return (c >= 'A' && c <= 'Z') ? static_cast<char>(c - 'A' + 'a') : c; }

// --- ICU plumbing ----------------------------------------------------------------------------

std::unique_ptr<icu::Transliterator> make_transliterator(const char* id) {
    UErrorCode status = U_ZERO_ERROR;
    std::unique_ptr<icu::Transliterator> transliterator(icu::Transliterator::createInstance(
        icu::UnicodeString(id, -1, US_INV), UTRANS_FORWARD, status));
    if (U_FAILURE(status) || !transliterator)
        throw std::runtime_error(std::string("ICU transliterator unavailable: ") + id);
    return transliterator;
}

const icu::Normalizer2& normalizer(const icu::Normalizer2* (*get_instance)(UErrorCode&)) {
    UErrorCode status = U_ZERO_ERROR;
    const icu::Normalizer2* instance = get_instance(status);
    if (U_FAILURE(status)) throw std::runtime_error("ICU normalization data unavailable");
    return *instance;
}

bool is_han(char32_t c) {
    UErrorCode status = U_ZERO_ERROR;
    return uscript_getScript(static_cast<UChar32>(c), &status) == USCRIPT_HAN;
}

// --- normalize_name --------------------------------------------------------------------------

// Spaces (ASCII, U+3000, NBSP: NFKC has made the last two ASCII already), zero-width characters,
// soft hyphens, variation selectors and control characters (line breaks from quoted fields).
bool is_removable(char32_t c) {
    const auto cp = static_cast<UChar32>(c);
    return u_isUWhiteSpace(cp) || u_hasBinaryProperty(cp, UCHAR_DEFAULT_IGNORABLE_CODE_POINT) ||
           u_charType(cp) == U_CONTROL_CHAR;
}

// What typists use for the dot of a transliterated minority name, after NFKC (which has already
// folded ． U+FF0E, ․ U+2024 and ﹒ U+FE52 into '.', ･ U+FF65 into ・, ｡ U+FF61 into 。 and
// Greek · U+0387 into U+00B7). 。 is what a Chinese input method gives for the '.' key.
bool is_middle_dot_variant(char32_t c) {
    switch (c) {
        case U'.':     // full stop
        case U'·':     // U+00B7 middle dot
        case U'•':     // U+2022 bullet
        case U'‧':     // U+2027 hyphenation point
        case U'∙':     // U+2219 bullet operator
        case U'⋅':     // U+22C5 dot operator
        case U'⸱':     // U+2E31 word separator middle dot
        case U'・':    // U+30FB katakana middle dot
        case U'。':    // U+3002 ideographic full stop
        case U'ꞏ':     // U+A78F Latin letter sinological dot
        case U'᛫':     // U+16EB runic single punctuation
            return true;
        default:
            return false;
    }
}

// Characters that ICU's Traditional-Simplified changes although each is a standard simplified
// character in its own right, with its own meaning or reading: 乾 qián is not 干 gàn, 著 zhù is
// not 着 zhe, 俱 is not 具. Changing them would corrupt correctly written simplified names.
constexpr std::u32string_view kNotTraditional = U"乾著瞭姊藉苎俱吒跤阪";

// Per-character Traditional-Simplified. ICU needs ~1 µs a call and names repeat, so each Han
// character is converted once. Per character is deliberate: ICU's phrase rules are for words
// (沈 in 沈鬱 becomes 沉), which would corrupt names; see docs/names.md.
class SimplifiedTable {
public:
    // Names are almost all in the CJK blocks up to U+9FFF: a flat table there (0 = not looked up
    // yet), a hash map for the rest.
    char32_t simplify(char32_t c) {
        if (c >= kFlatFirst && c <= kFlatLast) {
            char32_t& entry = flat_[c - kFlatFirst];
            if (entry == 0) entry = convert(c);
            return entry;
        }
        auto [entry, inserted] = cache_.try_emplace(c, c);
        if (inserted) entry->second = convert(c);
        return entry->second;
    }

private:
    char32_t convert(char32_t c) {
        if (kNotTraditional.find(c) != std::u32string_view::npos) return c;
        if (!to_simplified_) to_simplified_ = make_transliterator("Traditional-Simplified");
        icu::UnicodeString text(static_cast<UChar32>(c));
        to_simplified_->transliterate(text);
        // ICU 72 maps every character to exactly one; keep any future exception as written.
        return text.countChar32() == 1 ? static_cast<char32_t>(text.char32At(0)) : c;
    }

    static constexpr char32_t kFlatFirst = 0x3400, kFlatLast = 0x9FFF;
    std::unique_ptr<icu::Transliterator> to_simplified_;
    std::vector<char32_t> flat_ = std::vector<char32_t>(kFlatLast - kFlatFirst + 1, 0);
    std::unordered_map<char32_t, char32_t> cache_;
};

SimplifiedTable& simplified_table() {
    thread_local SimplifiedTable table;
    return table;
}

// --- pinyin ----------------------------------------------------------------------------------

// Surname readings, pinned here rather than left to ICU's Han-Latin/Names (which has 朴 pǔ,
// 覃 tán, 缪 móu, 尉 yù, 薄 báo, …); readings of the 现代汉语词典 and the usual surname lists.
constexpr std::pair<char32_t, std::string_view> kSurnameReadings[] = {
    {U'单', "shan"}, {U'曾', "zeng"}, {U'区', "ou"},   {U'解', "xie"},  {U'仇', "qiu"},
    {U'朴', "piao"}, {U'查', "zha"},  {U'乐', "yue"},  {U'盖', "ge"},   {U'覃', "qin"},
    {U'重', "chong"}, {U'缪', "miao"}, {U'种', "chong"}, {U'秘', "bi"}, {U'牟', "mou"},
    {U'那', "na"},   {U'翟', "zhai"}, {U'隗', "wei"},  {U'宓', "mi"},   {U'黑', "hei"},
    {U'要', "yao"},  {U'能', "nai"},  {U'尉', "wei"},  {U'薄', "bo"},   {U'都', "du"},
    {U'阚', "kan"},  {U'洗', "xian"}, {U'祭', "zhai"}, {U'么', "yao"},  {U'佴', "nai"},
    {U'乜', "nie"},  {U'炅', "gui"},  {U'番', "pan"},  {U'句', "gou"},  {U'长', "chang"},
    {U'葛', "ge"},   {U'华', "hua"},  {U'任', "ren"},  {U'召', "shao"}, {U'员', "yun"},
    {U'繁', "po"},   {U'过', "guo"},  {U'折', "she"},  {U'燕', "yan"},  {U'纪', "ji"},
    {U'沈', "shen"}, {U'莘', "xin"},  {U'粘', "nian"}, {U'贲', "ben"},
};

// Given-name readings where ICU's default is rare in names: 长 in 长青 is cháng, 著 in 王著 is zhù
// (ICU: zhe), 珩 is héng (ICU: háng).
constexpr std::pair<char32_t, std::string_view> kGivenNameReadings[] = {
    {U'长', "chang"},
    {U'著', "zhu"},
    {U'珩', "heng"},
};

struct CompoundSurname {
    char32_t first_char, second_char;
    std::string_view first_syllable, second_syllable;
};

// Two-character surnames. The reading matters where it differs from the characters read alone
// (尉迟 yuchi, 万俟 moqi, 长孙 zhangsun, 澹台 tantai, 子车 ziju). 单于 is left out on purpose: a
// surname 单 with a given name starting 于 is far more common today than the compound.
constexpr CompoundSurname kCompoundSurnames[] = {
    {U'欧', U'阳', "ou", "yang"},      {U'司', U'马', "si", "ma"},       {U'诸', U'葛', "zhu", "ge"},
    {U'上', U'官', "shang", "guan"},   {U'东', U'方', "dong", "fang"},   {U'皇', U'甫', "huang", "fu"},
    {U'尉', U'迟', "yu", "chi"},       {U'公', U'孙', "gong", "sun"},    {U'慕', U'容', "mu", "rong"},
    {U'长', U'孙', "zhang", "sun"},    {U'宇', U'文', "yu", "wen"},      {U'司', U'徒', "si", "tu"},
    {U'夏', U'侯', "xia", "hou"},      {U'令', U'狐', "ling", "hu"},     {U'端', U'木', "duan", "mu"},
    {U'万', U'俟', "mo", "qi"},        {U'澹', U'台', "tan", "tai"},     {U'轩', U'辕', "xuan", "yuan"},
    {U'南', U'宫', "nan", "gong"},     {U'西', U'门', "xi", "men"},      {U'独', U'孤', "du", "gu"},
    {U'呼', U'延', "hu", "yan"},       {U'淳', U'于', "chun", "yu"},     {U'申', U'屠', "shen", "tu"},
    {U'太', U'史', "tai", "shi"},      {U'百', U'里', "bai", "li"},      {U'钟', U'离', "zhong", "li"},
    {U'闻', U'人', "wen", "ren"},      {U'赫', U'连', "he", "lian"},     {U'公', U'冶', "gong", "ye"},
    {U'宗', U'政', "zong", "zheng"},   {U'濮', U'阳', "pu", "yang"},     {U'仲', U'孙', "zhong", "sun"},
    {U'拓', U'跋', "tuo", "ba"},       {U'闾', U'丘', "lv", "qiu"},      {U'子', U'车', "zi", "ju"},
    {U'东', U'郭', "dong", "guo"},     {U'公', U'羊', "gong", "yang"},   {U'第', U'五', "di", "wu"},
    {U'乐', U'正', "yue", "zheng"},    {U'司', U'空', "si", "kong"},     {U'亓', U'官', "qi", "guan"},
    {U'司', U'寇', "si", "kou"},       {U'颛', U'孙', "zhuan", "sun"},   {U'漆', U'雕', "qi", "diao"},
    {U'谷', U'梁', "gu", "liang"},     {U'左', U'丘', "zuo", "qiu"},     {U'梁', U'丘', "liang", "qiu"},
    {U'鲜', U'于', "xian", "yu"},      {U'段', U'干', "duan", "gan"},    {U'羊', U'舌', "yang", "she"},
    {U'巫', U'马', "wu", "ma"},        {U'公', U'西', "gong", "xi"},     {U'东', U'门', "dong", "men"},
};

template <size_t N>
const std::string_view* find_reading(const std::pair<char32_t, std::string_view> (&table)[N],
                                     char32_t c) {
    auto found = std::find_if(std::begin(table), std::end(table),
                              [c](const auto& entry) { return entry.first == c; });
    return found == std::end(table) ? nullptr : &found->second;
}

const CompoundSurname* find_compound_surname(char32_t first, char32_t second) {
    // Nearly every name starts with a character that starts no compound surname: a sorted list
    // of those characters rules it out faster than the hash look-up.
    static const auto first_chars = [] {
        std::vector<char32_t> chars;
        for (const CompoundSurname& surname : kCompoundSurnames) chars.push_back(surname.first_char);
        std::sort(chars.begin(), chars.end());
        return chars;
    }();
    static const auto by_pair = [] {
        std::unordered_map<uint64_t, const CompoundSurname*> map;
        for (const CompoundSurname& surname : kCompoundSurnames)
            map.emplace(uint64_t{surname.first_char} << 32 | surname.second_char, &surname);
        return map;
    }();
    if (!std::binary_search(first_chars.begin(), first_chars.end(), first)) return nullptr;
    auto found = by_pair.find(uint64_t{first} << 32 | second);
    return found == by_pair.end() ? nullptr : found->second;
}

// ICU romanization ("lǚ") to the key alphabet: a-z only, tones dropped, ü written "v" so that
// 吕 lv and 卢 lu stay apart.
std::string ascii_syllable(const icu::UnicodeString& latin) {
    UErrorCode status = U_ZERO_ERROR;
    const icu::UnicodeString decomposed =
        normalizer(icu::Normalizer2::getNFDInstance).normalize(latin, status);
    std::string syllable;
    for (int32_t i = 0; i < decomposed.length(); ++i) {
        const char16_t unit = decomposed.charAt(i);
        if ((unit >= u'a' && unit <= u'z') || (unit >= u'A' && unit <= u'Z'))
            syllable += ascii_lower(static_cast<char>(unit));
        else if (unit == u'\u0308' && !syllable.empty() && syllable.back() == 'u')
            syllable.back() = 'v';
    }
    return syllable;
}

enum class PieceKind { han, other, separator };

// How one code point enters the key: a syllable for a Han character, else the character itself
// in lower case.
struct PinyinPiece {
    std::string text;
    PieceKind kind;
};

enum class NamePosition { surname, given };

// Code point -> piece, one cache per position, filled on first sight: ICU's Han-Latin costs
// ~20 µs a call while a name list has only a few thousand distinct characters.
class PinyinTables {
public:
    const PinyinPiece& piece(char32_t c, NamePosition position) {
        Cache& cache = position == NamePosition::surname ? surname_ : given_;
        if (c >= kFlatFirst && c <= kFlatLast) {
            uint16_t& slot = cache.flat[c - kFlatFirst];
            if (slot == 0) {
                cache.pieces.push_back(make_piece(c, position));
                slot = static_cast<uint16_t>(cache.pieces.size());
            }
            return cache.pieces[slot - 1];
        }
        auto found = cache.others.find(c);
        if (found == cache.others.end()) found = cache.others.emplace(c, make_piece(c, position)).first;
        return found->second;
    }

private:
    // Names are almost all in the CJK blocks up to U+9FFF: there a flat index into the pieces
    // (0 = not looked up yet), as a hash look-up per character costs more than the rest of the
    // key; a hash map for the other code points.
    static constexpr char32_t kFlatFirst = 0x3400, kFlatLast = 0x9FFF;
    struct Cache {
        std::vector<uint16_t> flat = std::vector<uint16_t>(kFlatLast - kFlatFirst + 1, 0);
        std::deque<PinyinPiece> pieces;  // a deque: references stay valid as it grows
        std::unordered_map<char32_t, PinyinPiece> others;
    };

    PinyinPiece make_piece(char32_t c, NamePosition position) {
        if (!is_han(c)) return {to_utf8(static_cast<char32_t>(u_tolower(static_cast<UChar32>(c)))),
                                PieceKind::other};
        const std::string_view* pinned = position == NamePosition::surname
                                             ? find_reading(kSurnameReadings, c)
                                             : find_reading(kGivenNameReadings, c);
        if (pinned) return {std::string(*pinned), PieceKind::han};
        icu::UnicodeString text(static_cast<UChar32>(c));
        transliterator(position).transliterate(text);
        std::string syllable = ascii_syllable(text);
        // A character outside ICU's table stays itself, so two rare characters never collide.
        return {syllable.empty() ? to_utf8(c) : std::move(syllable), PieceKind::han};
    }

    // Han-Latin/Names reads a lone character as a surname (召 shao, 繁 po, 员 yun, …).
    icu::Transliterator& transliterator(NamePosition position) {
        auto& slot = position == NamePosition::surname ? surname_latin_ : given_latin_;
        if (!slot)
            slot = make_transliterator(position == NamePosition::surname ? "Han-Latin/Names"
                                                                         : "Han-Latin");
        return *slot;
    }

    std::unique_ptr<icu::Transliterator> surname_latin_, given_latin_;
    Cache surname_, given_;
};

PinyinTables& pinyin_tables() {
    thread_local PinyinTables tables;
    return tables;
}

// Calls emit(text, kind) for each code point of a normalized name, in order; a leading compound
// surname gives two han pieces.
template <typename Emit>
void for_each_pinyin_piece(std::string_view name, Emit&& emit) {
    size_t pos = 0;
    if (!name.empty()) {
        size_t after_two = 0;
        const char32_t first = next_code_point(name, after_two);
        const char32_t second = after_two < name.size() ? next_code_point(name, after_two) : 0;
        if (const CompoundSurname* compound = find_compound_surname(first, second)) {
            emit(compound->first_syllable, PieceKind::han);
            emit(compound->second_syllable, PieceKind::han);
            pos = after_two;
        }
    }
    PinyinTables& tables = pinyin_tables();
    NamePosition position = pos == 0 ? NamePosition::surname : NamePosition::given;
    while (pos < name.size()) {
        const char32_t c = next_code_point(name, pos);
        if (c == kMiddleDot) {
            emit(std::string_view{}, PieceKind::separator);
        } else if (c < 0x80) {  // ASCII needs no table
            const char lower = ascii_lower(static_cast<char>(c));
            emit(std::string_view(&lower, 1), PieceKind::other);
        } else {
            const PinyinPiece& piece = tables.piece(c, position);
            emit(std::string_view(piece.text), piece.kind);
        }
        position = NamePosition::given;
    }
}

}  // namespace

namespace {

// Most names are CJK Unified Ideographs (U+4E00..U+9FFF) only: NFKC leaves those unchanged and
// nothing is removable, so only the traditional-to-simplified step applies. Returns false, having
// written nothing, when any other character occurs.
bool normalize_plain_han(std::string_view raw, std::string& out) {
    if (!all_in_cjk_range(raw)) return false;
    out.reserve(raw.size());
    SimplifiedTable& table = simplified_table();
    for (size_t pos = 0; pos < raw.size();) {
        const char32_t c = next_code_point(raw, pos);
        if (c < 0x4E00 || c > 0x9FFF) {
            out.clear();
            return false;
        }
        append_utf8(out, table.simplify(c));
    }
    return true;
}

}  // namespace

std::string normalize_name(std::string_view raw) {
    std::string plain;
    if (raw.empty() || normalize_plain_han(raw, plain)) return plain;
    UErrorCode status = U_ZERO_ERROR;
    const icu::UnicodeString text = normalizer(icu::Normalizer2::getNFKCInstance)
        .normalize(icu::UnicodeString::fromUTF8(
                       icu::StringPiece(raw.data(), static_cast<int32_t>(raw.size()))),
                   status);
    if (U_FAILURE(status)) throw std::runtime_error("NFKC normalization failed");

    std::string out;
    out.reserve(raw.size());
    bool dot_pending = false;  // written only between two kept characters: collapses and trims
    for (int32_t i = 0; i < text.length();) {
        const auto c = static_cast<char32_t>(text.char32At(i));
        i += U16_LENGTH(c);
        if (is_removable(c)) continue;
        if (is_middle_dot_variant(c)) {
            dot_pending = !out.empty();
            continue;
        }
        if (dot_pending) append_utf8(out, kMiddleDot);
        dot_pending = false;
        append_utf8(out, is_han(c) ? simplified_table().simplify(c) : c);
    }
    return out;
}

std::string name_match_key(std::string_view normalized) {
    if (all_in_cjk_range(normalized)) return std::string(normalized);  // no middle dot, no case
    std::string key;
    key.reserve(normalized.size());
    for (size_t pos = 0; pos < normalized.size();) {
        const char32_t c = next_code_point(normalized, pos);
        if (c == kMiddleDot) continue;
        // Only scripts with case need ICU; after NFKC they all lie below U+3000.
        append_utf8(key, c < 0x3000 ? static_cast<char32_t>(u_tolower(static_cast<UChar32>(c))) : c);
    }
    return key;
}

std::vector<std::string> name_syllables(std::string_view normalized) {
    std::vector<std::string> syllables;
    bool in_other_run = false;  // consecutive non-Han characters form one element
    for_each_pinyin_piece(normalized, [&](std::string_view text, PieceKind kind) {
        if (kind == PieceKind::other) {
            if (!in_other_run) syllables.emplace_back();
            syllables.back() += text;
        } else if (kind == PieceKind::han) {
            syllables.emplace_back(text);
        }
        in_other_run = kind == PieceKind::other;
    });
    return syllables;
}

std::string name_pinyin(std::string_view normalized) {
    std::string key;
    key.reserve(normalized.size() * 2);
    for_each_pinyin_piece(normalized,
                          [&key](std::string_view text, PieceKind) { key += text; });
    return key;
}

size_t code_point_count(std::string_view utf8) {
    size_t count = 0;
    for (size_t pos = 0; pos < utf8.size(); ++count) next_code_point(utf8, pos);
    return count;
}

std::vector<std::string_view> split_code_points(std::string_view utf8) {
    std::vector<std::string_view> pieces;
    for (size_t pos = 0; pos < utf8.size();) {
        const size_t start = pos;
        next_code_point(utf8, pos);
        pieces.push_back(utf8.substr(start, pos - start));
    }
    return pieces;
}

int han_char_differences(std::string_view a, std::string_view b) {
    int differences = 0;
    size_t pos_a = 0, pos_b = 0;
    while (pos_a < a.size() && pos_b < b.size())
        if (next_code_point(a, pos_a) != next_code_point(b, pos_b)) ++differences;
    return (pos_a < a.size() || pos_b < b.size()) ? -1 : differences;
}

std::string mask_name(std::string_view name) {
    const size_t count = code_point_count(name);
    if (count <= 1) return count == 0 ? std::string() : std::string("*");
    size_t first_end = 0;
    next_code_point(name, first_end);
    std::string masked(name.substr(0, first_end));
    if (count == 2) return masked + '*';
    size_t last_start = first_end;
    for (size_t pos = first_end; pos < name.size();) {
        last_start = pos;
        next_code_point(name, pos);
    }
    masked.append(count - 2, '*');
    masked.append(name.substr(last_start));
    return masked;
}

}  // namespace bx
