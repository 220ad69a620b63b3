# Sourced by the bench scripts. replace_section HEADING_PREFIX TEXT puts TEXT into
# docs/benchmarks.md in place of the section whose heading starts with HEADING_PREFIX (appended
# when there is none), so that a re-run updates its figures instead of piling up copies.
replace_section() {
  local prefix=$1 text=$2 file=docs/benchmarks.md
  TEXT=$text PREFIX=$prefix python3 - "$file" <<'PY'
import os, sys
path = sys.argv[1]
text, prefix = os.environ["TEXT"].strip("\n"), os.environ["PREFIX"]
lines = open(path, encoding="utf-8").read().rstrip("\n").split("\n")
start = next((i for i, line in enumerate(lines) if line.startswith(prefix)), None)
if start is None:
    lines += [""] + text.split("\n")
else:
    end = next((i for i in range(start + 1, len(lines)) if lines[i].startswith("## ")), len(lines))
    while end > start and lines[end - 1] == "":
        end -= 1
    lines[start:end] = text.split("\n")
open(path, "w", encoding="utf-8").write("\n".join(lines) + "\n")
PY
}

# best_time FILE: FILE holds "seconds peak_KB" lines from /usr/bin/time -f "%e %M" -a; prints the
# best wall time and the largest peak in MB ("4.0 323"). The machine's speed drifts, so runs are
# repeated and the best kept.
best_time() {
  awk 'NR == 1 || $1 < t { t = $1 } $2 > m { m = $2 } END { printf "%.1f %d\n", t, m / 1024 }' "$1"
}
