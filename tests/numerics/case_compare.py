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


def compare_distribution(kiln, want):
    """None when two samples of the same random op agree in dtype, shape,
    range and moments (mean within 6 standard errors, stddev within 6%):
    TensorFlow's random streams are not Kiln's, their distributions are."""
    if kiln.dtype != want.dtype:
        return "dtype: kiln %s, tf %s" % (kiln.dtype, want.dtype)
    if kiln.shape != want.shape:
        return "shape: kiln %s, tf %s" % (kiln.shape, want.shape)
    if kiln.size < 100:
        return None
    k = kiln.astype(np.float64).reshape(-1)
    w = want.astype(np.float64).reshape(-1)
    sd = max(w.std(), 1e-12)
    problems = []
    if abs(k.mean() - w.mean()) > 6 * sd * np.sqrt(2.0 / k.size):
        problems.append("mean %.4g vs %.4g" % (k.mean(), w.mean()))
    if abs(k.std() / sd - 1) > 0.06:
        problems.append("stddev %.4g vs %.4g" % (k.std(), sd))
    lo, hi = w.min() - 0.05 * sd, w.max() + 0.05 * sd
    if k.min() < min(lo, 0 if w.min() >= 0 else lo) or (
            w.max() < 1 and k.max() >= 1) or (
            w.max() <= 2 and w.min() >= -2 and np.abs(k).max() > 2):
        problems.append("range [%.4g, %.4g] vs [%.4g, %.4g]"
                        % (k.min(), k.max(), w.min(), w.max()))
    return "; ".join(problems) or None
