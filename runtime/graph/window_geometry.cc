// Window attrs and output sizes, as TensorFlow's conv_ops/pooling shape
// functions and kernel_shape_util.cc compute them.
#include "runtime/graph/window_geometry.h"

#include <algorithm>
#include <optional>
#include <tuple>
#include <vector>

#include "runtime/graph/internal/shape_fns.h"

namespace kiln {
namespace {

Status AttrError(const std::string& op, const std::string& message) {
  return InvalidArgument("'" + op + "' " + message);
}

// A 4-entry list attr in data-format order whose batch and channel entries
// must be 1; returns {h, w}.
StatusOr<std::pair<int64_t, int64_t>> SpatialPair(const AttrSource& attrs,
                                                  const std::string& op,
                                                  const char* name, bool nchw,
                                                  bool required) {
  std::optional<std::vector<int64_t>> list = attrs.GetIntList(name);
  if (!list || list->empty()) {
    if (required)
      return AttrError(op, std::string("needs attr '") + name + "'");
    return std::pair<int64_t, int64_t>{1, 1};
  }
  const std::vector<int64_t>& v = *list;
  if (v.size() != 4) {
    return AttrError(op, std::string(name) + " must have 4 entries, not " +
                             std::to_string(v.size()));
  }
  const int h = nchw ? 2 : 1, w = nchw ? 3 : 2, c = nchw ? 1 : 3;
  if (v[0] != 1 || v[c] != 1) {
    return AttrError(op, std::string(name) +
                             " of the batch and channel dims must be 1, not " +
                             ValuesToString(v));
  }
  if (v[h] < 1 || v[w] < 1) {
    return AttrError(
        op, std::string(name) + " must be >= 1, not " + ValuesToString(v));
  }
  return std::pair<int64_t, int64_t>{v[h], v[w]};
}

Status ParseExplicitPaddings(const AttrSource& attrs, const std::string& op,
                             WindowAttrs& w) {
  std::vector<int64_t> p =
      attrs.GetIntList("explicit_paddings").value_or(std::vector<int64_t>{});
  if (w.padding != WindowPadding::kExplicit) {
    if (!p.empty()) {
      return AttrError(op,
                       "explicit_paddings must be empty unless padding is "
                       "EXPLICIT");
    }
    return OkStatus();
  }
  if (p.size() != 8) {
    return AttrError(op, "explicit_paddings must have 8 entries, not " +
                             std::to_string(p.size()));
  }
  for (int64_t v : p) {
    if (v < 0) {
      return AttrError(
          op, "explicit_paddings must be >= 0, not " + ValuesToString(p));
    }
  }
  const int n = 0, c = w.c_dim();
  if (p[2 * n] || p[2 * n + 1] || p[2 * c] || p[2 * c + 1]) {
    return AttrError(op,
                     "explicit_paddings of the batch and channel dims "
                     "must be 0, not " +
                         ValuesToString(p));
  }
  w.pad_top = p[2 * w.h_dim()];
  w.pad_bottom = p[2 * w.h_dim() + 1];
  w.pad_left = p[2 * w.w_dim()];
  w.pad_right = p[2 * w.w_dim() + 1];
  return OkStatus();
}

}  // namespace

StatusOr<WindowAttrs> ParseWindowAttrs(const AttrSource& attrs,
                                       const std::string& op, bool pooling) {
  WindowAttrs w;
  const std::string format = attrs.GetString("data_format").value_or("NHWC");
  if (format != "NHWC" && format != "NCHW") {
    return AttrError(op,
                     "data_format must be NHWC or NCHW, not '" + format + "'");
  }
  w.nchw = format == "NCHW";
  const std::optional<std::string> padding = attrs.GetString("padding");
  if (!padding) return AttrError(op, "needs attr 'padding'");
  if (*padding == "VALID") {
    w.padding = WindowPadding::kValid;
  } else if (*padding == "SAME") {
    w.padding = WindowPadding::kSame;
  } else if (*padding == "EXPLICIT") {
    w.padding = WindowPadding::kExplicit;
    if (pooling && op != "MaxPool" && op != "MaxPoolGrad") {
      return AttrError(op, "padding must be SAME or VALID, not EXPLICIT");
    }
  } else {
    return AttrError(
        op, "padding must be SAME, VALID or EXPLICIT, not '" + *padding + "'");
  }
  KILN_RETURN_IF_ERROR(ParseExplicitPaddings(attrs, op, w));
  KILN_ASSIGN_OR_RETURN(auto strides,
                        SpatialPair(attrs, op, "strides", w.nchw, true));
  std::tie(w.stride_h, w.stride_w) = strides;
  KILN_ASSIGN_OR_RETURN(auto dilations,
                        SpatialPair(attrs, op, "dilations", w.nchw, false));
  std::tie(w.dilation_h, w.dilation_w) = dilations;
  if (pooling) {
    KILN_ASSIGN_OR_RETURN(auto ksize,
                          SpatialPair(attrs, op, "ksize", w.nchw, true));
    std::tie(w.ksize_h, w.ksize_w) = ksize;
  }
  return w;
}

StatusOr<SpatialDim> WindowOutput(WindowPadding padding, int64_t in, int64_t k,
                                  int64_t stride, int64_t dilation,
                                  int64_t explicit_before,
                                  int64_t explicit_after,
                                  const std::string& op) {
  SpatialDim d;
  if (in < 0 || k < 0) return d;
  const int64_t eff_k = (k - 1) * dilation + 1;
  switch (padding) {
    case WindowPadding::kValid:
      d.out = (in - eff_k + stride) / stride;
      break;
    case WindowPadding::kSame: {
      d.out = (in + stride - 1) / stride;
      const int64_t needed =
          std::max<int64_t>(0, (d.out - 1) * stride + eff_k - in);
      d.pad_before = needed / 2;
      d.pad_after = needed - d.pad_before;
      break;
    }
    case WindowPadding::kExplicit:
      d.pad_before = explicit_before;
      d.pad_after = explicit_after;
      d.out = (in + explicit_before + explicit_after - eff_k + stride) / stride;
      break;
  }
  if (d.out < 0) {
    return AttrError(op, "computed output size would be negative: input " +
                             std::to_string(in) + ", effective window " +
                             std::to_string(eff_k) + ", stride " +
                             std::to_string(stride));
  }
  return d;
}

StatusOr<WindowProblem> MakeWindowProblem(const WindowAttrs& attrs,
                                          const std::vector<int64_t>& input,
                                          int64_t k_h, int64_t k_w,
                                          int64_t out_c,
                                          const std::string& op) {
  if (input.size() != 4) {
    return AttrError(
        op, "input must be 4-D, not rank " + std::to_string(input.size()));
  }
  WindowProblem p;
  p.batch = input[0];
  p.in_h = input[attrs.h_dim()];
  p.in_w = input[attrs.w_dim()];
  p.in_c = input[attrs.c_dim()];
  p.k_h = k_h;
  p.k_w = k_w;
  p.out_c = out_c;
  p.stride_h = attrs.stride_h;
  p.stride_w = attrs.stride_w;
  p.dilation_h = attrs.dilation_h;
  p.dilation_w = attrs.dilation_w;
  KILN_ASSIGN_OR_RETURN(
      SpatialDim h,
      WindowOutput(attrs.padding, p.in_h, k_h, p.stride_h, p.dilation_h,
                   attrs.pad_top, attrs.pad_bottom, op));
  KILN_ASSIGN_OR_RETURN(
      SpatialDim w,
      WindowOutput(attrs.padding, p.in_w, k_w, p.stride_w, p.dilation_w,
                   attrs.pad_left, attrs.pad_right, op));
  p.out_h = h.out;
  p.out_w = w.out;
  p.pad_top = h.pad_before;
  p.pad_bottom = h.pad_after;
  p.pad_left = w.pad_before;
  p.pad_right = w.pad_after;
  return p;
}

std::vector<int64_t> WindowOutputDims(const WindowProblem& p, bool nchw) {
  return nchw ? std::vector<int64_t>{p.batch, p.out_c, p.out_h, p.out_w}
              : std::vector<int64_t>{p.batch, p.out_h, p.out_w, p.out_c};
}

namespace {

Status CheckOutputDims(const WindowProblem& p, bool nchw,
                       const std::vector<int64_t>* y, const std::string& what,
                       const std::string& op) {
  if (y == nullptr) return OkStatus();
  const std::vector<int64_t> expected = WindowOutputDims(p, nchw);
  if (*y == expected) return OkStatus();
  return AttrError(op, what + " has shape " + ValuesToString(*y) + ", the " +
                           "window's output is " + ValuesToString(expected));
}

}  // namespace

StatusOr<ConvGeometry> MakeConvGeometry(const WindowAttrs& attrs,
                                        const std::vector<int64_t>& x,
                                        const std::vector<int64_t>& filter,
                                        const std::vector<int64_t>* y,
                                        const std::string& op) {
  if (filter.size() != 4) {
    return AttrError(op, "filter must be 4-D, not " + ValuesToString(filter));
  }
  if (op.rfind("Depthwise", 0) == 0) {
    // [kh, kw, C, M] is, in memory, the grouped [kh, kw, 1, C * M].
    if (x.size() == 4 && filter[2] != x[attrs.c_dim()]) {
      return AttrError(op, "input depth " + std::to_string(x[attrs.c_dim()]) +
                               " differs from the filter's " +
                               ValuesToString(filter));
    }
    return MakeConvGeometry(attrs, x,
                            {filter[0], filter[1], 1, filter[2] * filter[3]}, y,
                            "Conv2D");
  }
  ConvGeometry conv;
  conv.nchw = attrs.nchw;
  KILN_ASSIGN_OR_RETURN(
      conv.window,
      MakeWindowProblem(attrs, x, filter[0], filter[1], filter[3], op));
  const WindowProblem& p = conv.window;
  conv.filter_in = filter[2];
  if (conv.filter_in <= 0 || p.in_c % conv.filter_in != 0 ||
      p.out_c % (p.in_c / conv.filter_in) != 0) {
    return AttrError(op, "input depth " + std::to_string(p.in_c) +
                             " and filter " + ValuesToString(filter) +
                             " do not match");
  }
  conv.groups = p.in_c / conv.filter_in;
  KILN_RETURN_IF_ERROR(CheckOutputDims(p, attrs.nchw, y, "out_backprop", op));
  return conv;
}

StatusOr<WindowProblem> MakePoolGeometry(const WindowAttrs& attrs,
                                         const std::vector<int64_t>& x,
                                         const std::vector<int64_t>* y,
                                         const std::string& op) {
  if (x.size() != 4) return AttrError(op, "input must be 4-D");
  KILN_ASSIGN_OR_RETURN(
      WindowProblem p, MakeWindowProblem(attrs, x, attrs.ksize_h, attrs.ksize_w,
                                         x[attrs.c_dim()], op));
  if (p.pad_top >= p.k_h || p.pad_bottom >= p.k_h || p.pad_left >= p.k_w ||
      p.pad_right >= p.k_w) {
    return AttrError(op, "padding must be smaller than the window");
  }
  KILN_RETURN_IF_ERROR(
      CheckOutputDims(p, attrs.nchw, y, "the pooled tensor", op));
  return p;
}

}  // namespace kiln
