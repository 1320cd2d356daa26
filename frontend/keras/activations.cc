#include "frontend/keras/activations.h"

#include <cmath>

#include "frontend/gradients/grad_helpers.h"
#include "frontend/ops/ops.h"

namespace kiln {
namespace keras {
namespace {

// 0.5 x (1 + tanh(sqrt(2/pi) (x + 0.044715 x^3))).
Output Gelu(const Scope& s, const Output& x) {
  using grad::Scalar;
  Output cube = ops::Mul(s, ops::Square(s, x), x);
  Output inner =
      ops::Mul(s, Scalar(s, std::sqrt(2 / M_PI), x),
               ops::AddV2(s, x, ops::Mul(s, Scalar(s, 0.044715, x), cube)));
  return ops::Mul(s, ops::Mul(s, Scalar(s, 0.5, x), x),
                  ops::AddV2(s, Scalar(s, 1, x), ops::Tanh(s, inner)));
}

}  // namespace

bool IsActivation(const std::string& name) {
  for (const char* known : {"", "linear", "relu", "elu", "selu", "tanh",
                            "sigmoid", "softmax", "softplus", "gelu"}) {
    if (name == known) return true;
  }
  return false;
}

StatusOr<Output> Activate(const Scope& s, const std::string& name,
                          const Output& x) {
  if (name.empty() || name == "linear") return x;
  if (name == "relu") return ops::Relu(s, x);
  if (name == "elu") return ops::Elu(s, x);
  if (name == "selu") return ops::Selu(s, x);
  if (name == "tanh") return ops::Tanh(s, x);
  if (name == "sigmoid") return ops::Sigmoid(s, x);
  if (name == "softmax") return ops::Softmax(s, x);
  if (name == "softplus") return ops::Softplus(s, x);
  if (name == "gelu") return Gelu(s, x);
  return InvalidArgument("unknown activation '" + name + "'");
}

}  // namespace keras
}  // namespace kiln
