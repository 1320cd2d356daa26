// GradientRegistry: one gradient function per differentiable op of Kiln's op
// table, or an explicit mark that the op has none (comparisons, shapes,
// variables' handles). A test checks that every op in the table has one or
// the other.
//
//   const GradientRegistry& r = GradientRegistry::Global();
//   KILN_ASSIGN_OR_RETURN(GradFunc fn, r.Lookup("Tanh"));  // null: none
#ifndef KILN_FRONTEND_GRADIENTS_REGISTRY_H_
#define KILN_FRONTEND_GRADIENTS_REGISTRY_H_

#include <map>
#include <string>

#include "frontend/gradients/grad_op.h"
#include "frontend/output.h"
#include "frontend/scope.h"
#include "runtime/base/status.h"

namespace kiln {

// Builds the gradients of `op`'s data inputs from `dy`, the gradients of its
// outputs (an invalid Output where an output got none; at least one is
// valid). Appends one Output per data input to `dx`, invalid for an input
// that gets no gradient. Ops go through `scope`, whose status is the error.
using GradFunc = Status (*)(const Scope& scope, const GradOp& op,
                            const OutputList& dy, OutputList* dx);

class GradientRegistry {
 public:
  // The registry with every gradient of frontend/gradients/*_grad.cc.
  static const GradientRegistry& Global();

  void Register(const std::string& op, GradFunc fn);
  void RegisterNoGradient(const std::string& op);

  // The op's gradient function, null when it is marked as having none;
  // NotFound when the op has neither.
  StatusOr<GradFunc> Lookup(const std::string& op) const;
  bool Knows(const std::string& op) const { return funcs_.count(op) > 0; }

 private:
  std::map<std::string, GradFunc> funcs_;  // null: no gradient
};

// The families' registrations (one file each), called by Global().
void RegisterMathGradients(GradientRegistry& r);
void RegisterArrayGradients(GradientRegistry& r);
void RegisterNNGradients(GradientRegistry& r);
void RegisterBatchNormGradients(GradientRegistry& r);
void RegisterConvGradients(GradientRegistry& r);
void RegisterIndexingGradients(GradientRegistry& r);
void RegisterStateGradients(GradientRegistry& r);

}  // namespace kiln

#endif  // KILN_FRONTEND_GRADIENTS_REGISTRY_H_
