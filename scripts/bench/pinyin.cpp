// Micro benchmark of the name keys: CPU time of normalize_name, name_match_key and name_pinyin
// over 1M generated names (~100 surnames x ~300 given-name characters, 2-4 characters each).
// Not part of the build; see docs/names.md for the command line.
#include "names.h"

#include <cstdio>
#include <ctime>
#include <random>
#include <string>
#include <string_view>
#include <vector>

namespace {

// Surnames common in the registry, with polyphonic and compound ones mixed in.
constexpr std::string_view kSurnames[] = {
    "王", "李", "张", "刘", "陈", "杨", "黄", "赵", "吴", "周", "徐", "孙", "马", "朱", "胡",
    "郭", "何", "高", "林", "罗", "郑", "梁", "谢", "宋", "唐", "许", "韩", "冯", "邓", "曹",
    "彭", "曾", "肖", "田", "董", "袁", "潘", "于", "蒋", "蔡", "余", "杜", "叶", "程", "苏",
    "魏", "吕", "丁", "任", "沈", "姚", "卢", "姜", "崔", "钟", "谭", "陆", "汪", "范", "金",
    "石", "廖", "贾", "夏", "韦", "付", "方", "白", "邹", "孟", "熊", "秦", "邱", "江", "尹",
    "薛", "闫", "段", "雷", "侯", "龙", "史", "陶", "黎", "贺", "顾", "毛", "郝", "龚", "邵",
    "万", "单", "解", "仇", "朴", "查", "翟", "覃", "欧阳", "司马", "诸葛", "上官", "尉迟",
};

constexpr std::string_view kGivenChars =
    "伟芳娜秀英敏静丽强磊军洋勇艳杰娟涛明超兰霞平刚桂华玉萍红梅浩宇轩子涵欣怡梓萱一诺依沫"
    "佳琪雨彤语嫣思睿博文俊熙皓天泽铭雪薇馨晓小靖建国志东海燕春秋菊冬亚楠男招娣来盼胜德厚"
    "广仁朝晖阳蔓菁芃蓁沛菡婧琰珩璟琛瑾瑜璐瑶璇琦琨琮蕾蓓莺鹂鑫淼焱垚森晗晞曜昕旸暄朗玥曈"
    "翊羿栩棣楷樾桦彬彧斐乐嘉航晨曦佑雅诗梦若紫懿煜城晟奕辰宸逸凡芷婉清莹冰洁慧凤卫鹏飞"
    "宏伦斌颖玲琳丹婷倩慧兵辉坤飞龙云峰永健成康宁安福寿喜庆荣贵富春花香蓉蕊菲雯霖露琴萌"
    "颜凯锐锋鸿林华振光耀辉腾跃斌彪虎豹鹰鹤凤鸣鹃莲荷兰菊竹松柏杨柳桃李杏梨枫桐槐榆樱"
    "长重行传和茜曾解单区查覃翟仇朴于乾著吕绿律旅女略";

std::vector<std::string> generate_names(size_t count) {
    const std::vector<std::string_view> given = bx::split_code_points(kGivenChars);
    std::mt19937 random(20240601);  // fixed seed: the same names on every run
    std::uniform_int_distribution<size_t> pick_surname(0, std::size(kSurnames) - 1);
    std::uniform_int_distribution<size_t> pick_given(0, given.size() - 1);
    std::bernoulli_distribution two_given(0.7);
    std::vector<std::string> names;
    names.reserve(count);
    for (size_t i = 0; i < count; ++i) {
        std::string name(kSurnames[pick_surname(random)]);
        name += given[pick_given(random)];
        if (two_given(random)) name += given[pick_given(random)];
        names.push_back(std::move(name));
    }
    return names;
}

double cpu_seconds() { return static_cast<double>(std::clock()) / CLOCKS_PER_SEC; }

template <typename Function>
void measure(const char* label, const std::vector<std::string>& names, Function function) {
    size_t bytes = 0;  // consumed so the work cannot be optimised away
    const double start = cpu_seconds();
    for (const std::string& name : names) bytes += function(name).size();
    const double seconds = cpu_seconds() - start;
    std::printf("%-28s %8.3f s CPU  %7.1f ns/name  (%zu bytes out)\n", label, seconds,
                seconds * 1e9 / static_cast<double>(names.size()), bytes);
}

}  // namespace

int main() {
    constexpr size_t kNames = 1'000'000;
    const std::vector<std::string> names = generate_names(kNames);
    std::printf("%zu names, %zu surnames, %zu given-name characters\n", names.size(),
                std::size(kSurnames), bx::split_code_points(kGivenChars).size());

    measure("normalize_name (cold)", names, bx::normalize_name);
    std::vector<std::string> normalized;
    normalized.reserve(names.size());
    for (const std::string& name : names) normalized.push_back(bx::normalize_name(name));
    measure("name_match_key", normalized, bx::name_match_key);
    measure("name_pinyin (cold caches)", normalized, bx::name_pinyin);
    measure("name_pinyin (warm caches)", normalized, bx::name_pinyin);
    return 0;
}
