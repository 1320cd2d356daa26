"""Kiln's Dataset orders and pads as tf.data does: interleave (random
cycle and block lengths over inputs of random lengths) and padded_batch
(random ragged vectors), compared element by element.

  dataset_like_tf.py --tool kiln_dataset_tool
"""
import argparse
import os
import subprocess
import sys

import numpy as np

import interop_util  # TensorFlow, or a clear failure
import tensorflow as tf


def vectors(lengths):
    return tf.data.Dataset.from_generator(
        lambda: (np.arange(n, dtype=np.int64) + 100 * i
                 for i, n in enumerate(lengths)),
        output_signature=tf.TensorSpec([None], tf.int64))


def tf_interleave(lengths, cycle, block):
    ds = vectors(lengths).interleave(tf.data.Dataset.from_tensor_slices,
                                     cycle_length=cycle, block_length=block)
    return " ".join(str(int(v)) for v in ds)


def tf_padded_batch(lengths, batch, pad):
    lines = []
    for b in vectors(lengths).padded_batch(
            batch, padding_values=tf.constant(pad, tf.int64)):
        b = b.numpy()
        lines.append("%dx%d:%s" % (b.shape[0], b.shape[1],
                                   "".join(" %d" % v for v in b.ravel())))
    return lines


def compare(tally, cmd, want, what):
    """Kiln's output lines (from `cmd`) against TensorFlow's `want`."""
    got = subprocess.run(cmd, check=True, capture_output=True,
                         text=True).stdout.strip().splitlines()
    want = want if isinstance(want, list) else [want] if want else []
    tally.check(what, [] if got == want else ["kiln: %s" % got,
                                              "tf:   %s" % want])


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--tool", required=True)
    args = parser.parse_args()
    seed = int.from_bytes(os.urandom(4), "little")
    print("seed", seed)
    rng = np.random.default_rng(seed)
    tally = interop_util.Tally("dataset_like_tf")
    for trial in range(8):
        lengths = [int(n) for n in rng.integers(0, 6, size=rng.integers(1, 9))]
        cycle, block = int(rng.integers(1, 5)), int(rng.integers(1, 4))
        arg = ",".join(map(str, lengths))
        compare(tally, [args.tool, "interleave", str(cycle), str(block), arg],
                tf_interleave(lengths, cycle, block),
                "interleave(cycle=%d, block=%d) over lengths %s"
                % (cycle, block, lengths))
        batch, pad = int(rng.integers(1, 5)), int(rng.integers(-9, 9))
        compare(tally, [args.tool, "padded_batch", str(batch), str(pad), arg],
                tf_padded_batch(lengths, batch, pad),
                "padded_batch(%d, padding %d) over lengths %s"
                % (batch, pad, lengths))
    sys.exit(tally.finish())


if __name__ == "__main__":
    main()
