# bx-flag on a village-sized export (16 registered children, 13 roster rows): each kind of damage
# exports do to a roster row, alone, still links the child, and the children who are out of
# school (a namesake, a twin, nobody's record) are flagged. Small files estimate the linkage
# model from few pairs; docs/linkage.md says how they are kept from weighing evidence too low.
source "$(dirname "$0")/common.bash" "$@"
F=$BIN/bx-flag

id18() {
  awk -v b="$1" 'BEGIN { split("7 9 10 5 8 4 2 1 6 3 7 9 10 5 8 4 2", w, " ")
    for (i = 1; i <= 17; i++) s += substr(b, i, 1) * w[i]; print b substr("10X98765432", s % 11 + 1, 1) }'
}
# typo ID POS: digit POS (0-based) changed, the check character kept (so it fails).
typo() { echo "$1" | awk -v p="$2" '{ d = substr($0, p + 1, 1); print substr($0, 1, p) ((d + 3) % 10) substr($0, p + 2) }'; }
# swap ID POS: digits POS and POS+1 exchanged.
swap() { echo "$1" | awk -v p="$2" '{ print substr($0, 1, p) substr($0, p + 2, 1) substr($0, p + 1, 1) substr($0, p + 3) }'; }

# name sex birth sequence guardian phone
CHILDREN="
张晓明 男 20150312 013 张建国 13900000001
李静 女 20140520 024 李强 13900000002
王伟 男 20130101 035 王刚 13900000003
王伟 男 20160707 057 王军 13900000004
赵磊 男 20120909 071 赵平 13900000005
刘欣怡 女 20170303 082 刘伟 13900000006
陈浩然 男 20150808 093 陈勇 13900000007
陈浩宇 男 20150808 095 陈勇 13900000007
买买提·艾力 男 20140404 111 买买提 13900000008
杨梓萱 女 20130606 122 杨军 13900000009
周宇轩 男 20161111 131 周斌 13900000010
吴思琪 女 20150101 142 吴涛 13900000011
郑雨涵 女 20140214 152 郑飞 13900000012
孙一诺 男 20160616 161 孙亮 13900000013
马思远 男 20130913 171 马林 13900000014
胡静怡 女 20151225 182 胡刚 13900000015
"
declare -a NAME SEX BIRTH ID GUARD PHONE
echo "公民身份号码,姓名,性别,出生日期,户号,户主,监护人,联系电话,乡镇,村委会" > "$WORK/hukou.csv"
i=0
while read -r name sex birth seq guardian phone; do
  [ -n "$name" ] || continue
  NAME[i]=$name; SEX[i]=$sex; BIRTH[i]=$birth; GUARD[i]=$guardian; PHONE[i]=$phone
  ID[i]=$(id18 "140322$birth$seq")
  echo "${ID[i]},$name,$sex,$birth,H$i,$guardian,$guardian,$phone,秀水镇,东关村" >> "$WORK/hukou.csv"
  i=$((i + 1))
done <<< "$CHILDREN"

# row CHILD [NAME] [ID] [STATUS] [BIRTH]: the child's roster row, with what the export changed
# (an empty argument keeps the registry's value; ID "-" leaves the cell empty).
row() {
  local c=$1 id=${3:-${ID[$1]}}
  [ "$id" = - ] && id=
  echo "盂县实验小学,2114032201,三年级,1班,${2:-${NAME[c]}},${SEX[c]},${5:-${BIRTH[c]}},$id,${4:-在读},${GUARD[c]},${PHONE[c]}"
}
{
  echo "学校名称,学校标识码,年级,班级,姓名,性别,出生日期,身份证件号,学籍状态,监护人,联系电话"
  row 0 张小明                          # a homophone
  row 1 "" "$(typo "${ID[1]}" 15)"      # a mistyped sequence digit
  row 2 "" "" 辍学                       # 王伟 (2013) dropped out; 王伟 (2016) has no record
  row 4 "" "$(swap "${ID[4]}" 8)"       # two digits swapped
  row 5 "" 1.40322E+17                  # Excel's scientific notation
  row 6                                 # twin 浩然 enrolled, 浩宇 not
  row 8 买买提艾力                       # the middle dot dropped
  row 9 "" -                            # no ID
  row 10 "" - "" 2016-11-11             # no ID, another date format
  row 11 "" "$(typo "${ID[11]}" 3)"     # a mistyped region digit
  row 12 鄭雨涵                          # traditional characters
  row 13 "" "$(echo "${ID[13]}" | sed 's/^\(...\)\(.*\)/\1 \2/')"  # a space inside
  row 15 "" "" 转出                      # transferred out, found nowhere else
} > "$WORK/roster.csv"

expect_status 0 "$F" --registry "$WORK/hukou.csv" --roster "$WORK/roster.csv" --as-of 2026-09-01 \
  -o "$WORK/flagged.csv" --all "$WORK/all.csv" --review "$WORK/review.csv"
"$BIN/bx-convert" -q "$WORK/all.csv" --select registry_row,status > "$WORK/status"
status_of() { awk -F, -v r="$(($1 + 1))" '$1 == r { print $2 }' "$WORK/status"; }
for c in 0 1 4 5 6 8 9 10 11 12 13; do
  [ "$(status_of "$c")" = enrolled ] || fail "${NAME[c]} (row $((c + 1))): $(status_of "$c"), wanted enrolled"
done
[ "$(status_of 2)" = dropped_out ] || fail "王伟 (2013): $(status_of 2)"
for c in 3 7 14; do
  [ "$(status_of "$c")" = not_enrolled ] || fail "${NAME[c]} (row $((c + 1))): $(status_of "$c"), wanted not_enrolled"
done
[ "$(status_of 15)" = transferred_lost ] || fail "胡静怡: $(status_of 15)"
[ "$("$BIN/bx-convert" -q --lenient "$WORK/review.csv" --select registry_row | tail -n +2 | wc -l)" -eq 0 ] \
  || fail "a village-sized export sends children to review: $(cat "$WORK/review.csv")"
flagged_rows=$("$BIN/bx-convert" -q "$WORK/flagged.csv" --select registry_row | tail -n +2 | sort -n | tr '\n' ' ')
[ "$flagged_rows" = "3 4 8 15 16 " ] || fail "flagged rows: $flagged_rows"
# The smallest county: one child, one pupil, a mistyped ID and a homophone. Its single pair is all
# the model could be estimated from; the prior on u keeps agreement meaningful (docs/linkage.md).
head -2 "$WORK/hukou.csv" > "$WORK/one_child.csv"
{ head -1 "$WORK/roster.csv"; row 0 张小明 "$(typo "${ID[0]}" 12)"; } > "$WORK/one_pupil.csv"
expect_status 0 "$F" --registry "$WORK/one_child.csv" --roster "$WORK/one_pupil.csv" --as-of 2026-09-01 -o /dev/null \
  --all "$WORK/one_all.csv"
"$BIN/bx-convert" -q "$WORK/one_all.csv" --select status | grep -qx enrolled || fail "one child, one pupil: $(cat "$WORK/one_all.csv")"
echo "small_county: ok"
