// Layer: Keras' building block. A layer creates its weights (Variables)
// once, from the first input shape it sees (Build), then adds ops for each
// input it is called on (Call); `training` selects training behaviour
// (Dropout, BatchNormalization). Subclass it for custom layers:
//
//   class Scale : public keras::Layer {
//    public:
//     Scale() : Layer("scale") {}
//     std::string type() const override { return "Scale"; }
//    protected:
//     Status BuildWeights(const Scope& s, const Shape& in, uint64_t seed)
//     override {
//       return AddWeight(s, "factor", Shape::Of({in.dims.back()}),
//                        initializers::Ones(), seed).status();
//     }
//     StatusOr<Output> CallImpl(const Scope& s, const Output& x, bool) override
//     {
//       return ops::Mul(s, x, weights()[0].Read(s));
//     }
//   };
//
// Masks (Keras' masking): a [batch, steps] bool tensor marking the steps
// that count, made by Embedding(mask_zero) and Masking, carried by the
// layers that support it (supports_masking) and consumed by the recurrent
// layers, which skip masked steps. Models pass masks along with CallMasked;
// a mask reaching a layer that does not support masking is an error.
#ifndef KILN_FRONTEND_KERAS_LAYER_H_
#define KILN_FRONTEND_KERAS_LAYER_H_

#include <cstdint>
#include <string>
#include <vector>

#include "frontend/keras/policy.h"
#include "frontend/output.h"
#include "frontend/scope.h"
#include "frontend/variables/variable.h"

namespace kiln {
namespace keras {

class Layer {
 public:
  explicit Layer(std::string name) : name_(std::move(name)) {}
  virtual ~Layer() = default;

  const std::string& name() const { return name_; }
  // Before the layer is built (a model makes its layers' names unique).
  void set_name(std::string name) { name_ = std::move(name); }
  virtual std::string type() const = 0;  // "Dense"

  // Builds the weights on the first call (under `scope`/<name>), then adds
  // the layer's ops for x. The input's last dims must be known.
  StatusOr<Output> operator()(const Scope& scope, const Output& x,
                              bool training, uint64_t seed = 0);
  bool built() const { return built_; }

  // A value and its mask (invalid: none).
  struct Masked {
    Output value, mask;
  };
  // operator() with the input's mask (may be invalid); also returns the
  // output's mask.
  StatusOr<Masked> CallMasked(const Scope& scope, const Output& x,
                              const Output& mask, bool training,
                              uint64_t seed = 0);
  // True when the layer passes a mask on unchanged (elementwise and per-step
  // layers) or consumes or makes one (ComputeMask overridden).
  virtual bool supports_masking() const { return false; }

  // The output shape for an input shape (batch dim included, maybe -1).
  virtual StatusOr<Shape> OutputShape(const Shape& input) const {
    return input;
  }
  const std::vector<Variable>& weights() const { return weights_; }

  // The dtype policy (the global one when the layer was made); set it
  // before the layer is built.
  const Policy& policy() const { return policy_; }
  Status set_policy(Policy policy);
  // What the layer's arithmetic runs in: the policy's compute dtype, or
  // float32 for layers that need it (computes_in_float32) under a 16-bit
  // policy. Floating inputs arrive cast to it.
  DataType compute_dtype() const;
  // Ops the training step must also run (BatchNormalization's moving
  // statistics), added by training calls.
  const std::vector<Operation>& updates() const { return updates_; }
  std::vector<Variable> trainable_weights() const;
  int64_t CountParams() const;

 protected:
  virtual Status BuildWeights(const Scope& scope, const Shape& input_shape,
                              uint64_t seed) {
    return OkStatus();
  }
  virtual StatusOr<Output> CallImpl(const Scope& scope, const Output& x,
                                    bool training) = 0;
  // The mask of the output for input x with mask `mask` (either may be
  // invalid): `mask` by default.
  virtual StatusOr<Output> ComputeMask(const Scope& scope, const Output& x,
                                       const Output& mask) const {
    return mask;
  }
  // Whether the layer computes in float32 under a 16-bit policy (its
  // output then cast to the policy's compute dtype), as Keras'
  // BatchNormalization does.
  virtual bool computes_in_float32() const { return false; }
  // weights()[i] read and cast to compute_dtype() (a mixed policy's
  // float32 variables, read as 16-bit values).
  Output ReadWeight(const Scope& scope, size_t i) const;
  // x cast to `to` when it is a float of another type.
  static Output CastFloat(const Scope& scope, const Output& x, DataType to);

  // The input's mask during a CallMasked's CallImpl (else invalid).
  const Output& input_mask() const { return input_mask_; }
  void AddUpdate(const Operation& op) { updates_.push_back(op); }
  // A wrapper layer (Bidirectional) takes on the weights and updates of a
  // layer it calls, once that layer is built.
  void TrackSublayer(const Layer& sublayer) {
    weights_.insert(weights_.end(), sublayer.weights_.begin(),
                    sublayer.weights_.end());
    updates_.insert(updates_.end(), sublayer.updates_.begin(),
                    sublayer.updates_.end());
  }
  StatusOr<Variable> AddWeight(const Scope& scope, const std::string& name,
                               const Shape& shape,
                               const Initializer& initializer, uint64_t seed,
                               bool trainable = true);
  // "kernel" of `kernel_shape` and, with `use_bias`, "bias" of [units]: the
  // weights of Dense and the convolutions.
  Status AddKernelAndBias(const Scope& scope, const Shape& kernel_shape,
                          const Initializer& kernel_initializer, bool use_bias,
                          int64_t units, const Initializer& bias_initializer,
                          uint64_t seed);

 private:
  std::string name_;
  Policy policy_ = GlobalPolicy();
  bool built_ = false;
  std::vector<Variable> weights_;
  std::vector<Operation> updates_;
  Output input_mask_;
};

}  // namespace keras
}  // namespace kiln

#endif  // KILN_FRONTEND_KERAS_LAYER_H_
