# bx-convert end to end: encodings, stdin, pipes, atomic output, exit codes, error format.
source "$(dirname "$0")/common.bash" "$@"
C=$BIN/bx-convert

# --help carries an example; bad usage is status 2.
expect_status 0 "$C" --help
grep -q "Example:" "$WORK/out" || fail "--help has no example"
expect_status 2 "$C" --no-such-option
expect_stderr "bx-convert: The following argument was not expected: --no-such-option"
expect_status 2 "$C" --encoding latin1 /dev/null
expect_stderr "bx-convert: unknown --encoding 'latin1'"

# GBK in, UTF-8 out, and back again byte for byte.
printf '姓名,公民身份号码,住址\r\n张三,140322201503041234,"盂县\r\n秀水镇"\r\n' > "$WORK/utf8.csv"
iconv -f UTF-8 -t GB18030 "$WORK/utf8.csv" > "$WORK/gbk.csv"
"$C" -q "$WORK/gbk.csv" --crlf -o "$WORK/back.csv"
cmp "$WORK/utf8.csv" "$WORK/back.csv" || fail "GBK to UTF-8 changed the text"
"$C" -q "$WORK/utf8.csv" --out-encoding gb18030 --crlf -o "$WORK/gbk2.csv"
cmp "$WORK/gbk.csv" "$WORK/gbk2.csv" || fail "UTF-8 to GB18030 differs from iconv"

# stdin as '-' and as no argument; BOM on request; select and canonical names.
"$C" -q - --select id,name --canonical < "$WORK/gbk.csv" > "$WORK/sel.csv"
[ "$(head -1 "$WORK/sel.csv")" = "id,name" ] || fail "canonical header: $(head -1 "$WORK/sel.csv")"
"$C" -q --bom < "$WORK/utf8.csv" | head -c 3 | od -An -tx1 | grep -q "ef bb bf" || fail "no BOM"

# An option that takes a list takes one value per occurrence: the file after it stays the input.
expect_status 0 "$C" --select id,name "$WORK/utf8.csv" < /dev/null
[ "$(head -1 "$WORK/out")" = "公民身份号码,姓名" ] || fail "--select took the input: $(head -1 "$WORK/out")"
expect_status 0 "$C" --select id --select name "$WORK/utf8.csv" < /dev/null
[ "$(head -1 "$WORK/out")" = "公民身份号码,姓名" ] || fail "--select repeated: $(head -1 "$WORK/out")"
expect_status 0 "$C" --col id=住址 --rename 姓名=name "$WORK/utf8.csv" --select id,name < /dev/null
[ "$(head -1 "$WORK/out")" = "住址,name" ] || fail "--col/--rename before the input: $(head -1 "$WORK/out")"

expect_status 1 "$C" --col id=身份证号 "$WORK/utf8.csv" --select id < /dev/null
expect_stderr "bx-convert: $WORK/utf8.csv:1: --col id=身份证号: no such column"
[ ! -s "$WORK/out" ] || fail "a wrong --col wrote output"

# The summary line counts rows.
expect_status 0 "$C" "$WORK/utf8.csv"
expect_stderr "bx-convert: read 1, written 1, rejected 0"

# A missing column: status 1, FILE:LINE, headers listed, and -o leaves nothing behind.
expect_status 1 "$C" "$WORK/utf8.csv" --select birth -o "$WORK/none.csv"
expect_stderr "bx-convert: $WORK/utf8.csv:1: no column for field 'birth'"
[ ! -e "$WORK/none.csv" ] || fail "a failed run left its output file"
[ -z "$(ls -A "$WORK" | grep tmp- || true)" ] || fail "a temporary file was left behind"

