#!/usr/bin/env bash
# examples/deploy end to end: installs this build into a scratch prefix,
# compiles a frozen MLP with kiln-compile (FashionMlp.h, libFashionMlp.a),
# builds examples/deploy outside the tree with find_package(Kiln), runs it on
# Fashion-MNIST test images, and checks that it links no MLIR or LLVM.
#
#   run_deploy.sh BUILD_DIR WORK_DIR SOURCE_ROOT CMAKE GENERATOR CXX \
#       KILN_COMPILE WRITE_MLP_GRAPH DATA_DIR
set -u
build=$1 work=$2 root=$3 cmake=$4 generator=$5 cxx=$6 compile=$7 write=$8 data=$9
fail() { echo "deploy test FAILED: $*"; exit 1; }
[[ -f $data/t10k-images-idx3-ubyte.gz ]] ||
  fail "no Fashion-MNIST test set in $data (Debian's dataset-fashion-mnist)"
rm -rf "$work"
mkdir -p "$work"
"$cmake" --install "$build" --prefix "$work/prefix" >"$work/install.log" 2>&1 ||
  { cat "$work/install.log"; fail "cmake --install"; }
"$write" "$work/mlp.pb" 7 || fail "write_mlp_graph"
"$compile" "$work/mlp.pb" --feed 'x:float32[?,784]' --fetch probs \
  --name FashionMlp -o "$work/model" >/dev/null || fail "kiln-compile"
"$cmake" -S "$root/examples/deploy" -B "$work/build" -G "$generator" \
  -DCMAKE_CXX_COMPILER="$cxx" -DCMAKE_BUILD_TYPE=Release \
  -DCMAKE_PREFIX_PATH="$work/prefix" -DCMAKE_FIND_USE_PACKAGE_REGISTRY=OFF \
  -DKILN_MODEL_DIR="$work/model" >"$work/configure.log" 2>&1 ||
  { cat "$work/configure.log"; fail "configuring examples/deploy"; }
"$cmake" --build "$work/build" -j 1 >"$work/build.log" 2>&1 ||
  { cat "$work/build.log"; fail "building examples/deploy"; }
app=$work/build/classify_fashion
if ldd "$app" | grep -E 'libMLIR|libLLVM'; then
  fail "classify_fashion links MLIR or LLVM (above)"
fi
out=$("$app" "$data" --limit 600) || fail "classify_fashion: $out"
echo "$out"
grep -Eq '^accuracy 0\.[0-9]+ on 600 test images' <<<"$out" || fail "no accuracy line"
grep -q '^load + first inference: ' <<<"$out" || fail "no load time"
echo "deploy test PASSED"
