"""Graph functions and control flow cross both ways. TensorFlow writes the
graph of a tf.function that calls other tf.functions (nested
PartitionedCalls, a function library), and one with tf.cond and
tf.while_loop (StatelessIf, StatelessWhile), and Kiln runs them with
TensorFlow's results (both branches, random trip counts); Kiln exports
nested kiln::functions with captured variables (StatefulPartitionedCall,
resource inputs) and a graph with kiln::cond and kiln::while_loop, and
TensorFlow imports and runs them with Kiln's (and NumPy's) results.

  functions_cross.py --tool kiln_function_tool --out DIR
"""
import os
import subprocess
import sys

import numpy as np

import interop_util  # TensorFlow, or a clear failure
import tensorflow as tf


def tf_writes(args, rng, tally):
    @tf.function
    def inner(x):
        return x * x + 1.0

    @tf.function
    def middle(x, y):
        return inner(x) * y

    @tf.function
    def outer(x, y):
        return middle(x, y) - tf.reduce_sum(inner(y), axis=1, keepdims=True)

    spec = tf.TensorSpec([None, 3], tf.float32)
    cf = outer.get_concrete_function(spec, spec)
    graph = cf.graph.as_graph_def()
    path = os.path.join(args.out, "tf_nested.pb")
    with open(path, "wb") as f:
        f.write(graph.SerializeToString())
    calls = [n.op for n in graph.node if n.op.endswith("PartitionedCall")]
    x = rng.standard_normal((4, 3)).astype(np.float32)
    y = rng.standard_normal((4, 3)).astype(np.float32)
    np.save(os.path.join(args.out, "x.npy"), x)
    np.save(os.path.join(args.out, "y.npy"), y)
    want = cf(tf.constant(x), tf.constant(y)).numpy()
    inputs = [t.name.split(":")[0] for t in cf.inputs]
    fetch = cf.outputs[0].name
    out_dir = os.path.join(args.out, "kiln_runs_tf")
    os.makedirs(out_dir, exist_ok=True)
    code, _, err = interop_util.run(
        [args.tool, "run", path, out_dir, fetch,
         "%s=%s" % (inputs[0], os.path.join(args.out, "x.npy")),
         "%s=%s" % (inputs[1], os.path.join(args.out, "y.npy"))])
    problems = [] if len(calls) == 2 and len(graph.library.function) >= 2 else [
        "TensorFlow's graph has calls %s and %d library functions"
        % (calls, len(graph.library.function))]
    if code != 0:
        problems.append(err.strip())
    else:
        got = np.load(os.path.join(out_dir, "0.npy"))
        if got.shape != want.shape or not np.allclose(got, want, rtol=1e-5,
                                                      atol=1e-5):
            problems.append("Kiln %s, TensorFlow %s" % (got, want))
    tally.check("Kiln runs TensorFlow's nested tf.functions (%d calls, %d "
                "library functions)" % (len(calls), len(graph.library.function)),
                problems)


def kiln_writes(args, rng, tally):
    x = rng.standard_normal((5, 3)).astype(np.float32)
    np.save(os.path.join(args.out, "kx.npy"), x)
    out_dir = os.path.join(args.out, "kiln_export")
    os.makedirs(out_dir, exist_ok=True)
    code, out, err = interop_util.run(
        [args.tool, "export", out_dir, os.path.join(args.out, "kx.npy")])
    if code != 0:
        tally.check("Kiln exports nested functions", [err.strip()])
        return
    fetch = out.strip()
    if ":" not in fetch:
        fetch += ":0"
    graph = interop_util.load_graph_def(os.path.join(out_dir, "graph.pb"))
    problems = []
    with tf.Graph().as_default() as g:
        tf.import_graph_def(graph, name="")
        with tf.compat.v1.Session(graph=g) as sess:
            sess.run("init")
            got = sess.run(fetch, {"x:0": x})
    kiln = np.load(os.path.join(out_dir, "kiln.npy"))
    w = np.load(os.path.join(out_dir, "w.npy"))
    b = np.load(os.path.join(out_dir, "b.npy"))
    reference = (x * x) @ w + b - 0.5
    if not np.allclose(got, kiln, rtol=1e-5, atol=1e-5):
        problems.append("TensorFlow %s, Kiln %s" % (got, kiln))
    if not np.allclose(kiln, reference, rtol=1e-5, atol=1e-5):
        problems.append("Kiln %s, NumPy %s" % (kiln, reference))
    names = [f.signature.name for f in graph.library.function]
    tally.check("TensorFlow runs Kiln's nested functions %s" % names, problems)


