"""Inference latency of the Fashion-MNIST MLP in other frameworks.

784 -> dense 300 relu -> dense 100 relu -> dense 10 softmax, with the same
weights everywhere (read from .npy files), so Kiln's numbers for the same
model can be read against TensorFlow (tf.function, XLA), JAX and PyTorch.

  python bench/anchors/fashion_mlp.py --write-random-weights /tmp/mlp
  python bench/anchors/fashion_mlp.py --weights-dir /tmp/mlp --threads 2

Weights: w1 [784,300], b1 [300], w2 [300,100], b2 [100], w3 [100,10],
b3 [10], float32; --w1 ... --b3 name the files one by one, --weights-dir
takes DIR/w1.npy ... DIR/b3.npy. Each framework is optional: one that is not
installed (or fails) prints a "skipped" line. Every framework gets the same
threads: the process is pinned to --threads CPUs and each framework's own
thread settings are set to match. One JSON object per line:
  {"framework": "tf-function", "batch": 1, "median_us": 41.2, "p90_us": ...}
"""

import argparse
import json
import os
import sys
import time

WEIGHT_NAMES = ("w1", "b1", "w2", "b2", "w3", "b3")
SHAPES = {"w1": (784, 300), "b1": (300,), "w2": (300, 100), "b2": (100,),
          "w3": (100, 10), "b3": (10,)}


def parse_args():
  p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
  p.add_argument("--weights-dir", help="DIR holding w1.npy ... b3.npy")
  for name in WEIGHT_NAMES:
    p.add_argument("--" + name, help=f"{name}.npy, shape {SHAPES[name]}")
  p.add_argument("--write-random-weights", metavar="DIR",
                 help="write Glorot-uniform weights to DIR and exit")
  p.add_argument("--threads", type=int, default=2)
  p.add_argument("--batches", default="1,256")
  p.add_argument("--warmup", type=int, default=20)
  p.add_argument("--runs", type=int, default=200)
  p.add_argument("--frameworks",
                 default="tf-function,tf-xla,jax-jit,torch-eager,torch-compile")
  p.add_argument("--no-pin", action="store_true",
                 help="do not pin the process to --threads CPUs")
  return p.parse_args()


def set_thread_environment(threads, pin):
  """Must run before any framework is imported: their pools read it once."""
  for var in ("OMP_NUM_THREADS", "MKL_NUM_THREADS", "OPENBLAS_NUM_THREADS",
              "TF_NUM_INTRAOP_THREADS"):
    os.environ[var] = str(threads)
  os.environ["TF_NUM_INTEROP_THREADS"] = "1"
  os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "2")
  # XLA:CPU (JAX, TF's jit_compile) sizes its Eigen pool from the CPUs it may
  # use; pinning below is what bounds it.
  flags = os.environ.get("XLA_FLAGS", "")
  if threads == 1:
    flags += (" --xla_cpu_multi_thread_eigen=false"
              " intra_op_parallelism_threads=1")
  else:
    flags += (" --xla_cpu_multi_thread_eigen=true"
              f" intra_op_parallelism_threads={threads}")
  os.environ["XLA_FLAGS"] = flags.strip()
  if pin and hasattr(os, "sched_setaffinity"):
    cpus = sorted(os.sched_getaffinity(0))[:threads]
    os.sched_setaffinity(0, cpus)


def load_weights(args):
  import numpy as np
  weights = {}
  for name in WEIGHT_NAMES:
    path = getattr(args, name) or (
        os.path.join(args.weights_dir, name + ".npy") if args.weights_dir
        else None)
    if path is None:
      sys.exit(f"no file for {name}: pass --{name} or --weights-dir")
    w = np.load(path).astype(np.float32)
    if w.shape != SHAPES[name]:
      sys.exit(f"{path}: shape {w.shape}, expected {SHAPES[name]}")
    weights[name] = w
  return weights


def write_random_weights(directory):
  import numpy as np
  rng = np.random.default_rng(0)
  os.makedirs(directory, exist_ok=True)
  for name in WEIGHT_NAMES:
    shape = SHAPES[name]
    if len(shape) == 2:
      limit = np.sqrt(6.0 / (shape[0] + shape[1]))
      w = rng.uniform(-limit, limit, shape)
    else:
      w = rng.uniform(-0.1, 0.1, shape)
    np.save(os.path.join(directory, name + ".npy"), w.astype(np.float32))


def numpy_reference(w, x):
  import numpy as np
  h = np.maximum(x @ w["w1"] + w["b1"], 0)
  h = np.maximum(h @ w["w2"] + w["b2"], 0)
  logits = h @ w["w3"] + w["b3"]
  e = np.exp(logits - logits.max(axis=1, keepdims=True))
  return e / e.sum(axis=1, keepdims=True)


