"""Checks that GraphDefs written by Kiln's C++ frontend load and run in
TensorFlow as Kiln built them.

  check_tf_loads_kiln.py --out DIR --kiln-write-graphs PATH
                         [--fashion-mlp-graph PATH]

Runs kiln_write_graphs (and fashion_mlp_graph) to write graphs into DIR, then
for each graph:
  import   tf.compat.v1.import_graph_def accepts it in a fresh tf.Graph
  nodes    TensorFlow's imported graph has exactly the file's nodes, each with
           the same op, inputs (data inputs in order, ":1" included; control
           inputs "^ctl" as a set: TensorFlow sorts them), device and attrs;
           TensorFlow may only add attrs the op defines with their default
  types    TensorFlow's static dtype and shape of each output agree with the
           ones Kiln's frontend inferred (where both know a dim)
  run      (graphs without variables) a tf.compat.v1.Session runs every node
           with random feeds; each output has the dtype and the known dims
           Kiln's frontend inferred
"""
import argparse
import json
import os
import shutil
import sys

import interop_util as iu
import numpy as np
import tensorflow as tf
from tensorflow.python.framework import op_def_registry

BATCH = 3  # size given to unknown dims of fed placeholders


def tensor_name(name):
    """A GraphDef tensor name ("x", "x:1") as TensorFlow's ("x:0", "x:1")."""
    return name if ":" in name else name + ":0"


def import_graph(graph_def):
    g = tf.Graph()
    with g.as_default():
        tf.compat.v1.import_graph_def(graph_def, name="")
    return g


def same_inputs(a, b):
    """Data inputs in order; control inputs ("^x") as a set, since
    TensorFlow sorts them by name when it writes a GraphDef."""
    def split(inputs):
        data = [i for i in inputs if not i.startswith("^")]
        control = [i for i in inputs if i.startswith("^")]
        return data, sorted(control), inputs[:len(data)] == data
    (da, ca, ok_a), (db, cb, ok_b) = split(list(a)), split(list(b))
    return ok_a and ok_b and da == db and ca == cb


def check_nodes(graph_def, imported):
    problems = []
    got = {n.name: n for n in imported.as_graph_def().node}
    want_names = [n.name for n in graph_def.node]
    for name in sorted(set(got) - set(want_names)):
        problems.append("node %r (%s) added by TensorFlow" % (name,
                                                             got[name].op))
    for want in graph_def.node:
        node = got.get(want.name)
        if node is None:
            problems.append("node %r (%s) missing after import"
                            % (want.name, want.op))
            continue
        where = "node %r (%s)" % (want.name, want.op)
        if node.op != want.op:
            problems.append("%s: op is %r in TensorFlow" % (where, node.op))
        if not same_inputs(want.input, node.input):
            problems.append("%s: inputs %s, TensorFlow %s"
                            % (where, list(want.input), list(node.input)))
        if node.device != want.device:
            problems.append("%s: device %r, TensorFlow %r"
                            % (where, want.device, node.device))
        for key in sorted(want.attr):
            if key not in node.attr:
                problems.append("%s: attr %r dropped by TensorFlow"
                                % (where, key))
            elif node.attr[key] != want.attr[key]:
                problems.append("%s: attr %r: file %s, TensorFlow %s"
                                % (where, key, iu._short(want.attr[key]),
                                   iu._short(node.attr[key])))
        op_def = op_def_registry.get(want.op)
        defaults = {a.name: a for a in op_def.attr} if op_def else {}
        for key in sorted(set(node.attr) - set(want.attr)):
            a = defaults.get(key)
            if a is None or not a.HasField("default_value"):
                problems.append("%s: TensorFlow added attr %r that has no "
                                "default" % (where, key))
            elif a.default_value != node.attr[key]:
                problems.append("%s: TensorFlow added attr %r = %s, not its "
                                "default" % (where, key,
                                             iu._short(node.attr[key])))
    return problems


def shape_problem(kiln_shape, tf_shape):
    """Why `tf_shape` (a list, None dims unknown) contradicts Kiln's static
    shape (-1 unknown dim, None unknown rank), or None."""
    if kiln_shape is None or tf_shape is None:
        return None
    if len(kiln_shape) != len(tf_shape) or any(
            k != -1 and t is not None and k != t
            for k, t in zip(kiln_shape, tf_shape)):
        return "Kiln %s, TensorFlow %s" % (kiln_shape, tf_shape)
    return None


def check_static_types(entry, g):
    problems = []
    for name, info in sorted(entry["tensors"].items()):
        t = g.get_tensor_by_name(tensor_name(name))
        if t.dtype.as_datatype_enum != info["dtype"]:
            problems.append("%s (%s): dtype Kiln %s, TensorFlow %s"
                            % (name, info["op"],
                               tf.dtypes.as_dtype(info["dtype"]).name,
                               t.dtype.name))
        why = shape_problem(info["shape"], None if t.shape.rank is None
                            else t.shape.as_list())
        if why:
            problems.append("%s (%s): static shape %s" % (name, info["op"],
                                                          why))
    return problems


