#!/usr/bin/env bash
# Compiles the trained Fashion-MNIST graph ahead of time and deploys it:
# kiln-compile writes out/deploy/model (a bundle, FashionMlp.h and
# libFashionMlp.a), this build is installed into out/deploy/prefix, and
# examples/deploy is built outside the tree against that install (linking
# Kiln::runtime and the model only) and classifies the test images; kiln-run
# runs the bundle too, with latency percentiles at batch 1.
#
#   scripts/deploy.sh [GRAPH]     # default out/fashion_mnist.pb
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
build=${KILN_BUILD_DIR:-build}
data=${FASHION_MNIST_DIR:-/usr/share/datasets/fashion-mnist}
graph=${1:-out/fashion_mnist.pb}
work=out/deploy
rm -rf "$work"
mkdir -p "$work"
"$build/tools/kiln-compile/kiln-compile" "$graph" \
  --feed 'x:float32[?,28,28]' --fetch predictions --name FashionMlp \
  -o "$work/model"
cmake --install "$build" --prefix "$work/prefix" >"$work/install.log"
cmake -S examples/deploy -B "$work/build" -G Ninja -DCMAKE_BUILD_TYPE=Release \
  -DCMAKE_PREFIX_PATH="$PWD/$work/prefix" -DKILN_MODEL_DIR="$PWD/$work/model" \
  >"$work/configure.log"
cmake --build "$work/build" >"$work/build.log"
"$work/build/classify_fashion" "$data"
# One image as .npy for kiln-run (from the first test image, standardized).
python3 - "$data/t10k-images-idx3-ubyte.gz" "$work/image.npy" <<'PY'
import gzip, struct, sys
raw = gzip.open(sys.argv[1]).read()[16:16 + 784]
values = [(b - 72.94035) / 90.02118 for b in raw]
header = "{'descr': '<f4', 'fortran_order': False, 'shape': (1, 28, 28), }"
header += " " * (63 - (10 + len(header)) % 64) + "\n"
open(sys.argv[2], "wb").write(b"\x93NUMPY\x01\x00" + struct.pack("<H", len(header)) +
                              header.encode() + struct.pack("<784f", *values))
PY
"$build/tools/kiln-run/kiln-run-rt" "$work/model/FashionMlp.kbundle" \
  --input x="$work/image.npy" --benchmark 1000
echo "deploy: out/deploy/model holds the compiled model (FashionMlp.kbundle," \
  "FashionMlp.h, libFashionMlp.a); out/deploy/build/classify_fashion links" \
  "only Kiln's runtime library and the model"
