"""TensorFlow checkpoints cross both ways with identical values:
Kiln writes (every dtype it has) and tf.train.load_checkpoint and
tf.compat.v1.train.Saver read; TensorFlow writes (object-based with strings
and the object graph, name-based, and sharded over several data files) and
Kiln reads every tensor; the `checkpoint` state file reads both ways.

  checkpoints.py --tool kiln_checkpoint_tool --out DIR
"""
import os
import shutil
import subprocess
import sys

import numpy as np

import interop_util  # TensorFlow, or a clear failure
import tensorflow as tf

BF16 = tf.bfloat16.as_numpy_dtype
DTYPES = [np.float32, np.float64, np.int32, np.int64, np.float16, BF16,
          np.bool_, np.uint8, np.int8, np.int16, np.uint16, np.uint32,
          np.uint64]
KILN_NAMES = {np.dtype(np.float32): "float", np.dtype(np.float64): "double",
              np.dtype(np.int32): "int32", np.dtype(np.int64): "int64",
              np.dtype(np.float16): "half", np.dtype(BF16): "bfloat16",
              np.dtype(np.bool_): "bool", np.dtype(np.uint8): "uint8",
              np.dtype(np.int8): "int8", np.dtype(np.int16): "int16",
              np.dtype(np.uint16): "uint16", np.dtype(np.uint32): "uint32",
              np.dtype(np.uint64): "uint64"}


def random_array(rng, dtype):
    shape = tuple(int(d) for d in rng.integers(0, 5, size=rng.integers(0, 4)))
    if dtype == np.bool_:
        return rng.integers(0, 2, size=shape).astype(np.bool_)
    if np.issubdtype(dtype, np.integer):
        info = np.iinfo(dtype)
        return rng.integers(info.min, info.max, size=shape, dtype=dtype,
                            endpoint=True)
    return rng.standard_normal(shape).astype(dtype)


def bits(a):
    """Bitwise view for exact comparison (NaN-safe, bfloat16 as uint16)."""
    a = np.asarray(a)
    if a.dtype == np.dtype(BF16) or a.dtype == np.float16:
        return a.view(np.uint16)
    if a.dtype == np.float32:
        return a.view(np.uint32)
    if a.dtype == np.float64:
        return a.view(np.uint64)
    return a


def same(a, b):
    a, b = np.asarray(a), np.asarray(b)
    return a.shape == b.shape and np.array_equal(bits(a), bits(b))


def expect(tally, ok, what):
    tally.check(what, [] if ok else ["values, dtypes or keys differ"])


def kiln_writes(args, rng, tally):
    arrays, cmd = {}, [args.tool, "write"]
    prefix = os.path.join(args.out, "kiln", "model.ckpt")
    os.makedirs(os.path.dirname(prefix), exist_ok=True)
    cmd.append(prefix)
    for i, dtype in enumerate(DTYPES):
        name = "layer%d/var_%d" % (i % 3, i)
        a = random_array(rng, dtype)
        arrays[name] = a
        path = os.path.join(args.out, "kiln", "%d.npy" % i)
        if a.dtype == np.dtype(BF16):
            np.save(path, a.view(np.uint16))
            cmd.append("%s=%s@bfloat16" % (name, path))
        else:
            np.save(path, a)
            cmd.append("%s=%s" % (name, path))
    subprocess.run(cmd, check=True)
    reader = tf.train.load_checkpoint(prefix)
    shapes = reader.get_variable_to_shape_map()
    expect(tally, sorted(shapes) == sorted(arrays),
                "tf.train.load_checkpoint lists Kiln's %d tensors" % len(arrays))
    for name, a in arrays.items():
        got = reader.get_tensor(name)
        expect(tally, same(got, a) and got.dtype == a.dtype,
                    "TensorFlow reads %s (%s%s)" % (name, a.dtype, list(a.shape)))
    # TensorFlow's own Saver restores graph variables of the same names.
    with tf.Graph().as_default():
        names = [n for n in arrays if arrays[n].dtype == np.float32 or
                 arrays[n].dtype == np.int64]
        vs = [tf.compat.v1.Variable(tf.zeros(arrays[n].shape, arrays[n].dtype),
                                    name=n.split(":")[0]) for n in names]
        saver = tf.compat.v1.train.Saver({n: v for n, v in zip(names, vs)})
        with tf.compat.v1.Session() as sess:
            saver.restore(sess, prefix)
            for n, v in zip(names, vs):
                expect(tally, same(sess.run(v), arrays[n]),
                            "tf.compat.v1.train.Saver restores %s" % n)


class OnePerShard(tf.train.experimental.ShardingCallback):
    @property
    def description(self):
        return "one tensor per shard"

    def __call__(self, shardable_tensors):
        return [{t.checkpoint_key: {t.slice_spec: t.tensor}}
                for t in shardable_tensors]


def kiln_reads(prefix, want, args, tally, what):
    out = prefix + ".dump"
    shutil.rmtree(out, ignore_errors=True)
    os.makedirs(out)
    subprocess.run([args.tool, "dump", prefix, out], check=True)
    got = {}
    with open(os.path.join(out, "manifest.tsv")) as f:
        for line in f:
            fields = line.rstrip("\n").split("\t")
            i, key, dtype = fields[:3]
            if dtype == "string":
                got[key] = ("string", [b"" if h == "-" else bytes.fromhex(h)
                                       for h in fields[3:]])
            else:
                a = np.load(os.path.join(out, i + ".npy"))
                if dtype == "bfloat16":
                    a = a.view(BF16)
                got[key] = (dtype, a)
    expect(tally, sorted(got) == sorted(want),
           "Kiln lists the %d tensors of %s" % (len(want), what))
    if sorted(got) != sorted(want):
        print("     Kiln only:", sorted(set(got) - set(want)))
        print("     TensorFlow only:", sorted(set(want) - set(got)))
    for key, value in want.items():
        if key not in got:
            continue
        kind, a = got[key]
        if isinstance(value, list):
            ok = kind == "string" and a == value
        else:
            ok = kind == KILN_NAMES[value.dtype] and same(a, value)
        expect(tally, ok, "Kiln reads %s of %s" % (key, what))


