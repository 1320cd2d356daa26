#include "frontend/keras/activations.h"
#include "frontend/keras/layers.h"
#include "frontend/ops/ops.h"

namespace kiln {
namespace keras {

Dense::Dense(int64_t units, DenseOptions options)
    : Layer(options.name.empty() ? "dense" : options.name),
      units_(units),
      options_(std::move(options)) {}

Dense::Dense(int64_t units, const std::string& activation)
    : Dense(units, [&] {
        DenseOptions o;
        o.activation = activation;
        return o;
      }()) {}

StatusOr<Shape> Dense::OutputShape(const Shape& input) const {
  if (input.unknown_rank || input.rank() < 2) {
    return InvalidArgument("Dense needs an input of rank >= 2, not " +
                           input.ToString());
  }
  Shape out = input;
  out.dims.back() = units_;
  return out;
}

Status Dense::BuildWeights(const Scope& scope, const Shape& input_shape,
                           uint64_t seed) {
  KILN_RETURN_IF_ERROR(OutputShape(input_shape).status());
  const int64_t in = input_shape.dims.back();
  if (in < 0) {
    return InvalidArgument("Dense needs a known last input dim, not " +
                           input_shape.ToString());
  }
  if (!IsActivation(options_.activation)) {
    return InvalidArgument("unknown activation '" + options_.activation + "'");
  }
  return AddKernelAndBias(scope, Shape::Of({in, units_}),
                          options_.kernel_initializer, options_.use_bias,
                          units_, options_.bias_initializer, seed);
}

StatusOr<Output> Dense::CallImpl(const Scope& s, const Output& x, bool) {
  Output kernel = ReadWeight(s, 0);
  Output y = x.shape().rank() == 2 ? ops::MatMul(s, x, kernel)
                                   : ops::BatchMatMulV2(s, x, kernel);
  if (options_.use_bias) y = ops::BiasAdd(s, y, ReadWeight(s, 1));
  KILN_RETURN_IF_ERROR(s.status());
  return Activate(s, options_.activation, y);
}

}  // namespace keras
}  // namespace kiln
