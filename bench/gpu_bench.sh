#!/usr/bin/env bash
# Runs gpu_bench and the torch anchor on the same GPU and prints Kiln's rows
# with the ratio to torch.matmul (cuBLAS underneath). Packed into out/gpu by
# scripts/gpu_pack.sh; run there: bash bench/gpu_bench.sh [--quick]
cd "$(dirname "${BASH_SOURCE[0]}")"
export LD_LIBRARY_PATH=$PWD/lib:/usr/local/cuda/lib64${LD_LIBRARY_PATH:+:$LD_LIBRARY_PATH}
kiln=$(./gpu_bench "$@") || exit 1
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
nvidia-smi --query-gpu=name,driver_version --format=csv,noheader | sed 's/^/gpu: /'
