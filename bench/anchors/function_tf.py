"""tf.function doing what bench/function_bench.cc times: a call of
x * 0.5 + 1 on 16 floats, a tf.cond per call, a tf.while_loop of 100
trips of the same update and one of v = tanh(v @ w) on a [1,16] row
(microseconds per trip), each as a tf.function and
with jit_compile=True (XLA). Medians after warm-up calls, on the threads
fashion_mlp.py pins. One JSON object per line:
  {"framework": "tf-function", "what": "call", "us": 12.3}
"""

import argparse
import json
import os
import sys
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from fashion_mlp import set_thread_environment  # noqa: E402


def median_us(fn, runs):
  for _ in range(10):
    fn()
  times = []
  for _ in range(runs):
    start = time.perf_counter()
    fn()
    times.append(time.perf_counter() - start)
  times.sort()
  return times[len(times) // 2] * 1e6


def main():
  parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
  parser.add_argument("--threads", type=int, default=2)
  parser.add_argument("--runs", type=int, default=1000)
  args = parser.parse_args()
  set_thread_environment(args.threads, pin=True)
  try:
    import numpy as np
    import tensorflow as tf
  except ImportError as e:
    print(json.dumps({"framework": "tf-function", "skipped": str(e)}))
    return
  x = tf.constant(np.ones(16, np.float32))
  n = tf.constant(100)
  for jit, name in ((False, "tf-function"), (True, "tf-xla")):
    call = tf.function(lambda x: x * 0.5 + 1.0, jit_compile=jit)
    cond = tf.function(
        lambda x: tf.cond(tf.reduce_sum(x) > 0, lambda: x * 0.5 + 1.0,
                          lambda: x * 0.5 + 1.0), jit_compile=jit)
    loop = tf.function(
        lambda x, n: tf.while_loop(lambda i, v: i < n,
                                   lambda i, v: (i + 1, v * 0.5 + 1.0),
                                   [tf.constant(0), x])[1], jit_compile=jit)
    matmul_loop = tf.function(
        lambda v, w, n: tf.while_loop(lambda i, v: i < n,
                                      lambda i, v: (i + 1, tf.tanh(v @ w)),
                                      [tf.constant(0), v])[1], jit_compile=jit)
    row = tf.constant(np.full((1, 16), 0.1, np.float32))
    w = tf.constant(np.full((16, 16), 0.05, np.float32))
    rows = {"call": median_us(lambda: call(x).numpy(), args.runs),
            "cond": median_us(lambda: cond(x).numpy(), args.runs),
            "while_loop per trip": median_us(lambda: loop(x, n).numpy(),
                                             max(10, args.runs // 20)) / 100,
            "while_loop matmul per trip": median_us(
                lambda: matmul_loop(row, w, n).numpy(),
                max(10, args.runs // 20)) / 100}
    for what, us in rows.items():
      print(json.dumps({"framework": name, "what": what, "us": us}))


if __name__ == "__main__":
  main()
