// Adam and AdamW, as Keras 3 computes them.
#include "frontend/gradients/grad_helpers.h"
#include "frontend/ops/ops.h"
#include "frontend/train/optimizers.h"

namespace kiln {

Adam::Adam(AdamOptions options) : Adam("Adam", options) {}

Adam::Adam(std::string name, AdamOptions options)
    : Optimizer(std::move(name), options), options_(options) {}

namespace {
AdamOptions WithDecay(AdamOptions o) {
  if (o.weight_decay == 0) o.weight_decay = 0.004;
  return o;
}
}  // namespace

AdamW::AdamW(AdamOptions options) : Adam("AdamW", WithDecay(options)) {}

StatusOr<Output> Adam::Update(const Scope& s, const Output& grad,
                              const Variable& var, const Output& value,
                              const Step& step,
                              std::vector<Operation>* updates) {
  using grad::Scalar;
  KILN_ASSIGN_OR_RETURN(Variable m_slot, Slot(s, var, "m", 0));
  KILN_ASSIGN_OR_RETURN(Variable v_slot, Slot(s, var, "v", 0));
  const double b1 = options_.beta_1, b2 = options_.beta_2;
  Output m = ops::AddV2(s, ops::Mul(s, Scalar(s, b1, grad), m_slot.Read(s)),
                        ops::Mul(s, Scalar(s, 1 - b1, grad), grad));
  Output v =
      ops::AddV2(s, ops::Mul(s, Scalar(s, b2, grad), v_slot.Read(s)),
                 ops::Mul(s, Scalar(s, 1 - b2, grad), ops::Square(s, grad)));
  updates->push_back(Assign(s, m_slot, m));
  updates->push_back(Assign(s, v_slot, v));
  Output one = Scalar(s, 1, grad);
  Output correction = ops::RealDiv(
      s,
      ops::Sqrt(s, ops::Sub(s, one, ops::Pow(s, Scalar(s, b2, grad), step.t))),
      ops::Sub(s, one, ops::Pow(s, Scalar(s, b1, grad), step.t)));
  Output alpha = ops::Mul(s, step.lr, correction);
  Output delta = ops::RealDiv(
      s, ops::Mul(s, alpha, m),
      ops::AddV2(s, ops::Sqrt(s, v), Scalar(s, options_.epsilon, grad)));
  Output decayed = value;
  if (options_.weight_decay != 0) {
    Output decay = ops::Mul(s, step.lr, Scalar(s, options_.weight_decay, grad));
    decayed = ops::Sub(s, value, ops::Mul(s, decay, value));
  }
  return ops::Sub(s, decayed, delta);
}

}  // namespace kiln
