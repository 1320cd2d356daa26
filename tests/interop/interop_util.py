"""Shared pieces of the TensorFlow interop checks: loading GraphDefs with
TensorFlow's own protos, field-by-field proto differences, and the tally every
check script prints at the end."""
import os
import subprocess
import sys

os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "2")
os.environ.setdefault("TF_ENABLE_ONEDNN_OPTS", "0")
os.environ.setdefault("CUDA_VISIBLE_DEVICES", "")

try:
    import tensorflow as tf  # noqa: F401  (the oracle)
    from google.protobuf import text_format
    from tensorflow.core.framework import graph_pb2
    from tensorflow.core.protobuf import saved_model_pb2
except ImportError as e:  # a missing oracle must fail, never pass
    sys.exit("interop: cannot import TensorFlow (%s) with %s; run "
             "scripts/setup.sh to create .venv, then re-run cmake with "
             "-DKILN_PYTHON=<repo>/.venv/bin/python" % (e, sys.executable))


def load_graph_def(path):
    """The GraphDef at `path`: binary or text GraphDef (by extension), or a
    SavedModel directory's first meta graph, read with TensorFlow's protos."""
    if os.path.isdir(path):
        sm = saved_model_pb2.SavedModel()
        with open(os.path.join(path, "saved_model.pb"), "rb") as f:
            sm.ParseFromString(f.read())
        return sm.meta_graphs[0].graph_def
    gd = graph_pb2.GraphDef()
    with open(path, "rb") as f:
        data = f.read()
    if path.endswith(".pbtxt"):
        text_format.Parse(data.decode("utf-8"), gd)
    else:
        gd.ParseFromString(data)
    return gd


def load_saved_model(path):
    sm = saved_model_pb2.SavedModel()
    with open(os.path.join(path, "saved_model.pb"), "rb") as f:
        sm.ParseFromString(f.read())
    return sm


def _label(msg, index):
    """`[i]`, or `['name']` for elements with a name (nodes, functions)."""
    for attr in ("name",):
        if hasattr(msg, attr) and isinstance(getattr(msg, attr), str) \
                and getattr(msg, attr):
            return "[%r]" % getattr(msg, attr)
    if hasattr(msg, "signature") and hasattr(msg.signature, "name"):
        return "[%r]" % msg.signature.name
    return "[%d]" % index


def _short(v):
    s = str(v).replace("\n", " ")
    return s if len(s) <= 80 else s[:77] + "..."


def _is_repeated(fd):
    # protobuf >= 5 has is_repeated; `label` is gone in the newest releases.
    if hasattr(fd, "is_repeated"):
        return fd.is_repeated
    return fd.label == fd.LABEL_REPEATED


def proto_diff(a, b, path="", out=None, limit=20):
    """Lines naming each field where messages `a` (want) and `b` (got)
    differ, down to scalars; at most `limit` lines."""
    if out is None:
        out = []
    if len(out) >= limit or a == b:
        return out
    names = [f.name for f, _ in a.ListFields()]
    names += [f.name for f, _ in b.ListFields() if f.name not in names]
    for name in names:
        fd = a.DESCRIPTOR.fields_by_name[name]
        va, vb = getattr(a, name), getattr(b, name)
        where = "%s.%s" % (path, name) if path else name
        is_map = (fd.message_type is not None
                  and fd.message_type.GetOptions().map_entry)
        if is_map:
            for k in sorted(set(va) | set(vb)):
                if k not in vb:
                    out.append("%s[%r]: missing (want %s)"
                               % (where, k, _short(va[k])))
                elif k not in va:
                    out.append("%s[%r]: unexpected %s"
                               % (where, k, _short(vb[k])))
                elif va[k] != vb[k]:
                    if hasattr(va[k], "ListFields"):
                        proto_diff(va[k], vb[k], "%s[%r]" % (where, k), out,
                                   limit)
                    else:
                        out.append("%s[%r]: want %s, got %s"
                                   % (where, k, _short(va[k]), _short(vb[k])))
        elif _is_repeated(fd):
            if fd.message_type is not None:
                for i in range(min(len(va), len(vb))):
                    proto_diff(va[i], vb[i], where + _label(va[i], i), out,
                               limit)
            elif list(va[:len(vb)]) != list(vb[:len(va)]):
                out.append("%s: want %s, got %s"
                           % (where, _short(list(va)), _short(list(vb))))
            if len(va) != len(vb):
                out.append("%s: want %d elements, got %d"
                           % (where, len(va), len(vb)))
        elif fd.message_type is not None:
            proto_diff(va, vb, where, out, limit)
        elif va != vb:
            out.append("%s: want %s, got %s" % (where, _short(va), _short(vb)))
        if len(out) >= limit:
            out.append("... (more differences left out)")
            break
    return out


def run(cmd):
    """(exit status, stdout, stderr) of `cmd`."""
    p = subprocess.run(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                       text=True)
    return p.returncode, p.stdout, p.stderr


class Tally:
    """Counts checks; prints one line per check and a closing summary."""

    def __init__(self, prog):
        self.prog = prog
        self.passed = 0
        self.failed = []

    def check(self, what, problems):
        """Records check `what`; it fails when `problems` (lines) is
        non-empty."""
        if problems:
            self.failed.append(what)
            print("FAIL %s" % what)
            for p in problems:
                print("     %s" % p)
        else:
            self.passed += 1
            print("ok   %s" % what)
        sys.stdout.flush()
        return not problems

    def finish(self):
        print("%s: %d passed, %d failed" % (self.prog, self.passed,
                                            len(self.failed)))
        for f in self.failed:
            print("%s: failed: %s" % (self.prog, f))
        return 1 if self.failed or not self.passed else 0


def tool_args_and_rng(doc):
    """The --tool/--out arguments every Kiln-tool check takes (--out made),
    and a NumPy generator from a fresh seed, printed so a failure replays."""
    import argparse
    import numpy as np
    parser = argparse.ArgumentParser(description=doc.split("\n")[0])
    parser.add_argument("--tool", required=True)
    parser.add_argument("--out", required=True)
    args = parser.parse_args()
    os.makedirs(args.out, exist_ok=True)
    seed = int.from_bytes(os.urandom(4), "little")
    print("seed", seed)
    return args, np.random.default_rng(seed)
