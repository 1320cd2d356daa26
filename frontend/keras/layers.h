// Keras' core layers.
//   Dense(units, activation)   y = act(x kernel + bias); kernel Glorot
//                              uniform, bias zeros (Keras' defaults)
//   Flatten()                  [batch, ...] -> [batch, prod(...)]
//   Embedding(input_dim,       integer ids [batch, ...] -> their rows of an
//             output_dim)      [input_dim, output_dim] table (uniform
//                              +-0.05); float ids are cast to int32;
//                              mask_zero: id 0 is padding (masked)
//   Masking(mask_value)        masks (and zeroes) the steps whose features
//                              all equal mask_value
//   Reshape(target_shape)      [batch, ...] -> [batch, target_shape...]
//                              (one target dim may be -1)
//   Activation(name)           one of keras::Activate's names
//   Dropout(rate)              training: zeroes each element with
//                              probability rate, scales the rest by
//                              1 / (1 - rate); inference: identity
//   BatchNormalization()       training: normalizes with the batch's mean and
//                              (biased) variance over all but the last axis
//                              and moves the moving statistics by momentum;
//                              inference: uses the moving statistics
//                              (FusedBatchNormV3 on 4-D input, folded
//                              into a preceding Conv2D when compiled)
//   Lambda(fn)                 any function of the input, as a layer
//   AlphaDropout(rate)         training: SELU-preserving dropout (dropped
//                              elements take SELU's negative saturation,
//                              then an affine map keeps mean and variance)
#ifndef KILN_FRONTEND_KERAS_LAYERS_H_
#define KILN_FRONTEND_KERAS_LAYERS_H_

#include <functional>
#include <memory>
#include <optional>
#include <string>

#include "frontend/keras/layer.h"
#include "frontend/variables/initializers.h"

namespace kiln {
namespace keras {

struct DenseOptions {
  std::string activation;
  bool use_bias = true;
  Initializer kernel_initializer = initializers::GlorotUniform();
  Initializer bias_initializer = initializers::Zeros();
  std::string name;  // default "dense", "dense_1", ... (made unique by scopes)
};

class Dense : public Layer {
 public:
  explicit Dense(int64_t units, DenseOptions options = {});
  Dense(int64_t units, const std::string& activation);
  std::string type() const override { return "Dense"; }
  bool supports_masking() const override { return true; }
  StatusOr<Shape> OutputShape(const Shape& input) const override;

 protected:
  Status BuildWeights(const Scope& scope, const Shape& input_shape,
                      uint64_t seed) override;
  StatusOr<Output> CallImpl(const Scope& scope, const Output& x,
                            bool training) override;

 private:
  int64_t units_;
  DenseOptions options_;
};

class Flatten : public Layer {
 public:
  explicit Flatten(std::string name = "flatten") : Layer(std::move(name)) {}
  std::string type() const override { return "Flatten"; }
  StatusOr<Shape> OutputShape(const Shape& input) const override;

 protected:
  StatusOr<Output> CallImpl(const Scope& scope, const Output& x,
                            bool training) override;
};

struct EmbeddingOptions {
  Initializer embeddings_initializer = initializers::RandomUniform();
  // Id 0 is padding: the output's mask marks the ids > 0 (Keras' ids != 0;
  // ids are never negative).
  bool mask_zero = false;
  std::string name = "embedding";
};

class Embedding : public Layer {
 public:
  Embedding(int64_t input_dim, int64_t output_dim, EmbeddingOptions options);
  Embedding(int64_t input_dim, int64_t output_dim,
            Initializer embeddings_initializer = initializers::RandomUniform(),
            std::string name = "embedding")
      : Embedding(input_dim, output_dim,
                  EmbeddingOptions{std::move(embeddings_initializer), false,
                                   std::move(name)}) {}
  std::string type() const override { return "Embedding"; }
  StatusOr<Shape> OutputShape(const Shape& input) const override;
  bool supports_masking() const override { return options_.mask_zero; }

 protected:
  Status BuildWeights(const Scope& scope, const Shape& input_shape,
                      uint64_t seed) override;
  StatusOr<Output> CallImpl(const Scope& scope, const Output& x,
                            bool training) override;
  StatusOr<Output> ComputeMask(const Scope& scope, const Output& x,
                               const Output& mask) const override;

 private:
  int64_t input_dim_, output_dim_;
  EmbeddingOptions options_;
};

// Keras' Masking: steps whose features all equal mask_value are masked
// (the output's mask) and zeroed; the others pass unchanged. A step counts
// when max((x - mask_value)^2) over its features is > 0.
class Masking : public Layer {
 public:
  explicit Masking(double mask_value = 0, std::string name = "masking")
      : Layer(std::move(name)), mask_value_(mask_value) {}
  std::string type() const override { return "Masking"; }
  bool supports_masking() const override { return true; }

