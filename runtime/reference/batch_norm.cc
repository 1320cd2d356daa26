// Reference kernels of FusedBatchNormV3 and FusedBatchNormGradV3 (NHWC or
// NCHW; x in float, half or bfloat16, statistics in float), in double.
// Training: the batch's mean m and biased variance v normalize x;
// batch_variance is unbiased (n / max(n - 1, 1)); exponential_avg_factor f
// mixes both with the inputs. The gradient in training is
//   dx = scale / sqrt(v + eps) / n * (n dy - sum(dy) - xhat sum(dy xhat)),
// in inference dx = dy scale / sqrt(v + eps); dscale = sum(dy xhat),
// doffset = sum(dy).
#include <cmath>

#include "runtime/reference/kernels.h"

namespace kiln {
namespace reference {
namespace {

// x's elements by channel: offsets of channel ch's n elements.
struct Channels {
  int64_t count = 0, n = 0, inner = 1;  // inner: elements per (batch, ch)
  bool nchw = false;

  int64_t Offset(int64_t ch, int64_t k) const {
    if (!nchw) return k * count + ch;
    return ((k / inner) * count + ch) * inner + k % inner;
  }
};

Channels Layout(const Tensor& x, bool nchw) {
  Channels c;
  c.nchw = nchw;
  c.count = x.dim_size(nchw ? 1 : 3);
  c.n = c.count == 0 ? 0 : x.NumElements() / c.count;
  c.inner = x.dim_size(2) * x.dim_size(3);
  return c;
}

std::vector<double> Floats(const Tensor& t) {
  std::vector<double> v(t.NumElements());
  for (int64_t i = 0; i < t.NumElements(); ++i) v[i] = t.data<float>()[i];
  return v;
}

void Put(Tensor& t, const std::vector<double>& v) {
  for (int64_t i = 0; i < t.NumElements(); ++i)
    t.data<float>()[i] = static_cast<float>(v[i]);
}

template <typename T>
void Forward(KernelContext& c, const Channels& ch, double eps, double f,
             bool training) {
  const T* x = c.inputs[0].data<T>();
  const std::vector<double> scale = Floats(c.inputs[1]),
                            offset = Floats(c.inputs[2]);
  std::vector<double> mean(ch.count), var(ch.count), mean_out(ch.count),
      var_out(ch.count);
  for (int64_t k = 0; k < ch.count; ++k) {
    double sum = 0, squares = 0;
    for (int64_t i = 0; i < ch.n; ++i) sum += Load(x, ch.Offset(k, i));
    mean[k] = training ? sum / ch.n : c.inputs[3].data<float>()[k];
    for (int64_t i = 0; i < ch.n; ++i) {
      const double d = Load(x, ch.Offset(k, i)) - mean[k];
      squares += d * d;
    }
    var[k] = training ? squares / ch.n : c.inputs[4].data<float>()[k];
    mean_out[k] = mean[k];
    var_out[k] = var[k];
    if (training) {
      var_out[k] = squares / std::max<int64_t>(ch.n - 1, 1);
      if (f != 1) {
        mean_out[k] = (1 - f) * c.inputs[3].data<float>()[k] + f * mean_out[k];
        var_out[k] = (1 - f) * c.inputs[4].data<float>()[k] + f * var_out[k];
      }
    }
    const double inv = 1 / std::sqrt(var[k] + eps);
    for (int64_t i = 0; i < ch.n; ++i) {
      const int64_t o = ch.Offset(k, i);
      Store(c.outputs[0].data<T>(), o,
            (Load(x, o) - mean[k]) * inv * scale[k] + offset[k]);
    }
  }
  Put(c.outputs[1], mean_out);
  Put(c.outputs[2], var_out);
  Put(c.outputs[3], mean);
  Put(c.outputs[4], var);
}

template <typename T>
void Backward(KernelContext& c, const Channels& ch, double eps, bool training) {
  const T* dy = c.inputs[0].data<T>();
  const T* x = c.inputs[1].data<T>();
  const std::vector<double> scale = Floats(c.inputs[2]),
                            mean = Floats(c.inputs[3]),
                            var = Floats(c.inputs[4]);
  std::vector<double> dscale(ch.count), doffset(ch.count);
  for (int64_t k = 0; k < ch.count; ++k) {
    const double inv = 1 / std::sqrt(var[k] + eps);
    double sum_dy = 0, sum_dy_xhat = 0;
    for (int64_t i = 0; i < ch.n; ++i) {
      const int64_t o = ch.Offset(k, i);
      sum_dy += Load(dy, o);
      sum_dy_xhat += Load(dy, o) * (Load(x, o) - mean[k]) * inv;
    }
    dscale[k] = sum_dy_xhat;
    doffset[k] = sum_dy;
    for (int64_t i = 0; i < ch.n; ++i) {
      const int64_t o = ch.Offset(k, i);
      const double xhat = (Load(x, o) - mean[k]) * inv;
      const double g =
          training ? scale[k] * inv / ch.n *
                         (ch.n * Load(dy, o) - sum_dy - xhat * sum_dy_xhat)
                   : Load(dy, o) * scale[k] * inv;
      Store(c.outputs[0].data<T>(), o, g);
    }
  }
  Put(c.outputs[1], dscale);
  Put(c.outputs[2], doffset);
}

}  // namespace

Status EvalBatchNorm(KernelContext& c) {
  const bool grad = c.op() == "FusedBatchNormGradV3";
  const bool nchw = c.attrs.GetString("data_format").value_or("NHWC") == "NCHW";
  const bool training = c.attrs.GetBool("is_training").value_or(true);
  const double eps = c.attrs.GetFloat("epsilon").value_or(1e-4);
  const double f = c.attrs.GetFloat("exponential_avg_factor").value_or(1);
  const Tensor& x = c.inputs[grad ? 1 : 0];
  const Channels ch = Layout(x, nchw);
  const int vectors_from = grad ? 2 : 1,
            vectors_to = grad ? 5 : (training ? 3 : 5);
  for (int i = vectors_from; i < vectors_to; ++i) {
    if (c.inputs[i].NumElements() != ch.count) {
      return c.Error(c.spec.inputs[i].name + " must have " +
                     std::to_string(ch.count) + " elements, not " +
                     c.inputs[i].shape().ToString());
    }
  }
  if (!grad && training && f != 1 &&
      (c.inputs[3].NumElements() != ch.count ||
       c.inputs[4].NumElements() != ch.count)) {
    return c.Error("mean and variance must have " + std::to_string(ch.count) +
                   " elements when exponential_avg_factor is not 1");
  }
  const bool ok = VisitFloat(x.dtype(), [&](auto tag) {
    using T = typename decltype(tag)::type;
    if (grad) {
      Backward<T>(c, ch, eps, training);
    } else {
      Forward<T>(c, ch, eps, f, training);
    }
  });
  return ok ? OkStatus() : c.UnsupportedType(x.dtype());
}

}  // namespace reference
}  // namespace kiln
