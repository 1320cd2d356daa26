// BatchNormalization, Keras' formulas (biased batch variance).
#include "frontend/gradients/grad_helpers.h"
#include "frontend/keras/layers.h"
#include "frontend/ops/ops.h"

namespace kiln {
namespace keras {

BatchNormalization::BatchNormalization(BatchNormalizationOptions options)
    : Layer(options.name), options_(std::move(options)) {}

Status BatchNormalization::BuildWeights(const Scope& scope,
                                        const Shape& input_shape,
                                        uint64_t seed) {
  if (input_shape.unknown_rank || input_shape.rank() < 2 ||
      input_shape.dims.back() < 0) {
    return InvalidArgument("BatchNormalization needs a known last dim, not " +
                           input_shape.ToString());
  }
  const Shape features = Shape::Of({input_shape.dims.back()});
  if (options_.scale) {
    KILN_ASSIGN_OR_RETURN(gamma_, AddWeight(scope, "gamma", features,
                                            initializers::Ones(), seed));
  }
  if (options_.center) {
    KILN_ASSIGN_OR_RETURN(
        beta_, AddWeight(scope, "beta", features, initializers::Zeros(), seed));
  }
  KILN_ASSIGN_OR_RETURN(moving_mean_,
                        AddWeight(scope, "moving_mean", features,
                                  initializers::Zeros(), seed, false));
  KILN_ASSIGN_OR_RETURN(moving_variance_,
                        AddWeight(scope, "moving_variance", features,
                                  initializers::Ones(), seed, false));
  return OkStatus();
}

StatusOr<Output> BatchNormalization::CallImpl(const Scope& s, const Output& x,
                                              bool training) {
  using grad::Scalar;
  Output mean, variance;
  if (training) {
    std::vector<int64_t> axes;
    for (int d = 0; d + 1 < x.shape().rank(); ++d) axes.push_back(d);
    mean = ops::Mean(s, x, grad::Ints(s, axes));
    variance =
        ops::Mean(s, ops::Square(s, ops::Sub(s, x, mean)), grad::Ints(s, axes));
    // moving = moving * momentum + batch * (1 - momentum), for the
    // statistics only (no gradient reaches them).
    for (auto [moving, batch] : {std::pair{&moving_mean_, mean},
                                 std::pair{&moving_variance_, variance}}) {
      Output value = ops::AddV2(
          s, ops::Mul(s, moving->Read(s), Scalar(s, options_.momentum, x)),
          ops::Mul(s, ops::StopGradient(s, batch),
                   Scalar(s, 1 - options_.momentum, x)));
      AddUpdate(moving->Assign(s, value));
    }
  } else {
    mean = moving_mean_.Read(s);
    variance = moving_variance_.Read(s);
  }
  Output inv =
      ops::Rsqrt(s, ops::AddV2(s, variance, Scalar(s, options_.epsilon, x)));
  if (options_.scale) inv = ops::Mul(s, inv, gamma_.Read(s));
  Output y = ops::Mul(s, ops::Sub(s, x, mean), inv);
  if (options_.center) y = ops::AddV2(s, y, beta_.Read(s));
  KILN_RETURN_IF_ERROR(s.status());
  return y;
}

}  // namespace keras
}  // namespace kiln
