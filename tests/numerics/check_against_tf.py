#!/usr/bin/env python3
"""Replays the numerics suite's cases in TensorFlow 2.21 and compares.

usage: check_against_tf.py CASES_DIR [--only NAME ...] [--verbose]

CASES_DIR holds manifest.json, the .npy inputs and Kiln's reference outputs
written by kiln_numerics_cases. Each case runs as tf.raw_ops.<Op>(**inputs,
**attrs), eagerly on the CPU, on the same inputs. TensorFlow is the spec:
  * dtype and shape must match exactly;
  * ints and bools must match exactly;
  * floats: NaN positions must match, infs must match (with sign), finite
    values within the case's rtol/atol (|kiln - tf| <= atol + rtol * |tf|);
  * a case Kiln rejects must be rejected by TensorFlow too, and vice versa;
  * outputs a case lists as "unspecified" (TensorFlow's CPU kernels disagree
    on them) are not compared.
Prints one line per case and "N passed, M failed"; exits 1 on any failure
not listed in EXPECTED_DIFFERENCES (known Kiln bugs, kept visible as XFAIL).
"""
import json
import os
import sys

os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "2")
os.environ.setdefault("CUDA_VISIBLE_DEVICES", "")
os.environ.setdefault("TF_ENABLE_ONEDNN_OPTS", "0")

import numpy as np  # noqa: E402
import tensorflow as tf  # noqa: E402

from case_compare import compare, compare_distribution, show  # noqa: E402
import dilated_backprop  # noqa: E402
import nchw_via_nhwc  # noqa: E402

# Case name -> why Kiln's reference kernel differs from TensorFlow. Each is a
# real Kiln bug or gap (reported to the lead); remove the entry once fixed.
EXPECTED_DIFFERENCES = {
    # TensorFlow 2.21 registers no CPU RealDiv kernel for integers
    # (NotFoundError: Could not find device for node RealDiv[T=DT_INT32]);
    # Kiln's table accepts them and the reference truncates toward zero
    # (-7 / 2 = -3). The spec says integer RealDiv is an error on CPU.
    "realdiv_i32_neg": "Kiln accepts integer RealDiv; TF CPU has no kernel",
    "realdiv_i32_pos_divisor":
        "Kiln accepts integer RealDiv; TF CPU has no kernel",
    "realdiv_i64_neg": "Kiln accepts integer RealDiv; TF CPU has no kernel",
    # Cast(Truncate=true) chops the mantissa (0.1 -> 0x3dcccccc where round
    # to nearest gives 0x3dcccccd); Kiln's reference returns Unimplemented.
    "cast_f64_f32_truncate": "Kiln's Cast has no Truncate=true kernel",
}

TF_DTYPES = {"float": tf.float32, "double": tf.float64, "int32": tf.int32,
             "int64": tf.int64, "bool": tf.bool, "half": tf.float16,
             "bfloat16": tf.bfloat16, "uint8": tf.uint8, "int8": tf.int8,
             "int16": tf.int16}


# tf.raw_ops keyword names that differ from the op def's arg/attr names
# (the manifest uses the op def's, as Kiln's table does).
PYTHON_NAMES = {
    ("Sum", "reduction_indices"): "axis",
    ("Mean", "reduction_indices"): "axis",
    ("Max", "reduction_indices"): "axis",
    ("Min", "reduction_indices"): "axis",
    ("Prod", "reduction_indices"): "axis",
    ("ExpandDims", "dim"): "axis",
    ("Squeeze", "squeeze_dims"): "axis",
    ("Select", "t"): "x",
    ("Select", "e"): "y",
}


def attr_value(value):
    (kind, v), = value.items()
    if kind == "type":
        return TF_DTYPES[v]
    if kind == "string":
        return v
    return v


