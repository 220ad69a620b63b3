// bx::CsvReader reading and splitting every field of a file (columns decided at run time).
#include <cstdio>

#include "csv_reader.h"

int main(int argc, char** argv) {
    if (argc != 2) return 2;
    bx::CsvReader reader(argv[1]);
    unsigned long long total = 0;
    while (reader.next()) {
        for (auto field : reader.fields()) total += field.size();
    }
    std::printf("%llu\n", total);
}