 protected:
  StatusOr<Output> CallImpl(const Scope& scope, const Output& x,
                            bool training) override;
  StatusOr<Output> ComputeMask(const Scope& scope, const Output& x,
                               const Output& mask) const override;

 private:
  // [batch, steps] bools of x [batch, steps, features].
  Output StepMask(const Scope& scope, const Output& x) const;

  double mask_value_;
};

class Reshape : public Layer {
 public:
  explicit Reshape(std::vector<int64_t> target_shape,
                   std::string name = "reshape")
      : Layer(std::move(name)), target_(std::move(target_shape)) {}
  std::string type() const override { return "Reshape"; }
  StatusOr<Shape> OutputShape(const Shape& input) const override;

 protected:
  StatusOr<Output> CallImpl(const Scope& scope, const Output& x,
                            bool training) override;

 private:
  std::vector<int64_t> target_;
};

class Activation : public Layer {
 public:
  explicit Activation(std::string activation, std::string name = "activation")
      : Layer(std::move(name)), activation_(std::move(activation)) {}
  std::string type() const override { return "Activation"; }
  bool supports_masking() const override { return true; }

 protected:
  StatusOr<Output> CallImpl(const Scope& scope, const Output& x,
                            bool training) override;

 private:
  std::string activation_;
};

// The random mask of both dropouts comes from a seeded RandomUniform that
// draws anew each step; the seed is the layer's (given, or made by the
// model from its seed), so training is reproducible.
class Dropout : public Layer {
 public:
  explicit Dropout(double rate, uint64_t seed = 0, std::string name = "dropout")
      : Layer(std::move(name)), rate_(rate), seed_(seed) {}
  std::string type() const override { return "Dropout"; }
  bool supports_masking() const override { return true; }

 protected:
  Status BuildWeights(const Scope& scope, const Shape& input_shape,
                      uint64_t seed) override;
  StatusOr<Output> CallImpl(const Scope& scope, const Output& x,
                            bool training) override;
  // 1 where an element is kept, 0 where dropped, in x's dtype.
  Output KeepMask(const Scope& scope, const Output& x) const;
  double rate() const { return rate_; }

 private:
  double rate_;
  uint64_t seed_;
};

class AlphaDropout : public Dropout {
 public:
  explicit AlphaDropout(double rate, uint64_t seed = 0,
                        std::string name = "alpha_dropout")
      : Dropout(rate, seed, std::move(name)) {}
  std::string type() const override { return "AlphaDropout"; }

 protected:
  StatusOr<Output> CallImpl(const Scope& scope, const Output& x,
                            bool training) override;
};

struct BatchNormalizationOptions {
  double momentum = 0.99;
  double epsilon = 1e-3;
  bool center = true;  // beta
  bool scale = true;   // gamma
  std::string name = "batch_normalization";
};

class BatchNormalization : public Layer {
 public:
  explicit BatchNormalization(BatchNormalizationOptions options = {});
  std::string type() const override { return "BatchNormalization"; }
  bool supports_masking() const override { return true; }

 protected:
  bool computes_in_float32() const override { return true; }
  Status BuildWeights(const Scope& scope, const Shape& input_shape,
                      uint64_t seed) override;
  StatusOr<Output> CallImpl(const Scope& scope, const Output& x,
                            bool training) override;

 private:
  StatusOr<Output> Inference4D(const Scope& scope, const Output& x);

  BatchNormalizationOptions options_;
  Variable gamma_, beta_, moving_mean_, moving_variance_;
};

// Keras' Lambda: a layer without weights that applies `fn`.
class Lambda : public Layer {
 public:
  using Fn = std::function<StatusOr<Output>(const Scope&, const Output&)>;
  explicit Lambda(Fn fn, std::string name = "lambda")
      : Layer(std::move(name)), fn_(std::move(fn)) {}
  std::string type() const override { return "Lambda"; }
  // Lambda cannot know its output shape without running: it reports the
  // input's (set `output_shape` when it differs).
  StatusOr<Shape> OutputShape(const Shape& input) const override {
    return output_shape_ ? *output_shape_ : input;
  }
  std::optional<Shape> output_shape_;

 protected:
  StatusOr<Output> CallImpl(const Scope& scope, const Output& x,
                            bool) override {
    return fn_(scope, x);
  }

 private:
  Fn fn_;
};

}  // namespace keras
}  // namespace kiln

#endif  // KILN_FRONTEND_KERAS_LAYERS_H_
