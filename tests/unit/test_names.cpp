#include "names.h"

#include <doctest/doctest.h>
#include <unicode/translit.h>
#include <unicode/unistr.h>

#include <memory>
#include <string>
#include <string_view>
#include <thread>
#include <vector>

namespace {

struct Case {
    std::string_view input;
    std::string_view expected;
};

std::string pinyin_of(std::string_view raw) { return bx::name_pinyin(bx::normalize_name(raw)); }

}  // namespace

TEST_CASE("normalize_name: spaces, full width, middle dots") {
    const Case cases[] = {
        {"张晓明", "张晓明"},
        {" 张 晓明 ", "张晓明"},
        {"张\u3000晓明", "张晓明"},            // ideographic space
        {"张\u00A0晓明", "张晓明"},            // no-break space
        {"张\u200B晓\uFEFF明", "张晓明"},      // zero-width space, BOM
        {"张\t晓明\r\n", "张晓明"},            // a line break from a quoted field
        {"Ｊｏｈｎ", "John"},                  // full-width letters
        {"ＬＩ　Ｍｉｎｇ", "LIMing"},
        {"王小明２", "王小明2"},               // full-width digit
        {"阿依古丽·买买提", "阿依古丽·买买提"},  // U+00B7
        {"阿依古丽•买买提", "阿依古丽·买买提"},  // U+2022 bullet
        {"阿依古丽・买买提", "阿依古丽·买买提"},  // U+30FB katakana middle dot
        {"阿依古丽･买买提", "阿依古丽·买买提"},  // U+FF65 half-width katakana middle dot
        {"阿依古丽．买买提", "阿依古丽·买买提"},  // U+FF0E full-width full stop
        {"阿依古丽.买买提", "阿依古丽·买买提"},
        {"阿依古丽‧买买提", "阿依古丽·买买提"},  // U+2027 hyphenation point
        {"阿依古丽∙买买提", "阿依古丽·买买提"},  // U+2219 bullet operator
        {"阿依古丽⋅买买提", "阿依古丽·买买提"},  // U+22C5 dot operator
        {"阿依古丽。买买提", "阿依古丽·买买提"},  // IME full stop
        {"阿依古丽 · 买买提", "阿依古丽·买买提"},
        {"阿依古丽··买买提", "阿依古丽·买买提"},
        {"阿依古丽・．买买提", "阿依古丽·买买提"},
        {"·阿依古丽·买买提·", "阿依古丽·买买提"},
        {"阿依古丽买买提", "阿依古丽买买提"},
        {"", ""},
        {" \u3000 ", ""},
        {"··", ""},
    };
    for (const Case& c : cases) {
        CAPTURE(c.input);
        CHECK(bx::normalize_name(c.input) == c.expected);
    }
}

TEST_CASE("normalize_name: traditional to simplified") {
    const Case cases[] = {
        {"張偉", "张伟"},         {"劉德華", "刘德华"},     {"陳靜", "陈静"},
        {"歐陽娜娜", "欧阳娜娜"}, {"鍾漢良", "钟汉良"},     {"蕭亞軒", "萧亚轩"},
        {"張 曉明", "张晓明"},    {"閆妮", "闫妮"},
        // Standard simplified characters that ICU's table would wrongly change stay as written.
        {"王乾", "王乾"},         {"李著", "李著"},         {"张俱", "张俱"},
        // Per character: ICU's phrase rule 沈鬱 -> 沉郁 must not turn the surname 沈 into 沉.
        {"沈鬱", "沈郁"},
    };
    for (const Case& c : cases) {
        CAPTURE(c.input);
        CHECK(bx::normalize_name(c.input) == c.expected);
    }
}

