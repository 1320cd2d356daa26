"""The seeds' Fashion-MNIST CNN in other frameworks, as cnn_bench times it.

28x28x1 -> conv 32 3x3 same relu -> max pool 2 -> conv 64 3x3 same relu ->
max pool 2 -> flatten -> dense 128 relu -> dense 10 softmax, sparse
categorical cross-entropy, plain SGD (lr 0.01), on random images:
  train: samples/s at batch 64 over timed epochs after a warm-up epoch;
  infer: median latency at batch 1 and samples/s at batch 256.
Frameworks: Keras (tf.function) with and without jit_compile (XLA), JAX
(jitted steps), PyTorch eager. Same threads for all (fashion_mlp.py's
pinning). One JSON object per line:
  {"framework": "keras", "what": "train batch 64", "value": 812.0,
   "unit": "sample/s"}
"""

import argparse
import json
import os
import sys
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from fashion_mlp import set_thread_environment  # noqa: E402
from function_tf import median_us  # noqa: E402

BATCH = 64


def data(samples):
  import numpy as np
  rng = np.random.default_rng(1)
  x = rng.uniform(0, 1, (samples, 28, 28, 1)).astype(np.float32)
  y = rng.integers(0, 10, samples).astype(np.int32)
  return x, y


def timed_epochs(epoch, epochs):
  epoch()
  start = time.perf_counter()
  for _ in range(epochs):
    epoch()
  return (time.perf_counter() - start) / epochs


