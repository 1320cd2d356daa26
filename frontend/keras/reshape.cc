#include "frontend/keras/layers.h"
#include "frontend/ops/ops.h"

namespace kiln {
namespace keras {

StatusOr<Shape> Reshape::OutputShape(const Shape& input) const {
  const std::string shown = Shape::Of(target_).ToString();
  if (input.unknown_rank || input.rank() < 1) {
    return InvalidArgument("Reshape needs a known rank >= 1, not " +
                           input.ToString());
  }
  int64_t in = 1, out = 1, unknown = -1;
  for (int d = 1; d < input.rank(); ++d) {
    if (input.dims[d] < 0) {
      return InvalidArgument("Reshape needs known non-batch dims, not " +
                             input.ToString());
    }
    in *= input.dims[d];
  }
  for (size_t i = 0; i < target_.size(); ++i) {
    if (target_[i] == -1 && unknown < 0) {
      unknown = static_cast<int64_t>(i);
    } else if (target_[i] < 0) {
      return InvalidArgument("Reshape: target " + shown +
                             " may have one -1 and no other negative dim");
    } else {
      out *= target_[i];
    }
  }
  std::vector<int64_t> dims = {input.dims[0]};
  dims.insert(dims.end(), target_.begin(), target_.end());
  if (unknown >= 0 && out > 0 && in % out == 0) dims[unknown + 1] = in / out;
  if ((unknown >= 0 && (out == 0 || in % out != 0)) ||
      (unknown < 0 && in != out)) {
    return InvalidArgument("Reshape: cannot reshape " + input.ToString() +
                           " to [batch] + " + shown);
  }
  return Shape::Of(dims);
}

StatusOr<Output> Reshape::CallImpl(const Scope& s, const Output& x, bool) {
  KILN_ASSIGN_OR_RETURN(Shape out, OutputShape(x.shape()));
  std::vector<int32_t> dims(out.dims.begin(), out.dims.end());
  dims[0] = -1;
  Output y = ops::Reshape(
      s, x,
      ops::Const(s, dims, Shape::Of({static_cast<int64_t>(dims.size())})));
  KILN_RETURN_IF_ERROR(s.status());
  return y;
}

}  // namespace keras
}  // namespace kiln
