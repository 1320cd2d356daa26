#!/usr/bin/env python3
"""Runs Kiln's benchmarks and the framework anchors; prints one table.

usage: bench/run.py BUILD_DIR [--quick] [--threads N] [--python PY]
                    [--only-functions | --only-aot | --only-cnn]

session_bench (BUILD_DIR/bench/session_bench) measures Kiln next to its
C++ anchors and writes the MLP's weights as .npy; anchors/fashion_mlp.py then
times the same MLP with the same weights and threads in TensorFlow
(tf.function and XLA), JAX and PyTorch (those installed in PY, default
.venv-bench/bin/python). train_bench and anchors/train_mlp.py do the same for
training throughput (Model::Fit against Keras, Keras+XLA, JAX, PyTorch),
pipeline_bench and anchors/pipeline_tfdata.py for input pipelines
(TFRecord -> parse -> batch against tf.data), function_bench and
anchors/function_tf.py for graph functions and control flow, aot_bench and
anchors/savedmodel_load.py for ahead-of-time bundles against the JIT and a
TensorFlow SavedModel of the same MLP, cnn_bench and anchors/cnn.py for
convolutions (against oneDNN's primitive alone) and the Fashion-MNIST CNN
(training and inference against Keras, Keras+XLA, JAX, PyTorch).
Ratios are computed within this one run.
"""
import json
import os
import subprocess
import sys
import tempfile

HERE = os.path.dirname(os.path.abspath(__file__))


def json_lines(text):
    for line in text.splitlines():
        line = line.strip()
        if line.startswith("{"):
            yield json.loads(line)


def main(argv):
    args = [a for a in argv[1:] if not a.startswith("--")]
    if not args:
        print(__doc__)
        return 2
    quick = "--quick" in argv
    threads = "2"
    python = os.path.join(HERE, "..", ".venv-bench", "bin", "python")
    for i, a in enumerate(argv):
        if a == "--threads":
            threads = argv[i + 1]
        if a == "--python":
            python = argv[i + 1]
    build = args[0]
    if "--only-functions" in argv:
        function_rows(build, python, threads, quick,
                      dict(os.environ) if os.path.exists(python) else None)
        return 0
    if "--only-cnn" in argv:
        cnn_rows(build, python, threads, quick, bench_env(python))
        return 0
    tmp = tempfile.mkdtemp(prefix="kiln-bench-")
    if "--only-aot" in argv:
        subprocess.run([os.path.join(build, "bench", "session_bench"), tmp,
                        "--only=mlp", "--quick"], check=True,
                       capture_output=True)
        aot_rows(build, python, quick, tmp)
        return 0
    cmd = [os.path.join(build, "bench", "session_bench"), tmp]
    if quick:
        cmd.append("--quick")
    kiln = subprocess.run(cmd, check=True, capture_output=True, text=True,
                          env=dict(os.environ, OMP_NUM_THREADS=threads))
    rows = list(json_lines(kiln.stdout))
    anchors = []
    env = bench_env(python)
    if env is not None:
        out = subprocess.run(
            [python, os.path.join(HERE, "anchors", "fashion_mlp.py"),
             "--weights-dir", tmp, "--threads", threads] +
            (["--runs", "50"] if quick else []),
            capture_output=True, text=True, env=env)
        anchors = [r for r in json_lines(out.stdout) if "median_us" in r]
        skipped = [r for r in json_lines(out.stdout) if "median_us" not in r]
    else:
        skipped = [{"note": "no %s: run bash bench/setup.sh" % python}]

    print("%-9s %-40s %12s %-8s %s" % ("bench", "what", "value", "unit",
                                       "ratio"))
    for r in rows:
        ratio = ("%6.2fx %s" % (r["ratio"], r.get("anchor", ""))
                 if r["ratio"] else "")
        print("%-9s %-40s %12.3f %-8s %s" % (r["bench"], r["what"], r["value"],
                                             r["unit"], ratio))
    kiln_mlp = {int(r["what"].split()[-1]): r["value"] for r in rows
                if r["bench"] == "mlp"}
    for r in anchors:
        batch = int(r["batch"])
        ratio = r["median_us"] / kiln_mlp[batch] if batch in kiln_mlp else 0
        print("%-9s %-40s %12.3f %-8s %s" % (
            "mlp", "%s batch %d" % (r["framework"], batch), r["median_us"],
            "us", ("%6.2fx its time / Kiln's" % ratio) if ratio else ""))
    train_rows(build, python, threads, quick, env)
    pipeline_rows(build, python, threads, quick, env, tmp)
    function_rows(build, python, threads, quick, env)
    aot_rows(build, python, quick, tmp)
    cnn_rows(build, python, threads, quick, env)
    for r in skipped:
        print("note: %s" % json.dumps(r))
    return 0


