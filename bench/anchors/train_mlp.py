"""Training throughput of the Fashion-MNIST MLP in other frameworks.

784 -> dense 300 relu -> dense 100 relu -> dense 10 softmax, sparse
categorical cross-entropy, plain SGD (lr 0.01), on 16384 random samples at
each batch size: samples/s over timed epochs after a warm-up epoch, as
bench/train_bench.cc measures Kiln's Model::Fit. Frameworks: Keras fit
(tf.function) with and without jit_compile (XLA), JAX (a jitted train step),
PyTorch eager (torch.optim.SGD). Same threads for all (fashion_mlp.py's
pinning). One JSON object per line:
  {"framework": "keras", "batch": 32, "samples_per_s": 51234.0}
"""

import argparse
import json
import os
import sys
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from fashion_mlp import set_thread_environment  # noqa: E402

SAMPLES = 16384


def data():
  import numpy as np
  rng = np.random.default_rng(1)
  x = rng.uniform(0, 1, (SAMPLES, 784)).astype(np.float32)
  y = rng.integers(0, 10, SAMPLES).astype(np.int32)
  return x, y


def keras_rate(x, y, batch, epochs, threads, jit):
  import tensorflow as tf
  tf.config.threading.set_intra_op_parallelism_threads(threads)
  tf.config.threading.set_inter_op_parallelism_threads(1)
  model = tf.keras.Sequential([
      tf.keras.Input(shape=(784,)),
      tf.keras.layers.Dense(300, activation="relu"),
      tf.keras.layers.Dense(100, activation="relu"),
      tf.keras.layers.Dense(10, activation="softmax")])
  model.compile(optimizer=tf.keras.optimizers.SGD(0.01),
                loss="sparse_categorical_crossentropy", jit_compile=jit)
  model.fit(x, y, batch_size=batch, epochs=1, verbose=0)
  start = time.perf_counter()
  model.fit(x, y, batch_size=batch, epochs=epochs, verbose=0)
  return epochs * SAMPLES / (time.perf_counter() - start), tf.__version__


def jax_rate(x, y, batch, epochs, threads):
  import jax
  import jax.numpy as jnp
  import numpy as np
  jax.config.update("jax_platforms", "cpu")
  rng = np.random.default_rng(0)

  def glorot(i, o):
    lim = np.sqrt(6 / (i + o))
    return jnp.asarray(rng.uniform(-lim, lim, (i, o)).astype(np.float32))

  params = [glorot(784, 300), jnp.zeros(300), glorot(300, 100), jnp.zeros(100),
            glorot(100, 10), jnp.zeros(10)]

  def loss(p, xb, yb):
    h = jax.nn.relu(xb @ p[0] + p[1])
    h = jax.nn.relu(h @ p[2] + p[3])
    probs = jax.nn.softmax(h @ p[4] + p[5])
    picked = jnp.take_along_axis(probs, yb[:, None], axis=1)
    return -jnp.mean(jnp.log(jnp.clip(picked, 1e-7, 1 - 1e-7)))

  @jax.jit
  def step(p, xb, yb):
    g = jax.grad(loss)(p, xb, yb)
    return [w - 0.01 * gw for w, gw in zip(p, g)]

  def epoch(p):
    for i in range(0, SAMPLES, batch):
      p = step(p, x[i:i + batch], y[i:i + batch])
    jax.block_until_ready(p)
    return p

  params = epoch(params)
  start = time.perf_counter()
  for _ in range(epochs):
    params = epoch(params)
  return epochs * SAMPLES / (time.perf_counter() - start), jax.__version__


def torch_rate(x, y, batch, epochs, threads):
  import torch
  torch.set_num_threads(threads)
  model = torch.nn.Sequential(
      torch.nn.Linear(784, 300), torch.nn.ReLU(), torch.nn.Linear(300, 100),
      torch.nn.ReLU(), torch.nn.Linear(100, 10))
  opt = torch.optim.SGD(model.parameters(), lr=0.01)
  xt, yt = torch.from_numpy(x), torch.from_numpy(y).long()
  lossf = torch.nn.CrossEntropyLoss()  # softmax + cross-entropy, fused

  def epoch():
    for i in range(0, SAMPLES, batch):
      opt.zero_grad(set_to_none=True)
      lossf(model(xt[i:i + batch]), yt[i:i + batch]).backward()
      opt.step()

  epoch()
  start = time.perf_counter()
  for _ in range(epochs):
    epoch()
  return epochs * SAMPLES / (time.perf_counter() - start), torch.__version__


FRAMEWORKS = {
    "keras": lambda *a: keras_rate(*a, jit=False),
    "keras-xla": lambda *a: keras_rate(*a, jit=True),
    "jax-jit": jax_rate,
    "torch-eager": torch_rate,
}


def main():
  p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
  p.add_argument("--threads", type=int, default=2)
  p.add_argument("--batches", default="32,256")
  p.add_argument("--epochs", type=int, default=3)
  p.add_argument("--frameworks", default=",".join(FRAMEWORKS))
  args = p.parse_args()
  set_thread_environment(args.threads, pin=True)
  x, y = data()
  for name in args.frameworks.split(","):
    for batch in [int(b) for b in args.batches.split(",")]:
      try:
        rate, version = FRAMEWORKS[name](x, y, batch, args.epochs,
                                         args.threads)
      except Exception as e:  # not installed here
        print(json.dumps({"framework": name, "batch": batch, "skipped":
                          f"{type(e).__name__}: {e}".splitlines()[0]}),
              flush=True)
        continue
      print(json.dumps({"framework": name, "version": version,
                        "batch": batch, "threads": args.threads,
                        "samples_per_s": round(rate, 1)}), flush=True)


if __name__ == "__main__":
  main()
