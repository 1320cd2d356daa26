#include "frontend/keras/layer.h"

#include "frontend/ops/ops.h"

namespace kiln {
namespace keras {

StatusOr<Output> Layer::operator()(const Scope& scope, const Output& x,
                                   bool training, uint64_t seed) {
  KILN_RETURN_IF_ERROR(scope.status());
  if (!x.valid()) return InvalidArgument("layer '" + name_ + "': no input");
  const Scope layer_scope = scope.NewSubScope(name_);
  if (!built_) {
    Status s = BuildWeights(layer_scope, x.shape(), seed);
    if (!s.ok()) {
      return Status(s.code(), "layer '" + name_ + "': " + s.message());
    }
    built_ = true;
  }
  StatusOr<Output> y = CallImpl(
      layer_scope, CastFloat(layer_scope, x, compute_dtype()), training);
  if (!y.ok()) {
    return Status(y.status().code(),
                  "layer '" + name_ + "': " + y.status().message());
  }
  return CastFloat(layer_scope, *y, policy_.compute_dtype());
}

Output Layer::CastFloat(const Scope& scope, const Output& x, DataType to) {
  if (!IsPolicyFloat(x.dtype()) || x.dtype() == to) return x;
  return ops::Cast(scope, x, to);
}

Status Layer::set_policy(Policy policy) {
  if (built_) {
    return FailedPrecondition("layer '" + name_ +
                              "': the dtype policy is set before it is built");
  }
  policy_ = std::move(policy);
  return OkStatus();
}

DataType Layer::compute_dtype() const {
  const DataType compute = policy_.compute_dtype();
  const bool narrow =
      compute == tensorflow::DT_HALF || compute == tensorflow::DT_BFLOAT16;
  return narrow && computes_in_float32() ? tensorflow::DT_FLOAT : compute;
}

Output Layer::ReadWeight(const Scope& scope, size_t i) const {
  return CastFloat(scope, weights_[i].Read(scope), compute_dtype());
}

StatusOr<Layer::Masked> Layer::CallMasked(const Scope& scope, const Output& x,
                                          const Output& mask, bool training,
                                          uint64_t seed) {
  if (mask.valid() && !supports_masking()) {
    return InvalidArgument("layer '" + name_ + "' (" + type() +
                           ") does not support masking but was given a mask");
  }
  input_mask_ = mask;
  StatusOr<Output> y = (*this)(scope, x, training, seed);
  input_mask_ = Output();
  KILN_RETURN_IF_ERROR(y.status());
  StatusOr<Output> out_mask =
      ComputeMask(scope.NewSubScope(name_ + "_mask"), x, mask);
  if (!out_mask.ok()) {
    return Status(out_mask.status().code(),
                  "layer '" + name_ + "': " + out_mask.status().message());
  }
  return Masked{*y, *out_mask};
}

std::vector<Variable> Layer::trainable_weights() const {
  std::vector<Variable> out;
  for (const Variable& w : weights_) {
    if (w.trainable()) out.push_back(w);
  }
  return out;
}

int64_t Layer::CountParams() const {
  int64_t n = 0;
  for (const Variable& w : weights_) n += w.num_elements();
  return n;
}

StatusOr<Variable> Layer::AddWeight(const Scope& scope, const std::string& name,
                                    const Shape& shape,
                                    const Initializer& initializer,
                                    uint64_t seed, bool trainable) {
  KILN_ASSIGN_OR_RETURN(
      Variable v,
      Variable::Create(scope.WithOpName(name), policy_.variable_dtype(), shape,
                       initializer, seed + 7919 * weights_.size(), trainable));
  weights_.push_back(v);
  return v;
}

Status Layer::AddKernelAndBias(const Scope& scope, const Shape& kernel_shape,
                               const Initializer& kernel_initializer,
                               bool use_bias, int64_t units,
                               const Initializer& bias_initializer,
                               uint64_t seed) {
  KILN_RETURN_IF_ERROR(
      AddWeight(scope, "kernel", kernel_shape, kernel_initializer, seed)
          .status());
  if (!use_bias) return OkStatus();
  return AddWeight(scope, "bias", Shape::Of({units}), bias_initializer, seed)
      .status();
}

}  // namespace keras
}  // namespace kiln
