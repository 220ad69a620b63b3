# Helpers shared by the end-to-end scripts (sourced, not a test itself).
set -euo pipefail
BIN=$1
SRC=$2
WORK=$(mktemp -d)
trap 'rm -rf "$WORK"' EXIT
fail() { echo "FAIL: $*" >&2; exit 1; }
# expect_status CODE CMD...: runs CMD, stderr to $WORK/err, and checks its exit status.
expect_status() {
  local want=$1; shift
  set +e; "$@" >"$WORK/out" 2>"$WORK/err"; local got=$?; set -e
  [ "$got" -eq "$want" ] || { cat "$WORK/err" >&2; fail "$* exited $got, wanted $want"; }
}
expect_stderr() { grep -qF -- "$1" "$WORK/err" || { cat "$WORK/err" >&2; fail "stderr lacks: $1"; }; }
