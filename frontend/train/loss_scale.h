// DynamicLossScale: Keras' LossScaleOptimizer's dynamic loss scaling for
// float16 training. The loss is multiplied by a scale (2^15 to start) so
// small gradients survive float16; the gradients are divided by it again;
// a step whose gradients hold an infinity or NaN is skipped (the optimizer
// applies nothing) and halves the scale, and every `growth_steps` finite
// steps in a row double it.
//
//   DynamicLossScale scale;
//   KILN_ASSIGN_OR_RETURN(Output scaled, scale.Scale(s, loss));
//   ... Gradients(s, {scaled}, xs, &grads) ...
//   KILN_ASSIGN_OR_RETURN(auto unscaled, scale.Unscale(s, grads));
//   optimizer.ApplyGradients(s, pairs_of(unscaled.grads), unscaled.finite);
//   Operation update = scale.Update(s, unscaled.finite);
#ifndef KILN_FRONTEND_TRAIN_LOSS_SCALE_H_
#define KILN_FRONTEND_TRAIN_LOSS_SCALE_H_

#include <cstdint>
#include <vector>

#include "frontend/output.h"
#include "frontend/scope.h"
#include "frontend/variables/variable.h"

namespace kiln {

struct LossScaleOptions {
  double initial_scale = 32768;  // 2^15, Keras' default
  int64_t growth_steps = 2000;   // finite steps before the scale doubles
};

class DynamicLossScale {
 public:
  explicit DynamicLossScale(LossScaleOptions options = {})
      : options_(options) {}

  // loss * scale (the variables are made on first use, under `s`).
  StatusOr<Output> Scale(const Scope& s, const Output& loss);

  struct Unscaled {
    OutputList grads;  // each divided by the scale (invalid ones stay)
    Output finite;     // bool scalar: no infinity or NaN in any of them
  };
  StatusOr<Unscaled> Unscale(const Scope& s, const OutputList& grads) const;

  // The scale's and the counter's next values after a step with `finite`.
  Operation Update(const Scope& s, const Output& finite) const;

  // The scale (float32) and the count of finite steps in a row (int64).
  std::vector<Variable> variables() const { return {scale_, good_steps_}; }
  void Initialize(VariableStore& store) const;
  // The scale the store holds now.
  double CurrentScale(const VariableStore& store) const;

 private:
  LossScaleOptions options_;
  Variable scale_, good_steps_;
};

}  // namespace kiln

#endif  // KILN_FRONTEND_TRAIN_LOSS_SCALE_H_
