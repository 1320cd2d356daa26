// Keras' convolution and pooling layers, channels_last (NHWC) as Keras'
// default; data_format "channels_first" builds NCHW nodes.
//   Conv2D(filters, {kh, kw})    y = act(conv(x, kernel) + bias); kernel
//                                [kh, kw, in, filters] Glorot uniform
//   Conv1D(filters, k)           [batch, steps, channels] convolved along
//                                steps (Conv2D on a [batch, 1, steps, c]
//                                view); padding also "causal"
//   DepthwiseConv2D({kh, kw})    each input channel convolved with its own
//                                depth_multiplier filters ([kh, kw, in, m])
//   SeparableConv2D(filters,     depthwise, then a 1x1 Conv2D to `filters`
//                   {kh, kw})    (depthwise_kernel and pointwise_kernel)
//   MaxPooling2D({ph, pw})       max over windows (strides default to the
//   AveragePooling2D({ph, pw})   pool size, padding "valid")
//   GlobalAveragePooling2D()     mean over H and W: [n, h, w, c] -> [n, c]
//
//   model.Add(std::make_shared<keras::Conv2D>(32, Window{3, 3},
//       keras::Conv2DOptions{.activation = "relu"}));
#ifndef KILN_FRONTEND_KERAS_CONV_LAYERS_H_
#define KILN_FRONTEND_KERAS_CONV_LAYERS_H_

#include <string>

#include "frontend/keras/layer.h"
#include "frontend/variables/initializers.h"

namespace kiln {
namespace keras {

// Two spatial sizes: kernel, pool or stride, height then width.
struct Window {
  int64_t h = 1, w = 1;
};

struct Conv2DOptions {
  Window strides = {1, 1};
  std::string padding = "valid";              // or "same"
  std::string data_format = "channels_last";  // or "channels_first"
  Window dilation_rate = {1, 1};
  std::string activation;
  bool use_bias = true;
  Initializer kernel_initializer = initializers::GlorotUniform();
  Initializer bias_initializer = initializers::Zeros();
  std::string name;  // default "conv2d"
};

class Conv2D : public Layer {
 public:
  Conv2D(int64_t filters, Window kernel_size, Conv2DOptions options = {});
  std::string type() const override { return "Conv2D"; }
  StatusOr<Shape> OutputShape(const Shape& input) const override;

 protected:
  Status BuildWeights(const Scope& scope, const Shape& input_shape,
                      uint64_t seed) override;
  StatusOr<Output> CallImpl(const Scope& scope, const Output& x,
                            bool training) override;

 private:
  int64_t filters_;
  Window kernel_;
  Conv2DOptions options_;
};

// Conv2DOptions' h fields are unused (strides.w and dilation_rate.w apply);
// data_format is channels_last.
class Conv1D : public Layer {
 public:
  Conv1D(int64_t filters, int64_t kernel_size, Conv2DOptions options = {});
  std::string type() const override { return "Conv1D"; }
  StatusOr<Shape> OutputShape(const Shape& input) const override;

 protected:
  Status BuildWeights(const Scope& scope, const Shape& input_shape,
                      uint64_t seed) override;
  StatusOr<Output> CallImpl(const Scope& scope, const Output& x,
                            bool training) override;

 private:
  int64_t filters_, kernel_;
  Conv2DOptions options_;
};

// kernel_initializer initializes the depthwise kernel; SeparableConv2D's
// pointwise kernel takes `pointwise_initializer`.
class DepthwiseConv2D : public Layer {
 public:
  DepthwiseConv2D(Window kernel_size, int64_t depth_multiplier = 1,
                  Conv2DOptions options = {});
  std::string type() const override { return "DepthwiseConv2D"; }
  StatusOr<Shape> OutputShape(const Shape& input) const override;

 protected:
  Status BuildWeights(const Scope& scope, const Shape& input_shape,
                      uint64_t seed) override;
  StatusOr<Output> CallImpl(const Scope& scope, const Output& x,
                            bool training) override;
  // The depthwise convolution alone (no bias, no activation).
  StatusOr<Output> Depthwise(const Scope& scope, const Output& x);
  int64_t InputChannels(const Shape& input) const;

  Window kernel_;
  int64_t multiplier_;
  Conv2DOptions options_;
};

class SeparableConv2D : public DepthwiseConv2D {
 public:
  SeparableConv2D(
      int64_t filters, Window kernel_size, Conv2DOptions options = {},
      int64_t depth_multiplier = 1,
      Initializer pointwise_initializer = initializers::GlorotUniform());
  std::string type() const override { return "SeparableConv2D"; }
  StatusOr<Shape> OutputShape(const Shape& input) const override;

 protected:
  Status BuildWeights(const Scope& scope, const Shape& input_shape,
                      uint64_t seed) override;
  StatusOr<Output> CallImpl(const Scope& scope, const Output& x,
                            bool training) override;

 private:
  int64_t filters_;
  Initializer pointwise_initializer_;
};

struct Pooling2DOptions {
  std::optional<Window> strides;  // default: the pool size
  std::string padding = "valid";
  std::string data_format = "channels_last";
  std::string name;  // default "max_pooling2d" / "average_pooling2d"
};

class Pooling2D : public Layer {
 public:
  enum class Kind { kMax, kAverage };
  Pooling2D(Kind kind, Window pool_size, Pooling2DOptions options);
  std::string type() const override {
    return kind_ == Kind::kMax ? "MaxPooling2D" : "AveragePooling2D";
  }
  StatusOr<Shape> OutputShape(const Shape& input) const override;

 protected:
  StatusOr<Output> CallImpl(const Scope& scope, const Output& x,
                            bool training) override;

 private:
  Kind kind_;
  Window pool_;
  Pooling2DOptions options_;
};

class MaxPooling2D : public Pooling2D {
 public:
  explicit MaxPooling2D(Window pool_size = {2, 2},
                        Pooling2DOptions options = {})
      : Pooling2D(Kind::kMax, pool_size, std::move(options)) {}
};

class AveragePooling2D : public Pooling2D {
 public:
  explicit AveragePooling2D(Window pool_size = {2, 2},
                            Pooling2DOptions options = {})
      : Pooling2D(Kind::kAverage, pool_size, std::move(options)) {}
};

class GlobalAveragePooling2D : public Layer {
 public:
  explicit GlobalAveragePooling2D(std::string data_format = "channels_last",
                                  std::string name = "global_average_pooling2d")
      : Layer(std::move(name)), data_format_(std::move(data_format)) {}
  std::string type() const override { return "GlobalAveragePooling2D"; }
  StatusOr<Shape> OutputShape(const Shape& input) const override;

 protected:
  StatusOr<Output> CallImpl(const Scope& scope, const Output& x,
                            bool training) override;

 private:
  std::string data_format_;
};

}  // namespace keras
}  // namespace kiln

#endif  // KILN_FRONTEND_KERAS_CONV_LAYERS_H_
