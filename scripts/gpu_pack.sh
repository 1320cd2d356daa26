#!/usr/bin/env bash
# Packs the GPU checks into a self-contained folder (default out/gpu) to run
# on a machine with an NVIDIA GPU and CUDA 13 but no Kiln build (and no
# compiler: everything compiled here):
#   - kiln_cuda_test: runtime/cuda's tests (allocator, streams, cuBLASLt,
#     cuDNN against double-precision host results);
#   - kiln_gpu_check over two case folders written here with the compiler:
#     models/ (kiln_gpu_cases: the MLP, elementwise chains, cross-entropy,
#     reductions) and numerics/ (kiln_numerics_cases gpu-bundles: every case
#     of the numerics suite), each a bundle compiled for the GPU (PTX for
#     sm_90) with its inputs and the CPU compiler's outputs;
#   - the GPU benchmarks (bench/gpu_bench.sh: cuBLASLt and copies against
#     torch.matmul, whole models against PyTorch and JAX), when built.
# Everything goes into payload.tar.xz (the folder must stay small to travel);
# run.sh unpacks it and prints a table.
# The device machine takes at most 64 MiB with the source tree: PARTS
# (default "checks bench") packs the checks or the benchmarks alone.
#   bash scripts/gpu_pack.sh [BUILD_DIR] [OUT_DIR] [PARTS]
#   (on the GPU machine) bash OUT_DIR/run.sh; bash OUT_DIR/run.sh bench
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
build=${1:-${KILN_BUILD_DIR:-build}}
out=${2:-out/gpu}
parts=${3:-checks bench}
seed=${KILN_NUMERICS_SEED:-20260101}
for t in tests/cuda/kiln_cuda_test tests/cuda/kiln_gpu_check \
         tests/cuda/kiln_gpu_cases tests/numerics/kiln_numerics_cases; do
  if [[ ! -x "$build/$t" ]]; then
    echo "gpu_pack: $build/$t is missing: build first (scripts/build.sh)" >&2
    exit 1
  fi
done
stage=$(mktemp -d)
trap 'rm -rf "$stage"' EXIT
mkdir -p "$stage/lib" "$stage/cases"
cp "$build/tests/cuda/kiln_cuda_test" "$build/tests/cuda/kiln_gpu_check" \
  "$stage/"
# Libraries the GPU machine does not have (it has glibc, libstdc++, zlib,
# libprotobuf.so.32 and CUDA's).
for t in kiln_cuda_test kiln_gpu_check; do
  ldd "$stage/$t" | awk '/=> \// {print $3}' |
    { grep -E 'libdnnl|libpng' || true; } | xargs -r -I{} cp -L {} "$stage/lib/"
done
if [[ $parts == *checks* ]]; then
  "$build/tests/cuda/kiln_gpu_cases" "$stage/cases/models" >/dev/null
  "$build/tests/numerics/kiln_numerics_cases" "$stage/numerics_all" "$seed" \
    gpu-bundles >/dev/null
  mv "$stage/numerics_all/gpu" "$stage/cases/numerics"
  rm -rf "$stage/numerics_all"
else
  rm "$stage/kiln_cuda_test" "$stage/kiln_gpu_check"
fi
# The GPU benchmarks and their anchors (bench/gpu_bench.sh runs them all):
# runtime/cuda's primitives, and whole models (cases/bench).
if [[ -x "$build/bench/gpu_bench" && $parts == *bench* ]]; then
  cp "$build/bench/gpu_bench" "$build/bench/gpu_model_bench" \
    bench/gpu_bench.sh "$stage/"
  mkdir -p "$stage/anchors"
  cp bench/anchors/gpu_matmul.py bench/anchors/gpu_models.py "$stage/anchors/"
  "$build/tests/cuda/kiln_gpu_bench_cases" "$stage/cases/bench" >/dev/null
fi
cat >"$stage/checks.sh" <<'RUN'
#!/usr/bin/env bash
# Runs the packed GPU tests and checks; prints one table row for each.
cd "$(dirname "${BASH_SOURCE[0]}")"
# cuBLAS(Lt) and cuDNN are loaded with dlopen: CUDA's own folder too.
export LD_LIBRARY_PATH=$PWD/lib:/usr/local/cuda/lib64${LD_LIBRARY_PATH:+:$LD_LIBRARY_PATH}
status=0
printf '%-28s %-8s %s\n' check result summary
row() {  # NAME LOG PASSED?
  printf '%-28s %-8s %s\n' "$1" "$3" "$(grep -E "$4" "$2" | tail -1)"
  [[ $3 == passed ]] || { grep "^case " "$2" | tail -1; grep -v "^case " "$2" | head -60; status=1; }
}
log=$(mktemp)
if ./kiln_cuda_test >"$log" 2>&1; then r=passed; else r=FAILED; fi
row kiln_cuda_test "$log" $r '^(All tests passed|test cases:)'
# A sticky CUDA error kills the process's context: kiln_gpu_check exits 3
# with `resume-at N`, and a fresh process goes on from there.
for dir in cases/models cases/numerics; do
  : >"$log"
  skip=0 r=passed
  while :; do
    ./kiln_gpu_check --skip "$skip" "$dir" >>"$log" 2>&1
    rc=$?
    [[ $rc == 0 ]] || r=FAILED
    [[ $rc == 3 ]] || break
    skip=$(grep -o 'resume-at [0-9]*' "$log" | tail -1 | cut -d' ' -f2)
  done
  awk -v d="$dir" '/^kiln_gpu_check .*passed,/ {p += $3; f += $5}
    END {printf "kiln_gpu_check %s: %d passed, %d failed (total)\n", d, p, f}' \
    "$log" >>"$log"
  row "kiln_gpu_check $(basename "$dir")" "$log" $r 'passed,'
done
rm -f "$log"
nvidia-smi --query-gpu=name,driver_version,memory.total --format=csv,noheader \
  2>/dev/null | sed 's/^/gpu: /'
exit $status
RUN
chmod +x "$stage/checks.sh"
rm -rf "$out"
mkdir -p "$out"
tar -C "$stage" -cf - . | xz -T2 -6 >"$out/payload.tar.xz"
cat >"$out/run.sh" <<'RUN'
#!/usr/bin/env bash
# Unpacks payload.tar.xz (into $KILN_GPU_DIR, default /tmp/kiln-gpu) and runs
# its checks; `run.sh bench [--quick]` runs the GPU benchmark instead.
set -e
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
dir=${KILN_GPU_DIR:-/tmp/kiln-gpu}
rm -rf "$dir" && mkdir -p "$dir" && tar -C "$dir" -xJf "$here/payload.tar.xz"
set +e
if [[ ${1:-} == bench ]]; then shift; bash "$dir/gpu_bench.sh" "$@"; exit; fi
bash "$dir/checks.sh"
RUN
chmod +x "$out/run.sh"
echo "gpu_pack: $out ($(du -sh "$out" | cut -f1))"
