"""Checks that kiln-dump reads every graph TensorFlow wrote as TensorFlow does.

  check_kiln_dump.py --kiln-dump PATH GRAPHS_DIR

GRAPHS_DIR is tf_write_graphs.py's output. For each graph in its manifest:
  nodes      kiln-dump --format=json lists exactly TensorFlow's nodes: the
             same names, ops, inputs (in order, "^ctl" and ":i" included) and
             devices
  library    the same library function names
  signatures (SavedModels) the same tags and signature tensors
  types      where kiln-dump infers an output dtype or a dim, it is the one
             TensorFlow's shape inference gives (unknown in Kiln is allowed)
  mlir       kiln-dump --format=mlir imports the graph (exit 0) and every
             node name survives as a location, loc("<name>")
  pbtxt      kiln-dump --format=pbtxt parses in TensorFlow and equals the
             GraphDef TensorFlow wrote, field for field
"""
import argparse
import json
import os
import sys
import tempfile

import interop_util as iu
from google.protobuf import text_format
from tensorflow.core.framework import graph_pb2, types_pb2
from tensorflow.python.framework import op_def_registry
import tensorflow as tf


def dtype_enum(name):
    """kiln-dump's dtype name ("float", "int32", "resource") as an enum."""
    return types_pb2.DataType.Value("DT_" + name.upper())


def dump(kiln_dump, fmt, path):
    rc, out, err = iu.run([kiln_dump, "--format=" + fmt, path])
    if rc != 0:
        return None, ["kiln-dump --format=%s exited %d: %s"
                      % (fmt, rc, err.strip() or "(no message)")]
    return out, []


def check_nodes(graph, report):
    want = {n[0]: n for n in graph["nodes"]}
    got = {}
    problems = []
    for node in report["nodes"]:
        if node["name"] in got:
            problems.append("node %r listed twice" % node["name"])
        got[node["name"]] = [node["name"], node["op"], node["inputs"],
                             node["device"]]
    for name in want:
        if name not in got:
            problems.append("node %r (%s) missing" % (name, want[name][1]))
    for name in got:
        if name not in want:
            problems.append("node %r (%s) not in TensorFlow's graph"
                            % (name, got[name][1]))
    fields = ("name", "op", "inputs", "device")
    for name in want:
        if name in got:
            for i, field in enumerate(fields):
                if want[name][i] != got[name][i]:
                    problems.append("node %r: %s: TensorFlow %r, kiln-dump %r"
                                    % (name, field, want[name][i],
                                       got[name][i]))
    if not problems and [n[0] for n in graph["nodes"]] != list(got):
        # A set is what must match; the order is kiln-dump's choice.
        print("     note: %s: kiln-dump lists the nodes in another order "
              "than the GraphDef" % graph["path"])
    return problems


def check_library(graph, report):
    want = sorted(graph["library"])
    got = sorted(f["name"] for f in report["functions"])
    if want == got:
        return []
    return ["library functions: TensorFlow %s, kiln-dump %s" % (want, got)]


def check_signatures(graph, report):
    problems = []
    if report["tags"] != graph["tags"]:
        problems.append("tags: TensorFlow %s, kiln-dump %s"
                        % (graph["tags"], report["tags"]))
    got = {s["key"]: s for s in report["signatures"]}
    for key, want in sorted(graph["signatures"].items()):
        if key not in got:
            problems.append("signature %r missing" % key)
            continue
        s = got[key]
        if s["method"] != want["method"]:
            problems.append("signature %r: method %r, kiln-dump %r"
                            % (key, want["method"], s["method"]))
        for side in ("inputs", "outputs"):
            tensors = {t["key"]: t["tensor"] for t in s[side]}
            if tensors != want[side]:
                problems.append("signature %r %s: TensorFlow %s, kiln-dump %s"
                                % (key, side, want[side], tensors))
    for key in sorted(set(got) - set(graph["signatures"])):
        problems.append("signature %r not in the SavedModel" % key)
    return problems