def random_feed(rng, op):
    shape = [BATCH if d is None else d
             for d in (op.outputs[0].shape.as_list()
                       if op.outputs[0].shape.rank is not None else [BATCH])]
    dtype = op.outputs[0].dtype
    if dtype.is_floating:
        return rng.standard_normal(shape).astype(dtype.as_numpy_dtype)
    if dtype.is_integer:
        return rng.integers(0, 2, shape).astype(dtype.as_numpy_dtype)
    if dtype == tf.bool:
        return rng.integers(0, 2, shape).astype(bool)
    raise ValueError("cannot feed placeholder %r of %s" % (op.name, dtype))


def check_run(entry, g):
    rng = np.random.default_rng(7)
    feeds, fetches, targets = {}, [], []
    for op in g.get_operations():
        if op.type == "Placeholder":
            feeds[op.outputs[0]] = random_feed(rng, op)
        if not op.outputs:
            targets.append(op)
        fetches.extend(op.outputs)
    with tf.compat.v1.Session(graph=g) as sess:
        values = sess.run(fetches + targets, feed_dict=feeds)[:len(fetches)]
    by_name = {t.name: v for t, v in zip(fetches, values)}
    problems = []
    for name, info in sorted(entry["tensors"].items()):
        v = np.asarray(by_name[tensor_name(name)])
        want = tf.dtypes.as_dtype(info["dtype"]).as_numpy_dtype
        if v.dtype != want:
            problems.append("%s (%s): ran as %s, Kiln says %s"
                            % (name, info["op"], v.dtype, np.dtype(want)))
        why = shape_problem(info["shape"], list(v.shape))
        if why:
            problems.append("%s (%s): output shape %s" % (name, info["op"],
                                                          why))
    return problems, len(fetches)


def write_graphs(args):
    """Runs the Kiln writers; returns the graph entries to check."""
    shutil.rmtree(args.out, ignore_errors=True)
    os.makedirs(args.out)
    rc, out, err = iu.run([args.kiln_write_graphs, args.out])
    sys.stdout.write(out)
    if rc != 0:
        sys.exit("check_tf_loads_kiln: kiln_write_graphs exited %d: %s"
                 % (rc, err.strip()))
    with open(os.path.join(args.out, "kiln_graphs.json")) as f:
        graphs = json.load(f)["graphs"]
    if args.fashion_mlp_graph:
        path = os.path.join(args.out, "fashion_mlp.pb")
        rc, out, err = iu.run([args.fashion_mlp_graph, path])
        sys.stdout.write(out)
        if rc != 0:
            sys.exit("check_tf_loads_kiln: fashion_mlp_graph exited %d: %s"
                     % (rc, err.strip()))
        graphs.append({"name": "fashion_mlp", "file": "fashion_mlp.pb",
                       "runnable": False, "tensors": {}})
    return graphs


def check_graph(args, entry, tally):
    name = entry["file"]
    graph_def = iu.load_graph_def(os.path.join(args.out, name))
    try:
        g = import_graph(graph_def)
    except Exception as e:  # noqa: BLE001  TensorFlow raises many kinds
        tally.check("%s: import_graph_def" % name,
                    ["%s: %s" % (type(e).__name__, e)])
        return
    tally.check("%s: import_graph_def (%d nodes)"
                % (name, len(graph_def.node)), [])
    tally.check("%s: nodes keep op, inputs, device and attrs" % name,
                check_nodes(graph_def, g))
    if entry["tensors"]:
        tally.check("%s: static types agree with Kiln's (%d outputs)"
                    % (name, len(entry["tensors"])),
                    check_static_types(entry, g))
    if not entry["runnable"]:
        print("     %s: has variables; imported and checked, not run"
              % name)
        return
    try:
        problems, n = check_run(entry, g)
    except Exception as e:  # noqa: BLE001
        problems, n = ["Session.run: %s: %s" % (type(e).__name__, e)], 0
    tally.check("%s: runs in a Session (%d outputs fetched); outputs "
                "have Kiln's dtypes and shapes" % (name, n), problems)


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--out", required=True)
    parser.add_argument("--kiln-write-graphs", required=True)
    parser.add_argument("--fashion-mlp-graph")
    args = parser.parse_args()

    graphs = write_graphs(args)
    print("check_tf_loads_kiln: %d graphs, TensorFlow %s"
          % (len(graphs), tf.__version__))
    tally = iu.Tally("check_tf_loads_kiln")
    for entry in graphs:
        try:
            check_graph(args, entry, tally)
        except Exception as e:  # noqa: BLE001
            tally.check("%s: checks ran" % entry["file"],
                        ["%s: %s" % (type(e).__name__, e)])
    return tally.finish()


if __name__ == "__main__":
    sys.exit(main())