def tf_control_flow(args, rng, tally):
    @tf.function
    def f(x, n):
        y = tf.cond(tf.reduce_sum(x) > 0, lambda: x * 2.0, lambda: x - 1.0)
        i = tf.constant(0)
        _, z = tf.while_loop(lambda i, acc: i < n,
                             lambda i, acc: (i + 1, acc * 1.5 + 1.0), [i, y])
        return z

    cf = f.get_concrete_function(tf.TensorSpec([None, 3], tf.float32),
                                 tf.TensorSpec([], tf.int32))
    graph = cf.graph.as_graph_def()
    ops = sorted({n.op for n in graph.node if "If" in n.op or "While" in n.op})
    path = os.path.join(args.out, "tf_control_flow.pb")
    with open(path, "wb") as f_:
        f_.write(graph.SerializeToString())
    inputs = [t.name.split(":")[0] for t in cf.inputs]
    problems = []
    for mean in (2.0, -2.0):
        x = (rng.standard_normal((4, 3)) + mean).astype(np.float32)
        n = np.array(rng.integers(0, 6), dtype=np.int32)
        np.save(os.path.join(args.out, "cfx.npy"), x)
        np.save(os.path.join(args.out, "cfn.npy"), n)
        want = cf(tf.constant(x), tf.constant(n)).numpy()
        out_dir = os.path.join(args.out, "kiln_runs_tf_cf")
        os.makedirs(out_dir, exist_ok=True)
        code, _, err = interop_util.run(
            [args.tool, "run", path, out_dir, cf.outputs[0].name,
             "%s=%s" % (inputs[0], os.path.join(args.out, "cfx.npy")),
             "%s=%s" % (inputs[1], os.path.join(args.out, "cfn.npy"))])
        if code != 0:
            problems.append(err.strip())
            break
        got = np.load(os.path.join(out_dir, "0.npy"))
        if not np.allclose(got, want, rtol=1e-5, atol=1e-4):
            problems.append("n=%d: Kiln %s, TensorFlow %s" % (n, got, want))
    tally.check("Kiln runs TensorFlow's tf.cond and tf.while_loop (%s), both "
                "branches" % ", ".join(ops), problems)


def tf_control_flow_with_variables(args, rng, tally):
    """TensorFlow 1 graph mode with control flow v2: tf.cond and
    tf.while_loop whose branches and body read a resource variable (the If
    and While take its handle)."""
    w0 = rng.standard_normal(3).astype(np.float32)
    tf.compat.v1.enable_control_flow_v2()
    with tf.Graph().as_default() as g:
        w = tf.compat.v1.get_variable("w", initializer=w0, use_resource=True)
        x = tf.compat.v1.placeholder(tf.float32, [3], name="x")
        y = tf.cond(tf.reduce_sum(x) > 0, lambda: x * w, lambda: x - w)
        _, z = tf.while_loop(lambda i, a: i < 3,
                             lambda i, a: (i + 1, a * w + 1.0),
                             [tf.constant(0), y])
        tf.identity(z, name="out")
        tf.compat.v1.variables_initializer([w], name="init")
        graph = g.as_graph_def()
        sess = tf.compat.v1.Session(graph=g)
        sess.run("init")
    ops = sorted({n.op for n in graph.node if "If" in n.op or "While" in n.op})
    path = os.path.join(args.out, "tf_cf_variables.pb")
    with open(path, "wb") as f:
        f.write(graph.SerializeToString())
    problems = []
    for mean in (2.0, -2.0):
        x = (rng.standard_normal(3) + mean).astype(np.float32)
        np.save(os.path.join(args.out, "vx.npy"), x)
        want = sess.run("out:0", {"x:0": x})
        out_dir = os.path.join(args.out, "kiln_runs_tf_cf_variables")
        os.makedirs(out_dir, exist_ok=True)
        code, _, err = interop_util.run(
            [args.tool, "run", path, out_dir, "^init,out:0",
             "x=%s" % os.path.join(args.out, "vx.npy")])
        if code != 0:
            problems.append(err.strip())
            break
        got = np.load(os.path.join(out_dir, "0.npy"))
        if not np.allclose(got, want, rtol=1e-5, atol=1e-4):
            problems.append("Kiln %s, TensorFlow %s" % (got, want))
    sess.close()
    tally.check("Kiln runs TensorFlow's %s whose functions read a variable "
                "through a resource argument" % ", ".join(ops), problems)


def kiln_control_flow(args, rng, tally):
    out_dir = os.path.join(args.out, "kiln_cf")
    os.makedirs(out_dir, exist_ok=True)
    code, _, err = interop_util.run([args.tool, "export_cf", out_dir])
    if code != 0:
        tally.check("Kiln exports cond and while_loop", [err.strip()])
        return
    graph = interop_util.load_graph_def(os.path.join(out_dir, "graph.pb"))
    problems = []
    w = np.load(os.path.join(out_dir, "w.npy"))
    with tf.Graph().as_default() as g:
        tf.import_graph_def(graph, name="")
        with tf.compat.v1.Session(graph=g) as sess:
            sess.run("init")
            for mean in (2.0, -2.0):
                x = (rng.standard_normal((3, 3)) + mean).astype(np.float32)
                n = int(rng.integers(0, 6))
                got = sess.run("result:0", {"x:0": x, "n:0": n})
                y = x * 2 + w if x.sum() > 0 else x - 1
                for _ in range(n):
                    y = y * 1.5 + 1
                if not np.allclose(got, y, rtol=1e-5, atol=1e-4):
                    problems.append("n=%d: TensorFlow %s, NumPy %s" % (n, got, y))
    ops = sorted({n.op for n in graph.node if "If" in n.op or "While" in n.op})
    tally.check("TensorFlow runs Kiln's cond (reading a variable) and "
                "while_loop (%s)"
                % ", ".join(ops), problems)


def main():
    args, rng = interop_util.tool_args_and_rng(__doc__)
    tally = interop_util.Tally("functions_cross")
    tf_writes(args, rng, tally)
    kiln_writes(args, rng, tally)
    tf_control_flow(args, rng, tally)
    tf_control_flow_with_variables(args, rng, tally)
    kiln_control_flow(args, rng, tally)
    sys.exit(tally.finish())


if __name__ == "__main__":
    main()