def tf_writes(args, rng, tally):
    base = os.path.join(args.out, "tf")
    os.makedirs(base, exist_ok=True)
    # Object-based: nested modules, a string variable, the object graph.
    root = tf.Module()
    root.dense = tf.Module()
    arrays = {}
    for i, dtype in enumerate(DTYPES):
        a = random_array(rng, dtype)
        setattr(root.dense if i % 2 else root, "v%d" % i, tf.Variable(a))
        path = ("dense/" if i % 2 else "") + "v%d" % i
        arrays[path + "/.ATTRIBUTES/VARIABLE_VALUE"] = a
    root.words = tf.Variable([b"kiln", b"", b"\x00\xff tf"])
    prefix = tf.train.Checkpoint(model=root).write(os.path.join(base, "object"))
    reader = tf.train.load_checkpoint(prefix)
    want = {("model/" + k): v for k, v in arrays.items()}
    want["model/words/.ATTRIBUTES/VARIABLE_VALUE"] = [b"kiln", b"", b"\x00\xff tf"]
    want["_CHECKPOINTABLE_OBJECT_GRAPH"] = [
        reader.get_tensor("_CHECKPOINTABLE_OBJECT_GRAPH")]
    kiln_reads(prefix, want, args, tally, "TensorFlow's object-based checkpoint")

    # Name-based (tf.compat.v1.train.Saver).
    want = {}
    with tf.Graph().as_default():
        vs = {}
        for i, dtype in enumerate([np.float32, np.int32, np.float64]):
            a = random_array(rng, dtype)
            want["scope%d/w" % i] = a
            vs["scope%d/w" % i] = tf.compat.v1.Variable(a, name="scope%d/w" % i)
        saver = tf.compat.v1.train.Saver(vs)
        with tf.compat.v1.Session() as sess:
            sess.run(tf.compat.v1.global_variables_initializer())
            prefix = saver.save(sess, os.path.join(base, "named"))
    kiln_reads(prefix, want, args, tally, "TensorFlow's name-based checkpoint")

    # Sharded: one .data file per tensor (unsliced; TensorFlow's size
    # policy would also slice tensors across files, which Kiln does not read).
    vs = {"s%d" % i: tf.Variable(rng.standard_normal(64).astype(np.float32))
          for i in range(6)}
    options = tf.train.CheckpointOptions(
        experimental_sharding_callback=OnePerShard())
    prefix = tf.train.Checkpoint(**vs).write(os.path.join(base, "sharded"),
                                             options=options)
    shards = [f for f in os.listdir(base) if f.startswith("sharded.data-")]
    expect(tally, len(shards) > 1, "TensorFlow wrote %d shards" % len(shards))
    want = {k + "/.ATTRIBUTES/VARIABLE_VALUE": v.numpy() for k, v in vs.items()}
    want["_CHECKPOINTABLE_OBJECT_GRAPH"] = [tf.train.load_checkpoint(
        prefix).get_tensor("_CHECKPOINTABLE_OBJECT_GRAPH")]
    kiln_reads(prefix, want, args, tally, "a sharded checkpoint")


def state_files(args, rng, tally):
    # Kiln's manager directory, read by TensorFlow.
    kdir = os.path.join(args.out, "kiln_managed")
    shutil.rmtree(kdir, ignore_errors=True)
    base = rng.standard_normal(5).astype(np.float32)
    np.save(os.path.join(args.out, "base.npy"), base)
    subprocess.run([args.tool, "manage", kdir, "5", "2",
                    os.path.join(args.out, "base.npy")], check=True)
    latest = tf.train.latest_checkpoint(kdir)
    expect(tally, latest == os.path.join(kdir, "ckpt-5"),
                "tf.train.latest_checkpoint finds Kiln's newest (%s)" % latest)
    state = tf.train.get_checkpoint_state(kdir)
    expect(tally, [os.path.basename(p) for p in state.all_model_checkpoint_paths]
                == ["ckpt-4", "ckpt-5"], "TensorFlow sees Kiln's kept list")
    expect(tally, same(tf.train.load_checkpoint(latest).get_tensor("v"), base * 5),
                "the newest holds step 5's value")
    # TensorFlow's manager directory, read by Kiln.
    tdir = os.path.join(args.out, "tf_managed")
    shutil.rmtree(tdir, ignore_errors=True)
    ckpt = tf.train.Checkpoint(v=tf.Variable(base))
    manager = tf.train.CheckpointManager(ckpt, tdir, max_to_keep=2)
    for _ in range(3):
        path = manager.save()
    got = subprocess.run([args.tool, "latest", tdir], check=True,
                         capture_output=True, text=True).stdout.strip()
    expect(tally, os.path.realpath(got) == os.path.realpath(path),
                "Kiln's LatestCheckpoint finds TensorFlow's newest (%s)" % got)


def main():
    args, rng = interop_util.tool_args_and_rng(__doc__)
    tally = interop_util.Tally("checkpoints")
    kiln_writes(args, rng, tally)
    tf_writes(args, rng, tally)
    state_files(args, rng, tally)
    sys.exit(tally.finish())


if __name__ == "__main__":
    main()
