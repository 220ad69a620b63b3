# Export formats end to end: tab-separated text, UTF-16 "Unicode text" (BOM, tabs, CR LF) and
# footer rows (合计, 制表人：…). Every form of samples/ gives bx-flag, bx-clean and bx-link the
# same outputs as the comma-separated UTF-8 files; footer rows are counted, never read as people,
# and kept by bx-convert.
source "$(dirname "$0")/common.bash" "$@"
F=$BIN/bx-flag
DATA=$SRC/samples
FILES="hukou roster elsewhere exempt poverty"

# to_tab IN OUT [LINE_END]: the same records tab-separated (quotes only where a tab, a quote or a
# line break needs them, as Excel writes them; commas stay bare).
to_tab() {
  local lf=$'\n'
  python3 -c 'import csv, sys
w = csv.writer(sys.stdout, delimiter="\t", lineterminator=sys.argv[2])
for row in csv.reader(open(sys.argv[1], newline="", encoding="utf-8")): w.writerow(row)' "$1" "${3:-$lf}" > "$2"
}
# to_unicode IN OUT: Excel's "Unicode text": UTF-16LE with its BOM, tab-separated, CR LF.
to_unicode() {
  to_tab "$1" "$WORK/crlf.tmp" $'\r\n'
  { printf '\xFF\xFE'; iconv -f UTF-8 -t UTF-16LE "$WORK/crlf.tmp"; } > "$2"
}
# flag DIR: bx-flag on DIR's five files, named alike in every form (the roster's name is in an
# output); the outputs in DIR, stderr in DIR/err.
flag() {
  (cd "$1" && "$F" --registry hukou.csv --roster roster.csv --elsewhere elsewhere.csv --exempt exempt.csv \
    --poverty poverty.csv --as-of 2026-09-01 -o flagged.out --review review.out --unregistered unreg.out \
    --poverty-mismatch pm.out 2> err) || { cat "$1/err" >&2; fail "bx-flag on $1"; }
}
# same_outputs DIR: DIR's outputs are byte for byte those of the comma UTF-8 files.
same_outputs() {
  for out in flagged review unreg pm; do
    cmp -s "$WORK/comma/$out.out" "$1/$out.out" || fail "$1: $out.out differs from the comma UTF-8 run"
  done
}

mkdir -p "$WORK/comma" "$WORK/tab" "$WORK/unicode" "$WORK/footer" "$WORK/footer16"
for f in $FILES; do
  cp "$DATA/$f.csv" "$WORK/comma/$f.csv"
  to_tab "$DATA/$f.csv" "$WORK/tab/$f.csv"
  to_unicode "$DATA/$f.csv" "$WORK/unicode/$f.csv"
done
grep -q $'\t.*,' "$WORK/tab/hukou.csv" || fail "the tab registry should hold bare commas in addresses"
[ "$(head -c 2 "$WORK/unicode/hukou.csv" | od -An -tx1 | tr -d ' ')" = fffe ] || fail "no UTF-16LE BOM"

# ---- 1. tab-separated and UTF-16 exports flag the same children -----------------------------
flag "$WORK/comma"
flag "$WORK/tab"      # rows read back by offset, split at tabs
flag "$WORK/unicode"  # transcoded: rows read in a second pass
same_outputs "$WORK/tab"
same_outputs "$WORK/unicode"
[ "$(head -1 "$WORK/tab/flagged.out" | tr -cd '\t' | wc -c)" -eq 0 ] || fail "an output holds tabs: outputs are comma CSV"
grep -q "footer rows" "$WORK/tab/err" && fail "no footer rows in samples/, yet: $(cat "$WORK/tab/err")"

# bx-clean and bx-link too, and UTF-16 from stdin.
"$BIN/bx-clean" -q "$WORK/comma/roster.csv" -o "$WORK/comma/roster.clean"
"$BIN/bx-clean" -q "$WORK/tab/roster.csv" -o "$WORK/tab/roster.clean"
"$BIN/bx-clean" -q - < "$WORK/unicode/roster.csv" > "$WORK/unicode/roster.clean"
cmp -s "$WORK/comma/roster.clean" "$WORK/tab/roster.clean" || fail "bx-clean: tab roster differs"
cmp -s "$WORK/comma/roster.clean" "$WORK/unicode/roster.clean" || fail "bx-clean: UTF-16 roster differs"
"$BIN/bx-link" -q "$WORK/comma/hukou.csv" "$WORK/comma/roster.csv" --as-of 2026-09-01 -o "$WORK/comma/pairs"
"$BIN/bx-link" -q "$WORK/unicode/hukou.csv" "$WORK/tab/roster.csv" --as-of 2026-09-01 -o "$WORK/tab/pairs"
cmp -s "$WORK/comma/pairs" "$WORK/tab/pairs" || fail "bx-link: UTF-16 and tab inputs give other pairs"

