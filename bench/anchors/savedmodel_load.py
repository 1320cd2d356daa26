"""TensorFlow's SavedModel of the MLP aot_bench compiles (session_bench's
w1..b3.npy in DIR), for the AOT rows: its size on disk (saved_model.pb, the
variables) and load + first inference at batch 1 in a fresh process
(TensorFlow imported first, not timed), median of 5. One JSON object per
line:
  {"framework": "tf-savedmodel", "what": "load + first inference", "value": 812.0, "unit": "ms"}

  savedmodel_load.py DIR
  savedmodel_load.py --load-once SAVED_MODEL_DIR
"""
import json
import os
import subprocess
import sys
import time


def load_once(path):
    import numpy as np
    import tensorflow as tf
    x = tf.constant(np.zeros((1, 784), np.float32))
    start = time.perf_counter()
    model = tf.saved_model.load(path)
    model.signatures["serving_default"](x)
    print("%.4f" % ((time.perf_counter() - start) * 1000))


def tree_bytes(path):
    return sum(os.path.getsize(os.path.join(d, f))
               for d, _, files in os.walk(path) for f in files)


def main():
    if sys.argv[1] == "--load-once":
        load_once(sys.argv[2])
        return
    os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")
    try:
        import numpy as np
        import tensorflow as tf
    except ImportError as e:
        print(json.dumps({"framework": "tf-savedmodel", "skipped": str(e)}))
        return
    d = sys.argv[1]
    model = tf.keras.Sequential([tf.keras.Input((784,))] + [
        tf.keras.layers.Dense(n, activation=a)
        for n, a in ((300, "relu"), (100, "relu"), (10, "softmax"))])
    weights = []
    for k in (1, 2, 3):
        weights += [np.load(os.path.join(d, "w%d.npy" % k)),
                    np.load(os.path.join(d, "b%d.npy" % k))]
    model.set_weights(weights)
    path = os.path.join(d, "tf_saved_model")
    tf.saved_model.save(model, path)
    rows = [("SavedModel size (weights included)", tree_bytes(path) / 1024,
             "KiB"),
            ("SavedModel size without weights",
             (tree_bytes(path) - tree_bytes(os.path.join(path, "variables")))
             / 1024, "KiB")]
    times = []
    for _ in range(5):
        out = subprocess.run([sys.executable, __file__, "--load-once", path],
                             capture_output=True, text=True,
                             env=dict(os.environ, TF_CPP_MIN_LOG_LEVEL="3"))
        if out.returncode == 0:
            times.append(float(out.stdout.strip().splitlines()[-1]))
    if times:
        times.sort()
        rows.append(("load + first inference (fresh process)",
                     times[len(times) // 2], "ms"))
    for what, value, unit in rows:
        print(json.dumps({"framework": "tf-savedmodel", "what": what,
                          "value": value, "unit": unit}))


if __name__ == "__main__":
    main()
