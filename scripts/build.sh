#!/usr/bin/env bash
# Configures (Ninja, Release) and builds Kiln in build/ (KILN_BUILD_DIR to change).
# Extra arguments go to cmake's configure step: bash scripts/build.sh -DKILN_WERROR=OFF
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
build=${KILN_BUILD_DIR:-build}
args=(-G Ninja -S . -B "$build" -DCMAKE_BUILD_TYPE=Release)
if [[ -x .venv/bin/python ]]; then
  args+=("-DKILN_PYTHON=$PWD/.venv/bin/python")
fi
cmake "${args[@]}" "$@"
ninja -C "$build" -j "$(nproc)"
