#!/usr/bin/env bash
# Packs the GPU tests into a self-contained folder (default out/gpu) to run
# on a machine with an NVIDIA GPU and CUDA 13 but no Kiln build: the test
# binaries, the libraries that machine lacks (oneDNN's libdnnl.so.2, libpng)
# and run.sh, which runs each binary and prints a table.
#   bash scripts/gpu_pack.sh [BUILD_DIR] [OUT_DIR]
#   (on the GPU machine) bash OUT_DIR/run.sh
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
build=${1:-${KILN_BUILD_DIR:-build}}
out=${2:-out/gpu}
tests=(tests/cuda/kiln_cuda_test)
rm -rf "$out"
mkdir -p "$out/lib"
for t in "${tests[@]}"; do
  if [[ ! -x "$build/$t" ]]; then
    echo "gpu_pack: $build/$t is missing: build first (scripts/build.sh)" >&2
    exit 1
  fi
  cp "$build/$t" "$out/"
  # Libraries the GPU machine does not have (it has glibc, libstdc++, zlib,
  # libprotobuf.so.32 and CUDA's).
  ldd "$build/$t" | awk '/=> \// {print $3}' |
    { grep -E 'libdnnl|libpng' || true; } | xargs -r -I{} cp -L {} "$out/lib/"
done
# The GPU benchmark and its torch anchor (bench/gpu_bench.sh runs both).
if [[ -x "$build/bench/gpu_bench" ]]; then
  cp "$build/bench/gpu_bench" bench/gpu_bench.sh "$out/"
  mkdir -p "$out/anchors"
  cp bench/anchors/gpu_matmul.py "$out/anchors/"
fi
cat >"$out/run.sh" <<'RUN'
#!/usr/bin/env bash
# Runs each packed GPU test binary; prints one table row per binary.
cd "$(dirname "${BASH_SOURCE[0]}")"
# cuBLAS(Lt) and cuDNN are loaded with dlopen: CUDA's own folder too.
export LD_LIBRARY_PATH=$PWD/lib:/usr/local/cuda/lib64${LD_LIBRARY_PATH:+:$LD_LIBRARY_PATH}
status=0
printf '%-24s %-10s %s\n' binary result summary
for t in ./kiln_*; do
  log=$(mktemp)
  if "$t" >"$log" 2>&1; then result=passed; else result=FAILED; status=1; fi
  skipped=$(grep -c 'GPU test skipped' "$log" || true)
  summary=$(grep -E '^(All tests passed|test cases:)' "$log" | tail -1)
  printf '%-24s %-10s %s (skipped: %s)\n' "$(basename "$t")" "$result" \
    "$summary" "$skipped"
  [[ $result == passed ]] || cat "$log"
  rm -f "$log"
done
nvidia-smi --query-gpu=name,driver_version,memory.total --format=csv,noheader \
  2>/dev/null | sed 's/^/gpu: /'
exit $status
RUN
chmod +x "$out/run.sh"
echo "gpu_pack: $(ls "$out" | wc -l) entries in $out ($(du -sh "$out" | cut -f1))"