TEST_CASE("normalize_name: per-character conversion equals ICU's whole-string conversion") {
    UErrorCode status = U_ZERO_ERROR;
    std::unique_ptr<icu::Transliterator> whole(icu::Transliterator::createInstance(
        "Traditional-Simplified", UTRANS_FORWARD, status));
    REQUIRE(U_SUCCESS(status));
    const std::string_view names[] = {
        "張偉",   "劉德華", "陳靜",   "黃曉明", "楊紫瓊", "鄧麗君",   "歐陽震華", "周潤發",
        "梁朝偉", "劉嘉玲", "張學友", "關之琳", "蕭亞軒", "馬英九",   "謝霆鋒",   "趙薇",
        "賈靜雯", "龐統",   "諸葛亮", "司馬懿", "馮紹峰", "錢學森",   "韓寒",     "鄭爽",
        "葉問",   "羅蘭",   "蘇軾",   "魏徵",   "鐘麗緹", "東方不敗", "尉遲恭",   "閻錫山",
    };
    for (std::string_view name : names) {
        icu::UnicodeString text =
            icu::UnicodeString::fromUTF8(icu::StringPiece(name.data(), int32_t(name.size())));
        whole->transliterate(text);
        std::string expected;
        text.toUTF8String(expected);
        CAPTURE(name);
        CHECK(bx::normalize_name(name) == expected);
    }
}

TEST_CASE("name_match_key drops the middle dot and lower-cases letters") {
    const Case cases[] = {
        {"阿依古丽·买买提", "阿依古丽买买提"},
        {"阿依古丽买买提", "阿依古丽买买提"},
        {"John王", "john王"},
        {"张晓明", "张晓明"},
        {"", ""},
    };
    for (const Case& c : cases) {
        CAPTURE(c.input);
        CHECK(bx::name_match_key(c.input) == c.expected);
    }
    CHECK(bx::name_match_key(bx::normalize_name("阿依古丽 • 买买提")) ==
          bx::name_match_key(bx::normalize_name("阿依古丽买买提")));
}

TEST_CASE("name_pinyin: keys") {
    const Case cases[] = {
        {"王小明", "wangxiaoming"},
        {"张晓明", "zhangxiaoming"},
        // Polyphonic surnames read as surnames in first position...
        {"单雄信", "shanxiongxin"},
        {"曾国藩", "zengguofan"},
        {"区梦觉", "oumengjue"},
        {"解缙", "xiejin"},
        {"仇英", "qiuying"},
        {"朴槿惠", "piaojinhui"},
        {"查良镛", "zhaliangyong"},
        {"乐嘉", "yuejia"},
        {"盖聂", "genie"},
        {"覃小明", "qinxiaoming"},
        {"重阳", "chongyang"},
        {"缪可", "miaoke"},
        {"种师道", "chongshidao"},
        {"秘明", "biming"},
        {"牟其中", "mouqizhong"},
        {"那英", "naying"},
        {"翟天临", "zhaitianlin"},
        {"隗明", "weiming"},
        {"宓明", "miming"},
        {"要离", "yaoli"},
        {"尉明", "weiming"},
        {"薄一波", "boyibo"},
        // ...and as ordinary characters elsewhere.
        {"王单", "wangdan"},
        {"李曾", "liceng"},
        {"张解", "zhangjie"},
        {"王长青", "wangchangqing"},
        // Compound surnames.
        {"欧阳修", "ouyangxiu"},
        {"司马光", "simaguang"},
        {"诸葛亮", "zhugeliang"},
        {"上官婉儿", "shangguanwaner"},
        {"东方朔", "dongfangshuo"},
        {"皇甫嵩", "huangfusong"},
        {"尉迟敬德", "yuchijingde"},
        {"公孙胜", "gongsunsheng"},
        {"慕容复", "murongfu"},
        {"长孙无忌", "zhangsunwuji"},
        {"宇文化及", "yuwenhuaji"},
        {"司徒雷登", "situleideng"},
        {"夏侯惇", "xiahoudun"},
        {"令狐冲", "linghuchong"},
        {"端木蕻良", "duanmuhongliang"},
        {"万俟卨", "moqixie"},
        {"澹台灭明", "tantaimieming"},
        // ü is written v.
        {"吕明", "lvming"},
        {"卢明", "luming"},
        {"王女", "wangnv"},
        // Minority names: the dot is dropped.
        {"阿依古丽·买买提", "ayigulimaimaiti"},
        {"阿依古丽买买提", "ayigulimaimaiti"},
        // Other characters pass through in lower case.
        {"John王", "johnwang"},
        {"王A", "wanga"},
        {"王小明2", "wangxiaoming2"},
        {"", ""},
    };
    for (const Case& c : cases) {
        CAPTURE(c.input);
        CHECK(bx::name_pinyin(c.input) == c.expected);
    }
}

