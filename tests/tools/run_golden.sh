#!/usr/bin/env bash
# Runs kiln-dump and compares its stdout with a golden file.
#
#   run_golden.sh GOLDEN KILN_DUMP [ARGS...]
#
# Runs in the current directory (CTest sets it, so paths in the output stay
# short and stable). kiln-dump must exit 0 with nothing on stderr.
# KILN_UPDATE_GOLDENS=1 rewrites GOLDEN instead of comparing; read the diff
# before committing it.
set -u
golden=$1
shift
out=$(mktemp)
err=$(mktemp)
trap 'rm -f "$out" "$err"' EXIT

"$@" >"$out" 2>"$err"
rc=$?
if [[ $rc -ne 0 || -s $err ]]; then
  echo "FAIL: '$*' exited $rc; stderr:"
  cat "$err"
  exit 1
fi
if [[ ${KILN_UPDATE_GOLDENS:-0} == 1 ]]; then
  cp "$out" "$golden"
  echo "updated $golden"
  exit 0
fi
if ! diff -u "$golden" "$out"; then
  echo "FAIL: output of '$*' differs from $golden (KILN_UPDATE_GOLDENS=1 rewrites it)"
  exit 1
fi
echo "PASS: $(basename "$golden")"
