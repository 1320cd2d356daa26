"""Replays an NCHW windowed-op case in TensorFlow as the NHWC op.

TensorFlow's CPU kernels of Conv2D, DepthwiseConv2dNative, their backprops
and the pools take NHWC
only ("... only supports NHWC on device type CPU"). TF defines NCHW as the
same op on transposed tensors, so an NCHW case runs as NHWC on inputs
transposed to NHWC, with its attrs permuted, and its output transposed back:
TensorFlow stays the oracle.
"""
import numpy as np

TO_NHWC = (0, 2, 3, 1)
TO_NCHW = (0, 3, 1, 2)

# op -> (4-D tensor args in data_format order, shape-vector args, whether
# the output is in data_format order).
LAYOUT = {
    "Conv2D": ({"input"}, set(), True),
    "Conv2DBackpropInput": ({"out_backprop"}, {"input_sizes"}, True),
    "Conv2DBackpropFilter": ({"input", "out_backprop"}, set(), False),
    "DepthwiseConv2dNative": ({"input"}, set(), True),
    "DepthwiseConv2dNativeBackpropInput": ({"out_backprop"}, {"input_sizes"},
                                           True),
    "DepthwiseConv2dNativeBackpropFilter": ({"input", "out_backprop"}, set(),
                                            False),
    "FusedBatchNormV3": ({"x"}, set(), True),
    "FusedBatchNormGradV3": ({"y_backprop", "x"}, set(), True),
    "MaxPool": ({"input"}, set(), True),
    "MaxPoolGrad": ({"orig_input", "orig_output", "grad"}, set(), True),
    "MaxPoolGradGrad": ({"orig_input", "orig_output", "grad"}, set(), True),
    "AvgPool": ({"value"}, set(), True),
    "AvgPoolGrad": ({"grad"}, {"orig_input_shape"}, True),
}


def _permute(values, order):
    return [values[i] for i in order] if len(values) == 4 else values


def _permute_pairs(pads):
    if len(pads) != 8:
        return pads
    pairs = [pads[2 * i:2 * i + 2] for i in range(4)]
    return [p for i in TO_NHWC for p in pairs[i]]


def applies(case):
    fmt = case["attrs"].get("data_format", {}).get("string")
    return fmt == "NCHW" and case["op"] in LAYOUT


def to_nhwc(op, kwargs, tf):
    """kwargs of the NHWC op, and the function that maps its outputs back."""
    tensors, shapes, output_nchw = LAYOUT[op]
    out = dict(kwargs)
    for name in tensors:
        if len(out[name].shape) == 4:
            out[name] = tf.transpose(out[name], TO_NHWC)
    for name in shapes:
        out[name] = tf.constant(_permute(list(out[name].numpy()), TO_NHWC),
                                dtype=out[name].dtype)
    for name in ("strides", "ksize", "dilations"):
        if name in out:
            out[name] = _permute(list(out[name]), TO_NHWC)
    if "explicit_paddings" in out:
        out["explicit_paddings"] = _permute_pairs(list(out["explicit_paddings"]))
    out["data_format"] = "NHWC"

    def back(result):
        if output_nchw and result.ndim == 4:
            return np.transpose(result, TO_NCHW)
        return result
    return out, back
