#pragma once
// Personal names as the registry, the rosters and the poverty file write them, and the forms
// they are compared in. The same child's name arrives with stray spaces, full-width letters,
// traditional characters, a minority-name middle dot in five shapes, or homophone characters
// (晓/小, 静/靖); these functions reduce such variants to equal keys. See docs/names.md.
//
// Thread-safety: conversion tables are filled lazily, one set per thread (thread_local), so the
// functions may be called from several threads; each thread pays its own warm-up.
#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

namespace bx {

// The canonical written form: NFKC; no whitespace, zero-width or control characters; every
// middle-dot look-alike (· • ・ ． . ‧ 。 …) turned into one U+00B7 '·', repeats collapsed and
// none at either end; traditional characters mapped to simplified ones. Invalid UTF-8 becomes
// U+FFFD. A matching form: show the raw name to people, not this.
std::string normalize_name(std::string_view raw);

// The equality key: a normalized name without the middle dot and with letters in lower case,
// so 阿依古丽·买买提 == 阿依古丽买买提.
std::string name_match_key(std::string_view normalized);

// One lower-case toneless pinyin syllable per Han character of a normalized name ("v" for ü),
// the first character (or known compound surname) read as a surname: 单 shan, 曾 zeng, 尉迟
// yu+chi. Each run of other characters (Latin letters, digits) is one lower-cased element;
// middle dots only separate. A Han character without a known reading stays as itself.
std::vector<std::string> name_syllables(std::string_view normalized);

// The syllables joined: 王小明 -> "wangxiaoming"; 张晓明 and 张小明 give the same key.
std::string name_pinyin(std::string_view normalized);

// Number of code points (an invalid byte counts as one).
size_t code_point_count(std::string_view utf8);

// The code points of UTF-8 text, each as a view into it.
std::vector<std::string_view> split_code_points(std::string_view utf8);

// Number of positions whose code points differ, or -1 when the code point counts differ.
// 张小明 vs 张晓明 -> 1. Meant for normalized names or match keys.
int han_char_differences(std::string_view a, std::string_view b);

// The form used in circulated lists: first and last character kept, the others '*'
// (张*明, 欧**明); a two-character name keeps its first (张*); one character becomes "*".
std::string mask_name(std::string_view name);

}  // namespace bx
