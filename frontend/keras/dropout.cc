// Dropout and AlphaDropout (Keras' formulas).
#include <cmath>

#include "frontend/gradients/grad_helpers.h"
#include "frontend/keras/layers.h"
#include "frontend/ops/ops.h"

namespace kiln {
namespace keras {

Status Dropout::BuildWeights(const Scope&, const Shape&, uint64_t seed) {
  if (rate_ < 0 || rate_ >= 1) {
    return InvalidArgument("rate must be in [0, 1), not " +
                           std::to_string(rate_));
  }
  if (seed_ == 0) seed_ = seed + 1;  // nonzero: reproducible
  return OkStatus();
}

Output Dropout::KeepMask(const Scope& s, const Output& x) const {
  Output u = ops::RandomUniform(
      s, ops::Shape(s, x), x.dtype(),
      ops::RandomUniformAttrs().Seed(static_cast<int64_t>(seed_ & 0x7fffffff)));
  return ops::Cast(s, ops::Greater(s, u, grad::Scalar(s, rate_, x)), x.dtype());
}

StatusOr<Output> Dropout::CallImpl(const Scope& s, const Output& x,
                                   bool training) {
  if (!training || rate_ == 0) return x;
  return ops::Mul(s, ops::Mul(s, x, KeepMask(s, x)),
                  grad::Scalar(s, 1 / (1 - rate_), x));
}

// x kept or set to alpha' = -scale * alpha, then a * x + b with
// a = ((1 - rate)(1 + rate alpha'^2))^-1/2, b = -a alpha' rate.
StatusOr<Output> AlphaDropout::CallImpl(const Scope& s, const Output& x,
                                        bool training) {
  if (!training || rate() == 0) return x;
  const double alpha = 1.6732632423543772848170429916717;
  const double scale = 1.0507009873554804934193349852946;
  const double alpha_p = -alpha * scale, p = rate();
  const double a = std::pow((1 - p) * (1 + p * alpha_p * alpha_p), -0.5);
  const double b = -a * alpha_p * p;
  using grad::Scalar;
  Output keep = KeepMask(s, x);
  Output dropped = ops::Sub(s, Scalar(s, 1, x), keep);
  Output y = ops::AddV2(s, ops::Mul(s, x, keep),
                        ops::Mul(s, dropped, Scalar(s, alpha_p, x)));
  return ops::AddV2(s, ops::Mul(s, y, Scalar(s, a, x)), Scalar(s, b, x));
}

}  // namespace keras
}  // namespace kiln