# --delimiter and --encoding force what detection would not choose; bad values are usage errors.
expect_status 0 "$BIN/bx-convert" --delimiter tab "$WORK/tab/exempt.csv"
cmp -s "$WORK/out" "$DATA/exempt.csv" || fail "--delimiter tab: $(head -2 "$WORK/out")"
expect_status 1 "$BIN/bx-clean" --delimiter comma "$WORK/tab/exempt.csv"
expect_stderr "exempt.csv:1: no column for field"
expect_status 2 "$BIN/bx-clean" --delimiter semicolon "$WORK/tab/exempt.csv"
expect_stderr "bx-clean: unknown --delimiter 'semicolon' (use auto, comma or tab)"
tail -c +3 "$WORK/unicode/exempt.csv" > "$WORK/nobom.csv"
expect_status 1 "$BIN/bx-convert" "$WORK/nobom.csv"
expect_stderr "nobom.csv:1: NUL bytes as in UTF-16 text without a byte-order mark; if it is, read it with --encoding utf-16le"
expect_status 0 "$BIN/bx-convert" --encoding utf-16le "$WORK/nobom.csv"
cmp -s "$WORK/out" "$DATA/exempt.csv" || fail "--encoding utf-16le: $(head -2 "$WORK/out")"

# ---- 2. footer rows ----------------------------------------------------------------------------
# The registry gets a 小计 row half-way (between townships; line 1002 starts a record) and three
# rows at the end; the roster two at the end, one of them a single cell. Names in them must never
# reach a message.
{ head -n 1001 "$DATA/hukou.csv"; echo "小计,1000,,,,,,,,,,,,,"; tail -n +1002 "$DATA/hukou.csv"
  echo "合计,,,,,,,,,,,,,,2011"; echo "制表人：张三,,审核人：李四,,,,,,,,,,,,"; echo "填表日期：2026年9月1日,,,,,,,,,,,,,,"
} > "$WORK/footer/hukou.csv"
{ cat "$DATA/roster.csv"; echo "总计：1335人"; echo "注:学籍状态以系统为准,,,,,,,,,,,,,,,,,"; echo ",,,,,,,,,,,,,,,,,";
  echo ",,,,,,,,,,,,,,,,,,,"; } > "$WORK/footer/roster.csv"  # and two rows of blank cells, one wider
for f in elsewhere exempt poverty; do cp "$DATA/$f.csv" "$WORK/footer/$f.csv"; done
flag "$WORK/footer"
same_outputs "$WORK/footer"
grep -qF "bx-flag: hukou.csv:1002: 4 footer rows skipped (小计, 合计, 制表, 填表)" "$WORK/footer/err" \
  || fail "registry footer note: $(cat "$WORK/footer/err")"
grep -qF "bx-flag: roster.csv:1337: 4 footer rows skipped (总计, 注:, 空行)" "$WORK/footer/err" \
  || fail "roster footer note: $(cat "$WORK/footer/err")"
[ "$(grep -c "footer rows skipped (" "$WORK/footer/err")" -eq 2 ] || fail "footer notes repeated: $(cat "$WORK/footer/err")"
grep -q "footer rows skipped 8" "$WORK/footer/err" || fail "summary lacks the footer count: $(cat "$WORK/footer/err")"
grep -q "registry rows $(grep "registry rows" "$WORK/comma/err" | sed 's/.*registry rows \([0-9]*\).*/\1/')," "$WORK/footer/err" \
  || fail "footer rows counted as registry rows"
grep -qE "张三|李四|学籍状态以系统为准|2026年9月1日" "$WORK/footer/err" && fail "a message shows footer text: $(cat "$WORK/footer/err")"

# The same footers in Excel's Unicode text: transcoded, so bx-flag reads the registry a second time.
for f in $FILES; do to_unicode "$WORK/footer/$f.csv" "$WORK/footer16/$f.csv"; done
flag "$WORK/footer16"
same_outputs "$WORK/footer16"
grep -qF "bx-flag: hukou.csv:1002: 4 footer rows skipped (小计, 合计, 制表, 填表)" "$WORK/footer16/err" || fail "UTF-16 footer note: $(cat "$WORK/footer16/err")"

# bx-clean: the footer rows are in no output and in the summary; bx-idcheck counts them too.
expect_status 0 "$BIN/bx-clean" "$WORK/footer/roster.csv" -o "$WORK/footer/roster.clean"
cmp -s "$WORK/comma/roster.clean" "$WORK/footer/roster.clean" || fail "bx-clean kept a footer row"
expect_stderr "bx-clean: read 1335, written 1335, rejected 0"
expect_stderr "footer rows skipped 4"
expect_status 0 "$BIN/bx-idcheck" "$WORK/footer/hukou.csv" -o /dev/null
expect_stderr "footer rows skipped 4"
# bx-convert converts faithfully: the footer rows stay (the one-cell row wants --lenient).
expect_status 0 "$BIN/bx-convert" --lenient "$WORK/footer/roster.csv"
[ "$(tail -n 4 "$WORK/out" | head -n 2 | cut -d, -f1)" = $'总计：1335人\n注:学籍状态以系统为准' ] || fail "bx-convert dropped footer rows: $(tail -n 2 "$WORK/out")"
expect_stderr "bx-convert: read 1339, written 1339"
grep -q "footer" "$WORK/err" && fail "bx-convert noted footer rows: $(cat "$WORK/err")"
echo "formats: ok"
