"""TFRecord files of tf.train.Example cross between TensorFlow and Kiln with
identical values: TensorFlow writes (plain, ZLIB, GZIP) and Kiln reads and
parses; Kiln writes and tf.data.TFRecordDataset + tf.io.parse_example read.

  tfrecord_examples.py --tool kiln_tfrecord_tool --out DIR
"""
import os
import subprocess
import sys

import numpy as np

import interop_util  # TensorFlow, or a clear failure
import tensorflow as tf


def random_examples(rng, n):
    out = []
    for i in range(n):
        out.append({
            "label": int(rng.integers(-5, 1000)) if i % 4 else None,
            "image": rng.standard_normal(4).astype(np.float32).tolist(),
            "name": "item%d" % i,
            "tags": rng.integers(0, 100, size=int(rng.integers(0, 4))).tolist(),
        })
    return out


def to_line(e):
    label = -1 if e["label"] is None else e["label"]
    return "label=%d;image=%s;name=%s;tags=%s" % (
        label, ",".join("%.9g" % v for v in e["image"]), e["name"],
        ",".join(str(t) for t in e["tags"]))


def to_example(e):
    f = {"image": tf.train.Feature(float_list=tf.train.FloatList(value=e["image"])),
         "name": tf.train.Feature(bytes_list=tf.train.BytesList(value=[e["name"].encode()])),
         "tags": tf.train.Feature(int64_list=tf.train.Int64List(value=e["tags"]))}
    if e["label"] is not None:
        f["label"] = tf.train.Feature(int64_list=tf.train.Int64List(value=[e["label"]]))
    return tf.train.Example(features=tf.train.Features(feature=f))


def parse_with_tf(path, compression):
    spec = {"image": tf.io.FixedLenFeature([4], tf.float32),
            "label": tf.io.FixedLenFeature([], tf.int64, default_value=-1),
            "name": tf.io.FixedLenFeature([], tf.string),
            "tags": tf.io.VarLenFeature(tf.int64)}
    lines = []
    ds = tf.data.TFRecordDataset(path, compression_type=compression).batch(1000)
    for batch in ds:
        p = tf.io.parse_example(batch, spec)
        tags = tf.sparse.to_dense(p["tags"], default_value=-1).numpy()
        for i in range(len(p["label"])):
            lines.append("label=%d;image=%s;name=%s;tags=%s" % (
                p["label"][i], ",".join("%.9g" % v for v in p["image"][i].numpy()),
                p["name"][i].numpy().decode(),
                ",".join(str(t) for t in tags[i] if t != -1)))
    return lines


def main():
    args, rng = interop_util.tool_args_and_rng(__doc__)
    failures = 0
    for compression in ["", "ZLIB", "GZIP"]:
        examples = random_examples(rng, 50)
        want = [to_line(e) for e in examples]
        tag = compression or "NONE"
        # TensorFlow writes, Kiln reads.
        path = os.path.join(args.out, "tf_%s.tfrecord" % tag)
        with tf.io.TFRecordWriter(path, options=compression or None) as w:
            for e in examples:
                w.write(to_example(e).SerializeToString())
        got = subprocess.run([args.tool, "read", path, tag], check=True,
                             capture_output=True, text=True).stdout.split("\n")
        ok = got[:-1] == want
        failures += not ok
        print("%s kiln reads TensorFlow's %s file (%d examples)"
              % ("ok" if ok else "FAIL", tag, len(want)))
        if not ok:
            print("  first difference:", next(
                (g, w) for g, w in zip(got, want) if g != w))
        # Kiln writes, TensorFlow reads.
        path = os.path.join(args.out, "kiln_%s.tfrecord" % tag)
        subprocess.run([args.tool, "write", path, tag], check=True,
                       input="\n".join(want) + "\n", text=True)
        got = parse_with_tf(path, compression)
        ok = got == want
        failures += not ok
        print("%s TensorFlow reads Kiln's %s file (%d examples)"
              % ("ok" if ok else "FAIL", tag, len(got)))
    if failures:
        sys.exit("tfrecord interop: %d check(s) failed" % failures)


if __name__ == "__main__":
    main()
