#!/usr/bin/env bash
# Runs kiln-dump on bad input or bad usage and checks how it fails: exit
# status 2, nothing on stdout, and exactly one stderr line that starts with
# "kiln-dump: error: " and contains EXPECTED.
#
#   run_error.sh EXPECTED KILN_DUMP [ARGS...]
set -u
expected=$1
shift
command="$*"
out=$(mktemp)
err=$(mktemp)
trap 'rm -f "$out" "$err"' EXIT

"$@" >"$out" 2>"$err"
rc=$?
fail() {
  echo "FAIL: '$command': $1"
  echo "--- stderr:"; cat "$err"
  echo "--- stdout:"; head -c 2000 "$out"
  exit 1
}
[[ $rc -eq 2 ]] || fail "exit status $rc, expected 2"
[[ ! -s $out ]] || fail "stdout is not empty"
[[ $(wc -l <"$err") -eq 1 ]] || fail "stderr is not exactly one line"
line=$(cat "$err")
[[ $line == "kiln-dump: error: "* ]] || fail "stderr does not start with 'kiln-dump: error: '"
[[ $line == *"$expected"* ]] || fail "stderr does not contain '$expected'"
echo "PASS: $line"