def bench_env(python):
    """The anchors' environment, or None without the bench virtualenv."""
    if not os.path.exists(python):
        return None
    # PyPI's torch wheel links a few NVIDIA libraries (bench/setup.sh).
    site = subprocess.run(
        [python, "-c", "import sysconfig; print(sysconfig.get_paths()"
         "['purelib'])"], capture_output=True, text=True).stdout.strip()
    libs = [os.path.join(site, "nvidia", d, "lib")
            for d in ("cu13", "cusparselt", "nvshmem")]
    return dict(os.environ, LD_LIBRARY_PATH=os.pathsep.join(
        libs + ["/usr/local/cuda/lib64",
                os.environ.get("LD_LIBRARY_PATH", "")]))


def cnn_rows(build, python, threads, quick, env):
    """Convolutions and the CNN: cnn_bench's rows, then each framework's
    with the ratio in Kiln's favour (above 1: Kiln is faster)."""
    cmd = [os.path.join(build, "bench", "cnn_bench")] + (
        ["--quick"] if quick else [])
    out = subprocess.run(cmd, check=True, capture_output=True, text=True,
                         env=dict(os.environ, OMP_NUM_THREADS=threads))
    kiln = {}
    for line in out.stdout.splitlines():
        if line.startswith(("conv2d ", "cnn ")):
            print(line)
    for r in json_lines(out.stdout):
        kiln[r["what"]] = r["value"]
    if env is None:
        return
    out = subprocess.run(
        [python, os.path.join(HERE, "anchors", "cnn.py"), "--threads",
         threads] + (["--samples", "2048", "--epochs", "1", "--runs", "200"]
                     if quick else []),
        capture_output=True, text=True, env=env)
    for r in json_lines(out.stdout):
        if "value" not in r:
            print("note: %s" % json.dumps(r))
            continue
        mine = kiln.get(r["what"].replace("train", "Model::Fit"), 0)
        faster = r["value"] / mine if r["unit"] == "us" else (
            mine / r["value"])
        print("%-10s %-40s %12.3f %-9s %6.2fx in Kiln's favour" % (
            "cnn", "%s %s" % (r["framework"], r["what"]), r["value"],
            r["unit"], faster))


def train_rows(build, python, threads, quick, env):
    """Training throughput: Kiln's Model::Fit, then each framework with the
    ratio Kiln / framework (above 1: Kiln trains faster)."""
    cmd = [os.path.join(build, "bench", "train_bench")] + (
        ["--quick"] if quick else [])
    out = subprocess.run(cmd, check=True, capture_output=True, text=True)
    kiln = {r["batch"]: r["samples_per_s"] for r in json_lines(out.stdout)}
    for batch, rate in sorted(kiln.items()):
        print("%-9s %-40s %12.0f %-8s" % ("train", "Model::Fit batch %d" % batch,
                                          rate, "sample/s"))
    if env is None:
        return
    anchor_rate_rows(
        python, env, ["train_mlp.py", "--threads", threads] +
        (["--epochs", "1"] if quick else []), "train", "samples_per_s",
        "sample/s", "batch", lambda r: "%s batch %d" % (r["framework"],
                                                         r["batch"]), kiln)


