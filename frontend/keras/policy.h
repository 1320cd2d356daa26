// Policy: Keras' dtype policies (keras.mixed_precision). A layer computes
// in its policy's compute dtype and keeps its variables in the variable
// dtype: under "mixed_bfloat16" or "mixed_float16" the weights stay float32
// (the optimizer updates them there) and each call reads them cast to the
// 16-bit type, floating inputs cast too. Layers take the global policy in
// force when they are made:
//
//   KILN_RETURN_IF_ERROR(keras::SetGlobalPolicy("mixed_bfloat16"));
//   keras::Dense hidden(128, {.activation = "relu"});   // bf16 compute
//   keras::Dense out(10);
//   out.set_policy(*keras::Policy::Named("float32"));   // float32 logits
//
// Layers whose arithmetic needs float32 (BatchNormalization's statistics,
// the recurrent layers' state) compute in float32 and cast their output to
// the compute dtype. Models give losses and metrics float32 predictions.
#ifndef KILN_FRONTEND_KERAS_POLICY_H_
#define KILN_FRONTEND_KERAS_POLICY_H_

#include <string>

#include "runtime/base/status.h"
#include "runtime/tensor/types.h"

namespace kiln {
namespace keras {

class Policy {
 public:
  // "float32", "float64", "float16", "bfloat16", "mixed_float16",
  // "mixed_bfloat16"; InvalidArgument naming the known ones otherwise.
  static StatusOr<Policy> Named(const std::string& name);

  const std::string& name() const { return name_; }
  DataType compute_dtype() const { return compute_; }
  DataType variable_dtype() const { return variable_; }
  // Compute narrower than the variables (a mixed_* policy).
  bool mixed() const { return compute_ != variable_; }

 private:
  Policy(std::string name, DataType compute, DataType variable)
      : name_(std::move(name)), compute_(compute), variable_(variable) {}

  std::string name_;
  DataType compute_, variable_;
};

// The policy layers made from now on take ("float32" until set).
Status SetGlobalPolicy(const std::string& name);
Policy GlobalPolicy();

// Whether `dtype` is a floating type a policy casts (16/32/64-bit floats).
bool IsPolicyFloat(DataType dtype);

}  // namespace keras
}  // namespace kiln

#endif  // KILN_FRONTEND_KERAS_POLICY_H_
