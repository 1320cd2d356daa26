#!/usr/bin/env bash
# Checks the dependency rules of docs/design.md: runtime/ and frontend/ never
# include MLIR or LLVM headers and their libraries reference no MLIR or LLVM
# symbol; runtime/ does not include frontend/, ir/ or compiler/ headers.
#   check_layering.sh SOURCE_DIR LIB...
set -euo pipefail
src=$1
shift
fail=0
report() { echo "layering: $*" >&2; fail=1; }

bad=$(grep -rlE '#include [<"](mlir|llvm|llvm-c)/' "$src/runtime" "$src/frontend" || true)
[[ -z $bad ]] || report "MLIR/LLVM headers included by: $bad"
bad=$(grep -rlE '#include "(frontend|ir|compiler|tools)/' "$src/runtime" || true)
[[ -z $bad ]] || report "runtime/ includes a higher layer: $bad"
bad=$(grep -rlE '#include "(ir|compiler|tools)/' "$src/frontend" || true)
[[ -z $bad ]] || report "frontend/ includes ir/, compiler/ or tools/: $bad"
for lib in "$@"; do
  syms=$(nm -C "$lib" 2>/dev/null | grep -E ' [UTW] .*\b(mlir|llvm)::' | head -3 || true)
  [[ -z $syms ]] || report "$(basename "$lib") references MLIR/LLVM: $syms"
done
if ((fail)); then exit 1; fi
echo "layering: ok ($# libraries, runtime/ and frontend/ sources)"
