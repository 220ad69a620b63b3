# bx-link end to end: quality on bx-synth data scored by bx-score, review/decisions and model
# round trips, stdin, side outputs and errors.
source "$(dirname "$0")/common.bash" "$@"
L=$BIN/bx-link

expect_status 0 "$L" --help
grep -q "Example:" "$WORK/out" || fail "--help has no example"

# The samples when present, else a fresh bx-synth set of the same size.
DATA=$SRC/samples
if [ ! -f "$DATA/hukou.csv" ] || [ ! -f "$DATA/truth.csv" ]; then
  DATA=$WORK/synth
  "$BIN/bx-synth" -q -o "$DATA" --children 2000
fi

# Quality: pair precision and recall at least 99.9%, no twin cross-linked.
"$L" -q "$DATA/hukou.csv" "$DATA/roster.csv" --as-of 2026-09-01 --keep name,birth \
  --review "$WORK/review.csv" --unmatched-right "$WORK/unmatched.csv" --save-model "$WORK/model.json" \
  -o "$WORK/pairs.csv"
"$BIN/bx-score" -q --truth "$DATA/truth.csv" --pairs "$WORK/pairs.csv" -o "$WORK/metrics.csv"
metric() { awk -F, -v m="$1" '$1 == m { print $2 }' "$WORK/metrics.csv"; }
awk -v p="$(metric pair_precision)" -v r="$(metric pair_recall)" 'BEGIN { exit !(p >= 0.999 && r >= 0.999) }' \
  || fail "precision $(metric pair_precision), recall $(metric pair_recall)"
[ -z "$(metric wrong_link.twin_swap)" ] || fail "twins cross-linked: $(metric wrong_link.twin_swap)"
head -1 "$WORK/pairs.csv" | grep -q "^left_row,right_row,method,weight,w_id,w_name,w_birth,w_sex,w_guardian,w_phone,w_household,w_region,review_row,left_name,left_birth,right_name,right_birth$" \
  || fail "pairs header: $(head -1 "$WORK/pairs.csv")"
head -1 "$WORK/unmatched.csv" | grep -q ",right_row$" || fail "unmatched-right header"

# Either input may be the larger (the larger is streamed): swapping the sides finds the same pairs,
# and each unmatched list accounts for the rest of its side.
"$L" -q "$DATA/roster.csv" "$DATA/hukou.csv" --as-of 2026-09-01 --keep name,birth \
  --review "$WORK/review_swapped.csv" --unmatched-right "$WORK/unmatched_swapped.csv" -o "$WORK/pairs_swapped.csv"
linked_pairs() { awk -F, -v swap="$2" 'NR > 1 && $2 != "" { print (swap ? $2 "," $1 : $1 "," $2) }' "$1" | sort; }
cmp -s <(linked_pairs "$WORK/pairs.csv" 0) <(linked_pairs "$WORK/pairs_swapped.csv" 1) || fail "swapped sides link other pairs"
data_rows() { "$BIN/bx-convert" "$1" -o /dev/null 2>&1 | sed -n "s/.*read \([0-9]*\),.*/\1/p"; }
[ $(($(data_rows "$WORK/unmatched_swapped.csv") + $(linked_pairs "$WORK/pairs.csv" 0 | wc -l))) -eq "$(data_rows "$DATA/hukou.csv")" ] \
  || fail "unmatched registry rows plus links do not add up to the registry"
[ $(($(data_rows "$WORK/unmatched.csv") + $(linked_pairs "$WORK/pairs.csv" 0 | wc -l))) -eq "$(data_rows "$DATA/roster.csv")" ] \
  || fail "unmatched roster rows plus links do not add up to the roster"
grep -q ",left_name,left_birth,right_name,right_birth$" "$WORK/pairs_swapped.csv" || fail "swapped pairs header"
[ "$(awk -F, 'NR > 1 && $3 == "id_exact" && $15 == ""' "$WORK/pairs_swapped.csv" | wc -l)" -eq 0 ] \
  || fail "swapped: a linked pair lacks the kept right columns"

