#!/usr/bin/env bash
# kiln-compile and kiln-run end to end on a small frozen classifier:
#   - the bundle's outputs (run by kiln-run-rt, which links the runtime
#     library alone) equal the GraphDef's compiled in-process (kiln-run);
#   - with weights in a sidecar file too, and an error without it;
#   - kiln-run-rt's link line has no MLIR or LLVM;
#   - kiln-dump shows the bundle's graph and signature;
#   - bad flags, missing inputs and GraphDefs given to kiln-run-rt are
#     errors with a non-zero exit, and leave no output file.
#
#   run_cli.sh KILN_COMPILE KILN_RUN KILN_RUN_RT KILN_DUMP SOURCE_ROOT
set -u
compile=$1
run=$2
run_rt=$3
dump=$4
root=$5
graph=$root/tests/aot/inputs/classifier.pbtxt
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
fail() { echo "FAIL: $*"; exit 1; }

# Random inputs as a float32 .npy of shape [5,4] (no NumPy needed).
python3 - "$tmp/x.npy" <<'PY'
import random, struct, sys
rows, cols = 5, 4
header = "{'descr': '<f4', 'fortran_order': False, 'shape': (%d, %d), }" % (rows, cols)
header += " " * (63 - (10 + len(header)) % 64) + "\n"
data = struct.pack("<%df" % (rows * cols),
                   *[random.uniform(-2, 2) for _ in range(rows * cols)])
open(sys.argv[1], "wb").write(b"\x93NUMPY\x01\x00" +
                              struct.pack("<H", len(header)) +
                              header.encode() + data)
PY

"$compile" "$graph" --feed 'x:float32[?,4]' --fetch probs --name Clf \
  --target=x86-64 -o "$tmp/out" || fail "kiln-compile failed"
[[ -s $tmp/out/Clf.kbundle && -s $tmp/out/Clf.so ]] || fail "no bundle written"
"$run_rt" "$tmp/out/Clf.kbundle" --input x="$tmp/x.npy" \
  --output-dir "$tmp/bundle" || fail "kiln-run-rt failed on the bundle"
"$run" "$graph" --input x="$tmp/x.npy" --fetch probs \
  --output-dir "$tmp/graph" || fail "kiln-run failed on the GraphDef"
cmp -s "$tmp/bundle/probs_0.npy" "$tmp/graph/probs_0.npy" ||
  fail "the bundle's outputs differ from the GraphDef's"
"$run_rt" "$tmp/out/Clf.kbundle" --input x="$tmp/x.npy" | grep -q '^probs:0: float\[5,3\] = ' ||
  fail "kiln-run-rt does not print the output"
"$run_rt" "$tmp/out/Clf.kbundle" --input x="$tmp/x.npy" --benchmark 20 |
  grep -q 'latency over 20 runs' || fail "--benchmark prints no latencies"

"$dump" "$tmp/out/Clf.kbundle" >"$tmp/dump.txt" || fail "kiln-dump fails on a bundle"
grep -q 'Format: Kiln bundle (kiln.bundle.v1' "$tmp/dump.txt" || fail "kiln-dump: no bundle format"
grep -Eq 'output +probs:0 +probs:0 +float +\[\?,3\]' "$tmp/dump.txt" ||
  fail "kiln-dump: no signature: $(cat "$tmp/dump.txt")"

