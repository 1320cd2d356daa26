#include "frontend/keras/recurrent.h"
#include "frontend/ops/ops.h"

namespace kiln {
namespace keras {
namespace {

// [batch, steps, rest...] -> [-1, rest...]; an error unless steps and rest
// are known.
StatusOr<Shape> StepShape(const Shape& input) {
  if (input.unknown_rank || input.rank() < 3) {
    return InvalidArgument("TimeDistributed needs [batch, steps, ...], not " +
                           input.ToString());
  }
  Shape step = Shape::Of({kUnknownDim});
  for (int d = 1; d < input.rank(); ++d) {
    if (input.dims[d] < 0) {
      return InvalidArgument(
          "TimeDistributed needs known steps and step "
          "dims, not " +
          input.ToString());
    }
    if (d >= 2) step.dims.push_back(input.dims[d]);
  }
  return step;
}

Output DimsConst(const Scope& s, const std::vector<int64_t>& dims) {
  std::vector<int32_t> v(dims.begin(), dims.end());
  return ops::Const(s, v, Shape::Of({static_cast<int64_t>(v.size())}));
}

Shape Unfold(const Shape& per_step, int64_t batch, int64_t steps) {
  Shape out = Shape::Of({batch, steps});
  out.dims.insert(out.dims.end(), per_step.dims.begin() + 1,
                  per_step.dims.end());
  return out;
}

}  // namespace

StatusOr<Shape> TimeDistributed::OutputShape(const Shape& input) const {
  KILN_ASSIGN_OR_RETURN(Shape step, StepShape(input));
  KILN_ASSIGN_OR_RETURN(Shape out, layer_->OutputShape(step));
  return Unfold(out, input.dims[0], input.dims[1]);
}

StatusOr<Output> TimeDistributed::CallImpl(const Scope& s, const Output& x,
                                           bool training) {
  KILN_ASSIGN_OR_RETURN(Shape step, StepShape(x.shape()));
  const bool first = !layer_->built();
  Output flat = ops::Reshape(s, x, DimsConst(s, step.dims));
  KILN_ASSIGN_OR_RETURN(Output y, (*layer_)(s, flat, training, seed_ + 1));
  if (first) TrackSublayer(*layer_);
  if (y.shape().unknown_rank) {
    return InvalidArgument("TimeDistributed needs the layer's output rank");
  }
  const std::vector<int64_t> dims =
      Unfold(y.shape(), -1, x.shape().dims[1]).dims;
  for (size_t d = 2; d < dims.size(); ++d) {
    if (dims[d] < 0) {
      return InvalidArgument(
          "TimeDistributed needs the layer's output dims "
          "known, not " +
          y.shape().ToString());
    }
  }
  Output result = ops::Reshape(s, y, DimsConst(s, dims));
  KILN_RETURN_IF_ERROR(s.status());
  return result;
}

}  // namespace keras
}  // namespace kiln
