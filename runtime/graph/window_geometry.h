// WindowGeometry: how a 2-D convolution or pooling window walks its input,
// TensorFlow's rules for Conv2D, DepthwiseConv2dNative, MaxPool, AvgPool and
// their backprops: `strides`, `dilations` and `ksize` in data-format order,
// `padding` SAME / VALID / EXPLICIT (with `explicit_paddings`, 2 per dim in
// data-format order). Shared by the shape functions, the reference kernels
// and the oneDNN kernels, so all three agree on every edge.
//
//   KILN_ASSIGN_OR_RETURN(WindowAttrs w, ParseWindowAttrs(attrs, "Conv2D"));
//   KILN_ASSIGN_OR_RETURN(SpatialDim h, WindowOutput(w.padding, in_h, k_h,
//       w.stride_h, w.dilation_h, w.pad_top, w.pad_bottom));
#ifndef KILN_RUNTIME_GRAPH_WINDOW_GEOMETRY_H_
#define KILN_RUNTIME_GRAPH_WINDOW_GEOMETRY_H_

#include <cstdint>
#include <string>

#include "runtime/base/status.h"
#include "runtime/graph/shape_context.h"

namespace kiln {

enum class WindowPadding { kValid, kSame, kExplicit };

// A node's window attrs, read once. Pooling ops carry `ksize`; convolutions
// take the window from the filter.
struct WindowAttrs {
  bool nchw = false;
  WindowPadding padding = WindowPadding::kValid;
  int64_t stride_h = 1, stride_w = 1;
  int64_t dilation_h = 1, dilation_w = 1;
  int64_t ksize_h = 1, ksize_w = 1;  // pooling only
  // EXPLICIT only.
  int64_t pad_top = 0, pad_bottom = 0, pad_left = 0, pad_right = 0;

  // Dims of an NHWC-or-NCHW 4-D shape.
  int h_dim() const { return nchw ? 2 : 1; }
  int w_dim() const { return nchw ? 3 : 2; }
  int c_dim() const { return nchw ? 1 : 3; }
};

// Reads data_format, padding, explicit_paddings, strides, dilations (when
// the op has them) and ksize (when `pooling`), validating each as
// TensorFlow does: 4 entries, batch and channel strides (and dilations,
// ksize) 1, everything else >= 1. Errors start "'<op>' ".
StatusOr<WindowAttrs> ParseWindowAttrs(const AttrSource& attrs,
                                       const std::string& op, bool pooling);

// One spatial dim: the output size and the padding before and after.
struct SpatialDim {
  int64_t out = -1;
  int64_t pad_before = 0, pad_after = 0;
};

// TensorFlow's GetWindowedOutputSize: VALID out = ceil((in - eff_k + 1) /
// stride), SAME out = ceil(in / stride) with the padding split (the extra
// one after), EXPLICIT out = (in + pads - eff_k) / stride + 1, where eff_k =
// (k - 1) * dilation + 1. `in` or `k` -1 (unknown) gives out -1. An error
// when the window does not fit.
StatusOr<SpatialDim> WindowOutput(WindowPadding padding, int64_t in, int64_t k,
                                  int64_t stride, int64_t dilation,
                                  int64_t explicit_before,
                                  int64_t explicit_after,
                                  const std::string& op);

// The whole problem of one convolution or pooling call, every size known.
struct WindowProblem {
  int64_t batch = 0, in_h = 0, in_w = 0, in_c = 0;
  int64_t k_h = 1, k_w = 1;
  int64_t out_h = 0, out_w = 0, out_c = 0;
  int64_t stride_h = 1, stride_w = 1, dilation_h = 1, dilation_w = 1;
  int64_t pad_top = 0, pad_bottom = 0, pad_left = 0, pad_right = 0;
};

// The problem of input `input` (4-D, data-format order) under `attrs` with a
// k_h x k_w window producing `out_c` channels.
StatusOr<WindowProblem> MakeWindowProblem(const WindowAttrs& attrs,
                                          const std::vector<int64_t>& input,
                                          int64_t k_h, int64_t k_w,
                                          int64_t out_c, const std::string& op);

// A problem's output dims in data-format order.
std::vector<int64_t> WindowOutputDims(const WindowProblem& p, bool nchw);

// A convolution: its window problem and grouping (the filter's input depth
// `filter_in` divides the input's; groups = in_c / filter_in).
struct ConvGeometry {
  WindowProblem window;
  bool nchw = false;
  int64_t filter_in = 0, groups = 1;
};

// x and filter (HWIO) dims, and the output's when given (out_backprop of
// the backprops), -> the convolution; InvalidArgument when they disagree.
// For the Depthwise* ops (`op`), the filter is [kh, kw, C, multiplier]: the
// grouped convolution with C groups and filter [kh, kw, 1, C * multiplier],
// which has the same memory layout.
StatusOr<ConvGeometry> MakeConvGeometry(const WindowAttrs& attrs,
                                        const std::vector<int64_t>& x,
                                        const std::vector<int64_t>& filter,
                                        const std::vector<int64_t>* y,
                                        const std::string& op);

// A pool over x, with the pooled output's dims checked when given; padding
// must be smaller than the window (so no window is all padding).
StatusOr<WindowProblem> MakePoolGeometry(const WindowAttrs& attrs,
                                         const std::vector<int64_t>& x,
                                         const std::vector<int64_t>* y,
                                         const std::string& op);

}  // namespace kiln

#endif  // KILN_RUNTIME_GRAPH_WINDOW_GEOMETRY_H_
