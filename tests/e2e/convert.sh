# bx-convert end to end: encodings, stdin, pipes, atomic output, exit codes, error format.
source "$(dirname "$0")/common.bash" "$@"
C=$BIN/bx-convert

# --help carries an example; bad usage is status 2.
expect_status 0 "$C" --help
grep -q "Example:" "$WORK/out" || fail "--help has no example"
expect_status 2 "$C" --no-such-option
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

# The summary line counts rows.
expect_status 0 "$C" "$WORK/utf8.csv"
expect_stderr "bx-convert: read 1, written 1, rejected 0"

# A missing column: status 1, FILE:LINE, headers listed, and -o leaves nothing behind.
expect_status 1 "$C" "$WORK/utf8.csv" --select birth -o "$WORK/none.csv"
expect_stderr "bx-convert: $WORK/utf8.csv:1: no column for field 'birth'"
[ ! -e "$WORK/none.csv" ] || fail "a failed run left its output file"
[ -z "$(ls -A "$WORK" | grep tmp- || true)" ] || fail "a temporary file was left behind"

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
