"""TensorBoard's own event reader (EventAccumulator, pip tensorboard) reads
an events file Kiln wrote: every tag, step and value, and the graph.

  check_tensorboard_events.py --kiln-write-events BIN --out DIR
"""
import argparse
import os
import shutil
import subprocess
import sys

import numpy as np

import interop_util  # noqa: F401  (TensorFlow and TensorBoard, or a failure)
import tensorflow as tf
from tensorboard.backend.event_processing import event_accumulator


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--kiln-write-events", required=True)
    parser.add_argument("--out", required=True)
    args = parser.parse_args()
    shutil.rmtree(args.out, ignore_errors=True)
    path = subprocess.run([args.kiln_write_events, args.out], check=True,
                          capture_output=True, text=True).stdout.strip()
    ea = event_accumulator.EventAccumulator(
        path, size_guidance={event_accumulator.SCALARS: 0,
                             event_accumulator.HISTOGRAMS: 0,
                             event_accumulator.TENSORS: 0})
    ea.Reload()
    problems = []
    scalars = ea.Scalars("loss")
    if [s.step for s in scalars] != list(range(10)):
        problems.append("loss steps %s" % [s.step for s in scalars])
    for s in scalars:
        if abs(s.value - 1.0 / (s.step + 1)) > 1e-6:
            problems.append("loss at %d is %r" % (s.step, s.value))
    histos = ea.Histograms("weights")
    if len(histos) != 1 or histos[0].step != 3:
        problems.append("weights histograms %s" % histos)
    else:
        h = histos[0].histogram_value
        if (h.num, h.min, h.max, h.sum) != (100, 0, 99, 4950):
            problems.append("weights histogram %s" % (h,))
    notes = ea.Tensors("notes")
    if len(notes) != 1 or notes[0].tensor_proto.string_val[0] != b"trained in C++":
        problems.append("notes %s" % notes)
    images = ea.Tensors("gradient")
    if len(images) != 1 or images[0].step != 2:
        problems.append("gradient images %s" % images)
    else:
        strings = images[0].tensor_proto.string_val
        want = np.fromfunction(lambda i, r, c, k: 10 * (i + r + c + k),
                               (2, 5, 4, 3)).astype(np.uint8)
        if strings[:2] != [b"4", b"5"] or len(strings) != 4:
            problems.append("gradient header %s" % strings[:2])
        for i, png in enumerate(strings[2:]):
            got = tf.io.decode_png(png).numpy()
            if got.shape != want[i].shape or (got != want[i]).any():
                problems.append("gradient image %d differs" % i)
    graph = ea.Graph()
    if [n.name for n in graph.node] != ["x", "y"]:
        problems.append("graph nodes %s" % [n.name for n in graph.node])
    print("tags:", ea.Tags())
    if problems:
        sys.exit("tensorboard events: " + "; ".join(problems))
    print("tensorboard reads Kiln's events: scalars, histogram, text, images, "
          "graph ok")


if __name__ == "__main__":
    main()
