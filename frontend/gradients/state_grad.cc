// Gradients of the graph's plumbing: Identity and ReadVariableOp pass the
// gradient through (to the variable's handle for ReadVariableOp); sources,
// handles, assignments and StopGradient have none.
#include "frontend/gradients/registry.h"

namespace kiln {
namespace {

Status PassThrough(const Scope& s, const GradOp&, const OutputList& dy,
                   OutputList* dx) {
  dx->push_back(dy[0]);
  return s.status();
}

}  // namespace

void RegisterStateGradients(GradientRegistry& r) {
  r.Register("Identity", PassThrough);
  r.Register("ReadVariableOp", PassThrough);
  for (const char* op :
       {"Placeholder", "Const", "NoOp", "StopGradient", "VarHandleOp",
        "AssignVariableOp", "AssignAddVariableOp", "AssignSubVariableOp"}) {
    r.RegisterNoGradient(op);
  }
}

}  // namespace kiln