def run_tf(case, load):
    kwargs = {}
    for arg in case["inputs"]:
        tensors = [tf.constant(load(f)) for f in arg["files"]]
        name = PYTHON_NAMES.get((case["op"], arg["arg"]), arg["arg"])
        kwargs[name] = tensors if arg["list"] else tensors[0]
    for name, value in case["attrs"].items():
        name = PYTHON_NAMES.get((case["op"], name), name)
        kwargs[name] = attr_value(value)
    back = np.asarray
    if nchw_via_nhwc.applies(case):
        kwargs, back = nchw_via_nhwc.to_nhwc(case["op"], kwargs, tf)
    with tf.device("/CPU:0"):
        if dilated_backprop.applies(case):
            return dilated_backprop.run(case["op"], kwargs, tf)
        result = getattr(tf.raw_ops, case["op"])(**kwargs)
    if isinstance(result, (list, tuple)):
        return [back(np.asarray(r.numpy())) for r in result]
    return [back(np.asarray(result.numpy()))]


def check(case, load):
    """(ok, message)."""
    kiln_error = case["kiln_error"]
    try:
        want = run_tf(case, load)
        tf_error = None
    except Exception as e:  # noqa: BLE001: any TF error is a rejection
        want, tf_error = None, "%s: %s" % (type(e).__name__,
                                           str(e).strip().splitlines()[0])
    if kiln_error and tf_error:
        return True, "both reject"
    if kiln_error:
        return False, "Kiln rejects (%s); tf returns %s" % (
            kiln_error, "; ".join(show(w) for w in want))
    if tf_error:
        return False, "TensorFlow rejects (%s); kiln returns %s" % (
            tf_error, "; ".join(show(load(f)) for f in case["outputs"]))
    if len(want) != len(case["outputs"]):
        return False, "kiln has %d outputs, tf %d" % (len(case["outputs"]),
                                                      len(want))
    problems = []
    for k, (f, w) in enumerate(zip(case["outputs"], want)):
        if k in case.get("unspecified", []):
            continue  # TensorFlow's CPU kernels disagree on this output
        kiln = load(f)
        if case.get("compare") == "distribution":
            p = compare_distribution(kiln, w)
        else:
            p = compare(kiln, w, case["rtol"], case["atol"])
        if p:
            problems.append("output %d: %s\n      kiln %s\n      tf   %s" % (
                k, p, show(kiln), show(w)))
    if problems:
        inputs = ", ".join("%s=%s" % (a["arg"], ",".join(
            show(load(f)) for f in a["files"])) for a in case["inputs"])
        return False, "; ".join(problems) + "\n      inputs " + inputs
    return True, ""


def main(argv):
    args = [a for a in argv[1:] if not a.startswith("--")]
    verbose = "--verbose" in argv
    if not args:
        print(__doc__)
        return 2
    root = args[0]
    only = set(args[1:])
    with open(os.path.join(root, "manifest.json")) as f:
        manifest = json.load(f)

    def load(name):
        return np.load(os.path.join(root, name))

    print("numerics: TensorFlow %s, seed %s, %d cases" % (
        tf.__version__, manifest["seed"], len(manifest["cases"])))
    passed = failed = xfail = 0
    for case in manifest["cases"]:
        if only and case["name"] not in only:
            continue
        ok, message = check(case, load)
        reason = EXPECTED_DIFFERENCES.get(case["name"])
        if ok:
            passed += 1
            line = "ok   %s (%s)" % (case["name"], case["op"])
            if reason:
                line = "XPASS %s (%s): listed as expected difference (%s)" % (
                    case["name"], case["op"], reason)
            if verbose or reason or message:
                print(line + (": " + message if message else ""))
            else:
                print(line)
        elif reason:
            xfail += 1
            print("XFAIL %s (%s): %s [known: %s]" % (case["name"], case["op"],
                                                     message, reason))
        else:
            failed += 1
            print("FAIL %s (%s): %s" % (case["name"], case["op"], message))
    print("%d passed, %d failed, %d expected differences (seed %s; rerun "
          "with KILN_NUMERICS_SEED=%s)" % (passed, failed, xfail,
                                          manifest["seed"], manifest["seed"]))
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
