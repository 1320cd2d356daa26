"""Keras parity: the same MLP, initial weights and batches trained by
tf.keras and by Kiln's Model::Fit give the same loss at every one of 100
steps, for SGD, momentum, Nesterov momentum and Adam; and with Adam under
the mixed_bfloat16 and mixed_float16 dtype policies (16-bit compute,
float32 weights, Keras' loss scaling for float16), within the 16-bit
types' rounding.

  keras_parity.py --kiln-train-parity BIN --out DIR [--steps 100]
"""
import argparse
import os
import subprocess
import sys

import numpy as np

import interop_util  # noqa: F401  (TensorFlow, or a clear failure)
import tensorflow as tf

BATCH = 32
RTOL = 2e-4   # float32 training in two runtimes, 100 steps apart
# 16-bit compute: each runtime rounds its own intermediate results (matmul
# accumulation order, fused kernels) to 8 (bf16) or 11 (f16) mantissa bits.
# Measured over 100 steps: up to 2.5e-2 (bf16) and 3e-3 (f16); the late
# losses (about 0.02, the floor) amplify it.
MIXED_RTOL = {"mixed_bfloat16": 6e-2, "mixed_float16": 1e-2}


def make_data(out, steps, seed):
    rng = np.random.default_rng(seed)
    n = 320  # 10 batches: 100 steps are 10 epochs
    centers = rng.normal(0, 1.5, size=(3, 8))
    y = rng.integers(0, 3, size=n).astype(np.int32)
    x = (centers[y] + rng.normal(0, 1, size=(n, 8))).astype(np.float32)
    np.save(os.path.join(out, "x.npy"), x)
    np.save(os.path.join(out, "y.npy"), y)
    weights = [rng.uniform(-0.5, 0.5, size=(8, 16)).astype(np.float32),
               rng.uniform(-0.1, 0.1, size=(16,)).astype(np.float32),
               rng.uniform(-0.5, 0.5, size=(16, 3)).astype(np.float32),
               rng.uniform(-0.1, 0.1, size=(3,)).astype(np.float32)]
    for i, w in enumerate(weights):
        np.save(os.path.join(out, "w%d.npy" % i), w)
    return x, y, weights


def keras_optimizer(name):
    if name == "adam":
        return tf.keras.optimizers.Adam(learning_rate=0.01)
    return tf.keras.optimizers.SGD(
        learning_rate=0.05, momentum=0.0 if name == "sgd" else 0.9,
        nesterov=name == "nesterov")


def keras_losses(x, y, weights, name, steps, policy="float32"):
    tf.keras.mixed_precision.set_global_policy(policy)
    model = tf.keras.Sequential([
        tf.keras.Input(shape=(8,)),
        tf.keras.layers.Dense(16, activation="relu"),
        tf.keras.layers.Dense(3, activation="softmax")])
    model.set_weights(weights)
    model.compile(optimizer=keras_optimizer(name),
                  loss="sparse_categorical_crossentropy")
    losses = []
    n = len(x)
    for step in range(steps):
        begin = (step * BATCH) % n
        losses.append(float(model.train_on_batch(
            x[begin:begin + BATCH], y[begin:begin + BATCH])))
    tf.keras.mixed_precision.set_global_policy("float32")
    return np.array(losses)


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--kiln-train-parity", required=True)
    parser.add_argument("--out", required=True)
    parser.add_argument("--steps", type=int, default=100)
    args = parser.parse_args()
    os.makedirs(args.out, exist_ok=True)
    seed = int.from_bytes(os.urandom(4), "little")
    print("seed", seed)
    x, y, weights = make_data(args.out, args.steps, seed)
    failures = 0
    runs = [(name, "float32") for name in ["sgd", "momentum", "nesterov",
                                            "adam"]]
    runs += [("adam", policy) for policy in MIXED_RTOL]
    for name, policy in runs:
        subprocess.run([args.kiln_train_parity, args.out, name,
                        str(args.steps), policy], check=True)
        suffix = "" if policy == "float32" else "_" + policy
        kiln = np.load(os.path.join(args.out,
                                    "kiln_losses_%s%s.npy" % (name, suffix)))
        keras = keras_losses(x, y, weights, name, args.steps, policy)
        rtol = MIXED_RTOL.get(policy, RTOL)
        name = name + suffix
        if kiln.shape != keras.shape:
            print("FAIL %s: %d Kiln steps, %d Keras steps"
                  % (name, len(kiln), len(keras)))
            failures += 1
            continue
        # Relative, with a floor: near-zero losses differ by float noise.
        err = np.abs(kiln - keras) / np.maximum(np.abs(keras), 0.02)
        worst = int(np.argmax(err))
        status = "ok" if err[worst] <= rtol else "FAIL"
        failures += status == "FAIL"
        print("%s %-9s loss %.5f -> %.5f (Keras %.5f -> %.5f), worst relative "
              "difference %.2e at step %d"
              % (status, name, kiln[0], kiln[-1], keras[0], keras[-1],
                 err[worst], worst))
    if failures:
        sys.exit("keras parity: %d optimizer(s) differ" % failures)
    print("keras parity: all optimizers match")


if __name__ == "__main__":
    main()
