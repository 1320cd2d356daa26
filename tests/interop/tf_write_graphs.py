"""Writes the graphs TensorFlow produces for Kiln to read, and a manifest.

  tf_write_graphs.py OUT_DIR

OUT_DIR receives one file (or SavedModel directory) per graph and
manifest.json: for each graph, the nodes of the GraphDef TensorFlow itself
wrote ([name, op, inputs, device]), the names of its library functions, and
the dtype and static shape TensorFlow infers for each node's outputs (after
importing the GraphDef into a fresh tf.Graph).
check_kiln_dump.py compares kiln-dump's view of each graph with it.

The graphs:
  concrete_fn.pb / .pbtxt  a tf.function's concrete-function GraphDef
                           (softmax(relu(x @ w + b)))
  keras_mlp_frozen.pb      a Keras MLP 784-300-100-10 frozen with
                           convert_variables_to_constants_v2
  saved_model/             tf.saved_model.save of a tf.Module with variables
                           and a serving signature
  tf1_control_deps.pb      a TF1-style graph: control dependencies, tf.group
                           NoOps, multi-output ops used at ":1", variables
  nested_functions.pb      a tf.function calling tf.functions: PartitionedCall/
                           StatefulPartitionedCall with a FunctionDefLibrary
  control_flow.pb          tf.cond / tf.while_loop in a tf.function: If/While
                           with branch and body functions in the library
"""
import json
import os
import shutil
import sys

import interop_util  # noqa: F401  (quiet TensorFlow; fail clearly without it)
import numpy as np
import tensorflow as tf
from tensorflow.python.framework import convert_to_constants


def static_types(graph_def):
    """{node: [[dtype enum, shape or None], ...]}: the output types
    TensorFlow's own shape inference gives each node of `graph_def`."""
    g = tf.Graph()
    with g.as_default():
        tf.compat.v1.import_graph_def(graph_def, name="")
    types = {}
    for op in g.get_operations():
        types[op.name] = [
            [t.dtype.as_datatype_enum,
             None if t.shape.rank is None
             else [-1 if d is None else d for d in t.shape.as_list()]]
            for t in op.outputs]
    return types


def graph_entry(graph_def, path, kind):
    """What TensorFlow reports about `graph_def`, for the manifest."""
    return {
        "path": path,
        "kind": kind,
        "nodes": [[n.name, n.op, list(n.input), n.device]
                  for n in graph_def.node],
        "library": [f.signature.name for f in graph_def.library.function],
        "outputs": static_types(graph_def),
    }


def write_graph(graph_def, out_dir, name, as_text=False):
    tf.io.write_graph(graph_def, out_dir, name, as_text=as_text)
    return name


def concrete_fn(out_dir):
    """A tf.function traced for x: float32[?,784]."""
    rng = np.random.default_rng(1)
    w = rng.standard_normal((784, 10), dtype=np.float32)
    b = rng.standard_normal((10,), dtype=np.float32)

    @tf.function
    def model(x):
        # NumPy values become Const nodes inside the function's graph.
        y = tf.matmul(x, tf.constant(w, name="w"), name="fc")
        y = tf.nn.bias_add(y, tf.constant(b, name="b"), name="fc_bias")
        return tf.nn.softmax(tf.nn.relu(y, name="relu"), name="probs")

    cf = model.get_concrete_function(
        tf.TensorSpec([None, 784], tf.float32, name="x"))
    gd = cf.graph.as_graph_def()
    return [graph_entry(gd, write_graph(gd, out_dir, "concrete_fn.pb"),
                        "graphdef"),
            graph_entry(gd, write_graph(gd, out_dir, "concrete_fn.pbtxt",
                                        as_text=True), "graphdef")]


def keras_mlp_frozen(out_dir):
    """Keras Sequential 784-300-100-10, variables folded into Consts."""
    tf.keras.utils.set_random_seed(2)
    model = tf.keras.Sequential([
        tf.keras.Input(shape=(784,), name="x"),
        tf.keras.layers.Dense(300, activation="relu", name="dense"),
        tf.keras.layers.Dense(100, activation="relu", name="dense_1"),
        tf.keras.layers.Dense(10, activation="softmax", name="dense_2"),
    ])
    fn = tf.function(lambda x: model(x, training=False))
    cf = fn.get_concrete_function(tf.TensorSpec([None, 784], tf.float32,
                                                name="x"))
    frozen = convert_to_constants.convert_variables_to_constants_v2(cf)
    gd = frozen.graph.as_graph_def()
    ops = {n.op for n in gd.node}
    if "VarHandleOp" in ops or "ReadVariableOp" in ops:
        raise RuntimeError("keras_mlp_frozen: variables were not frozen")
    return [graph_entry(gd, write_graph(gd, out_dir, "keras_mlp_frozen.pb"),
                        "graphdef")]


class Mlp(tf.Module):
    def __init__(self):
        super().__init__(name="mlp")
        rng = np.random.default_rng(3)
        self.w1 = tf.Variable(rng.standard_normal((784, 32), dtype=np.float32),
                              name="w1")
        self.b1 = tf.Variable(np.zeros(32, np.float32), name="b1")
        self.w2 = tf.Variable(rng.standard_normal((32, 10), dtype=np.float32),
                              name="w2")
        self.b2 = tf.Variable(np.zeros(10, np.float32), name="b2")

    @tf.function(input_signature=[tf.TensorSpec([None, 784], tf.float32,
                                                 name="x")])
    def __call__(self, x):
        h = tf.nn.relu(tf.matmul(x, self.w1) + self.b1)
        return {"probs": tf.nn.softmax(tf.matmul(h, self.w2) + self.b2)}