TEST_CASE("name_pinyin: homophones and variants meet, different names do not") {
    const Case same[] = {
        {"张晓明", "张小明"},          {"王静", "王靖"},           {"李丽", "李莉"},
        {"張曉明", "张小明"},          {"陳靜", "陈靖"},           {"阿依古丽．买买提", "阿依古丽买买提"},
        {"Ｊｏｈｎ　王", "john王"},
    };
    for (const Case& c : same) {
        CAPTURE(c.input);
        CAPTURE(c.expected);
        CHECK(pinyin_of(c.input) == pinyin_of(c.expected));
    }
    const Case different[] = {
        {"吕明", "卢明"}, {"单雄信", "丹雄信"}, {"张晓明", "张晓敏"}, {"王乾", "王干"},
    };
    for (const Case& c : different) {
        CAPTURE(c.input);
        CAPTURE(c.expected);
        CHECK(pinyin_of(c.input) != pinyin_of(c.expected));
    }
}

TEST_CASE("name_syllables: one per Han character, one per run of other characters") {
    using Syllables = std::vector<std::string>;
    CHECK(bx::name_syllables("王小明") == Syllables{"wang", "xiao", "ming"});
    CHECK(bx::name_syllables("尉迟敬德") == Syllables{"yu", "chi", "jing", "de"});
    CHECK(bx::name_syllables("单雄信") == Syllables{"shan", "xiong", "xin"});
    CHECK(bx::name_syllables("阿依古丽·买买提") ==
          Syllables{"a", "yi", "gu", "li", "mai", "mai", "ti"});
    CHECK(bx::name_syllables("John王") == Syllables{"john", "wang"});
    CHECK(bx::name_syllables("Tom·Lee") == Syllables{"tom", "lee"});
    CHECK(bx::name_syllables("吕").front() == "lv");
    CHECK(bx::name_syllables("").empty());
}

TEST_CASE("name_pinyin: a character ICU cannot read stays itself") {
    CHECK(bx::name_pinyin("张𠮷") == "zhang𠮷");
}

TEST_CASE("code_point_count and han_char_differences") {
    CHECK(bx::code_point_count("") == 0);
    CHECK(bx::code_point_count("abc") == 3);
    CHECK(bx::code_point_count("张小明") == 3);
    CHECK(bx::code_point_count("阿依古丽·买买提") == 8);
    CHECK(bx::code_point_count("𠮷") == 1);
    CHECK(bx::code_point_count("\xFF\xFE") == 2);  // each invalid byte counts once

    CHECK(bx::han_char_differences("张小明", "张晓明") == 1);
    CHECK(bx::han_char_differences("张小明", "张小明") == 0);
    CHECK(bx::han_char_differences("王伟", "李明") == 2);
    CHECK(bx::han_char_differences("张小明", "张明") == -1);
    CHECK(bx::han_char_differences("张明", "张小明") == -1);
    CHECK(bx::han_char_differences("", "") == 0);
}

TEST_CASE("mask_name keeps the first and last character") {
    const Case cases[] = {
        {"张小明", "张*明"}, {"张伟", "张*"},   {"欧阳小明", "欧**明"},
        {"张", "*"},         {"", ""},          {"阿依古丽·买买提", "阿******提"},
    };
    for (const Case& c : cases) {
        CAPTURE(c.input);
        CHECK(bx::mask_name(c.input) == c.expected);
    }
}

TEST_CASE("name functions work on another thread (tables are per thread)") {
    std::string normalized, pinyin;
    std::thread worker([&] {
        normalized = bx::normalize_name("劉德華");
        pinyin = bx::name_pinyin(normalized);
    });
    worker.join();
    CHECK(normalized == "刘德华");
    CHECK(pinyin == "liudehua");
}
