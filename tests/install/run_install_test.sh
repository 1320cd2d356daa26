#!/usr/bin/env bash
# Usage: run_install_test.sh BUILD_DIR WORK_DIR OUTSIDE_SRC CMAKE GENERATOR CXX USE_FRONTEND [CONFIG]
# Installs BUILD_DIR into WORK_DIR/prefix, checks the installed headers, builds
# OUTSIDE_SRC against the prefix and runs it. Prints "install test PASSED: ..."
# last, and only when every step passed (CTest matches that line).
set -euo pipefail
build_dir=$1 work=$2 outside=$3 cmake=$4 generator=$5 cxx=$6 frontend=$7 config=${8:-Release}
prefix=$work/prefix

fail() { echo "install test FAILED: $*" >&2; exit 1; }

rm -rf "$work"
mkdir -p "$work"
"$cmake" --install "$build_dir" --prefix "$prefix" --config "$config" >"$work/install.log" ||
  { cat "$work/install.log"; fail "cmake --install"; }

include_dir=$prefix/include/kiln
[[ -f $include_dir/runtime/base/status.h ]] || fail "runtime headers missing under $include_dir"
[[ -n $(find "$include_dir/proto" -name '*.pb.h' -print -quit 2>/dev/null) ]] ||
  fail "generated proto headers missing under $include_dir/proto"
# Deployed code links runtime/ and frontend/ without MLIR or LLVM.
if grep -rnE '^[[:space:]]*#[[:space:]]*include[[:space:]]*[<"](mlir|llvm|llvm-c)/' "$include_dir"; then
  fail "installed headers include MLIR/LLVM (above)"
fi
if grep -nE 'MLIR|LLVM|kiln_mlir|llvm-19' "$prefix"/lib*/cmake/Kiln/KilnTargets*.cmake; then
  fail "exported targets link MLIR/LLVM (above)"
fi

"$cmake" -S "$outside" -B "$work/build" -G "$generator" \
  -DCMAKE_CXX_COMPILER="$cxx" -DCMAKE_BUILD_TYPE="$config" \
  -DCMAKE_PREFIX_PATH="$prefix" -DCMAKE_FIND_USE_PACKAGE_REGISTRY=OFF \
  -DKILN_OUTSIDE_USE_FRONTEND="$frontend" >"$work/configure.log" 2>&1 ||
  { cat "$work/configure.log"; fail "configuring the outside project"; }
grep -q "Kiln from $prefix/" "$work/configure.log" ||
  { cat "$work/configure.log"; fail "find_package(Kiln) did not pick $prefix"; }
"$cmake" --build "$work/build" --config "$config" -j 1 >"$work/build.log" 2>&1 ||
  { cat "$work/build.log"; fail "building the outside project"; }

app=$work/build/app
if ldd "$app" | grep -E 'libMLIR|libLLVM'; then
  fail "app loads MLIR/LLVM (above)"
fi
line=$("$app") || fail "app exited with $?: $line"
echo "install test PASSED: $line"