# Each builder returns (version, make_input(x_numpy), run(input) -> numpy).

def build_tf(w, threads, jit_compile):
  import tensorflow as tf
  tf.config.threading.set_intra_op_parallelism_threads(threads)
  # The MLP is a chain: inter-op threads would only add spinning threads.
  tf.config.threading.set_inter_op_parallelism_threads(1)
  c = {k: tf.constant(v) for k, v in w.items()}

  @tf.function(jit_compile=jit_compile, reduce_retracing=True)
  def mlp(x):
    h = tf.nn.relu(tf.matmul(x, c["w1"]) + c["b1"])
    h = tf.nn.relu(tf.matmul(h, c["w2"]) + c["b2"])
    return tf.nn.softmax(tf.matmul(h, c["w3"]) + c["b3"])

  return tf.__version__, tf.constant, lambda x: mlp(x).numpy()


def build_jax(w, threads):
  import jax
  import jax.numpy as jnp
  jax.config.update("jax_platforms", "cpu")
  c = {k: jnp.asarray(v) for k, v in w.items()}

  @jax.jit
  def mlp(x):
    h = jax.nn.relu(x @ c["w1"] + c["b1"])
    h = jax.nn.relu(h @ c["w2"] + c["b2"])
    return jax.nn.softmax(h @ c["w3"] + c["b3"], axis=-1)

  import numpy as np
  return (jax.__version__, jnp.asarray,
          lambda x: np.asarray(mlp(x).block_until_ready()))


def build_torch(w, threads, compiled):
  import torch
  torch.set_num_threads(threads)
  try:
    torch.set_num_interop_threads(1)
  except RuntimeError:
    pass  # already set by an earlier build in this process
  c = {k: torch.from_numpy(v) for k, v in w.items()}

  def mlp(x):
    h = torch.relu(x @ c["w1"] + c["b1"])
    h = torch.relu(h @ c["w2"] + c["b2"])
    return torch.softmax(h @ c["w3"] + c["b3"], dim=-1)

  fn = torch.compile(mlp, dynamic=False) if compiled else mlp

  def run(x):
    with torch.inference_mode():
      return fn(x).numpy()

  return torch.__version__, lambda x: torch.from_numpy(x.copy()), run


BUILDERS = {
    "tf-function": lambda w, t: build_tf(w, t, jit_compile=False),
    "tf-xla": lambda w, t: build_tf(w, t, jit_compile=True),
    "jax-jit": build_jax,
    "torch-eager": lambda w, t: build_torch(w, t, compiled=False),
    "torch-compile": lambda w, t: build_torch(w, t, compiled=True),
}


def time_runs(run, inp, warmup, runs):
  for _ in range(warmup):
    run(inp)
  samples = []
  for _ in range(runs):
    start = time.perf_counter_ns()
    run(inp)
    samples.append((time.perf_counter_ns() - start) / 1e3)
  samples.sort()
  return samples[len(samples) // 2], samples[min(len(samples) - 1,
                                                 int(len(samples) * 0.9))]


def main():
  args = parse_args()
  if args.write_random_weights:
    write_random_weights(args.write_random_weights)
    return
  set_thread_environment(args.threads, pin=not args.no_pin)
  import numpy as np
  w = load_weights(args)
  batches = [int(b) for b in args.batches.split(",")]
  rng = np.random.default_rng()
  for name in args.frameworks.split(","):
    if name not in BUILDERS:
      sys.exit(f"unknown framework {name}; known: {', '.join(BUILDERS)}")
    try:
      version, make_input, run = BUILDERS[name](w, args.threads)
    except Exception as e:  # not installed, or no compiler for it here
      print(json.dumps({"framework": name, "skipped":
                        f"{type(e).__name__}: {e}".splitlines()[0]}),
            flush=True)
      continue
    for batch in batches:
      x = rng.standard_normal((batch, 784)).astype(np.float32)
      try:
        inp = make_input(x)
        err = float(np.max(np.abs(run(inp) - numpy_reference(w, x))))
        median, p90 = time_runs(run, inp, args.warmup, args.runs)
      except Exception as e:
        print(json.dumps({"framework": name, "batch": batch, "skipped":
                          f"{type(e).__name__}: {e}".splitlines()[0]}),
              flush=True)
        continue
      print(json.dumps({"framework": name, "version": version,
                        "batch": batch, "threads": args.threads,
                        "median_us": round(median, 2),
                        "p90_us": round(p90, 2), "runs": args.runs,
                        "max_abs_err_vs_numpy": err}), flush=True)


if __name__ == "__main__":
  main()
