// Shape functions of the 2-D convolutions and pools, over WindowGeometry.
#include "runtime/graph/internal/shape_fns.h"
#include "runtime/graph/window_geometry.h"

namespace kiln {
namespace {

// [batch, h, w, c] in the attrs' data format.
Shape FormatShape(const WindowAttrs& w, int64_t n, int64_t h, int64_t wd,
                  int64_t ch) {
  return w.nchw ? Shape::Of({n, ch, h, wd}) : Shape::Of({n, h, wd, ch});
}

// The output of a window of k_h x k_w (-1: unknown) over `in`.
StatusOr<Shape> WindowedShape(const ShapeContext& c, const WindowAttrs& w,
                              const Shape& in, int64_t k_h, int64_t k_w,
                              int64_t out_c) {
  const std::string& op = c.spec().name;
  KILN_ASSIGN_OR_RETURN(
      SpatialDim h, WindowOutput(w.padding, in.dims[w.h_dim()], k_h, w.stride_h,
                                 w.dilation_h, w.pad_top, w.pad_bottom, op));
  KILN_ASSIGN_OR_RETURN(
      SpatialDim wd,
      WindowOutput(w.padding, in.dims[w.w_dim()], k_w, w.stride_w, w.dilation_w,
                   w.pad_left, w.pad_right, op));
  return FormatShape(w, in.dims[0], h.out, wd.out, out_c);
}

}  // namespace

// Conv2D: filter [k_h, k_w, in_c / groups, out_c] (groups = in_c divided by
// the filter's in_c). DepthwiseConv2dNative: filter [k_h, k_w, in_c,
// multiplier], out_c = in_c * multiplier.
Status Conv2DShape(ShapeContext& c) {
  KILN_ASSIGN_OR_RETURN(WindowAttrs w,
                        ParseWindowAttrs(c.attrs(), c.spec().name, false));
  KILN_ASSIGN_OR_RETURN(Shape in, c.InputWithRank(0, 4));
  KILN_ASSIGN_OR_RETURN(Shape filter, c.InputWithRank(1, 4));
  if (in.unknown_rank) in = UnknownDims(4);
  if (filter.unknown_rank) filter = UnknownDims(4);
  const bool depthwise = c.spec().name == "DepthwiseConv2dNative";
  const int64_t in_c = in.dims[w.c_dim()], f_in = filter.dims[2];
  int64_t out_c = filter.dims[3];
  if (depthwise) {
    KILN_RETURN_IF_ERROR(
        MergeDim(c, in_c, f_in, "input channels and filter dim 2").status());
    out_c = MultiplyDims(in_c >= 0 ? in_c : f_in, filter.dims[3]);
  } else if (in_c >= 0 && f_in >= 0) {
    if (f_in == 0 || in_c % f_in != 0) {
      return c.Error("input depth " + std::to_string(in_c) +
                     " must be a multiple of the filter's " +
                     std::to_string(f_in));
    }
    const int64_t groups = in_c / f_in;
    if (out_c >= 0 && out_c % groups != 0) {
      return c.Error("output depth " + std::to_string(out_c) +
                     " must be a multiple of the group count " +
                     std::to_string(groups));
    }
  }
  KILN_ASSIGN_OR_RETURN(Shape out, WindowedShape(c, w, in, filter.dims[0],
                                                 filter.dims[1], out_c));
  c.SetOutputShape(0, std::move(out));
  return OkStatus();
}

// Conv2DBackpropInput's input_sizes (input 0), Conv2DBackpropFilter's
// filter_sizes (input 1), DepthwiseConv2dNative's backprops likewise.
Status ConvBackpropShape(ShapeContext& c) {
  KILN_RETURN_IF_ERROR(
      ParseWindowAttrs(c.attrs(), c.spec().name, false).status());
  const bool filter = c.spec().name.find("Filter") != std::string::npos;
  KILN_RETURN_IF_ERROR(c.InputWithRank(filter ? 0 : 1, 4).status());
  KILN_RETURN_IF_ERROR(c.InputWithRank(2, 4).status());
  KILN_RETURN_IF_ERROR(ShapeFromDimsInput(c, filter ? 1 : 0));
  if (c.output(0).shape.unknown_rank) c.SetOutputShape(0, UnknownDims(4));
  if (c.output(0).shape.rank() != 4) {
    return c.Error((filter ? "filter_sizes" : "input_sizes") +
                   std::string(" must hold 4 sizes, not ") +
                   c.output(0).shape.ToString());
  }
  return OkStatus();
}

Status PoolShape(ShapeContext& c) {
  KILN_ASSIGN_OR_RETURN(WindowAttrs w,
                        ParseWindowAttrs(c.attrs(), c.spec().name, true));
  KILN_ASSIGN_OR_RETURN(Shape in, c.InputWithRank(0, 4));
  if (in.unknown_rank) in = UnknownDims(4);
  if (w.dilation_h != 1 || w.dilation_w != 1) {
    return c.Error("pools take no dilations");
  }
  KILN_ASSIGN_OR_RETURN(Shape out, WindowedShape(c, w, in, w.ksize_h, w.ksize_w,
                                                 in.dims[w.c_dim()]));
  c.SetOutputShape(0, std::move(out));
  return OkStatus();
}

Status MaxPoolGradShape(ShapeContext& c) {
  KILN_RETURN_IF_ERROR(
      ParseWindowAttrs(c.attrs(), c.spec().name, true).status());
  KILN_ASSIGN_OR_RETURN(Shape in, c.InputWithRank(0, 4));
  KILN_RETURN_IF_ERROR(c.InputWithRank(1, 4).status());
  KILN_ASSIGN_OR_RETURN(Shape grad, c.InputWithRank(2, 4));
  KILN_RETURN_IF_ERROR(
      MergeShapes(c, c.input_shape(1), grad, "orig_output and grad shapes")
          .status());
  c.SetOutputShape(0, in.unknown_rank ? UnknownDims(4) : std::move(in));
  return OkStatus();
}

Status MaxPoolGradGradShape(ShapeContext& c) {
  KILN_RETURN_IF_ERROR(
      ParseWindowAttrs(c.attrs(), c.spec().name, true).status());
  KILN_ASSIGN_OR_RETURN(Shape in, c.InputWithRank(0, 4));
  KILN_ASSIGN_OR_RETURN(Shape out, c.InputWithRank(1, 4));
  KILN_ASSIGN_OR_RETURN(Shape grad, c.InputWithRank(2, 4));
  KILN_RETURN_IF_ERROR(
      MergeShapes(c, in, grad, "orig_input and grad shapes").status());
  c.SetOutputShape(0, out.unknown_rank ? UnknownDims(4) : std::move(out));
  return OkStatus();
}

Status AvgPoolGradShape(ShapeContext& c) {
  KILN_RETURN_IF_ERROR(
      ParseWindowAttrs(c.attrs(), c.spec().name, true).status());
  KILN_RETURN_IF_ERROR(c.InputWithRank(1, 4).status());
  KILN_RETURN_IF_ERROR(ShapeFromDimsInput(c, 0));
  if (c.output(0).shape.unknown_rank) c.SetOutputShape(0, UnknownDims(4));
  if (c.output(0).shape.rank() != 4) {
    return c.Error("orig_input_shape must hold 4 sizes, not " +
                   c.output(0).shape.ToString());
  }
  return OkStatus();
}

}  // namespace kiln
