// Keras' image augmentation layers: random in training (seeded like
// Dropout: reproducible, a new draw each step), the identity in inference.
// Images are [batch, height, width, channels].
//   RandomFlip(mode)          each image flipped left-right ("horizontal"),
//                             upside down ("vertical") or either at random
//                             ("horizontal_and_vertical"), each with
//                             probability 1/2
//   RandomCrop(height, width) training: one random window of that size per
//                             batch; inference: the centre window
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
  Status BuildWeights(const Scope& scope, const Shape& input_shape,
                      uint64_t seed) override;
  StatusOr<Output> CallImpl(const Scope& scope, const Output& x,
                            bool training) override;

 private:
  int64_t height_, width_;
  uint64_t seed_;
};

}  // namespace keras
}  // namespace kiln

#endif  // KILN_FRONTEND_KERAS_AUGMENTATION_H_
