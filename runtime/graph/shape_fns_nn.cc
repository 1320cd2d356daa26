// Shape functions of the nn ops: BiasAdd, softmax and the cross-entropy
// losses.
#include "runtime/graph/internal/shape_fns.h"

namespace kiln {

// The bias is a vector over the channel dim: the last for NHWC, dim 1 (of a
// rank >= 3 value) for NCHW.
Status BiasAddShape(ShapeContext& c) {
  KILN_ASSIGN_OR_RETURN(std::string data_format,
                        GetStringAttr(c, "data_format"));
  if (data_format != "NHWC" && data_format != "NCHW") {
    return c.Error("data_format must be NHWC or NCHW but is '" + data_format +
                   "'");
  }
  const bool nchw = data_format == "NCHW";
  KILN_ASSIGN_OR_RETURN(Shape value, c.InputWithRankAtLeast(0, nchw ? 3 : 2));
  KILN_ASSIGN_OR_RETURN(Shape bias, c.InputWithRank(1, 1));
  if (value.unknown_rank) {
    c.SetOutputShape(0, Shape::Unknown());
    return OkStatus();
  }
  const int channel = nchw ? 1 : value.rank() - 1;
  KILN_ASSIGN_OR_RETURN(
      value.dims[channel],
      MergeDim(c, value.dims[channel], bias.dims[0],
               "channel dimension of value and size of bias"));
  c.SetOutputShape(0, std::move(value));
  return OkStatus();
}

// Softmax and LogSoftmax: any shape of rank >= 1, unchanged.
Status SoftmaxShape(ShapeContext& c) {
  KILN_ASSIGN_OR_RETURN(Shape logits, c.InputWithRankAtLeast(0, 1));
  c.SetOutputShape(0, std::move(logits));
  return OkStatus();
}

// features and labels broadcast to [batch, classes]; loss is [batch].
Status SoftmaxCrossEntropyWithLogitsShape(ShapeContext& c) {
  KILN_ASSIGN_OR_RETURN(Shape both,
                        BroadcastShapes(c, c.input_shape(0), c.input_shape(1)));
  if (both.unknown_rank) {
    both = UnknownDims(2);
  } else if (both.rank() != 2) {
    return c.Error("features " + c.input_shape(0).ToString() + " and labels " +
                   c.input_shape(1).ToString() +
                   " must broadcast to rank 2 but broadcast to " +
                   both.ToString());
  }
  c.SetOutputShape(0, Shape::Of({both.dims[0]}));
  c.SetOutputShape(1, std::move(both));
  return OkStatus();
}

// features [batch, classes], labels [batch] -> loss [batch], backprop
// [batch, classes].
Status SparseSoftmaxCrossEntropyWithLogitsShape(ShapeContext& c) {
  KILN_ASSIGN_OR_RETURN(Shape features, c.InputWithRank(0, 2));
  KILN_ASSIGN_OR_RETURN(Shape labels, c.InputWithRank(1, 1));
  KILN_ASSIGN_OR_RETURN(int64_t batch,
                        MergeDim(c, features.dims[0], labels.dims[0],
                                 "batch sizes of features "
                                 "and labels"));
  features.dims[0] = batch;
  c.SetOutputShape(0, Shape::Of({batch}));
  c.SetOutputShape(1, std::move(features));
  return OkStatus();
}

}  // namespace kiln
