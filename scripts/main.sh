#!/usr/bin/env bash
# Installs what is missing, builds, and runs the main job on the Fashion-MNIST MLP.
# Training and compiling do not exist yet (later issues): for now the job builds
# the model's graph with the C++ frontend, writes it as a GraphDef, imports it
# into the kiln dialect, exports it back, and dumps it.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
bash scripts/setup.sh
bash scripts/build.sh
build=${KILN_BUILD_DIR:-build}
dump=$build/tools/kiln-dump/kiln-dump
mkdir -p out
"$build/examples/fashion_mlp_graph" out/fashion_mlp.pb
"$dump" out/fashion_mlp.pb
"$dump" --format=mlir out/fashion_mlp.pb >out/fashion_mlp.mlir
"$dump" --format=pbtxt out/fashion_mlp.mlir >out/fashion_mlp.roundtrip.pbtxt
echo "main: wrote out/fashion_mlp.pb, its kiln dialect form out/fashion_mlp.mlir" \
  "and the GraphDef exported back from it, out/fashion_mlp.roundtrip.pbtxt"
