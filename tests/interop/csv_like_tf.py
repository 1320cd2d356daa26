"""Kiln's CSV reader parses as tf.data.experimental.make_csv_dataset does:
typed columns, defaults for empty fields, quoted fields with delimiters,
quotes and line breaks inside, on a file with fresh random values.

  csv_like_tf.py --tool kiln_csv_tool --out DIR
"""
import os
import subprocess
import sys

import numpy as np

import interop_util  # TensorFlow, or a clear failure
import tensorflow as tf

COLUMNS = [("age", "int32", "-1", tf.int32, -1),
           ("height", "float", "0", tf.float32, 0.0),
           ("name", "string", "", tf.string, ""),
           ("id", "int64", "7", tf.int64, 7)]


def escape(s):
    return s.replace("\\", "\\\\").replace("|", "\\|").replace("\n", "\\n")


def main():
    args, rng = interop_util.tool_args_and_rng(__doc__)
    lines = ["age,height,name,id"]
    names = ["plain", "with, comma", 'say "hi"', "two\nlines", ""]
    for i in range(40):
        age = "" if i % 7 == 3 else str(int(rng.integers(0, 100)))
        height = "" if i % 5 == 2 else "%.6g" % rng.uniform(0.5, 2.5)
        name = names[i % len(names)]
        quoted = '"' + name.replace('"', '""') + '"' if i % 2 == 0 or any(
            c in name for c in ',"\n') else name
        ident = "" if i % 9 == 4 else str(int(rng.integers(-10**12, 10**12)))
        lines.append(",".join([age, height, quoted, ident]))
    path = os.path.join(args.out, "people.csv")
    with open(path, "w", newline="") as f:
        f.write("\n".join(lines) + "\n")
    ds = tf.data.experimental.make_csv_dataset(
        path, batch_size=1000, column_defaults=[
            tf.constant([d], dtype=t) for _, _, _, t, d in COLUMNS],
        shuffle=False, num_epochs=1)
    batch = next(iter(ds))
    want = []
    for name, _, _, dtype, _ in COLUMNS:
        values = batch[name].numpy()
        if dtype == tf.string:
            text = [escape(v.decode()) for v in values]
        elif dtype == tf.float32:
            text = ["%.9g" % v for v in values]
        else:
            text = [str(int(v)) for v in values]
        want.append("%s=%s" % (name, "|".join(text)))
    spec = ",".join("%s:%s:%s" % (n, k, d) if d else "%s:%s" % (n, k)
                    for n, k, d, _, _ in COLUMNS)
    got = subprocess.run([args.tool, path, spec], check=True,
                         capture_output=True, text=True).stdout.splitlines()
    bad = [(g, w) for g, w in zip(got, want) if g != w]
    if len(got) != len(want) or bad:
        sys.exit("csv: Kiln and TensorFlow differ: %s" % (bad[:1] or got))
    print("csv: Kiln parses as make_csv_dataset (%d rows, %d columns)"
          % (40, len(COLUMNS)))


if __name__ == "__main__":
    main()
