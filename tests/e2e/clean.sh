# bx-clean end to end: canonical columns on dirty exports, GBK, stdin, chaining, rejects, errors.
source "$(dirname "$0")/common.bash" "$@"
C=$BIN/bx-clean
D=$SRC/tests/data/clean
AS_OF=(--as-of 2024-09-01)  # fixed reference day: an ID born 2029-12-01 is bad_date

expect_status 0 "$C" --help
grep -q "Example:" "$WORK/out" || fail "--help has no example"
expect_status 2 "$C" --drop-invalid "$D/registry.csv"
expect_status 2 "$C" --as-of 2024-13-01 "$D/registry.csv"

# Full-width digits, U+3000, apostrophes, lowercase x, 1.40322E+17, a 15-digit ID, bad check and
# date, mixed date formats, traditional names, middle dots, sex mismatches: exact output.
expect_status 0 "$C" "${AS_OF[@]}" "$D/registry.csv" -o "$WORK/registry.csv"
diff "$D/registry.expected.csv" "$WORK/registry.csv" || fail "registry output differs"
expect_stderr "bx-clean: read 17, written 17, rejected 0, id_bad_check 1, id_bad_date 2, id_bad_region 1, id_excel_damaged 1, id_wrong_length 1, id_not_digits 1, id_missing 2, id_upgraded 1, birth_unparsed 2, birth_mismatch_id 1, sex_unparsed 1, sex_mismatch_id 1, name_missing 1"

# A GB18030 roster with canonical headers of its own (id, birth, sex kept as NAME_raw); from stdin.
"$C" -q "${AS_OF[@]}" < "$D/roster.gbk.csv" > "$WORK/roster.csv"
diff "$D/roster.expected.csv" "$WORK/roster.csv" || fail "roster output differs"
"$C" -q "${AS_OF[@]}" - < "$D/roster.gbk.csv" | cmp -s - "$WORK/roster.csv" || fail "'-' differs from no input"

# Chaining: cleaning a cleaned file changes nothing, also after bx-convert --canonical.
for input in "$D/registry.csv" "$D/roster.gbk.csv"; do
  "$BIN/bx-convert" -q "$input" --canonical | "$C" -q "${AS_OF[@]}" > "$WORK/once.csv"
  "$C" -q "${AS_OF[@]}" "$WORK/once.csv" | "$C" -q "${AS_OF[@]}" > "$WORK/thrice.csv"
  cmp -s "$WORK/once.csv" "$WORK/thrice.csv" || fail "re-cleaning $(basename "$input") changed it"
done
cmp -s <("$C" -q "${AS_OF[@]}" "$WORK/registry.csv") "$WORK/registry.csv" || fail "clean | clean differs"

# A row read as one unquoted line is copied whole; a quoted field and a bare CR are still quoted.
printf '身份证号,姓名,备注\n140322201503041231,王小明,plain\n140322201503041231,王小明,"a,b"\n140322201503041231,王小明,bare\rcr\n' > "$WORK/lines.csv"
"$C" -q "${AS_OF[@]}" "$WORK/lines.csv" > "$WORK/lines.out"
cleaned=',140322201503041231,valid,2015-03-04,M,王小明,wangxiaoming,'
printf '身份证号,姓名,备注,id,id_status,birth,sex,name_norm,name_pinyin,issues\n%s\n%s\n%s\n' \
  "140322201503041231,王小明,plain$cleaned" "140322201503041231,王小明,\"a,b\"$cleaned" \
  "140322201503041231,王小明,\"bare"$'\r'"cr\"$cleaned" > "$WORK/lines.expected"
cmp -s "$WORK/lines.expected" "$WORK/lines.out" || fail "unquoted, quoted or bare-CR rows differ"

# --drop-invalid: rows without a usable identity go to the rejects; rows in = rows out + rejects.
expect_status 0 "$C" "${AS_OF[@]}" "$D/registry.csv" --drop-invalid --rejects "$WORK/rejects.csv" -o "$WORK/kept.csv"
diff "$D/registry.kept.expected.csv" "$WORK/kept.csv" || fail "kept rows differ"
diff "$D/registry.rejects.expected.csv" "$WORK/rejects.csv" || fail "rejected rows differ"
expect_stderr "bx-clean: read 17, written 13, rejected 4,"
rows() { "$BIN/bx-convert" -q "$1" | python3 -c 'import csv,sys; print(sum(1 for _ in csv.reader(sys.stdin)) - 1)'; }
[ "$(rows "$D/registry.csv")" -eq $(( $(rows "$WORK/kept.csv") + $(rows "$WORK/rejects.csv") )) ] \
  || fail "rows in != rows out + rejects"

