"""SavedModels cross both ways with the same outputs:

Kiln -> TensorFlow: a classifier trained by Model::Fit and exported with
Model::ExportSavedModel loads with tf.saved_model.load, whose
signatures["serving_default"] returns Kiln's predictions, and with
TensorFlow 1's tf.compat.v1.saved_model.load in a Session; Kiln reads its
own export back.

TensorFlow -> Kiln: a Keras model saved with tf.saved_model.save (object-
based checkpoint, the signature a StatefulPartitionedCall of library
functions) and one exported with model.export (Keras' serving endpoint),
plus a TensorFlow 1 SavedModelBuilder export (name-based checkpoint), run
in Kiln on random inputs with TensorFlow's outputs; the Keras export also
compiled ahead of time by kiln-compile from its signature and run by
kiln-run-rt (the runtime library alone).

  saved_model_cross.py --tool kiln_saved_model_tool --kiln-compile PATH
      --kiln-run-rt PATH --out DIR
"""
import argparse
import os
import shutil
import subprocess
import sys

import numpy as np

import interop_util  # TensorFlow, or a clear failure
import tensorflow as tf
from tensorflow.core.protobuf import saved_model_pb2


def run_tool(tool, *args):
    result = subprocess.run([tool] + [str(a) for a in args],
                            capture_output=True, text=True)
    if result.returncode != 0:
        raise RuntimeError("%s %s failed: %s" % (tool, args, result.stderr))


def close(a, b, what, failures, atol=1e-5):
    a, b = np.asarray(a), np.asarray(b)
    if a.shape != b.shape or not np.allclose(a, b, atol=atol, rtol=1e-4):
        failures.append("%s: shapes %s vs %s, max diff %s" % (
            what, a.shape, b.shape,
            np.max(np.abs(a - b)) if a.shape == b.shape else "-"))
    else:
        print("ok: %s" % what)


def kiln_to_tf(tool, out, rng, failures):
    x = rng.standard_normal((40, 4)).astype(np.float32)
    y = rng.integers(0, 3, size=(40,)).astype(np.int32)
    np.save(os.path.join(out, "x.npy"), x)
    np.save(os.path.join(out, "y.npy"), y)
    export = os.path.join(out, "kiln_export")
    run_tool(tool, "export", export, os.path.join(out, "x.npy"),
             os.path.join(out, "y.npy"), os.path.join(out, "kiln_pred.npy"))
    want = np.load(os.path.join(out, "kiln_pred.npy"))
    loaded = tf.saved_model.load(export)
    serving = loaded.signatures["serving_default"]
    got = serving(x=tf.constant(x))
    close(got["predictions"].numpy(), want,
          "tf.saved_model.load(Kiln's export) serving_default", failures)
    with tf.compat.v1.Graph().as_default() as graph:
        with tf.compat.v1.Session(graph=graph) as session:
            meta = tf.compat.v1.saved_model.load(session, ["serve"], export)
            sig = meta.signature_def["serving_default"]
            got = session.run(sig.outputs["predictions"].name,
                              {sig.inputs["x"].name: x})
    close(got, want, "tf.compat.v1.saved_model.load(Kiln's export)", failures)
    # Kiln reads its own export back.
    back = os.path.join(out, "kiln_back")
    run_tool(tool, "run", export, "serving_default", "x",
             os.path.join(out, "x.npy"), back)
    close(np.load(os.path.join(back, "predictions.npy")), want,
          "Kiln runs its own SavedModel", failures)


def keras_model(rng):
    model = tf.keras.Sequential([
        tf.keras.Input((6,), name="features"),
        tf.keras.layers.Dense(16, activation="relu"),
        tf.keras.layers.Dense(8, activation="tanh"),
        tf.keras.layers.Dense(4, activation="softmax"),
    ])
    # Weights away from their initial values.
    for w in model.weights:
        w.assign(rng.standard_normal(w.shape).astype(np.float32) * 0.5)
    return model


