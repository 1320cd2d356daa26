#include "frontend/keras/layers.h"
#include "frontend/ops/ops.h"

namespace kiln {
namespace keras {

StatusOr<Shape> Flatten::OutputShape(const Shape& input) const {
  if (input.unknown_rank || input.rank() < 1) {
    return InvalidArgument("Flatten needs a known rank >= 1, not " +
                           input.ToString());
  }
  int64_t features = 1;
  for (int d = 1; d < input.rank(); ++d) {
    if (input.dims[d] < 0) {
      return InvalidArgument("Flatten needs known non-batch dims, not " +
                             input.ToString());
    }
    features *= input.dims[d];
  }
  return Shape::Of({input.dims[0], features});
}

StatusOr<Output> Flatten::CallImpl(const Scope& s, const Output& x, bool) {
  KILN_ASSIGN_OR_RETURN(Shape out, OutputShape(x.shape()));
  if (x.shape().rank() == 2) return x;
  return ops::Reshape(s, x, {int64_t{-1}, out.dims[1]});
}

}  // namespace keras
}  // namespace kiln
