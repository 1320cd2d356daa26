#!/usr/bin/env bash
# The GPU benchmarks, each against its anchors on the same GPU in the same
# run (packed by scripts/gpu_pack.sh; run there: bash gpu_bench.sh [--quick]):
#   - gpu_bench (cuBLASLt matmuls, device-to-device copy) against
#     torch.matmul (cuBLAS underneath): Kiln's rate as a fraction of it;
#   - gpu_model_bench (the Fashion-MNIST MLP and CNN, inference and training
#     steps, cases/bench) against PyTorch eager, torch.compile and JAX jit
#     (anchors/gpu_models.py): milliseconds per step and each anchor's time
#     over Kiln's (above 1: Kiln is faster).
cd "$(dirname "${BASH_SOURCE[0]}")"
export LD_LIBRARY_PATH=$PWD/lib:/usr/local/cuda/lib64${LD_LIBRARY_PATH:+:$LD_LIBRARY_PATH}
export XLA_PYTHON_CLIENT_PREALLOCATE=false  # JAX shares the GPU with torch
status=0
kiln=$(./gpu_bench "$@") || status=1
anchor=$(python3 anchors/gpu_matmul.py "$@" 2>/dev/null)
echo "$kiln" | grep -v '^{'
echo "$anchor" | python3 -c '
import json, sys
kiln = {}
for line in sys.argv[1].splitlines():
    if line.startswith("{"):
        r = json.loads(line)
        kiln[r["what"]] = r["value"]
for line in sys.stdin:
    r = json.loads(line)
    mine = kiln.get("BlasLt " + r["what"], 0)
    print("%-8s %-44s %10.2f %s   Kiln at %.3fx" % (
        "anchor", "torch.matmul " + r["what"], r["value"], r["unit"],
        mine / r["value"]))
' "$kiln"
if [[ -d cases/bench ]]; then
  models=$(./gpu_model_bench cases/bench "$@") || status=1
  anchors=$(python3 anchors/gpu_models.py "$@" 2>/dev/null)
  printf '%s\n%s\n' "$models" "$anchors" | python3 -c '
import json, sys
rows, order, errors = {}, [], []
frameworks = ["kiln", "torch eager", "torch.compile", "jax.jit"]
for line in sys.stdin:
    if not line.startswith("{"):
        continue
    r = json.loads(line)
    if "error" in r:
        errors.append("%s: %s" % (r["framework"], r["error"]))
        continue
    if r["what"] not in rows:
        order.append(r["what"])
    rows.setdefault(r["what"], {})[r["framework"]] = r["ms"]
print("\n%-18s" % "model step (ms)" + "".join("%15s" % f for f in frameworks)
      + "   anchor/Kiln (eager, compile, jax)")
for what in order:
    r = rows[what]
    cells = "".join("%15.3f" % r[f] if f in r else "%15s" % "-"
                    for f in frameworks)
    ratios = ", ".join("%.2fx" % (r[f] / r["kiln"]) if f in r and "kiln" in r
                       else "-" for f in frameworks[1:])
    print("%-18s%s   %s" % (what, cells, ratios))
for e in errors:
    print("anchor error: " + e)
'
fi
nvidia-smi --query-gpu=name,driver_version --format=csv,noheader | sed 's/^/gpu: /'
exit $status
