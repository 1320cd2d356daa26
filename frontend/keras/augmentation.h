// Keras' image augmentation layers: random in training (seeded like
// Dropout: reproducible, a new draw each step), the identity in inference.
// Images are [batch, height, width, channels].
//   RandomFlip(mode)          each image flipped left-right ("horizontal"),
//                             upside down ("vertical") or either at random
//                             ("horizontal_and_vertical"), each with
//                             probability 1/2
//   RandomCrop(height, width) training: one random window of that size per
//                             batch; inference: the centre window
//   RandomRotation(factor)    each image rotated about its centre by an
//                             angle uniform in [lower, upper] * 2 pi
//                             (factor f: [-f, f]); the uncovered corners
//                             filled by fill_mode ("reflect", "wrap",
//                             "constant", "nearest"); interpolation
//                             "bilinear" or "nearest"
//                             (ImageProjectiveTransformV3, as Keras)
#ifndef KILN_FRONTEND_KERAS_AUGMENTATION_H_
#define KILN_FRONTEND_KERAS_AUGMENTATION_H_

#include <string>

#include "frontend/keras/layer.h"

namespace kiln {
namespace keras {

class RandomFlip : public Layer {
 public:
  explicit RandomFlip(std::string mode = "horizontal_and_vertical",
                      uint64_t seed = 0, std::string name = "random_flip")
      : Layer(std::move(name)), mode_(std::move(mode)), seed_(seed) {}
  std::string type() const override { return "RandomFlip"; }

 protected:
  bool computes_in_float32() const override { return true; }
  Status BuildWeights(const Scope& scope, const Shape& input_shape,
                      uint64_t seed) override;
  StatusOr<Output> CallImpl(const Scope& scope, const Output& x,
                            bool training) override;

 private:
  // Each image of x, flipped along `axis` where a coin says so.
  Output FlipSome(const Scope& scope, const Output& x, int axis,
                  uint64_t seed) const;
  std::string mode_;
  uint64_t seed_;
};

class RandomCrop : public Layer {
 public:
  RandomCrop(int64_t height, int64_t width, uint64_t seed = 0,
             std::string name = "random_crop")
      : Layer(std::move(name)), height_(height), width_(width), seed_(seed) {}
  std::string type() const override { return "RandomCrop"; }
  StatusOr<Shape> OutputShape(const Shape& input) const override;

 protected:
  bool computes_in_float32() const override { return true; }
  Status BuildWeights(const Scope& scope, const Shape& input_shape,
                      uint64_t seed) override;
  StatusOr<Output> CallImpl(const Scope& scope, const Output& x,
                            bool training) override;

 private:
  int64_t height_, width_;
  uint64_t seed_;
};

struct RandomRotationOptions {
  std::string fill_mode = "reflect";
  std::string interpolation = "bilinear";
  double fill_value = 0;  // for "constant"
  uint64_t seed = 0;
  std::string name = "random_rotation";
};

class RandomRotation : public Layer {
 public:
  // Angles uniform in [-factor, factor] (fractions of a full turn).
  explicit RandomRotation(double factor, RandomRotationOptions options = {})
      : RandomRotation(-factor, factor, std::move(options)) {}
  RandomRotation(double lower, double upper, RandomRotationOptions options = {})
      : Layer(options.name),
        lower_(lower),
        upper_(upper),
        options_(std::move(options)) {}
  std::string type() const override { return "RandomRotation"; }

 protected:
  bool computes_in_float32() const override { return true; }
  Status BuildWeights(const Scope& scope, const Shape& input_shape,
                      uint64_t seed) override;
  StatusOr<Output> CallImpl(const Scope& scope, const Output& x,
                            bool training) override;

 private:
  // [batch, 8] rotations about the centre by `angles` [batch] (radians).
  Output Transforms(const Scope& scope, const Output& angles, int64_t height,
                    int64_t width) const;

  double lower_, upper_;
  RandomRotationOptions options_;
};

}  // namespace keras
}  // namespace kiln

#endif  // KILN_FRONTEND_KERAS_AUGMENTATION_H_