def check_types(graph, report):
    """Kiln's inferred output types against TensorFlow's; returns problems and
    (outputs compared, outputs Kiln left unknown)."""
    problems = []
    known = unknown = 0
    for node in report["nodes"]:
        name = node["name"]
        want = graph["outputs"].get(name)
        if want is None:
            continue
        got = node["outputs"]
        # For ops outside its table Kiln lists the outputs it can tell
        # (consumers, Tout, ...): fewer than TensorFlow is allowed, more not.
        if len(got) > len(want):
            problems.append("node %r (%s): %d outputs, TensorFlow has %d"
                            % (name, node["op"], len(got), len(want)))
            continue
        unknown += len(want) - len(got)
        for i, (out, (w_dtype, w_shape)) in enumerate(zip(got, want)):
            tensor = "%s:%d" % (name, i)
            if out["dtype"] is None or out["shape"] is None:
                unknown += 1
            else:
                known += 1
            if out["dtype"] is not None and dtype_enum(out["dtype"]) != w_dtype:
                problems.append("%s: dtype %s, TensorFlow %s"
                                % (tensor, out["dtype"],
                                   types_pb2.DataType.Name(w_dtype)))
            shape = out["shape"]
            if shape is None or w_shape is None:
                continue
            if len(shape) != len(w_shape) or any(
                    a != -1 and b != -1 and a != b
                    for a, b in zip(shape, w_shape)):
                problems.append("%s (%s): shape %s, TensorFlow %s"
                                % (tensor, node["op"], shape, w_shape))
    return problems, known, unknown


def check_mlir(kiln_dump, path, graph):
    out, problems = dump(kiln_dump, "mlir", path)
    if problems:
        return problems
    if "func.func" not in out and "kiln." not in out:
        return ["--format=mlir printed no kiln module: %r" % out[:200]]
    # Users' names survive: each node becomes an op (or argument) located at
    # loc("<node name>").
    return ["node %r has no loc(%s) in --format=mlir" % (n[0], json.dumps(n[0]))
            for n in graph["nodes"]
            if "loc(%s)" % json.dumps(n[0]) not in out]


def same_attr(a, b):
    """AttrValues equal, tensors compared by dtype, shape and values."""
    if a.HasField("tensor") and b.HasField("tensor"):
        x, y = tf.make_ndarray(a.tensor), tf.make_ndarray(b.tensor)
        return (a.tensor.dtype == b.tensor.dtype and x.shape == y.shape
                and x.tolist() == y.tolist())
    return a == b


def node_diff(want, got):
    """Differences of one node after the trip; extra attrs must be defaults."""
    if (want.op, list(want.input), want.device) != (got.op, list(got.input),
                                                   got.device):
        return ["op/inputs/device %s -> %s" % (
            (want.op, list(want.input), want.device),
            (got.op, list(got.input), got.device))]
    problems = ["attr %r changed" % k for k in want.attr
                if k not in got.attr or not same_attr(want.attr[k], got.attr[k])]
    op_def = op_def_registry.get(want.op)
    defaults = {a.name: a.default_value for a in op_def.attr} if op_def else {}
    problems += ["attr %r added with a non-default value" % k for k in got.attr
                 if k not in want.attr and not (
                     k in defaults and same_attr(defaults[k], got.attr[k]))]
    return problems


def library_diff(want, got):
    """Differences between two FunctionDefLibraries. Nodes are matched by
    name (a FunctionDef's node order carries no meaning, and TensorFlow
    writes them unsorted) and compared as graph nodes are; everything else
    must be equal."""
    if [f.signature.name for f in want.function] != \
            [f.signature.name for f in got.function]:
        return ["function names or order changed"]
    problems = []
    for a, b in zip(want.function, got.function):
        nodes = {n.name: n for n in b.node_def}
        if sorted(nodes) != sorted(n.name for n in a.node_def):
            problems.append("function %r: node names changed" % a.signature.name)
            continue
        for n in a.node_def:
            problems += ["function %r node %r: %s" % (a.signature.name, n.name, d)
                         for d in node_diff(n, nodes[n.name])]
        rest_a, rest_b = type(a)(), type(b)()
        rest_a.CopyFrom(a)
        rest_b.CopyFrom(b)
        del rest_a.node_def[:]
        del rest_b.node_def[:]
        if rest_a != rest_b:
            problems.append("function %r: signature, attrs or rets changed"
                            % a.signature.name)
    if want.gradient != got.gradient:
        problems.append("gradient registrations changed")
    return problems