def saved_model(out_dir):
    """A SavedModel directory; its first meta graph is what Kiln shows."""
    from tensorflow.core.protobuf import saved_model_pb2

    path = os.path.join(out_dir, "saved_model")
    module = Mlp()
    tf.saved_model.save(module, path,
                        signatures={"serving_default": module.__call__})
    sm = saved_model_pb2.SavedModel()
    with open(os.path.join(path, "saved_model.pb"), "rb") as f:
        sm.ParseFromString(f.read())
    meta = sm.meta_graphs[0]
    entry = graph_entry(meta.graph_def, "saved_model", "savedmodel")
    entry["tags"] = list(meta.meta_info_def.tags)
    entry["signatures"] = {
        key: {"method": sig.method_name,
              "inputs": {k: t.name for k, t in sig.inputs.items()},
              "outputs": {k: t.name for k, t in sig.outputs.items()}}
        for key, sig in meta.signature_def.items()}
    return [entry]


def tf1_control_deps(out_dir):
    """Graph mode: control dependencies, NoOp groups, outputs ":1"."""
    g = tf.Graph()
    with g.as_default():
        x = tf.compat.v1.placeholder(tf.float32, [None, 10], name="x")
        labels = tf.compat.v1.placeholder(tf.int32, [None], name="labels")
        w = tf.Variable(tf.ones([10, 10]), name="w")
        init = tf.compat.v1.global_variables_initializer()
        with tf.control_dependencies([init]), tf.device("/device:CPU:0"):
            logits = tf.matmul(x, w, name="logits")
        # Multi-output ops read at index 1.
        loss, backprop = tf.raw_ops.SparseSoftmaxCrossEntropyWithLogits(
            features=logits, labels=labels, name="xent")
        values, indices = tf.math.top_k(logits, k=3, name="top3")
        parts = tf.split(logits, 2, axis=1, name="halves")
        with tf.control_dependencies([loss, indices]):
            grad = tf.identity(backprop, name="backprop")
        mean = tf.reduce_mean(loss, name="mean_loss")
        step = tf.group(grad, mean, values, name="step")
        with tf.control_dependencies([step]):
            done = tf.no_op(name="done")
        tf.add_n([parts[0], parts[1]], name="halves_sum")
        tf.group(done, name="all")
    gd = g.as_graph_def()
    return [graph_entry(gd, write_graph(gd, out_dir, "tf1_control_deps.pb"),
                        "graphdef")]


def nested_functions(out_dir):
    """Calls of tf.functions: the library holds the callees."""
    v = tf.Variable(np.full((4,), 0.5, np.float32), name="scale")

    @tf.function
    def inner(x):
        return tf.nn.relu(x) * 2.0

    @tf.function
    def middle(x):
        return inner(x) + inner(-x)

    @tf.function
    def stateful(x):
        return x * v  # reads a variable: StatefulPartitionedCall

    @tf.function
    def outer(x):
        return middle(x) + stateful(x)

    cf = outer.get_concrete_function(tf.TensorSpec([None, 4], tf.float32,
                                                   name="x"))
    gd = cf.graph.as_graph_def()
    ops = {n.op for n in gd.node}
    if not ops & {"PartitionedCall", "StatefulPartitionedCall"}:
        raise RuntimeError("nested_functions: no call ops in %s" % sorted(ops))
    if not gd.library.function:
        raise RuntimeError("nested_functions: empty function library")
    return [graph_entry(gd, write_graph(gd, out_dir, "nested_functions.pb"),
                        "graphdef")]


def control_flow(out_dir):
    """tf.cond and tf.while_loop become If/While with library functions."""

    @tf.function
    def f(x, n):
        y = tf.cond(tf.reduce_sum(x) > 0.0, lambda: x * 2.0, lambda: -x)
        _, z = tf.while_loop(lambda i, a: i < n,
                             lambda i, a: (i + 1, a + 1.0), (0, y))
        return z

    cf = f.get_concrete_function(tf.TensorSpec([None, 3], tf.float32,
                                               name="x"),
                                 tf.TensorSpec([], tf.int32, name="n"))
    gd = cf.graph.as_graph_def()
    return [graph_entry(gd, write_graph(gd, out_dir, "control_flow.pb"),
                        "graphdef")]


def main(argv):
    if len(argv) != 2:
        print("usage: tf_write_graphs.py OUT_DIR", file=sys.stderr)
        return 2
    out_dir = argv[1]
    if os.path.isdir(out_dir):
        shutil.rmtree(out_dir)
    os.makedirs(out_dir)
    graphs = []
    for writer in (concrete_fn, keras_mlp_frozen, saved_model,
                   tf1_control_deps, nested_functions, control_flow):
        entries = writer(out_dir)
        for e in entries:
            print("tf_write_graphs: %-22s %4d nodes, %2d library functions"
                  % (e["path"], len(e["nodes"]), len(e["library"])))
        graphs.extend(entries)
    manifest = {"tensorflow": tf.__version__, "graphs": graphs}
    with open(os.path.join(out_dir, "manifest.json"), "w") as f:
        json.dump(manifest, f, indent=1)
    print("tf_write_graphs: wrote %d graphs and manifest.json to %s"
          % (len(graphs), out_dir))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