def check_kiln_runs(tool, out, name, export, key, x, want, failures):
    np.save(os.path.join(out, name + "_x.npy"), x)
    result = os.path.join(out, name + "_kiln")
    run_tool(tool, "run", export, "serving_default", key,
             os.path.join(out, name + "_x.npy"), result)
    got = {f[:-4]: np.load(os.path.join(result, f))
           for f in os.listdir(result)}
    if len(got) != 1:
        failures.append("%s: Kiln returned %s" % (name, sorted(got)))
        return
    close(next(iter(got.values())), want, "Kiln runs " + name, failures)


def tf_to_kiln(tool, aot, out, rng, failures):
    x = rng.standard_normal((9, 6)).astype(np.float32)
    model = keras_model(rng)
    want = model(x).numpy()

    saved = os.path.join(out, "tf_saved_model")
    tf.saved_model.save(model, saved)
    sig = tf.saved_model.load(saved).signatures["serving_default"]
    key = list(sig.structured_input_signature[1].keys())[0]
    check_kiln_runs(tool, out, "tf.saved_model.save", saved, key, x, want,
                    failures)

    exported = os.path.join(out, "keras_export")
    model.export(exported, verbose=False)
    loaded = tf.saved_model.load(exported)
    sig = loaded.signatures["serving_default"]
    key = list(sig.structured_input_signature[1].keys())[0]
    check_kiln_runs(tool, out, "keras model.export", exported, key, x, want,
                    failures)

    if aot:
        compiled = os.path.join(out, "keras_export_aot")
        run_tool(aot[0], exported, "-o", compiled, "--name", "KerasExport")
        np.save(os.path.join(out, "aot_x.npy"), x)
        result = os.path.join(out, "aot_out")
        proto = saved_model_pb2.SavedModel()
        with open(os.path.join(exported, "saved_model.pb"), "rb") as f:
            proto.ParseFromString(f.read())
        inputs = proto.meta_graphs[0].signature_def["serving_default"].inputs
        input_name = next(iter(inputs.values())).name.split(":")[0]
        run_tool(aot[1], os.path.join(compiled, "KerasExport.kbundle"),
                 "--input", "%s=%s" % (input_name,
                                      os.path.join(out, "aot_x.npy")),
                 "--output-dir", result)
        files = os.listdir(result)
        close(np.load(os.path.join(result, files[0])), want,
              "kiln-compile + kiln-run-rt of keras model.export", failures)

    # TensorFlow 1's builder: a name-based checkpoint.
    v1 = os.path.join(out, "tf1_builder")
    w = rng.standard_normal((6, 3)).astype(np.float32)
    with tf.compat.v1.Graph().as_default():
        inp = tf.compat.v1.placeholder(tf.float32, [None, 6], name="inp")
        var = tf.compat.v1.get_variable("w", initializer=w, use_resource=True)
        prob = tf.nn.softmax(tf.matmul(inp, var), name="prob")
        with tf.compat.v1.Session() as session:
            session.run(tf.compat.v1.global_variables_initializer())
            builder = tf.compat.v1.saved_model.Builder(v1)
            signature = tf.compat.v1.saved_model.predict_signature_def(
                {"inp": inp}, {"prob": prob})
            builder.add_meta_graph_and_variables(
                session, ["serve"], {"serving_default": signature})
            builder.save()
            want_v1 = session.run(prob, {inp: x})
    check_kiln_runs(tool, out, "TF1 SavedModelBuilder", v1, "inp", x,
                    want_v1, failures)


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--tool", required=True)
    parser.add_argument("--out", required=True)
    parser.add_argument("--kiln-compile")
    parser.add_argument("--kiln-run-rt")
    args = parser.parse_args()
    shutil.rmtree(args.out, ignore_errors=True)
    os.makedirs(args.out)
    rng = np.random.default_rng()
    failures = []
    kiln_to_tf(args.tool, args.out, rng, failures)
    aot = ((args.kiln_compile, args.kiln_run_rt)
           if args.kiln_compile and args.kiln_run_rt else None)
    tf_to_kiln(args.tool, aot, args.out, rng, failures)
    if failures:
        for f in failures:
            print("FAIL: " + f)
        sys.exit(1)
    print("saved_model_cross: all SavedModels crossed")


if __name__ == "__main__":
    main()
