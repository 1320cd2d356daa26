// Optimizer: builds the ops that apply gradients to variables, so that a
// train step (forward, backward, update) compiles into one executable. Slots
// (momentum, Adam's moments, ...) are Variables created on first use, as
// are the step counter and the learning rate; all are variables() of the
// optimizer, so they are initialized, saved and restored with the model.
//
//   Adam adam({.learning_rate = 1e-3});
//   KILN_ASSIGN_OR_RETURN(Operation train_op,
//       adam.ApplyGradients(root.WithOpName("train"), {{dw, w}, {db, b}}));
//   adam.Initialize(session->variables());
//   ... session->Run(feeds, {"loss"}, {"train"}, &out);
//
// Each variable gets exactly one assignment per step, computed from values
// read before any assignment (Kiln's runs stage writes until they end).
// Clipping follows Keras: clipvalue clips each element, clipnorm scales
// each gradient to at most that L2 norm, global_clipnorm scales all of them
// together.
#ifndef KILN_FRONTEND_TRAIN_OPTIMIZER_H_
#define KILN_FRONTEND_TRAIN_OPTIMIZER_H_

#include <map>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "frontend/output.h"
#include "frontend/scope.h"
#include "frontend/train/schedules.h"
#include "frontend/variables/variable.h"
#include "runtime/exec/variable_store.h"

namespace kiln {

struct OptimizerOptions {
  double learning_rate = 0.01;
  // When set, Model::Fit sets the learning rate to schedule(step) before
  // each step (learning_rate is then ignored).
  LearningRateSchedule schedule;
  std::optional<double> clipnorm, clipvalue, global_clipnorm;
};

using GradsAndVars = std::vector<std::pair<Output, Variable>>;

class Optimizer {
 public:
  virtual ~Optimizer() = default;

  // The update of every (gradient, variable) pair (pairs with an invalid
  // gradient are skipped) and of the step counter, grouped by a NoOp named
  // by `scope`. With `apply_if` (a bool scalar), a step where it is false
  // changes nothing: variables, slots and the counter keep their values
  // (loss scaling skips steps whose gradients overflowed).
  StatusOr<Operation> ApplyGradients(const Scope& scope,
                                     const GradsAndVars& grads_and_vars,
                                     const Output& apply_if = Output());

  // The counter, the learning rate and every slot, once built.
  std::vector<Variable> variables() const;
  void Initialize(VariableStore& store) const;

  // The learning rate the next step uses; SetLearningRate writes it into
  // `store` (a schedule or callback changes it between steps).
  double learning_rate() const { return learning_rate_; }
  void SetLearningRate(double lr, VariableStore& store);
  // Steps applied so far, as the store holds it.
  static int64_t Iterations(const Variable& counter,
                            const VariableStore& store);
  const Variable& iterations() const { return iterations_; }
  const std::string& name() const { return name_; }
  const LearningRateSchedule& schedule() const { return options_.schedule; }

 protected:
  Optimizer(std::string name, OptimizerOptions options);

  // What one variable's update may use.
  struct Step {
    Output lr;  // the learning rate, in the variable's dtype
    Output t;   // the step number (1 for the first), in the variable's dtype
  };
  // The variable's new value, given its gradient and current value; slot
  // assignments go to `updates`.
  virtual StatusOr<Output> Update(const Scope& s, const Output& grad,
                                  const Variable& var, const Output& value,
                                  const Step& step,
                                  std::vector<Operation>* updates) = 0;
  // The slot `slot` of `var`, created on first use with `initial_value`.
  StatusOr<Variable> Slot(const Scope& s, const Variable& var,
                          const std::string& slot, double initial_value);
  // var := value, or var unchanged where ApplyGradients' `apply_if` is
  // false: every assignment of an update goes through here.
  Operation Assign(const Scope& s, const Variable& var,
                   const Output& value) const;

 private:
  StatusOr<GradsAndVars> Clip(const Scope& s, const GradsAndVars& in) const;
  Status BuildState(const Scope& s);

  std::string name_;
  OptimizerOptions options_;
  double learning_rate_;
  Variable iterations_;                    // int64 scalar
  Variable lr_variable_;                   // float scalar
  std::map<std::string, Variable> slots_;  // "<var>/<slot>"
  Output apply_if_;  // during ApplyGradients: its `apply_if`
};

}  // namespace kiln

#endif  // KILN_FRONTEND_TRAIN_OPTIMIZER_H_
