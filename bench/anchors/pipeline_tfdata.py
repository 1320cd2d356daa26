"""tf.data doing what bench/pipeline_bench.cc times: TFRecord files of
tf.train.Example (image: 784 floats, label: int64) -> batch 32 ->
tf.io.parse_example, with 1 and 2 threads (num_parallel_reads and
num_parallel_calls, a private thread pool of that size), best pass of
several after a warm-up. One JSON object per line:
  {"framework": "tf.data", "threads": 2, "examples_per_s": 123456.0}
"""

import argparse
import json
import os
import sys
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from fashion_mlp import set_thread_environment  # noqa: E402


def rate(files, threads, rounds):
  import tensorflow as tf
  spec = {"image": tf.io.FixedLenFeature([784], tf.float32),
          "label": tf.io.FixedLenFeature([], tf.int64)}
  ds = tf.data.TFRecordDataset(files,
                               num_parallel_reads=threads if threads > 1 else None)
  ds = ds.batch(32).map(lambda b: tf.io.parse_example(b, spec),
                        num_parallel_calls=threads)
  options = tf.data.Options()
  options.threading.private_threadpool_size = threads
  options.threading.max_intra_op_parallelism = 1
  ds = ds.with_options(options)
  best = 0
  for r in range(rounds):
    start = time.perf_counter()
    n = 0
    for batch in ds:
      n += int(batch["label"].shape[0])
    if r > 0:
      best = max(best, n / (time.perf_counter() - start))
  return best, tf.__version__


def main():
  parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
  parser.add_argument("--dir", required=True)
  parser.add_argument("--threads", type=int, default=2)
  parser.add_argument("--rounds", type=int, default=6)
  args = parser.parse_args()
  set_thread_environment(args.threads, pin=True)
  files = [os.path.join(args.dir, "examples-%d.tfrecord" % i) for i in (0, 1)]
  for threads in (1, 2):
    try:
      value, version = rate(files, threads, args.rounds)
    except ImportError as e:
      print(json.dumps({"framework": "tf.data", "skipped": str(e)}))
      return
    print(json.dumps({"framework": "tf.data %s" % version, "threads": threads,
                      "examples_per_s": value}))


if __name__ == "__main__":
  main()