def check_mlir_roundtrip(kiln_dump, path, original):
    """GraphDef -> kiln dialect (text) -> GraphDef gives TensorFlow's graph."""
    mlir_text, problems = dump(kiln_dump, "mlir", path)
    if problems:
        return problems
    with tempfile.NamedTemporaryFile("w", suffix=".mlir", delete=False) as f:
        f.write(mlir_text)
    try:
        out, problems = dump(kiln_dump, "pbtxt", f.name)
    finally:
        os.unlink(f.name)
    if problems:
        return problems
    got = graph_pb2.GraphDef()
    text_format.Parse(out, got)
    nodes = {n.name: n for n in got.node}
    problems = ["node %r lost" % n.name for n in original.node
                if n.name not in nodes]
    problems += ["node %r added" % n for n in nodes
                 if n not in {m.name for m in original.node}]
    for want in original.node:
        if want.name in nodes:
            problems += ["node %r: %s" % (want.name, d)
                         for d in node_diff(want, nodes[want.name])]
    problems += library_diff(original.library, got.library)
    return problems


def check_pbtxt(kiln_dump, path, original):
    out, problems = dump(kiln_dump, "pbtxt", path)
    if problems:
        return problems
    got = graph_pb2.GraphDef()
    try:
        text_format.Parse(out, got)
    except text_format.ParseError as e:
        return ["TensorFlow cannot parse --format=pbtxt: %s" % e]
    return ["--format=pbtxt differs from TensorFlow's GraphDef: " + d
            for d in iu.proto_diff(original, got)]


def check_graph(args, graph, tally):
    name = graph["path"]
    path = os.path.join(args.graphs_dir, name)
    out, problems = dump(args.kiln_dump, "json", path)
    report = None
    if not problems:
        try:
            report = json.loads(out)
        except ValueError as e:
            problems = ["--format=json is not JSON: %s" % e]
    if report is None:
        tally.check("%s: kiln-dump --format=json" % name, problems)
    else:
        tally.check("%s: nodes (%d: names, ops, inputs, devices)"
                    % (name, len(graph["nodes"])), check_nodes(graph, report))
        tally.check("%s: library functions (%d)"
                    % (name, len(graph["library"])),
                    check_library(graph, report))
        if graph["kind"] == "savedmodel":
            tally.check("%s: tags and signatures" % name,
                        check_signatures(graph, report))
        problems, known, unknown = check_types(graph, report)
        tally.check("%s: output types agree with TensorFlow's (%d compared, "
                    "%d unknown to Kiln)" % (name, known, unknown), problems)
    tally.check("%s: --format=mlir imports, keeping node names" % name,
                check_mlir(args.kiln_dump, path, graph))
    tally.check("%s: GraphDef -> kiln dialect -> GraphDef is the same graph"
                % name, check_mlir_roundtrip(args.kiln_dump, path,
                                             iu.load_graph_def(path)))
    tally.check("%s: --format=pbtxt equals TensorFlow's GraphDef" % name,
                check_pbtxt(args.kiln_dump, path, iu.load_graph_def(path)))


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--kiln-dump", required=True)
    parser.add_argument("graphs_dir")
    args = parser.parse_args()

    with open(os.path.join(args.graphs_dir, "manifest.json")) as f:
        manifest = json.load(f)
    print("check_kiln_dump: %d graphs written by TensorFlow %s"
          % (len(manifest["graphs"]), manifest["tensorflow"]))
    tally = iu.Tally("check_kiln_dump")
    for graph in manifest["graphs"]:
        try:
            check_graph(args, graph, tally)
        except Exception as e:  # noqa: BLE001  e.g. JSON of another schema
            tally.check("%s: checks ran" % graph["path"],
                        ["%s: %s" % (type(e).__name__, e)])
    return tally.finish()


if __name__ == "__main__":
    sys.exit(main())