# Pipes (process substitution) are read once: they are copied, then streamed like files.
"$L" -q <(cat "$DATA/hukou.csv") <(cat "$DATA/roster.csv") --as-of 2026-09-01 --keep name,birth -o "$WORK/pairs_piped.csv"
cmp -s "$WORK/pairs.csv" "$WORK/pairs_piped.csv" || fail "inputs from pipes gave other pairs"

# The model round trip: the saved model, read back, gives the same pairs.
"$L" -q "$DATA/hukou.csv" "$DATA/roster.csv" --as-of 2026-09-01 --keep name,birth --model "$WORK/model.json" -o "$WORK/pairs2.csv"
cmp -s "$WORK/pairs.csv" "$WORK/pairs2.csv" || fail "--model gave other pairs than the run that saved it"

# Review and decisions: with a high link threshold there are pairs to review; accepting them all
# links them as clerk_accepted, rejecting them all leaves them unlinked.
"$L" -q "$DATA/hukou.csv" - --as-of 2026-09-01 --link-threshold 60 --review "$WORK/review.csv" \
  -o "$WORK/pairs3.csv" < "$DATA/roster.csv"
reviews=$(($(wc -l < "$WORK/review.csv") - 1))
[ "$reviews" -gt 0 ] || fail "no pairs to review at --link-threshold 60"
head -1 "$WORK/review.csv" | grep -q "^left_row,right_row,weight,left_id,right_id,.*,decision$" || fail "review header"
sed '2,$ s/,$/,是/' "$WORK/review.csv" > "$WORK/accepted.csv"
"$L" -q "$DATA/hukou.csv" "$DATA/roster.csv" --as-of 2026-09-01 --link-threshold 60 --decisions "$WORK/accepted.csv" -o "$WORK/pairs4.csv"
[ "$(grep -c ',clerk_accepted,' "$WORK/pairs4.csv")" -eq "$reviews" ] || fail "accepted pairs were not all linked"
sed '2,$ s/,$/,reject/' "$WORK/review.csv" > "$WORK/rejected.csv"
"$L" -q "$DATA/hukou.csv" "$DATA/roster.csv" --as-of 2026-09-01 --link-threshold 60 --decisions "$WORK/rejected.csv" -o "$WORK/pairs5.csv"
[ "$(grep -c ',clerk_accepted,' "$WORK/pairs5.csv" || true)" -eq 0 ] || fail "rejected pairs were linked"

# --keep takes one comma list: the two inputs after it stay the inputs.
expect_status 0 "$L" --keep name,birth "$DATA/hukou.csv" "$DATA/roster.csv" --as-of 2026-09-01 < /dev/null
head -1 "$WORK/out" | grep -q ",left_name,left_birth,right_name,right_birth$" || fail "--keep before the inputs: $(head -1 "$WORK/out")"

# The summary line counts what happened.
expect_status 0 "$L" "$DATA/hukou.csv" "$DATA/roster.csv" --as-of 2026-09-01 -o /dev/null
expect_stderr "bx-link: left read"
expect_stderr "left id_exact"
expect_stderr "candidates birth_sex"

# Errors: usage (2), data (1) with FILE:LINE and no personal data, no output left behind.
expect_status 2 "$L" "$DATA/hukou.csv"
expect_stderr "bx-link: expected two inputs"
expect_status 2 "$L" "$DATA/hukou.csv" "$DATA/roster.csv" --link-threshold 5 --review-threshold 10
expect_status 2 "$L" "$WORK/missing.csv" "$DATA/roster.csv" -o "$WORK/none.csv"
expect_stderr "bx-link: $WORK/missing.csv: cannot open"
[ ! -e "$WORK/none.csv" ] || fail "a failed run left its output file"
expect_status 2 "$L" "$DATA/hukou.csv" "$WORK" -o /dev/null
expect_stderr "bx-link: $WORK: is a directory"
printf 'left_row,right_row,decision\n1,2,maybe\n' > "$WORK/bad_decisions.csv"
expect_status 1 "$L" "$DATA/hukou.csv" "$DATA/roster.csv" --decisions "$WORK/bad_decisions.csv"
expect_stderr "bx-link: $WORK/bad_decisions.csv:2: 'decision' is not accept or reject"
echo '{"format": "something else"}' > "$WORK/bad_model.json"
expect_status 1 "$L" "$DATA/hukou.csv" "$DATA/roster.csv" --model "$WORK/bad_model.json"
expect_stderr "bx-link: $WORK/bad_model.json: model: format is not"
printf '姓名,班级\n张三,1\n' > "$WORK/no_id.csv"
expect_status 1 "$L" "$WORK/no_id.csv" "$DATA/roster.csv"
expect_stderr "no_id.csv:1: no column for field 'id'"

