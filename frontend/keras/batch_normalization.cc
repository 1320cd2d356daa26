// BatchNormalization, Keras' formulas (biased batch variance). Training
// builds the statistics from elementwise ops and reductions (which the
// compiler fuses); inference on 4-D input is one FusedBatchNormV3
// (is_training false), which the compiler folds into a preceding
// convolution or turns into x * a + b.
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

// y = FusedBatchNormV3(x, gamma or 1, beta or 0, moving statistics).
StatusOr<Output> BatchNormalization::Inference4D(const Scope& s,
                                                 const Output& x) {
  const Output features = grad::Ints(s, {x.shape().dims.back()});
  const Output scale = options_.scale
                           ? gamma_.Read(s)
                           : ops::Fill(s, features, grad::Scalar(s, 1, x));
  const Output offset = options_.center
                            ? beta_.Read(s)
                            : ops::Fill(s, features, grad::Scalar(s, 0, x));
  auto bn = ops::FusedBatchNormV3(
      s, x, scale, offset, moving_mean_.Read(s), moving_variance_.Read(s),
      ops::FusedBatchNormV3Attrs()
          .Epsilon(static_cast<float>(options_.epsilon))
          .IsTraining(false));
  KILN_RETURN_IF_ERROR(s.status());
  return bn.y;
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
  } else if (x.shape().rank() == 4) {
    return Inference4D(s, x);
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
