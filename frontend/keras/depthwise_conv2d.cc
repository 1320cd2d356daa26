// DepthwiseConv2D and SeparableConv2D (Keras' weights and names:
// depthwise_kernel [kh, kw, in, multiplier], pointwise_kernel
// [1, 1, in * multiplier, filters], bias).
#include "frontend/keras/activations.h"
#include "frontend/keras/conv_layers.h"
#include "frontend/keras/window_shape.h"
#include "frontend/ops/ops.h"

namespace kiln {
namespace keras {

DepthwiseConv2D::DepthwiseConv2D(Window kernel_size, int64_t depth_multiplier,
                                 Conv2DOptions options)
    : Layer(options.name.empty() ? "depthwise_conv2d" : options.name),
      kernel_(kernel_size),
      multiplier_(depth_multiplier),
      options_(std::move(options)) {}

int64_t DepthwiseConv2D::InputChannels(const Shape& input) const {
  const bool nchw = options_.data_format == "channels_first";
  return input.unknown_rank || input.rank() != 4 ? -1
                                                 : input.dims[nchw ? 1 : 3];
}

StatusOr<Shape> DepthwiseConv2D::OutputShape(const Shape& input) const {
  KILN_ASSIGN_OR_RETURN(std::string format,
                        DataFormatAttr(options_.data_format, type()));
  const int64_t in = InputChannels(input);
  return WindowedShape(input, format == "NCHW", kernel_, options_.strides,
                       options_.dilation_rate, options_.padding,
                       in < 0 ? -1 : in * multiplier_, type());
}

Status DepthwiseConv2D::BuildWeights(const Scope& scope,
                                     const Shape& input_shape, uint64_t seed) {
  KILN_RETURN_IF_ERROR(OutputShape(input_shape).status());
  const int64_t in = InputChannels(input_shape);
  if (in < 0 || multiplier_ <= 0) {
    return InvalidArgument(type() +
                           " needs a known channel dim and a "
                           "depth_multiplier > 0, not input " +
                           input_shape.ToString());
  }
  if (!IsActivation(options_.activation)) {
    return InvalidArgument("unknown activation '" + options_.activation + "'");
  }
  KILN_RETURN_IF_ERROR(
      AddWeight(scope, "depthwise_kernel",
                Shape::Of({kernel_.h, kernel_.w, in, multiplier_}),
                options_.kernel_initializer, seed)
          .status());
  if (options_.use_bias && type() == "DepthwiseConv2D") {
    KILN_RETURN_IF_ERROR(AddWeight(scope, "bias", Shape::Of({in * multiplier_}),
                                   options_.bias_initializer, seed)
                             .status());
  }
  return OkStatus();
}

StatusOr<Output> DepthwiseConv2D::Depthwise(const Scope& s, const Output& x) {
  KILN_ASSIGN_OR_RETURN(std::string format,
                        DataFormatAttr(options_.data_format, type()));
  KILN_ASSIGN_OR_RETURN(std::string padding,
                        PaddingAttr(options_.padding, type()));
  const bool nchw = format == "NCHW";
  Output y = ops::DepthwiseConv2dNative(
      s, x, ReadWeight(s, 0), SpatialAttr(options_.strides, nchw), padding,
      ops::DepthwiseConv2dNativeAttrs().DataFormat(format).Dilations(
          SpatialAttr(options_.dilation_rate, nchw)));
  KILN_RETURN_IF_ERROR(s.status());
  return y;
}

namespace {

// Adds `bias` (in the layer's data format) and applies the activation.
StatusOr<Output> BiasAndActivate(const Scope& s, Output y, const Output& bias,
                                 const Conv2DOptions& options) {
  if (bias.valid()) {
    y = ops::BiasAdd(
        s, y, bias,
        ops::BiasAddAttrs().DataFormat(
            options.data_format == "channels_first" ? "NCHW" : "NHWC"));
  }
  KILN_RETURN_IF_ERROR(s.status());
  return Activate(s, options.activation, y);
}

}  // namespace

StatusOr<Output> DepthwiseConv2D::CallImpl(const Scope& s, const Output& x,
                                           bool) {
  KILN_ASSIGN_OR_RETURN(Output y, Depthwise(s, x));
  return BiasAndActivate(s, y, options_.use_bias ? ReadWeight(s, 1) : Output(),
                         options_);
}

SeparableConv2D::SeparableConv2D(int64_t filters, Window kernel_size,
                                 Conv2DOptions options,
                                 int64_t depth_multiplier,
                                 Initializer pointwise_initializer)
    : DepthwiseConv2D(kernel_size, depth_multiplier,
                      [&] {
                        if (options.name.empty())
                          options.name = "separable_conv2d";
                        return options;
                      }()),
      filters_(filters),
      pointwise_initializer_(std::move(pointwise_initializer)) {}

StatusOr<Shape> SeparableConv2D::OutputShape(const Shape& input) const {
  KILN_ASSIGN_OR_RETURN(Shape out, DepthwiseConv2D::OutputShape(input));
  out.dims[options_.data_format == "channels_first" ? 1 : 3] = filters_;
  return out;
}

Status SeparableConv2D::BuildWeights(const Scope& scope,
                                     const Shape& input_shape, uint64_t seed) {
  KILN_RETURN_IF_ERROR(DepthwiseConv2D::BuildWeights(scope, input_shape, seed));
  if (filters_ <= 0)
    return InvalidArgument("SeparableConv2D needs filters > 0");
  const int64_t mid = InputChannels(input_shape) * multiplier_;
  KILN_RETURN_IF_ERROR(AddWeight(scope, "pointwise_kernel",
                                 Shape::Of({1, 1, mid, filters_}),
                                 pointwise_initializer_, seed)
                           .status());
  if (options_.use_bias) {
    KILN_RETURN_IF_ERROR(AddWeight(scope, "bias", Shape::Of({filters_}),
                                   options_.bias_initializer, seed)
                             .status());
  }
  return OkStatus();
}

StatusOr<Output> SeparableConv2D::CallImpl(const Scope& s, const Output& x,
                                           bool) {
  KILN_ASSIGN_OR_RETURN(Output depthwise, Depthwise(s, x));
  const std::string format =
      options_.data_format == "channels_first" ? "NCHW" : "NHWC";
  Output y = ops::Conv2D(s, depthwise, ReadWeight(s, 1), {1, 1, 1, 1}, "VALID",
                         ops::Conv2DAttrs().DataFormat(format));
  return BiasAndActivate(s, y, options_.use_bias ? ReadWeight(s, 2) : Output(),
                         options_);
}

}  // namespace keras
}  // namespace kiln