# --col applies to each input that has the header; one no input has is an error, and a mistyped
# one is named before the error it causes.
printf '姓名,身份证号,联系电话(父),联系电话（母）\n张三,140322201503041231,13800000000,13900000000\n' > "$WORK/phones.csv"
expect_status 1 "$L" "$WORK/phones.csv" "$WORK/phones.csv" --col 'phone=联系电话(毋)' -o /dev/null
expect_stderr "bx-link: $WORK/phones.csv:1: --col phone=联系电话(毋): no such column"
expect_status 0 "$L" "$WORK/phones.csv" "$WORK/phones.csv" --col 'phone=联系电话(母)' -o /dev/null
expect_status 1 "$L" "$DATA/hukou.csv" "$DATA/roster.csv" --col id=身份证号 -o /dev/null
expect_stderr "bx-link: --col id=身份证号: no such column in any input"
expect_status 0 "$L" "$DATA/hukou.csv" "$DATA/roster.csv" --col id=公民身份号码 --as-of 2026-09-01 -o "$WORK/pairs_col.csv"
expect_stderr "bx-link: --col id=公民身份号码: no such column in $DATA/roster.csv; there field 'id' is found by its aliases"
"$L" -q "$DATA/hukou.csv" "$DATA/roster.csv" --as-of 2026-09-01 | cmp -s - "$WORK/pairs_col.csv" \
  || fail "--col id for the left input changed the right input's id column"

# Two outputs to one file or both to stdout are bad usage; the outputs are put in place together.
expect_status 2 "$L" "$DATA/hukou.csv" "$DATA/roster.csv" -o - --review -
expect_stderr "bx-link: -o and --review both write to stdout ('-'); give one of them a file"
expect_status 2 "$L" "$DATA/hukou.csv" "$DATA/roster.csv" -o "$WORK/p.csv" --unmatched-right "$WORK/p.csv"
expect_stderr "bx-link: -o and --unmatched-right write to the same file ($WORK/p.csv)"
expect_status 0 "$L" "$DATA/hukou.csv" "$DATA/roster.csv" -o /dev/null --review /dev/null --as-of 2026-09-01
echo old > "$WORK/pairs_old.csv"
expect_status 1 "$L" "$DATA/hukou.csv" "$DATA/roster.csv" -o "$WORK/pairs_old.csv" --review /dev/full --as-of 2026-09-01
[ "$(cat "$WORK/pairs_old.csv")" = old ] || fail "a failed run replaced the pairs file"
# The model file too is put in place only with the run's other outputs.
echo old > "$WORK/model_old.json"
expect_status 1 "$L" "$DATA/hukou.csv" "$DATA/roster.csv" -o /dev/null --review /dev/full \
  --save-model "$WORK/model_old.json" --as-of 2026-09-01
[ "$(cat "$WORK/model_old.json")" = old ] || fail "a failed run replaced the model file"
# Pairs under review with no --review file: a note says how many and where they are.
expect_status 0 "$L" "$DATA/hukou.csv" "$DATA/roster.csv" --as-of 2026-09-01 --link-threshold 60 -o /dev/null
expect_stderr "bx-link: $reviews pairs need a clerk's review (method review in the pairs file)"

# An empty side: a header-only roster leaves everyone unlinked.
head -1 "$DATA/roster.csv" > "$WORK/empty_roster.csv"
"$L" -q --lenient "$DATA/hukou.csv" "$WORK/empty_roster.csv" -o "$WORK/pairs6.csv"
[ "$(grep -c ',none,' "$WORK/pairs6.csv")" -gt 0 ] || fail "empty roster: no unlinked rows"
echo "link: ok"
