// RMSprop (plain or centered, with optional momentum), as Keras 3.
#include "frontend/gradients/grad_helpers.h"
#include "frontend/ops/ops.h"
#include "frontend/train/optimizers.h"

namespace kiln {

RMSprop::RMSprop(RMSpropOptions options)
    : Optimizer("RMSprop", options), options_(options) {}

StatusOr<Output> RMSprop::Update(const Scope& s, const Output& grad,
                                 const Variable& var, const Output& value,
                                 const Step& step,
                                 std::vector<Operation>* updates) {
  using grad::Scalar;
  const double rho = options_.rho;
  KILN_ASSIGN_OR_RETURN(Variable a_slot, Slot(s, var, "velocity", 0));
  Output a =
      ops::AddV2(s, ops::Mul(s, Scalar(s, rho, grad), a_slot.Read(s)),
                 ops::Mul(s, Scalar(s, 1 - rho, grad), ops::Square(s, grad)));
  updates->push_back(Assign(s, a_slot, a));
  Output denominator = a;
  if (options_.centered) {
    KILN_ASSIGN_OR_RETURN(Variable g_slot, Slot(s, var, "average_gradient", 0));
    Output mean =
        ops::AddV2(s, ops::Mul(s, Scalar(s, rho, grad), g_slot.Read(s)),
                   ops::Mul(s, Scalar(s, 1 - rho, grad), grad));
    updates->push_back(Assign(s, g_slot, mean));
    denominator = ops::Sub(s, a, ops::Square(s, mean));
  }
  Output increment = ops::Mul(
      s, ops::Mul(s, step.lr, grad),
      ops::Rsqrt(
          s, ops::AddV2(s, denominator, Scalar(s, options_.epsilon, grad))));
  if (options_.momentum > 0) {
    KILN_ASSIGN_OR_RETURN(Variable m_slot, Slot(s, var, "momentum", 0));
    increment = ops::AddV2(
        s, ops::Mul(s, Scalar(s, options_.momentum, grad), m_slot.Read(s)),
        increment);
    updates->push_back(Assign(s, m_slot, increment));
  }
  return ops::Sub(s, value, increment);
}

}  // namespace kiln
