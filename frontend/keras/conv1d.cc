// Conv1D as TensorFlow's conv1d builds it: ExpandDims to [batch, 1, steps,
// channels], Conv2D with a [1, k, channels, filters] view of the kernel,
// Squeeze. "causal" pads (k - 1) * dilation steps on the left, then VALID.
#include "frontend/keras/activations.h"
#include "frontend/keras/conv_layers.h"
#include "frontend/keras/window_shape.h"
#include "frontend/ops/ops.h"

namespace kiln {
namespace keras {

Conv1D::Conv1D(int64_t filters, int64_t kernel_size, Conv2DOptions options)
    : Layer(options.name.empty() ? "conv1d" : options.name),
      filters_(filters),
      kernel_(kernel_size),
      options_(std::move(options)) {}

StatusOr<Shape> Conv1D::OutputShape(const Shape& input) const {
  if (input.unknown_rank || input.rank() != 3) {
    return InvalidArgument("Conv1D needs [batch, steps, channels], not " +
                           input.ToString());
  }
  const bool causal = options_.padding == "causal";
  const int64_t steps = input.dims[1];
  const int64_t pad = causal ? (kernel_ - 1) * options_.dilation_rate.w : 0;
  KILN_ASSIGN_OR_RETURN(
      Shape out,
      WindowedShape(Shape::Of({input.dims[0], 1,
                               steps < 0 ? steps : steps + pad, input.dims[2]}),
                    false, Window{1, kernel_}, Window{1, options_.strides.w},
                    Window{1, options_.dilation_rate.w},
                    causal ? "valid" : options_.padding, filters_, type()));
  return Shape::Of({out.dims[0], out.dims[2], out.dims[3]});
}

Status Conv1D::BuildWeights(const Scope& scope, const Shape& input_shape,
                            uint64_t seed) {
  KILN_RETURN_IF_ERROR(OutputShape(input_shape).status());
  if (input_shape.dims[2] < 0 || filters_ <= 0) {
    return InvalidArgument("Conv1D needs a known channel dim and filters > 0");
  }
  if (!IsActivation(options_.activation)) {
    return InvalidArgument("unknown activation '" + options_.activation + "'");
  }
  return AddKernelAndBias(scope,
                          Shape::Of({kernel_, input_shape.dims[2], filters_}),
                          options_.kernel_initializer, options_.use_bias,
                          filters_, options_.bias_initializer, seed);
}

StatusOr<Output> Conv1D::CallImpl(const Scope& s, const Output& x, bool) {
  KILN_RETURN_IF_ERROR(OutputShape(x.shape()).status());
  const bool causal = options_.padding == "causal";
  Output in = x;
  if (causal) {
    const int32_t pad =
        static_cast<int32_t>((kernel_ - 1) * options_.dilation_rate.w);
    in = ops::Pad(s, x, ops::Const(s, {0, 0, pad, 0, 0, 0}, Shape::Of({3, 2})));
  }
  KILN_ASSIGN_OR_RETURN(
      std::string padding,
      PaddingAttr(causal ? "valid" : options_.padding, type()));
  Output y = ops::Conv2D(
      s, ops::ExpandDims(s, in, 1), ops::ExpandDims(s, ReadWeight(s, 0), 0),
      {1, 1, options_.strides.w, 1}, padding,
      ops::Conv2DAttrs().Dilations({1, 1, options_.dilation_rate.w, 1}));
  y = ops::Squeeze(s, y, ops::SqueezeAttrs().SqueezeDims({1}));
  if (options_.use_bias) y = ops::BiasAdd(s, y, ReadWeight(s, 1));
  KILN_RETURN_IF_ERROR(s.status());
  return Activate(s, options_.activation, y);
}

}  // namespace keras
}  // namespace kiln
