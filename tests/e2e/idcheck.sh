# bx-idcheck end to end: verdicts, corrections never guessed, --column, --only-invalid, --mask.
source "$(dirname "$0")/common.bash" "$@"
C=$BIN/bx-idcheck
D=$SRC/tests/data/idcheck
AS_OF=(--as-of 2024-09-01)

expect_status 0 "$C" --help
grep -q "Example:" "$WORK/out" || fail "--help has no example"
expect_status 2 "$C" --no-such-option

# Default column through the aliases (身份证号): valid, fixed (full-width, apostrophe, x), invalid.
expect_status 0 "$C" "${AS_OF[@]}" "$D/guardians.csv" -o "$WORK/checked.csv"
diff "$D/guardians.expected.csv" "$WORK/checked.csv" || fail "checked output differs"
expect_stderr "bx-idcheck: read 6, valid 1, fixed 2, invalid 3, written 6"

# Another column, only the rows to fix, every ID column masked; from stdin.
"$C" -q "${AS_OF[@]}" --column 监护人身份证号 --only-invalid --mask < "$D/guardians.csv" > "$WORK/masked.csv"
diff "$D/guardians.invalid-masked.expected.csv" "$WORK/masked.csv" || fail "masked output differs"
! grep -q "140322201503041232" "$WORK/masked.csv" || fail "--mask left an ID in clear"

# The national student number is G + the ID (L and J numbers are built alike): masked the same way.
printf '姓名,身份证件号,全国学籍号\n李浩宇,140302201904136471,G140302201904136471\n陈梓琪,,L140302201910260637\n' > "$WORK/pupils.csv"
"$C" -q "${AS_OF[@]}" --mask "$WORK/pupils.csv" > "$WORK/pupils_masked.csv"
[ "$(cut -d, -f2,3 "$WORK/pupils_masked.csv" | tail -n +2 | tr '\n' ' ')" = "140302********6471,G140302********6471 ,L140302********0637 " ] \
  || fail "student numbers not masked: $(cut -d, -f2,3 "$WORK/pupils_masked.csv" | tr '\n' ' ')"
! grep -q "20190413\|20191026" "$WORK/pupils_masked.csv" || fail "--mask left a birth date of an ID in clear"

# The same through --col; checking a checked file replaces its columns in place.
"$C" -q "${AS_OF[@]}" "$D/guardians.csv" --col id=监护人身份证号 > "$WORK/col.csv"
"$C" -q "${AS_OF[@]}" --column 监护人身份证号 "$D/guardians.csv" | cmp -s - "$WORK/col.csv" || fail "--col differs from --column"
"$C" -q "${AS_OF[@]}" "$WORK/checked.csv" | cmp -s - "$WORK/checked.csv" || fail "re-checking changed the file"

# A GB18030 input reads the same.
iconv -f UTF-8 -t GB18030 "$D/guardians.csv" > "$WORK/gbk.csv"
"$C" -q "${AS_OF[@]}" "$WORK/gbk.csv" | cmp -s - "$WORK/checked.csv" || fail "GB18030 input differs"

# A missing column: status 1, FILE:LINE, and no output file.
expect_status 1 "$C" "$D/guardians.csv" --column 户主身份证号 -o "$WORK/none.csv"
expect_stderr "bx-idcheck: $D/guardians.csv:1: no column '户主身份证号' (--column)"
[ ! -e "$WORK/none.csv" ] || fail "a failed run left its output file"
printf '姓名\n王小明\n' > "$WORK/noid.csv"
expect_status 1 "$C" "$WORK/noid.csv"
expect_stderr "noid.csv:1: no column for field 'id'"
echo "idcheck: ok"
