// Optimizer: the state every optimizer keeps (step counter, learning rate,
// slots), gradient clipping, and the grouping of the updates.
#include "frontend/train/optimizer.h"

#include <cmath>

#include "frontend/gradients/grad_helpers.h"
#include "frontend/ops/ops.h"

namespace kiln {
namespace {

Output Cast(const Scope& s, const Output& x, DataType dtype) {
  return x.dtype() == dtype ? x : ops::Cast(s, x, dtype);
}

// Sum of squares of every element of `g`, as a float scalar.
Output SquaredNorm(const Scope& s, const Output& g) {
  Output flat = ops::Reshape(s, g, {-1});
  return Cast(s, ops::Sum(s, ops::Square(s, flat), 0), DT_FLOAT);
}

// g * clip / max(norm, clip).
Output ScaleToNorm(const Scope& s, const Output& g, const Output& norm,
                   double clip) {
  Output c = ops::Const(s, static_cast<float>(clip));
  Output factor = ops::RealDiv(s, c, ops::Maximum(s, norm, c));
  return ops::Mul(s, g, Cast(s, factor, g.dtype()));
}

}  // namespace

Optimizer::Optimizer(std::string name, OptimizerOptions options)
    : name_(std::move(name)),
      options_(options),
      learning_rate_(options.learning_rate) {}

Status Optimizer::BuildState(const Scope& s) {
  if (iterations_.valid()) return OkStatus();
  KILN_ASSIGN_OR_RETURN(
      iterations_,
      Variable::Create(s.WithOpName("iterations"), DT_INT64, Shape::Scalar(),
                       initializers::Zeros(), 0, /*trainable=*/false));
  KILN_ASSIGN_OR_RETURN(
      lr_variable_,
      Variable::Create(s.WithOpName("learning_rate"), DT_FLOAT, Shape::Scalar(),
                       initializers::Constant(learning_rate_), 0,
                       /*trainable=*/false));
  return OkStatus();
}

StatusOr<Variable> Optimizer::Slot(const Scope& s, const Variable& var,
                                   const std::string& slot,
                                   double initial_value) {
  const std::string key = var.name() + "/" + slot;
  auto it = slots_.find(key);
  if (it != slots_.end()) return it->second;
  KILN_ASSIGN_OR_RETURN(
      Variable v, Variable::Create(s.WithOpName(key), var.dtype(), var.shape(),
                                   initializers::Constant(initial_value), 0,
                                   /*trainable=*/false));
  slots_[key] = v;
  return v;
}

StatusOr<GradsAndVars> Optimizer::Clip(const Scope& s,
                                       const GradsAndVars& in) const {
  GradsAndVars out = in;
  for (auto& [g, v] : out) {
    if (options_.clipvalue) {
      Output c = grad::Scalar(s, *options_.clipvalue, g);
      g = ops::Minimum(s, ops::Maximum(s, g, ops::Neg(s, c)), c);
    }
    if (options_.clipnorm) {
      g = ScaleToNorm(s, g, ops::Sqrt(s, SquaredNorm(s, g)),
                      *options_.clipnorm);
    }
  }
  if (options_.global_clipnorm && !out.empty()) {
    Output total = SquaredNorm(s, out[0].first);
    for (size_t i = 1; i < out.size(); ++i) {
      total = ops::AddV2(s, total, SquaredNorm(s, out[i].first));
    }
    Output norm = ops::Sqrt(s, total);
    for (auto& [g, v] : out) {
      g = ScaleToNorm(s, g, norm, *options_.global_clipnorm);
    }
  }
  KILN_RETURN_IF_ERROR(s.status());
  return out;
}

Operation Optimizer::Assign(const Scope& s, const Variable& var,
                            const Output& value) const {
  if (!apply_if_.valid()) return var.Assign(s, value);
  return var.Assign(s, ops::SelectV2(s, apply_if_, value, var.Read(s)));
}

StatusOr<Operation> Optimizer::ApplyGradients(
    const Scope& scope, const GradsAndVars& grads_and_vars,
    const Output& apply_if) {
  const Scope s = scope.NewSubScope(name_);
  KILN_RETURN_IF_ERROR(BuildState(s));
  apply_if_ = apply_if;
  struct Reset {
    Output* gate;
    ~Reset() { *gate = Output(); }
  } reset{&apply_if_};
  GradsAndVars pairs;
  for (const auto& [g, v] : grads_and_vars) {
    if (g.valid()) pairs.emplace_back(g, v);
  }
  KILN_ASSIGN_OR_RETURN(pairs, Clip(s, pairs));
  // The step number, read once: every update and the counter use it.
  Output t = ops::AddV2(s, iterations_.Read(s), int64_t{1});
  std::vector<Operation> updates = {Assign(s, iterations_, t)};
  Output lr = lr_variable_.Read(s);
  for (const auto& [g, var] : pairs) {
    const Scope vs = s.NewSubScope(var.name());
    Step step{Cast(vs, lr, var.dtype()), Cast(vs, t, var.dtype())};
    KILN_ASSIGN_OR_RETURN(
        Output value, Update(vs, Cast(vs, g, var.dtype()), var, var.Read(vs),
                             step, &updates));
    updates.push_back(Assign(vs, var, value));
  }
  KILN_RETURN_IF_ERROR(s.status());
  return ops::NoOp(scope.WithControlDependencies(updates));
}

std::vector<Variable> Optimizer::variables() const {
  std::vector<Variable> vars;
  if (!iterations_.valid()) return vars;
  vars = {iterations_, lr_variable_};
  for (const auto& [key, v] : slots_) vars.push_back(v);
  return vars;
}

void Optimizer::Initialize(VariableStore& store) const {
  for (const Variable& v : variables()) v.Initialize(store);
  if (lr_variable_.valid()) {
    store.Set(lr_variable_.name(),
              Tensor::Scalar(static_cast<float>(learning_rate_)).value());
  }
}

void Optimizer::SetLearningRate(double lr, VariableStore& store) {
  learning_rate_ = lr;
  if (lr_variable_.valid()) {
    store.Set(lr_variable_.name(),
              Tensor::Scalar(static_cast<float>(lr)).value());
  }
}

int64_t Optimizer::Iterations(const Variable& counter,
                              const VariableStore& store) {
  StatusOr<Tensor> t = store.Read(counter.name());
  return t.ok() && t->data<int64_t>() ? t->data<int64_t>()[0] : 0;
}

}  // namespace kiln
