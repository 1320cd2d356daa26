#include "frontend/keras/activations.h"
#include "frontend/keras/conv_layers.h"
#include "frontend/keras/window_shape.h"
#include "frontend/ops/ops.h"

namespace kiln {
namespace keras {

Conv2D::Conv2D(int64_t filters, Window kernel_size, Conv2DOptions options)
    : Layer(options.name.empty() ? "conv2d" : options.name),
      filters_(filters),
      kernel_(kernel_size),
      options_(std::move(options)) {}

StatusOr<Shape> Conv2D::OutputShape(const Shape& input) const {
  KILN_ASSIGN_OR_RETURN(std::string format,
                        DataFormatAttr(options_.data_format, "Conv2D"));
  return WindowedShape(input, format == "NCHW", kernel_, options_.strides,
                       options_.dilation_rate, options_.padding, filters_,
                       "Conv2D");
}

Status Conv2D::BuildWeights(const Scope& scope, const Shape& input_shape,
                            uint64_t seed) {
  KILN_RETURN_IF_ERROR(OutputShape(input_shape).status());
  const bool nchw = options_.data_format == "channels_first";
  const int64_t in = input_shape.dims[nchw ? 1 : 3];
  if (in < 0 || filters_ <= 0) {
    return InvalidArgument(
        "Conv2D needs a known channel dim and filters > 0, "
        "not input " +
        input_shape.ToString() + " and " + std::to_string(filters_) +
        " filters");
  }
  if (!IsActivation(options_.activation)) {
    return InvalidArgument("unknown activation '" + options_.activation + "'");
  }
  return AddKernelAndBias(scope,
                          Shape::Of({kernel_.h, kernel_.w, in, filters_}),
                          options_.kernel_initializer, options_.use_bias,
                          filters_, options_.bias_initializer, seed);
}

StatusOr<Output> Conv2D::CallImpl(const Scope& s, const Output& x, bool) {
  KILN_ASSIGN_OR_RETURN(std::string format,
                        DataFormatAttr(options_.data_format, "Conv2D"));
  KILN_ASSIGN_OR_RETURN(std::string padding,
                        PaddingAttr(options_.padding, "Conv2D"));
  const bool nchw = format == "NCHW";
  Output y = ops::Conv2D(s, x, ReadWeight(s, 0),
                         SpatialAttr(options_.strides, nchw), padding,
                         ops::Conv2DAttrs().DataFormat(format).Dilations(
                             SpatialAttr(options_.dilation_rate, nchw)));
  if (options_.use_bias) {
    y = ops::BiasAdd(s, y, ReadWeight(s, 1),
                     ops::BiasAddAttrs().DataFormat(format));
  }
  KILN_RETURN_IF_ERROR(s.status());
  return Activate(s, options_.activation, y);
}

}  // namespace keras
}  // namespace kiln
