#!/usr/bin/env bash
# Makes .venv-bench (at the repository root) for bench/anchors/fashion_mlp.py.
#
#   bench/setup.sh                # numpy, TensorFlow 2.21 (CPU), JAX (CPU)
#   bench/setup.sh --with-torch   # also PyTorch, from its CPU-only index
#
# Where download.pytorch.org cannot be reached (the case on the machines this
# was written on), --with-torch installs PyPI's CUDA wheel without its ~3 GB
# of dependencies, plus the three small NVIDIA libraries it links that the
# CUDA toolkit in /usr/local/cuda lacks; bench/run.py then puts those and
# /usr/local/cuda/lib64 on LD_LIBRARY_PATH. Torch runs on the CPU either way.
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
  # The CPU index first: PyPI's wheel would bring the CUDA libraries.
  if ! "$venv/bin/pip" install -r "$root/bench/requirements-torch.txt" \
      --index-url https://download.pytorch.org/whl/cpu; then
    "$venv/bin/pip" install --no-deps torch==2.11.0 nvidia-cufile==1.20.0.107 \
      sympy==1.14.0 mpmath==1.3.0 networkx==3.6.1 jinja2==3.1.6 MarkupSafe==3.0.4 \
      filelock==4.2.12 fsspec==2026.9.0 typing-extensions \
      nvidia-cusparselt-cu13==0.8.0 nvidia-nvshmem-cu13==3.4.5
  fi
fi
echo "made $venv; try:"
echo "  $venv/bin/python bench/anchors/fashion_mlp.py --write-random-weights /tmp/mlp"
echo "  $venv/bin/python bench/anchors/fashion_mlp.py --weights-dir /tmp/mlp"