# kiln-dump --lint as a pre-flight check.
"$dump" --lint "$graph" >"$tmp/lint.txt" || fail "--lint fails on a compilable graph"
grep -Eq '^  oneDNN +3  BiasAdd, MatMul, Tanh' "$tmp/lint.txt" || fail "--lint: no oneDNN row: $(cat "$tmp/lint.txt")"
grep -Eq '^  generated kernel +1  Softmax' "$tmp/lint.txt" || fail "--lint: no kernel row: $(cat "$tmp/lint.txt")"
grep -q 'x \[?,4\]: dim 0 known only at run time' "$tmp/lint.txt" || fail "--lint: no dynamic dims"
grep -q '^Verdict: compiles' "$tmp/lint.txt" || fail "--lint: no verdict"
cat >"$tmp/erf.pbtxt" <<'PB'
node { name: "x" op: "Placeholder" attr { key: "dtype" value { type: DT_FLOAT } } }
node { name: "e" op: "Erf" input: "x" attr { key: "T" value { type: DT_FLOAT } } }
PB
"$dump" --lint "$tmp/erf.pbtxt" >"$tmp/lint_erf.txt"
[[ $? -eq 1 ]] || fail "--lint of an uncompilable graph does not exit 1"
grep -q "cannot compile: 'e' (Erf)" "$tmp/lint_erf.txt" || fail "--lint does not name the node"
grep -q "Ops without gradients: Erf" "$tmp/lint_erf.txt" || fail "--lint: gradients"

# Weights in a sidecar file.
"$compile" "$graph" --feed 'x:float32[?,4]' --fetch probs --name Side \
  --weights=sidecar -o "$tmp/side" >/dev/null || fail "sidecar compile failed"
[[ -s $tmp/side/Side.weights ]] || fail "no sidecar weights written"
"$run_rt" "$tmp/side/Side.kbundle" --input x="$tmp/x.npy" \
  --output-dir "$tmp/side_out" || fail "the sidecar bundle does not run"
cmp -s "$tmp/side_out/probs_0.npy" "$tmp/graph/probs_0.npy" ||
  fail "the sidecar bundle's outputs differ"
rm "$tmp/side/Side.weights"
err=$("$run_rt" "$tmp/side/Side.kbundle" --input x="$tmp/x.npy" 2>&1) &&
  fail "a bundle without its weights file ran"
grep -q 'Side.weights' <<<"$err" || fail "the error does not name the weights file: $err"

# The deployable runner links no compiler.
if ldd "$run_rt" | grep -Eq 'libLLVM|libMLIR'; then
  fail "kiln-run-rt links MLIR or LLVM: $(ldd "$run_rt" | grep -E 'LLVM|MLIR')"
fi

# Errors.
err=$("$run_rt" "$graph" --input x="$tmp/x.npy" 2>&1) && fail "kiln-run-rt ran a GraphDef"
grep -q 'bundles only' <<<"$err" || fail "unclear error for a GraphDef: $err"
"$compile" "$graph" --feed 'x:float32(4)' --fetch probs -o "$tmp/bad" 2>/dev/null
[[ $? -eq 2 ]] || fail "a malformed --feed does not exit 2"
[[ ! -e $tmp/bad ]] || fail "a failed kiln-compile left output behind"
"$compile" "$graph" --feed 'x:float32[?,4]' --fetch nosuchnode -o "$tmp/bad2" 2>/dev/null &&
  fail "an unknown fetch compiled"
[[ ! -e $tmp/bad2/model.kbundle ]] || fail "a failed kiln-compile left a bundle"
err=$("$run_rt" "$tmp/out/Clf.kbundle" 2>&1) && fail "a run without its input succeeded"
grep -q "needs input 'x:0'" <<<"$err" || fail "unclear error for a missing input: $err"
head -c 100 "$tmp/out/Clf.kbundle" >"$tmp/cut.kbundle"
err=$("$run_rt" "$tmp/cut.kbundle" --input x="$tmp/x.npy" 2>&1) && fail "a truncated bundle ran"
grep -q 'cut.kbundle' <<<"$err" || fail "the error does not name the file: $err"
# A graph with variables needs their starting values.
err=$("$compile" "$root/tests/tools/inputs/mlp.pbtxt" --feed 'x:float32[?,784]' \
  --fetch probs -o "$tmp/vars" 2>&1) && fail "variables without values compiled"
grep -q "variable 'fc1/w' has no value" <<<"$err" || fail "unclear error for variables: $err"
echo "aot cli: ok"
