// Keras' optimizers, with Keras' defaults and update rules:
//   SGD      v = momentum v - lr g; w += v  (nesterov: w += momentum v - lr g)
//   Adam     m = b1 m + (1-b1) g; v = b2 v + (1-b2) g^2;
//            w -= lr sqrt(1-b2^t)/(1-b1^t) m / (sqrt(v) + eps)
//   AdamW    Adam, and w -= lr weight_decay w (from the same read of w)
//   RMSprop  a = rho a + (1-rho) g^2 (centered: minus the mean gradient^2);
//            d = lr g / sqrt(a + eps); with momentum: m = momentum m + d
//   Adagrad  a += g^2 (a starts at 0.1); w -= lr g / sqrt(a + eps)
#ifndef KILN_FRONTEND_TRAIN_OPTIMIZERS_H_
#define KILN_FRONTEND_TRAIN_OPTIMIZERS_H_

#include "frontend/train/optimizer.h"

namespace kiln {

struct SGDOptions : OptimizerOptions {
  double momentum = 0;
  bool nesterov = false;
};
class SGD : public Optimizer {
 public:
  explicit SGD(SGDOptions options = {});

 private:
  StatusOr<Output> Update(const Scope& s, const Output& grad,
                          const Variable& var, const Output& value,
                          const Step& step,
                          std::vector<Operation>* updates) override;
  SGDOptions options_;
};

struct AdamOptions : OptimizerOptions {
  AdamOptions() { learning_rate = 0.001; }
  double beta_1 = 0.9, beta_2 = 0.999, epsilon = 1e-7;
  double weight_decay = 0;  // AdamW's decoupled decay (AdamW: 0.004)
};
class Adam : public Optimizer {
 public:
  explicit Adam(AdamOptions options = {});

 protected:
  Adam(std::string name, AdamOptions options);

 private:
  StatusOr<Output> Update(const Scope& s, const Output& grad,
                          const Variable& var, const Output& value,
                          const Step& step,
                          std::vector<Operation>* updates) override;
  AdamOptions options_;
};
class AdamW : public Adam {
 public:
  // weight_decay defaults to Keras' 0.004 when options leave it at 0.
  explicit AdamW(AdamOptions options = {});
};

struct RMSpropOptions : OptimizerOptions {
  RMSpropOptions() { learning_rate = 0.001; }
  double rho = 0.9, momentum = 0, epsilon = 1e-7;
  bool centered = false;
};
class RMSprop : public Optimizer {
 public:
  explicit RMSprop(RMSpropOptions options = {});

 private:
  StatusOr<Output> Update(const Scope& s, const Output& grad,
                          const Variable& var, const Output& value,
                          const Step& step,
                          std::vector<Operation>* updates) override;
  RMSpropOptions options_;
};

struct AdagradOptions : OptimizerOptions {
  AdagradOptions() { learning_rate = 0.001; }
  double initial_accumulator_value = 0.1, epsilon = 1e-7;
};
class Adagrad : public Optimizer {
 public:
  explicit Adagrad(AdagradOptions options = {});

 private:
  StatusOr<Output> Update(const Scope& s, const Output& grad,
                          const Variable& var, const Output& value,
                          const Step& step,
                          std::vector<Operation>* updates) override;
  AdagradOptions options_;
};

}  // namespace kiln

#endif  // KILN_FRONTEND_TRAIN_OPTIMIZERS_H_
