#!/usr/bin/env bash
# Installs what is missing, builds, and runs the main job: trains the seeds'
# Fashion-MNIST classifier in C++ (10 epochs, Keras-style progress), evaluates
# it on the test set, exports the trained inference graph with frozen weights,
# dumps it, prints it after each compiler stage, compiles it ahead of time
# and runs it from a program that links only the runtime (scripts/deploy.sh).
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
bash scripts/setup.sh
bash scripts/build.sh
build=${KILN_BUILD_DIR:-build}
dump=$build/tools/kiln-dump/kiln-dump
data=${FASHION_MNIST_DIR:-/usr/share/datasets/fashion-mnist}
mkdir -p out
"$build/examples/fashion_mnist" --data "$data" -o out/fashion_mnist.pb
# The seeds' deep variant (20 SELU layers of 100) trains too; 3 epochs here.
"$build/examples/fashion_mnist" --deep --epochs 3 --data "$data" \
  -o out/fashion_mnist_deep.pb --logs out/logs_deep \
  --checkpoints out/checkpoints_deep
# The seeds' TFRecord chapter: convert to TFRecord files, train from them.
"$build/examples/fashion_mnist_tfrecord" --data "$data" --out out --epochs 2
"$dump" out/fashion_mnist.pb
"$dump" --format=mlir out/fashion_mnist.pb >out/fashion_mnist.mlir
for stage in cleanup fusion lowering llvm; do
  "$dump" --after=$stage out/fashion_mnist.pb >out/fashion_mnist.after_$stage.mlir
done
bash scripts/deploy.sh out/fashion_mnist.pb
echo "main: trained and wrote out/fashion_mnist.pb (frozen inference graph)," \
  "TensorBoard logs in out/logs, TensorFlow checkpoints in out/checkpoints" \
  "(the newest 3 and the best)," \
  "its kiln dialect form out/fashion_mnist.mlir and the module after each" \
  "compiler stage, out/fashion_mnist.after_*.mlir"
