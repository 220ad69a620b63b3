// fast-cpp-csv-parser's own CSVReader with its 8 columns fixed at compile time: the yardstick
// for bx::CsvReader. Prints the total field length so that no work is optimised away.
#pragma GCC diagnostic ignored "-Wstringop-truncation"
#include <libfccp/csv.h>

#include <cstdio>
#include <cstring>

int main(int argc, char** argv) {
    if (argc != 2) return 2;
    io::CSVReader<8, io::trim_chars<>, io::double_quote_escape<',', '"'>> in(argv[1]);
    in.read_header(io::ignore_no_column, "id", "name", "sex", "birth", "school", "grade", "status", "address");
    char *c[8];
    unsigned long long total = 0;
    while (in.read_row(c[0], c[1], c[2], c[3], c[4], c[5], c[6], c[7])) {
        for (char* field : c) total += std::strlen(field);
    }
    std::printf("%llu\n", total);
}
