#!/usr/bin/env python3
"""Compares the outputs of two numerics case directories.

usage: compare_case_dirs.py WANT_DIR GOT_DIR

Both were written by kiln_numerics_cases with the same seed (WANT_DIR by
the reference evaluator, GOT_DIR by compiled code, fused or not). Every
case must agree: both reject it, or both give outputs equal under the
case's tolerance (ints and bools exactly; NaN and inf positions exactly).
Prints one line per failure and a summary; exits 1 on any failure.
"""
import json
import os
import sys

import numpy as np

from case_compare import compare


def main(argv):
    if len(argv) != 3:
        print(__doc__)
        return 2
    want_dir, got_dir = argv[1], argv[2]
    with open(os.path.join(want_dir, "manifest.json")) as f:
        want = {c["name"]: c for c in json.load(f)["cases"]}
    with open(os.path.join(got_dir, "manifest.json")) as f:
        got_manifest = json.load(f)
    failed = passed = 0
    for case in got_manifest["cases"]:
        ref = want.get(case["name"])
        problem = None
        if ref is None:
            problem = "missing from %s" % want_dir
        elif bool(ref["kiln_error"]) != bool(case["kiln_error"]):
            problem = "reference error %r, compiled error %r" % (
                ref["kiln_error"], case["kiln_error"])
        elif not ref["kiln_error"]:
            if len(ref["outputs"]) != len(case["outputs"]):
                problem = "%d outputs vs %d" % (len(ref["outputs"]),
                                                len(case["outputs"]))
            for k, (a, b) in enumerate(zip(ref["outputs"], case["outputs"])):
                p = compare(np.load(os.path.join(got_dir, b)),
                            np.load(os.path.join(want_dir, a)),
                            case["rtol"], case["atol"])
                if p and not problem:
                    problem = "output %d: %s" % (k, p)
        if problem:
            failed += 1
            print("FAIL %s (%s): %s" % (case["name"], case["op"], problem))
        else:
            passed += 1
    print("%s vs %s: %d agree, %d differ" % (got_dir, want_dir, passed, failed))
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
