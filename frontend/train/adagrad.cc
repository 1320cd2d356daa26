// Adagrad, as Keras 3.
#include "frontend/gradients/grad_helpers.h"
#include "frontend/ops/ops.h"
#include "frontend/train/optimizers.h"

namespace kiln {

Adagrad::Adagrad(AdagradOptions options)
    : Optimizer("Adagrad", options), options_(options) {}

StatusOr<Output> Adagrad::Update(const Scope& s, const Output& grad,
                                 const Variable& var, const Output& value,
                                 const Step& step,
                                 std::vector<Operation>* updates) {
  KILN_ASSIGN_OR_RETURN(
      Variable acc_slot,
      Slot(s, var, "accumulator", options_.initial_accumulator_value));
  Output acc = ops::AddV2(s, acc_slot.Read(s), ops::Square(s, grad));
  updates->push_back(Assign(s, acc_slot, acc));
  Output denominator =
      ops::Sqrt(s, ops::AddV2(s, acc, grad::Scalar(s, options_.epsilon, grad)));
  return ops::Sub(s, value,
                  ops::RealDiv(s, ops::Mul(s, step.lr, grad), denominator));
}

}  // namespace kiln
