// Masking: marks (and zeroes) the steps whose features all equal a value.
#include "frontend/keras/layers.h"
#include "frontend/ops/ops.h"

namespace kiln {
namespace keras {

Output Masking::StepMask(const Scope& s, const Output& x) const {
  Output d = ops::Square(
      s, ops::Sub(s, x, ops::Cast(s, ops::Const(s, mask_value_), x.dtype())));
  Output most = ops::Max(s, d, ops::Const(s, -1));
  return ops::Greater(s, most, ops::ZerosLike(s, most));
}

StatusOr<Output> Masking::CallImpl(const Scope& s, const Output& x, bool) {
  if (x.shape().unknown_rank || x.shape().rank() != 3) {
    return InvalidArgument("Masking needs [batch, steps, features], not " +
                           x.shape().ToString());
  }
  Output keep = ops::Cast(s, ops::ExpandDims(s, StepMask(s, x), -1), x.dtype());
  Output y = ops::Mul(s, x, keep);
  KILN_RETURN_IF_ERROR(s.status());
  return y;
}

StatusOr<Output> Masking::ComputeMask(const Scope& s, const Output& x,
                                      const Output&) const {
  Output mask = StepMask(s, x);
  KILN_RETURN_IF_ERROR(s.status());
  return mask;
}

}  // namespace keras
}  // namespace kiln
