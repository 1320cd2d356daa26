// GradientTape: TensorFlow's tape API over the graph being built. The tape
// records the ops built from its construction until StopRecording (or until
// it is destroyed); Gradient differentiates only through recorded ops, with
// respect to watched tensors and variables' handles (watched automatically,
// as trainable variables are). Tapes nest: an outer tape records the
// gradient ops an inner one builds, which gives second derivatives.
//
//   GradientTape outer(root);
//   outer.Watch(x);
//   GradientTape inner(root);
//   inner.Watch(x);
//   Output y = ops::Mul(root, x, ops::Mul(root, x, x));       // x^3
//   OutputList dy, d2y;
//   KILN_RETURN_IF_ERROR(inner.Gradient(y, {x}, &dy));        // 3x^2
//   KILN_RETURN_IF_ERROR(outer.Gradient(dy[0], {x}, &d2y));   // 6x
#ifndef KILN_FRONTEND_GRADIENTS_GRADIENT_TAPE_H_
#define KILN_FRONTEND_GRADIENTS_GRADIENT_TAPE_H_

#include <set>
#include <string>
#include <utility>

#include "frontend/gradients/gradients.h"
#include "frontend/output.h"
#include "frontend/scope.h"

namespace kiln {

class GradientTape {
 public:
  // Starts recording ops built in `scope`'s graph. A persistent tape allows
  // several Gradient calls; otherwise the second is an error, as in
  // TensorFlow.
  explicit GradientTape(const Scope& scope, bool persistent = false);

  void Watch(const Output& x);
  void Watch(const OutputList& xs);
  // Ops built after this are not recorded.
  void StopRecording();

  // d target / d sources. A source that is neither watched nor a resource
  // (a variable's handle), or that target does not depend on through
  // recorded ops, gets an invalid Output (TensorFlow's None).
  // `output_gradient` (optional) weights the target, as grad_ys does.
  Status Gradient(const Output& target, const OutputList& sources,
                  OutputList* grads, const Output& output_gradient = Output());

 private:
  bool Watched(const Output& x) const;

  Scope scope_;
  int start_;
  int stop_ = -1;  // -1: still recording
  bool persistent_;
  bool used_ = false;
  std::set<std::pair<std::string, int>> watched_;
};

}  // namespace kiln

#endif  // KILN_FRONTEND_GRADIENTS_GRADIENT_TAPE_H_
