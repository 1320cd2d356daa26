"""Replays a dilated Conv2D backprop case in TensorFlow through Conv2D.

TensorFlow 2.21's CPU kernels of Conv2DBackpropInput/Filter reject dilation
rates above 1, while its CPU Conv2D takes them. Conv2D is linear in each
operand, so each backprop is the transpose of a Conv2D applied to a basis:
  input grad[b, p]  = sum(Conv2D(e_p, filter) * out_backprop[b])
  filter grad[k]    = sum(Conv2D(input, e_k) * out_backprop)
computed here with TensorFlow's Conv2D alone (NHWC), so TF stays the oracle.
"""
import numpy as np

OPS = ("Conv2DBackpropInput", "Conv2DBackpropFilter")


def applies(case):
    dilations = case["attrs"].get("dilations", {}).get("list_int", [1, 1, 1, 1])
    return case["op"] in OPS and any(d != 1 for d in dilations)


def _conv(tf, x, w, kwargs):
    attrs = {k: kwargs[k] for k in ("strides", "padding", "dilations",
                                    "explicit_paddings", "data_format")
             if k in kwargs}
    return tf.raw_ops.Conv2D(input=x, filter=w, **attrs).numpy()


def run(op, kwargs, tf):
    dy = kwargs["out_backprop"].numpy()
    if op == "Conv2DBackpropInput":
        n, h, w, c = [int(d) for d in kwargs["input_sizes"].numpy()]
        w_filter = kwargs["filter"]
        basis = np.eye(h * w * c, dtype=dy.dtype).reshape(h * w * c, h, w, c)
        y = _conv(tf, tf.constant(basis), w_filter, kwargs)
        grad = np.einsum("pijk,bijk->bp", y, dy)
        return [grad.reshape(n, h, w, c).astype(dy.dtype)]
    x = kwargs["input"]
    sizes = [int(d) for d in kwargs["filter_sizes"].numpy()]
    count = int(np.prod(sizes))
    grad = np.zeros(count, dtype=dy.dtype)
    for k in range(count):
        e = np.zeros(count, dtype=dy.dtype)
        e[k] = 1
        y = _conv(tf, x, tf.constant(e.reshape(sizes)), kwargs)
        grad[k] = np.sum(y * dy)
    return [grad.reshape(sizes)]
