"""Comparison rules shared by check_against_tf.py and compare_case_dirs.py."""
import numpy as np


def show(a, limit=40):
    a = np.asarray(a)
    if a.size <= limit:
        return np.array2string(a.reshape(-1) if a.ndim > 1 else a,
                               precision=9, separator=",").replace("\n", "")
    return "%s(%d values)" % (a.dtype, a.size)


def compare(kiln, want, rtol, atol):
    """None when equal per the rules, else a description."""
    if kiln.dtype != want.dtype:
        return "dtype: kiln %s, tf %s" % (kiln.dtype, want.dtype)
    if kiln.shape != want.shape:
        return "shape: kiln %s, tf %s" % (kiln.shape, want.shape)
    if kiln.size == 0:
        return None
    if not np.issubdtype(want.dtype, np.floating):
        bad = kiln != want
        err = "values differ"
    else:
        k = kiln.astype(np.float64)
        w = want.astype(np.float64)
        kn, wn = np.isnan(k), np.isnan(w)
        kinf, winf = np.isinf(k), np.isinf(w)
        finite = ~(kn | wn | kinf | winf)
        bad = (kn != wn) | ((kinf | winf) & ~(kn | wn) & (k != w))
        diff = np.zeros_like(w)
        diff[finite] = np.abs(k[finite] - w[finite])
        bad |= finite & (diff > atol + rtol * np.abs(np.where(finite, w, 0)))
        err = "max abs err %.3g (rtol %g, atol %g)" % (diff.max(), rtol, atol)
    if not bad.any():
        return None
    i = np.unravel_index(np.argmax(bad.reshape(-1)), bad.shape)
    return "%s, %d of %d differ, first mismatch at index %s: kiln %r, tf %r" % (
        err, int(bad.sum()), bad.size, tuple(int(x) for x in i),
        kiln[i].item(), want[i].item())
