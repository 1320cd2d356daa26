#!/usr/bin/env bash
# Installs what is missing, builds, and runs the main job: trains the seeds'
# Fashion-MNIST classifiers in C++ (the MLP, its deep SELU variant, the CNN;
# Keras-style progress), evaluates
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
# The seeds' CNN (Conv 32 -> pool -> Conv 64 -> pool -> Dense), 10 epochs:
# at least 91% test accuracy; compiled ahead of time and run from its bundle.
"$build/examples/fashion_mnist" --cnn --data "$data" -o out/fashion_cnn.pb \
  --logs out/logs_cnn --checkpoints out/checkpoints_cnn
"$build/tools/kiln-compile/kiln-compile" out/fashion_cnn.pb \
  --feed 'x:float32[?,28,28]' --fetch predictions --name FashionCnn \
  -o out/cnn_model
"$dump" --after=fusion out/fashion_cnn.pb >out/fashion_cnn.after_fusion.mlir
# The seeds' recurrent chapter: an LSTM on sequences it generates, compiled.
"$build/examples/sequence_lstm" -o out/sequence_lstm.pb
"$build/tools/kiln-compile/kiln-compile" out/sequence_lstm.pb \
  --feed 'x:float32[?,20,1]' --fetch predictions --name SequenceLstm \
  -o out/sequence_model
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
  "compiler stage, out/fashion_mnist.after_*.mlir; the CNN in" \
  "out/fashion_cnn.pb, compiled to out/cnn_model/FashionCnn.kbundle; the" \
  "LSTM in out/sequence_lstm.pb, compiled to out/sequence_model"