# A file with neither an ID column nor name and birth: status 1, FILE:LINE, no output left behind.
printf '姓名,学校\n王小明,一小\n' > "$WORK/noid.csv"
expect_status 1 "$C" "$WORK/noid.csv" -o "$WORK/none.csv"
expect_stderr "bx-clean: $WORK/noid.csv:1: no column for field 'id'"
[ ! -e "$WORK/none.csv" ] || fail "a failed run left its output file"

# A failure half-way leaves neither the output nor the rejects; --col names a column.
{ echo "证件,姓名,出生日期"; for i in $(seq 1 3000); do echo ",王$i,2015-03-04"; done; echo ",王,2015-03-04,"; } > "$WORK/ragged.csv"
expect_status 1 "$C" "$WORK/ragged.csv" --col id=证件 --drop-invalid --rejects "$WORK/r.csv" -o "$WORK/o.csv"
expect_stderr "ragged.csv:3002: row has 4 fields but the header has 3"
[ ! -e "$WORK/o.csv" ] && [ ! -e "$WORK/r.csv" ] || fail "a failed run left output behind"
printf '证件,姓名\n140322201503041231,王小明\n' > "$WORK/col.csv"
expect_status 0 "$C" -q "$WORK/col.csv" --col id=证件
grep -q "^140322201503041231,王小明,140322201503041231,valid," "$WORK/out" || fail "--col id=证件 not used"

# A folder as input is bad usage, as a missing file is.
expect_status 2 "$C" "$WORK" -o /dev/null
expect_stderr "bx-clean: $WORK: is a directory"

# A --col header the file does not have is an error, not ignored.
expect_status 1 "$C" "$WORK/col.csv" --col id=身份证号 -o "$WORK/none.csv"
expect_stderr "bx-clean: $WORK/col.csv:1: --col id=身份证号: no such column"
[ ! -e "$WORK/none.csv" ] || fail "a failed run left its output file"

# The output and the rejects are put in place together: when the rejects cannot be written, the
# existing output stays. One file for both is bad usage; /dev/null may take both.
echo old > "$WORK/kept_old.csv"
expect_status 1 "$C" "${AS_OF[@]}" "$D/registry.csv" --drop-invalid --rejects /dev/full -o "$WORK/kept_old.csv"
[ "$(cat "$WORK/kept_old.csv")" = old ] || fail "a failed run replaced the output"
[ -z "$(ls -A "$WORK" | grep tmp- || true)" ] || fail "a temporary file was left behind"
expect_status 2 "$C" "$D/registry.csv" --drop-invalid --rejects "$WORK/same.csv" -o "$WORK/same.csv"
expect_stderr "bx-clean: -o and --rejects write to the same file ($WORK/same.csv)"
[ ! -e "$WORK/same.csv" ] || fail "a usage error wrote the output"
expect_status 2 "$C" "$D/registry.csv" --drop-invalid --rejects "$WORK/../$(basename "$WORK")/same.csv" -o "$WORK/same.csv"
expect_status 2 "$C" "$D/registry.csv" --drop-invalid --rejects - -o -
expect_stderr "bx-clean: -o and --rejects both write to stdout"
expect_status 0 "$C" "${AS_OF[@]}" "$D/registry.csv" --drop-invalid --rejects /dev/null -o /dev/null

# Messages carry no personal data; a closed pipe ends quietly.
{ echo "身份证号,姓名"; for i in $(seq 1 100000); do echo "140322201503041231,王小明"; done; } > "$WORK/big.csv"
set +e
"$C" "$WORK/big.csv" 2>"$WORK/err" | head -1 > /dev/null
status=${PIPESTATUS[0]}
set -e
[ "$status" -eq 0 ] || fail "bx-clean | head -1 exited $status"
[ ! -s "$WORK/err" ] || { cat "$WORK/err"; fail "bx-clean | head -1 printed to stderr"; }
echo "clean: ok"
