// Symbolic gradients: adds the ops computing d(sum of ys * grad_ys)/d xs to
// the graph (TensorFlow's tf.gradients / AddSymbolicGradients). The
// gradients are ordinary ops, so they can be differentiated again.
//
//   Scope root = Scope::NewRootScope();
//   auto x = ops::Placeholder(root.WithOpName("x"), DT_FLOAT, Shape::Of({3}));
//   auto y = ops::Sum(root, ops::Square(root, x), 0);
//   OutputList dx;
//   KILN_RETURN_IF_ERROR(Gradients(root, {y}, {x}, &dx));   // 2x
//   OutputList ddx;
//   KILN_RETURN_IF_ERROR(Gradients(root, {dx[0]}, {x}, &ddx));  // 2
//
// A gradient with respect to a variable's handle (VarHandleOp's output) is
// the sum over the ReadVariableOps that read it. xs that ys do not depend
// on, or only through integer tensors or ops without gradients (ArgMax,
// comparisons, StopGradient), get an invalid Output (TensorFlow's None), or
// zeros with UnconnectedGradients::kZero. Ops built go under
// "<scope>/gradients/<node>_grad/".
#ifndef KILN_FRONTEND_GRADIENTS_GRADIENTS_H_
#define KILN_FRONTEND_GRADIENTS_GRADIENTS_H_

#include <functional>

#include "frontend/output.h"
#include "frontend/scope.h"
#include "runtime/base/status.h"

namespace kiln {

enum class UnconnectedGradients { kNone, kZero };

struct GradientsOptions {
  // One per y (default: ones like y, i.e. the gradient of sum(y)).
  OutputList grad_ys;
  UnconnectedGradients unconnected = UnconnectedGradients::kNone;
  // When set, only nodes it accepts (by creation index) pass gradients on;
  // GradientTape records with it.
  std::function<bool(int node_index)> recorded;
};

// Errors (Status and the scope's status): an invalid or foreign y or x, a
// grad_y whose dtype or shape differs from its y, an op on the path with no
// registered gradient ("no gradient is registered for op 'X' (node 'n')"),
// a gradient function that cannot build (naming the node).
Status Gradients(const Scope& scope, const OutputList& ys, const OutputList& xs,
                 OutputList* grad_xs, const GradientsOptions& options = {});

}  // namespace kiln

#endif  // KILN_FRONTEND_GRADIENTS_GRADIENTS_H_