def pipeline_rows(build, python, threads, quick, env, tmp):
    """Input pipeline throughput: Kiln's TFRecord -> parse -> batch with 1
    and 2 threads, whether it keeps Model::Fit fed, then tf.data on the same
    files with the ratio Kiln / tf.data (above 1: Kiln reads faster)."""
    cmd = [os.path.join(build, "bench", "pipeline_bench"), tmp] + (
        ["--quick"] if quick else [])
    out = subprocess.run(cmd, check=True, capture_output=True, text=True)
    kiln = {}
    for r in json_lines(out.stdout):
        value = r.get("examples_per_s") or r["samples_per_s"]
        unit = "example/s" if "examples_per_s" in r else "sample/s"
        if "examples_per_s" in r:
            kiln[r["threads"]] = value
        print("%-9s %-40s %12.0f %-8s" % ("pipeline", r["what"], value, unit))
    for line in out.stdout.splitlines():
        if "fed / in-memory" in line:
            print(line.replace("pipeline   ", "pipeline  "))
    if env is None:
        return
    anchor_rate_rows(
        python, env, ["pipeline_tfdata.py", "--dir", tmp, "--threads",
                      threads] + (["--rounds", "3"] if quick else []),
        "pipeline", "examples_per_s", "example/s", "threads",
        lambda r: "%s %d thread(s)" % (r["framework"], r["threads"]), kiln)


def aot_rows(build, python, quick, tmp):
    """Ahead-of-time bundles: aot_bench's rows (on session_bench's MLP
    weights in tmp), then TensorFlow's SavedModel of the same MLP, each with
    Kiln's value over it."""
    out = subprocess.run([os.path.join(build, "bench", "aot_bench"), tmp] +
                         (["--quick"] if quick else []),
                         check=True, capture_output=True, text=True)
    kiln = {}
    for line in out.stdout.splitlines():
        if line.startswith("aot "):
            print(line)
    for r in json_lines(out.stdout):
        kiln[r["what"].replace("bundle", "SavedModel")] = r["value"]
    if not os.path.exists(python):
        return
    out = subprocess.run(
        [python, os.path.join(HERE, "anchors", "savedmodel_load.py"), tmp],
        capture_output=True, text=True)
    for r in json_lines(out.stdout):
        if "value" not in r:
            print("note: %s" % json.dumps(r))
            continue
        mine = kiln.get(r["what"])
        ratio = ("%6.2fx its value / Kiln's bundle's" % (r["value"] / mine)
                 if mine else "")
        print("%-9s %-40s %12.3f %-8s %s" % (
            "aot", "%s %s" % (r["framework"], r["what"]), r["value"],
            r["unit"], ratio))


def function_rows(build, python, threads, quick, env):
    """Graph functions and control flow: Kiln's per-call and per-trip costs,
    then tf.function's and XLA's with their time over Kiln's."""
    cmd = [os.path.join(build, "bench", "function_bench")] + (
        ["--quick"] if quick else [])
    out = subprocess.run(cmd, check=True, capture_output=True, text=True)
    kiln = {}
    for line in out.stdout.splitlines():
        if line.startswith(("function ", "control ")):
            print(line)
    for r in json_lines(out.stdout):
        key = ("call" if "call" in r["what"] else
               "cond" if "cond" in r["what"] else
               "while_loop matmul per trip" if "matmul" in r["what"] else
               "while_loop per trip")
        kiln[key] = r["us"]
    if env is None:
        return
    out = subprocess.run(
        [python, os.path.join(HERE, "anchors", "function_tf.py"), "--threads",
         threads] + (["--runs", "100"] if quick else []),
        capture_output=True, text=True, env=env)
    for r in json_lines(out.stdout):
        if "us" not in r:
            print("note: %s" % json.dumps(r))
            continue
        ratio = r["us"] / kiln[r["what"]] if kiln.get(r["what"]) else 0
        print("%-9s %-44s %10.2f us   %6.2fx its time / Kiln's" % (
            "control", "%s %s" % (r["framework"], r["what"]), r["us"], ratio))


def anchor_rate_rows(python, env, script_args, bench, key, unit, match, label,
                     kiln):
    """Runs anchors/<script> and prints each framework's rate with Kiln's
    rate over it (kiln: Kiln's rates keyed by the row's `match` field)."""
    out = subprocess.run(
        [python, os.path.join(HERE, "anchors", script_args[0])] +
        script_args[1:], capture_output=True, text=True, env=env)
    for r in json_lines(out.stdout):
        if key not in r:
            print("note: %s" % json.dumps(r))
            continue
        ratio = kiln.get(r[match], 0) / r[key]
        print("%-9s %-40s %12.0f %-8s %6.2fx Kiln's rate / its" % (
            bench, label(r), r[key], unit, ratio))


if __name__ == "__main__":
    sys.exit(main(sys.argv))