def keras_rows(x, y, epochs, runs, threads, jit):
  import tensorflow as tf
  tf.config.threading.set_intra_op_parallelism_threads(threads)
  tf.config.threading.set_inter_op_parallelism_threads(1)
  L = tf.keras.layers
  model = tf.keras.Sequential([
      tf.keras.Input(shape=(28, 28, 1)),
      L.Conv2D(32, 3, padding="same", activation="relu"), L.MaxPooling2D(),
      L.Conv2D(64, 3, padding="same", activation="relu"), L.MaxPooling2D(),
      L.Flatten(), L.Dense(128, activation="relu"),
      L.Dense(10, activation="softmax")])
  model.compile(optimizer=tf.keras.optimizers.SGD(0.01),
                loss="sparse_categorical_crossentropy", jit_compile=jit)
  seconds = timed_epochs(
      lambda: model.fit(x, y, batch_size=BATCH, epochs=1, verbose=0), epochs)
  predict = tf.function(model, jit_compile=jit)
  one, many = tf.constant(x[:1]), tf.constant(x[:256])
  latency = median_us(lambda: predict(one).numpy(), runs)
  big = median_us(lambda: predict(many).numpy(), max(runs // 40, 5))
  return len(x) / seconds, latency, 256e6 / big, tf.__version__


def jax_rows(x, y, epochs, runs, threads):
  import jax
  import jax.numpy as jnp
  import numpy as np
  jax.config.update("jax_platforms", "cpu")
  rng = np.random.default_rng(0)

  def glorot(shape, fan_in, fan_out):
    lim = np.sqrt(6 / (fan_in + fan_out))
    return jnp.asarray(rng.uniform(-lim, lim, shape).astype(np.float32))

  params = [glorot((3, 3, 1, 32), 9, 288), jnp.zeros(32),
            glorot((3, 3, 32, 64), 288, 576), jnp.zeros(64),
            glorot((3136, 128), 3136, 128), jnp.zeros(128),
            glorot((128, 10), 128, 10), jnp.zeros(10)]
  dn = ("NHWC", "HWIO", "NHWC")

  def forward(p, xb):
    def conv(h, w, b):
      h = jax.lax.conv_general_dilated(h, w, (1, 1), "SAME",
                                       dimension_numbers=dn)
      return jax.nn.relu(h + b)

    def pool(h):
      return jax.lax.reduce_window(h, -jnp.inf, jax.lax.max, (1, 2, 2, 1),
                                   (1, 2, 2, 1), "VALID")
    h = pool(conv(xb, p[0], p[1]))
    h = pool(conv(h, p[2], p[3]))
    h = jax.nn.relu(h.reshape(h.shape[0], -1) @ p[4] + p[5])
    return jax.nn.softmax(h @ p[6] + p[7])

  def loss(p, xb, yb):
    picked = jnp.take_along_axis(forward(p, xb), yb[:, None], axis=1)
    return -jnp.mean(jnp.log(jnp.clip(picked, 1e-7, 1 - 1e-7)))

  @jax.jit
  def step(p, xb, yb):
    g = jax.grad(loss)(p, xb, yb)
    return [w - 0.01 * gw for w, gw in zip(p, g)]

  state = {"p": params}

  def epoch():
    p = state["p"]
    for i in range(0, len(x), BATCH):
      p = step(p, x[i:i + BATCH], y[i:i + BATCH])
    jax.block_until_ready(p)
    state["p"] = p

  seconds = timed_epochs(epoch, epochs)
  predict = jax.jit(forward)
  one, many = jnp.asarray(x[:1]), jnp.asarray(x[:256])
  latency = median_us(
      lambda: predict(state["p"], one).block_until_ready(), runs)
  big = median_us(lambda: predict(state["p"], many).block_until_ready(),
                       max(runs // 40, 5))
  return len(x) / seconds, latency, 256e6 / big, jax.__version__


def torch_rows(x, y, epochs, runs, threads):
  import torch
  torch.set_num_threads(threads)
  nn = torch.nn
  model = nn.Sequential(
      nn.Conv2d(1, 32, 3, padding=1), nn.ReLU(), nn.MaxPool2d(2),
      nn.Conv2d(32, 64, 3, padding=1), nn.ReLU(), nn.MaxPool2d(2),
      nn.Flatten(), nn.Linear(3136, 128), nn.ReLU(), nn.Linear(128, 10))
  opt = torch.optim.SGD(model.parameters(), lr=0.01)
  xt = torch.from_numpy(x).permute(0, 3, 1, 2).contiguous()
  yt = torch.from_numpy(y).long()
  lossf = nn.CrossEntropyLoss()

  def epoch():
    for i in range(0, len(x), BATCH):
      opt.zero_grad(set_to_none=True)
      lossf(model(xt[i:i + BATCH]), yt[i:i + BATCH]).backward()
      opt.step()

  seconds = timed_epochs(epoch, epochs)
  model.eval()
  one, many = xt[:1], xt[:256]
  with torch.inference_mode():
    latency = median_us(lambda: torch.softmax(model(one), 1), runs)
    big = median_us(lambda: torch.softmax(model(many), 1),
                         max(runs // 40, 5))
  return len(x) / seconds, latency, 256e6 / big, torch.__version__


FRAMEWORKS = {
    "keras": lambda *a: keras_rows(*a, jit=False),
    "keras-xla": lambda *a: keras_rows(*a, jit=True),
    "jax-jit": jax_rows,
    "torch-eager": torch_rows,
}


def main():
  p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
  p.add_argument("--threads", type=int, default=2)
  p.add_argument("--samples", type=int, default=8192)
  p.add_argument("--epochs", type=int, default=2)
  p.add_argument("--runs", type=int, default=2000)
  p.add_argument("--frameworks", default=",".join(FRAMEWORKS))
  args = p.parse_args()
  set_thread_environment(args.threads, pin=True)
  x, y = data(args.samples)
  for name in args.frameworks.split(","):
    try:
      rate, latency, throughput, version = FRAMEWORKS[name](
          x, y, args.epochs, args.runs, args.threads)
    except Exception as e:  # not installed here
      print(json.dumps({"framework": name, "skipped":
                        f"{type(e).__name__}: {e}".splitlines()[0]}),
            flush=True)
      continue
    for what, value, unit in (("Model::Fit batch 64", rate, "sample/s"),
                              ("inference batch 1 (median)", latency,
                               "us"),
                              ("inference batch 256", throughput,
                               "sample/s")):
      print(json.dumps({"framework": name, "version": version, "what": what,
                        "value": round(value, 1), "unit": unit,
                        "threads": args.threads}), flush=True)


if __name__ == "__main__":
  main()
