// Shape functions of FusedBatchNormV3 and FusedBatchNormGradV3: x is 4-D
// (NHWC or NCHW), the per-channel vectors are [C], reserve_space_3 and the
// gradient's reserve spaces 4 and 5 are [0] as TensorFlow's CPU kernels
// make them.
#include "runtime/graph/internal/shape_fns.h"

namespace kiln {
namespace {

// The channel count of 4-D input `x_input` merged with each [C] input.
StatusOr<int64_t> Channels(ShapeContext& c, int x_input,
                           std::vector<int> vectors) {
  KILN_ASSIGN_OR_RETURN(std::string format, GetStringAttr(c, "data_format"));
  if (format != "NHWC" && format != "NCHW") {
    return c.Error("data_format must be NHWC or NCHW but is '" + format + "'");
  }
  KILN_ASSIGN_OR_RETURN(Shape x, c.InputWithRank(x_input, 4));
  int64_t channels =
      x.unknown_rank ? kUnknownDim : x.dims[format == "NCHW" ? 1 : 3];
  for (int i : vectors) {
    KILN_ASSIGN_OR_RETURN(Shape v, c.InputWithRank(i, 1));
    if (v.unknown_rank) continue;
    KILN_ASSIGN_OR_RETURN(channels,
                          MergeDim(c, channels, v.dims[0], "channels"));
  }
  return channels;
}

Shape XShape(const ShapeContext& c, int i) {
  const Shape& x = c.input_shape(i);
  return x.unknown_rank ? UnknownDims(4) : x;
}

}  // namespace

// In training the mean and variance inputs may be empty (TensorFlow allows
// it when exponential_avg_factor is 1); they are checked only in inference.
Status FusedBatchNormShape(ShapeContext& c) {
  const bool training = c.attrs().GetBool("is_training").value_or(true);
  std::vector<int> vectors = {1, 2};
  if (!training) vectors = {1, 2, 3, 4};
  KILN_ASSIGN_OR_RETURN(int64_t channels, Channels(c, 0, vectors));
  c.SetOutputShape(0, XShape(c, 0));
  for (int k = 1; k <= 4; ++k) c.SetOutputShape(k, Shape::Of({channels}));
  c.SetOutputShape(5, Shape::Of({0}));
  return OkStatus();
}

Status FusedBatchNormGradShape(ShapeContext& c) {
  KILN_ASSIGN_OR_RETURN(int64_t channels, Channels(c, 1, {2, 3, 4}));
  KILN_RETURN_IF_ERROR(
      MergeShapes(c, XShape(c, 0), XShape(c, 1), "y_backprop and x").status());
  c.SetOutputShape(0, XShape(c, 1));
  c.SetOutputShape(1, Shape::Of({channels}));
  c.SetOutputShape(2, Shape::Of({channels}));
  c.SetOutputShape(3, Shape::Of({0}));
  c.SetOutputShape(4, Shape::Of({0}));
  return OkStatus();
}

}  // namespace kiln
