# bx-synth and bx-score end to end: reproducible output, GBK and CRLF variants, scoring the
# truth against itself, deliberate mistakes, exit codes.
source "$(dirname "$0")/common.bash" "$@"
S=$BIN/bx-synth
R=$BIN/bx-score

expect_status 0 "$S" --help
grep -q "Example:" "$WORK/out" || fail "bx-synth --help has no example"
grep -q -- "--id-substitution" "$WORK/out" || fail "bx-synth --help lists no rate flags"
expect_status 0 "$R" --help
grep -q "Example:" "$WORK/out" || fail "bx-score --help has no example"

# Usage errors are status 2.
expect_status 2 "$S" --children 100
expect_stderr "bx-synth: -o FOLDER is required"
expect_status 2 "$S" --children 100 --twins 1.5 -o "$WORK/x"
expect_status 2 "$S" --children 100 --as-of 2026-13-01 -o "$WORK/x"
expect_status 2 "$S" --children 100 --region 1403 -o "$WORK/x"
expect_status 2 "$S" --children 100 --not-enrolled 0.3 --dropped-out 0.3 -o "$WORK/x"
expect_status 2 "$R" --truth /dev/null

# Six files, a summary line, the same bytes for the same seed.
expect_status 0 "$S" --children 3000 --seed 11 -o "$WORK/a"
expect_stderr "bx-synth: children 3000, households"
for f in hukou roster elsewhere exempt poverty truth; do
  [ -s "$WORK/a/$f.csv" ] || fail "$f.csv missing or empty"
done
[ "$(wc -l < "$WORK/a/truth.csv")" -eq 3001 ] || fail "truth.csv should have 3000 rows"
"$S" -q --children 3000 --seed 11 -o "$WORK/b"
for f in hukou roster elsewhere exempt poverty truth; do
  cmp -s "$WORK/a/$f.csv" "$WORK/b/$f.csv" || fail "$f.csv differs between runs with one seed"
done
"$S" -q --children 3000 --seed 12 -o "$WORK/c"
cmp -s "$WORK/a/roster.csv" "$WORK/c/roster.csv" && fail "another seed gave the same roster"

# --gbk and --crlf: the same text, GB18030-encoded with CR LF line ends.
"$S" -q --children 3000 --seed 11 --gbk --crlf -o "$WORK/g"
iconv -f UTF-8 -t UTF-8 "$WORK/g/roster.csv" > /dev/null 2>&1 && fail "--gbk output is still UTF-8"
iconv -f GB18030 -t UTF-8 "$WORK/g/roster.csv" | tr -d '\r' > "$WORK/g_roster_utf8.csv"
cmp -s "$WORK/g_roster_utf8.csv" "$WORK/a/roster.csv" || fail "--gbk --crlf changed the text"
head -1 "$WORK/g/truth.csv" | grep -q $'\r$' || fail "--crlf lines do not end in CR LF"

# --adults adds registry rows but not truth rows; --region narrows the counties.
"$S" -q --children 500 --seed 3 --adults --region 140322,140321 -o "$WORK/d"
[ "$(wc -l < "$WORK/d/truth.csv")" -eq 501 ] || fail "--adults changed the truth size"
grep -q ",户主," "$WORK/d/hukou.csv" || fail "--adults wrote no household heads"
grep -q "城区" "$WORK/d/hukou.csv" && fail "--region 140322,140321 still wrote 城区"

# The truth's own out-of-school rows score precision 1 and recall 1.
awk -F, 'NR == 1 { print "registry_row,status" }
         NR > 1 && ($2 == "not_enrolled" || $2 == "dropped_out" || $2 == "suspended" || $2 == "transferred_lost") { print $1 "," $2 }' \
  "$WORK/a/truth.csv" > "$WORK/perfect.csv"
[ "$(wc -l < "$WORK/perfect.csv")" -gt 20 ] || fail "too few out-of-school children in 3000"
expect_status 0 "$R" --truth "$WORK/a/truth.csv" "$WORK/perfect.csv" -o "$WORK/m.csv"
grep -qx "precision,1.0000" "$WORK/m.csv" || fail "precision of the truth itself: $(cat "$WORK/m.csv")"
grep -qx "recall,1.0000" "$WORK/m.csv" || fail "recall of the truth itself"
expect_stderr "precision 1.0000  recall 1.0000"

# Splitting the list over two files changes nothing; one enrolled child added is one false flag.
head -11 "$WORK/perfect.csv" > "$WORK/part1.csv"
{ echo "registry_row,status"; tail -n +12 "$WORK/perfect.csv"; } > "$WORK/part2.csv"
enrolled=$(awk -F, '$2 == "enrolled" { print $1; exit }' "$WORK/a/truth.csv")
echo "$enrolled,enrolled" >> "$WORK/part2.csv"
"$R" -q --truth "$WORK/a/truth.csv" "$WORK/part1.csv" "$WORK/part2.csv" > "$WORK/m2.csv"
grep -qx "recall,1.0000" "$WORK/m2.csv" || fail "two lists lost recall"
grep -qx "false_flag.enrolled,1" "$WORK/m2.csv" || fail "the false flag is not reported: $(cat "$WORK/m2.csv")"
grep -q "^precision,0.9" "$WORK/m2.csv" || fail "precision should drop below 1"

# Links: the truth's own pairs are perfect; a twin swap is reported as such.
awk -F, 'NR == 1 { print "left_row,right_row" } NR > 1 { print $1 "," ($3 == "roster" ? $4 : "") }' \
  "$WORK/a/truth.csv" > "$WORK/pairs.csv"
"$R" -q --truth "$WORK/a/truth.csv" --pairs "$WORK/pairs.csv" > "$WORK/p.csv"
grep -qx "pair_precision,1.0000" "$WORK/p.csv" || fail "pair precision of the truth itself"
awk -F, 'NR == 1 { print "left_row,right_row" }
         NR > 1 && $9 == "yes" && $3 == "roster" { row[$1] = $4; twin[$1] = $10 }
         END { for (r in row) if (twin[r] in row) { print r "," row[twin[r]]; exit } }' \
  "$WORK/a/truth.csv" > "$WORK/swap.csv"
[ "$(wc -l < "$WORK/swap.csv")" -eq 2 ] || fail "no twin pair in the roster to swap"
"$R" -q --truth "$WORK/a/truth.csv" --pairs "$WORK/swap.csv" > "$WORK/s.csv"
grep -qx "wrong_link.twin_swap,1" "$WORK/s.csv" || fail "twin swap not reported: $(cat "$WORK/s.csv")"

# An empty list (header only) is valid: nothing flagged, every positive missed.
echo "registry_row" > "$WORK/empty.csv"
expect_status 0 "$R" --truth "$WORK/a/truth.csv" "$WORK/empty.csv"
grep -qx "recall,0.0000" "$WORK/out" || fail "an empty list should have recall 0"

# Bad data is status 1 with FILE:LINE.
printf 'registry_row\nseven\n' > "$WORK/bad.csv"
expect_status 1 "$R" --truth "$WORK/a/truth.csv" "$WORK/bad.csv"
expect_stderr "bad.csv:2: registry_row is not a row number"
printf 'name\nx\n' > "$WORK/nocol.csv"
expect_status 1 "$R" --truth "$WORK/a/truth.csv" "$WORK/nocol.csv"
expect_stderr "no column 'registry_row'"
echo "ok"
