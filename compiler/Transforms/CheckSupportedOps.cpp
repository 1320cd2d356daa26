//===- CheckSupportedOps.cpp - Reject ops Kiln cannot compile -------------===//
#include "compiler/Passes.h"

namespace kiln::compiler {
#define GEN_PASS_DEF_CHECKSUPPORTEDOPSPASS
#include "compiler/Passes.h.inc"
} // namespace kiln::compiler

using namespace mlir;

namespace kiln::compiler {
namespace {

struct CheckSupportedOpsPass
    : impl::CheckSupportedOpsPassBase<CheckSupportedOpsPass> {
  void runOnOperation() override {
    bool unsupported = false;
    getOperation().walk([&](ir::OpaqueOp op) {
      op.emitError() << "TensorFlow op '" << op.getOpType()
                     << "' is not supported by Kiln's compiler";
      unsupported = true;
    });
    // Loops and branches outside a kiln.fusion are host control flow.
    getOperation().walk([&](Operation *op) {
      if (!isa<scf::WhileOp, scf::IfOp>(op) ||
          !isa<func::FuncOp>(op->getParentOp()))
        return;
      op->emitError() << (isa<scf::WhileOp>(op) ? "while loop" : "cond")
                      << " cannot be compiled into a kernel (its body has "
                         "ops the kernel generator does not lower, or its "
                         "shapes cannot be followed)";
      unsupported = true;
    });
    if (unsupported)
      signalPassFailure();
  }
};

} // namespace
} // namespace kiln::compiler
