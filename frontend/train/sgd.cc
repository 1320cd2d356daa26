// SGD, with Keras' momentum and Nesterov rules.
#include "frontend/gradients/grad_helpers.h"
#include "frontend/ops/ops.h"
#include "frontend/train/optimizers.h"

namespace kiln {

SGD::SGD(SGDOptions options) : Optimizer("SGD", options), options_(options) {}

StatusOr<Output> SGD::Update(const Scope& s, const Output& grad,
                             const Variable& var, const Output& value,
                             const Step& step,
                             std::vector<Operation>* updates) {
  Output scaled = ops::Mul(s, step.lr, grad);
  if (options_.momentum == 0) return ops::Sub(s, value, scaled);
  KILN_ASSIGN_OR_RETURN(Variable velocity, Slot(s, var, "momentum", 0));
  Output momentum = grad::Scalar(s, options_.momentum, grad);
  Output v = ops::Sub(s, ops::Mul(s, momentum, velocity.Read(s)), scaled);
  updates->push_back(Assign(s, velocity, v));
  if (options_.nesterov) {
    return ops::AddV2(s, value, ops::Sub(s, ops::Mul(s, momentum, v), scaled));
  }
  return ops::AddV2(s, value, v);
}

}  // namespace kiln
