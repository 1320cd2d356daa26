#!/usr/bin/env bash
# Makes .venv-bench (at the repository root) for bench/anchors/fashion_mlp.py.
#
#   bench/setup.sh                # numpy, TensorFlow 2.21 (CPU), JAX (CPU)
#   bench/setup.sh --with-torch   # also PyTorch, from its CPU-only index
#
# PYTHON picks the interpreter (default python3).
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
python="${PYTHON:-python3}"
venv="$root/.venv-bench"
with_torch=0
for arg in "$@"; do
  case "$arg" in
    --with-torch) with_torch=1 ;;
    *) echo "usage: $0 [--with-torch]" >&2; exit 2 ;;
  esac
done

"$python" -m venv "$venv"
"$venv/bin/pip" install --upgrade pip
"$venv/bin/pip" install -r "$root/bench/requirements-bench.txt"
if [[ $with_torch == 1 ]]; then
  # The CPU index only: PyPI's wheel would bring the CUDA libraries.
  "$venv/bin/pip" install -r "$root/bench/requirements-torch.txt" \
    --index-url https://download.pytorch.org/whl/cpu
fi
echo "made $venv; try:"
echo "  $venv/bin/python bench/anchors/fashion_mlp.py --write-random-weights /tmp/mlp"
echo "  $venv/bin/python bench/anchors/fashion_mlp.py --weights-dir /tmp/mlp"