# Without a header row, line 1 is a child's record: the message shows none of its cells.
printf '张三,140322201503041234,13912340001\n李四,140322201503052345,13912340002\n' > "$WORK/noheader.csv"
expect_status 1 "$C" "$WORK/noheader.csv" --select id
expect_stderr "noheader.csv:1: no column for field 'id'; no cell of line 1 is a known header (is line 1 a header row?)"
grep -qE "张三|1403222015|13912340001" "$WORK/err" && fail "a message shows personal data: $(cat "$WORK/err")"
# Repeated headers pass through; the one a tool reads must be unique.
printf '姓名,备注,备注,联系电话,联系电话\n张三,a,b,1,2\n' > "$WORK/dup.csv"
expect_status 0 "$C" "$WORK/dup.csv" --canonical
[ "$(head -1 "$WORK/out")" = "name,备注,备注,phone,phone" ] || fail "duplicates: $(head -1 "$WORK/out")"
expect_status 1 "$C" "$WORK/dup.csv" --select name,phone
expect_stderr "dup.csv:1: duplicate header '联系电话' in columns 4 and 5: either could be field 'phone'"
# A name bx-convert gives may not repeat another column's: --canonical on two ID headers is bad
# data (1), a --rename onto an existing name bad usage (2).
printf '身份证号,公民身份号码,姓名\n1,2,3\n' > "$WORK/twoid.csv"
expect_status 1 "$C" "$WORK/twoid.csv" --canonical
expect_stderr "bx-convert: $WORK/twoid.csv:1: --canonical: columns 1 ('身份证号') and 2 ('公民身份号码') would both be named 'id'; keep one with --select"
expect_status 2 "$C" "$WORK/twoid.csv" --rename 姓名=身份证号
expect_stderr "bx-convert: --rename 姓名=身份证号: output columns 1 and 3 would both be named '身份证号'"
expect_status 0 "$C" "$WORK/dup.csv" --rename 备注=note
[ "$(head -1 "$WORK/out")" = "姓名,note,note,联系电话,联系电话" ] || fail "input repeats renamed: $(head -1 "$WORK/out")"
# A title line above the header is skipped with a note giving the header's line.
printf '某县2026年户籍人口名单,,\n姓名,身份证号(18位),出生日期（年月日）\n张三,1,2\n' > "$WORK/title.csv"
expect_status 0 "$C" "$WORK/title.csv" --canonical
expect_stderr "bx-convert: $WORK/title.csv:2: header row found here; 1 title line above it skipped"
[ "$(cat "$WORK/out")" = $'name,id,birth\n张三,1,2' ] || fail "title: $(cat "$WORK/out")"
# CR-only line ends (old Mac) are named as such.
printf '姓名,身份证号\r张三,1\r' > "$WORK/cr.csv"
expect_status 1 "$C" "$WORK/cr.csv"
expect_stderr "cr.csv:1: line ends are CR only"

# A failure half-way through a file keeps the old output in place.
echo "old" > "$WORK/keep.csv"
{ echo "a,b"; for i in $(seq 1 5000); do echo "$i,x"; done; echo "1,2,3"; } > "$WORK/ragged.csv"
expect_status 1 "$C" "$WORK/ragged.csv" -o "$WORK/keep.csv"
expect_stderr "ragged.csv:5002: row has 3 fields but the header has 2"
[ "$(cat "$WORK/keep.csv")" = "old" ] || fail "a failed run replaced the output"

# A non-regular target is written in place, never replaced.
expect_status 0 "$C" "$WORK/utf8.csv" -o /dev/null

# A closed pipe ends the run quietly with status 0.
{ echo "id,name"; for i in $(seq 1 200000); do echo "$i,王小明"; done; } > "$WORK/big.csv"
set +e
"$C" "$WORK/big.csv" 2>"$WORK/err" | head -1 > /dev/null
status=${PIPESTATUS[0]}
set -e
[ "$status" -eq 0 ] || fail "bx-convert | head -1 exited $status"
[ ! -s "$WORK/err" ] || { cat "$WORK/err"; fail "bx-convert | head -1 printed to stderr"; }
echo "convert: ok"
