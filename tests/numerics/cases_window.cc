// Numerics cases of the windowed ops: Conv2D, DepthwiseConv2dNative and
// their backprops, MaxPool,
// AvgPool and their gradients. VALID, SAME (odd splits, strides larger than
// the window), EXPLICIT, dilations, NCHW (replayed in TensorFlow as the
// NHWC op on transposed tensors, TF's CPU kernels being NHWC only), float64
// and float16, empty batches, and shapes both Kiln and TF must reject.
#include <algorithm>
#include <numeric>
#include <random>

#include "tests/numerics/numerics_cases.h"

namespace kiln {
namespace numerics {
namespace {

using tensorflow::DT_DOUBLE;
using tensorflow::DT_FLOAT;
using tensorflow::DT_HALF;

// Window attrs in data_format order.
struct Window {
  std::vector<int64_t> strides = {1, 1, 1, 1};
  std::string padding = "VALID";
  std::vector<int64_t> dilations = {};
  std::vector<int64_t> ksize = {};
  std::vector<int64_t> explicit_paddings = {};
  bool nchw = false;
};

std::vector<Attr> Attrs(const Window& w) {
  std::vector<Attr> a = {IntListAttr("strides", w.strides),
                         StringAttr("padding", w.padding)};
  if (!w.dilations.empty()) a.push_back(IntListAttr("dilations", w.dilations));
  if (!w.ksize.empty()) a.push_back(IntListAttr("ksize", w.ksize));
  if (!w.explicit_paddings.empty())
    a.push_back(IntListAttr("explicit_paddings", w.explicit_paddings));
  if (w.nchw) a.push_back(StringAttr("data_format", "NCHW"));
  return a;
}

Case Conv(std::string name, std::string op, std::vector<Input> in,
          const Window& w) {
  Case c{std::move(name), std::move(op), std::move(in), Attrs(w)};
  c.tol = Tol::kReduction;
  return c;
}

Input Sizes(std::vector<int64_t> dims) {
  return Ints(std::vector<double>(dims.begin(), dims.end()));
}

Window Strided(int64_t sh, int64_t sw, const std::string& padding) {
  Window w;
  w.strides = {1, sh, sw, 1};
  w.padding = padding;
  return w;
}

Window Pool(int64_t k_h, int64_t k_w, int64_t sh, int64_t sw,
            const std::string& padding) {
  Window w = Strided(sh, sw, padding);
  w.ksize = {1, k_h, k_w, 1};
  return w;
}

// Conv2D with its two backprops on the same geometry: x [n, h, w, c] (or
// [n, c, h, w]), filter f, output y.
void ConvFamily(std::vector<Case>& c, const std::string& name,
                std::vector<int64_t> x, std::vector<int64_t> f,
                std::vector<int64_t> y, const Window& w,
                DataType dtype = DT_FLOAT, bool depthwise = false) {
  const std::string op = depthwise ? "DepthwiseConv2dNative" : "Conv2D";
  const std::string prefix = depthwise ? "depthwise_" : "conv2d_";
  c.push_back(Conv(prefix + name, op, {Of(dtype, x), Of(dtype, f)}, w));
  c.push_back(Conv(prefix + "backprop_input_" + name, op + "BackpropInput",
                   {Sizes(x), Of(dtype, f), Of(dtype, y)}, w));
  c.push_back(Conv(prefix + "backprop_filter_" + name, op + "BackpropFilter",
                   {Of(dtype, x), Sizes(f), Of(dtype, y)}, w));
}

// DepthwiseConv2dNative: filter [kh, kw, C, multiplier], output channels
// c * multiplier + m. TF's CPU kernel takes equal strides only, and no
// dilations (tf.nn.depthwise_conv2d dilates through SpaceToBatch).
void DepthwiseCases(std::vector<Case>& c) {
  ConvFamily(c, "valid", {2, 6, 5, 3}, {3, 2, 3, 2}, {2, 4, 4, 6}, Window(),
             DT_FLOAT, true);
  ConvFamily(c, "same_stride2", {1, 7, 8, 4}, {3, 3, 4, 1}, {1, 4, 4, 4},
             Strided(2, 2, "SAME"), DT_FLOAT, true);
  Window explicit_pad = Strided(1, 1, "EXPLICIT");
  explicit_pad.explicit_paddings = {0, 0, 1, 0, 2, 1, 0, 0};
  ConvFamily(c, "explicit", {1, 5, 4, 2}, {2, 3, 2, 3}, {1, 5, 5, 6},
             explicit_pad, DT_FLOAT, true);
  Window nchw = Strided(1, 1, "SAME");
  nchw.nchw = true;
  ConvFamily(c, "nchw", {2, 3, 5, 6}, {3, 3, 3, 2}, {2, 6, 5, 6}, nchw,
             DT_FLOAT, true);
  ConvFamily(c, "f64", {1, 5, 5, 2}, {2, 2, 2, 2}, {1, 4, 4, 4}, Window(),
             DT_DOUBLE, true);
  c.push_back(Conv("depthwise_channel_mismatch", "DepthwiseConv2dNative",
                   {F32({1, 5, 5, 3}), F32({3, 3, 2, 2})}, Window()));
}

// A max-pool input of distinct values (no ties, so the maxima's positions
// are unambiguous) and its VALID k x k, stride-k pool: MaxPoolGradGrad's
// orig_output must be the pool of orig_input, as TensorFlow's kernel matches
// the two. NHWC.
std::pair<Input, Input> DistinctPool(int64_t n, int64_t h, int64_t w,
                                     int64_t ch, int64_t k) {
  std::vector<double> x(n * h * w * ch);
  std::iota(x.begin(), x.end(), 0.0);
  std::shuffle(x.begin(), x.end(), std::mt19937(7));
  const int64_t oh = h / k, ow = w / k;
  std::vector<double> y(n * oh * ow * ch, -1e30);
  for (int64_t b = 0; b < n; ++b)
    for (int64_t i = 0; i < h; ++i)
      for (int64_t j = 0; j < w; ++j)
        for (int64_t d = 0; d < ch; ++d) {
          if (i / k >= oh || j / k >= ow) continue;
          double& out = y[((b * oh + i / k) * ow + j / k) * ch + d];
          out = std::max(out, x[((b * h + i) * w + j) * ch + d]);
        }
  return {Values(DT_FLOAT, x, {n, h, w, ch}),
          Values(DT_FLOAT, y, {n, oh, ow, ch})};
}

void ConvCases(std::vector<Case>& c) {
  ConvFamily(c, "valid", {2, 7, 6, 3}, {3, 2, 3, 4}, {2, 5, 5, 4}, Window());
  ConvFamily(c, "same_stride2", {2, 8, 7, 3}, {3, 3, 3, 5}, {2, 4, 4, 5},
             Strided(2, 2, "SAME"));
  // An even filter: SAME pads one more at the bottom/right.
  ConvFamily(c, "same_even_filter", {1, 7, 9, 2}, {4, 2, 2, 3}, {1, 3, 5, 3},
             Strided(3, 2, "SAME"));
  ConvFamily(c, "valid_stride_gt_filter", {2, 9, 8, 2}, {2, 2, 2, 3},
             {2, 3, 3, 3}, Strided(3, 3, "VALID"));
  Window dilated = Strided(1, 1, "SAME");
  dilated.dilations = {1, 2, 3, 1};
  ConvFamily(c, "dilated_same", {1, 9, 10, 2}, {3, 3, 2, 2}, {1, 9, 10, 2},
             dilated);
  Window explicit_pad = Strided(2, 1, "EXPLICIT");
  explicit_pad.explicit_paddings = {0, 0, 1, 2, 0, 3, 0, 0};
  ConvFamily(c, "explicit", {2, 6, 5, 3}, {3, 3, 3, 2}, {2, 4, 6, 2},
             explicit_pad);
  Window nchw = Strided(1, 2, "SAME");
  nchw.strides = {1, 1, 1, 2};  // NCHW order
  nchw.nchw = true;
  ConvFamily(c, "nchw", {2, 3, 7, 6}, {3, 3, 3, 4}, {2, 4, 7, 3}, nchw);
  ConvFamily(c, "f64", {1, 6, 6, 2}, {3, 3, 2, 3}, {1, 4, 4, 3}, Window(),
             DT_DOUBLE);
  ConvFamily(c, "f16", {1, 5, 5, 4}, {2, 2, 4, 2}, {1, 4, 4, 2}, Window(),
             DT_HALF);
  ConvFamily(c, "empty_batch", {0, 5, 5, 2}, {3, 3, 2, 2}, {0, 3, 3, 2},
             Window());
  c.push_back(Conv("conv2d_1x1_nan", "Conv2D",
                   {F32({2, 3, 3, 4}).With({NaN(), Inf()}), F32({1, 1, 4, 3})},
                   Window()));
  // Shapes both must reject.
  c.push_back(Conv("conv2d_channel_mismatch", "Conv2D",
                   {F32({1, 5, 5, 3}), F32({3, 3, 5, 2})}, Window()));
  c.push_back(Conv("conv2d_filter_too_big", "Conv2D",
                   {F32({1, 2, 5, 3}), F32({3, 3, 3, 2})}, Window()));
  c.push_back(Conv("conv2d_batch_stride", "Conv2D",
                   {F32({2, 5, 5, 1}), F32({3, 3, 1, 1})},
                   Strided(1, 1, "VALID")));
  c.back().attrs[0].list = {2, 1, 1, 1};
  c.push_back(Conv("conv2d_backprop_input_wrong_dy", "Conv2DBackpropInput",
                   {Sizes({2, 7, 6, 3}), F32({3, 2, 3, 4}), F32({2, 5, 4, 4})},
                   Window()));
  c.push_back(Conv("conv2d_backprop_filter_wrong_sizes", "Conv2DBackpropFilter",
                   {F32({2, 7, 6, 3}), Sizes({3, 2, 2, 4}), F32({2, 5, 5, 4})},
                   Window()));
}

// MaxPool, MaxPoolGrad (orig_output only gives the shape: the maxima are
// found again in orig_input, as TF's CPU kernel does), AvgPool, AvgPoolGrad.
void PoolFamily(std::vector<Case>& c, const std::string& name,
                std::vector<int64_t> x, std::vector<int64_t> y, const Window& w,
                DataType dtype = DT_FLOAT, bool with_avg = true) {
  c.push_back(Conv("max_pool_" + name, "MaxPool", {Of(dtype, x)}, w));
  c.push_back(Conv("max_pool_grad_" + name, "MaxPoolGrad",
                   {Of(dtype, x), Of(dtype, y), Of(dtype, y)}, w));
  if (!with_avg) return;
  c.push_back(Conv("avg_pool_" + name, "AvgPool", {Of(dtype, x)}, w));
  c.push_back(Conv("avg_pool_grad_" + name, "AvgPoolGrad",
                   {Sizes(x), Of(dtype, y)}, w));
}

// Small integers, many equal.
std::vector<double> Ties(int n) {
  std::vector<double> v(n);
  for (int i = 0; i < n; ++i) v[i] = (i * 7 + i / 5) % 3;
  return v;
}

void PoolCases(std::vector<Case>& c) {
  PoolFamily(c, "valid_2x2", {2, 6, 6, 3}, {2, 3, 3, 3},
             Pool(2, 2, 2, 2, "VALID"));
  PoolFamily(c, "same_3x3_s2", {2, 7, 5, 3}, {2, 4, 3, 3},
             Pool(3, 3, 2, 2, "SAME"));
  PoolFamily(c, "same_overlap_s1", {1, 5, 6, 2}, {1, 5, 6, 2},
             Pool(3, 2, 1, 1, "SAME"));
  PoolFamily(c, "stride_gt_window", {1, 9, 7, 2}, {1, 3, 2, 2},
             Pool(2, 2, 3, 3, "VALID"));
  Window nchw = Pool(2, 3, 2, 1, "SAME");
  nchw.ksize = {1, 1, 2, 3};
  nchw.strides = {1, 1, 2, 1};
  nchw.nchw = true;
  PoolFamily(c, "nchw", {2, 3, 5, 4}, {2, 3, 3, 4}, nchw);
  PoolFamily(c, "f64", {1, 4, 6, 2}, {1, 2, 3, 2}, Pool(2, 2, 2, 2, "VALID"),
             DT_DOUBLE);
  PoolFamily(c, "f16", {1, 4, 4, 3}, {1, 2, 2, 3}, Pool(2, 2, 2, 2, "SAME"),
             DT_HALF);
  PoolFamily(c, "empty_batch", {0, 4, 4, 1}, {0, 2, 2, 1},
             Pool(2, 2, 2, 2, "VALID"));
  Window explicit_pad = Pool(3, 3, 2, 2, "EXPLICIT");
  explicit_pad.explicit_paddings = {0, 0, 1, 1, 0, 2, 0, 0};
  PoolFamily(c, "explicit", {1, 6, 5, 2}, {1, 3, 3, 2}, explicit_pad, DT_FLOAT,
             /*with_avg=*/false);
  // Ties (small integers): the first maximum takes the gradient.
  c.push_back(Conv("max_pool_grad_ties", "MaxPoolGrad",
                   {Values(DT_FLOAT, Ties(64), {2, 4, 4, 2}), F32({2, 2, 2, 2}),
                    F32({2, 2, 2, 2})},
                   Pool(2, 2, 2, 2, "VALID")));
  auto [x, y] = DistinctPool(2, 6, 4, 3, 2);
  c.push_back(Conv("max_pool_grad_grad", "MaxPoolGradGrad",
                   {x, y, F32({2, 6, 4, 3})}, Pool(2, 2, 2, 2, "VALID")));
  c.push_back(Conv("max_pool_window_too_big", "MaxPool", {F32({1, 2, 5, 1})},
                   Pool(3, 3, 1, 1, "VALID")));
  c.push_back(Conv("avg_pool_channel_window", "AvgPool", {F32({1, 4, 4, 4})},
                   Pool(2, 2, 2, 2, "VALID")));
  c.back().attrs[2].list = {1, 2, 2, 2};
}

}  // namespace

std::vector<Case> WindowCases() {
  std::vector<Case> c;
  ConvCases(c);
  DepthwiseCases(c);
  PoolCases(c);
  return c;
}

}  // namespace numerics
}  // namespace kiln
