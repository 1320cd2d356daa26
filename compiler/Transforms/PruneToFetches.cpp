//===- PruneToFetches.cpp - Drop ops no fetch or target needs -------------===//
#include "compiler/Passes.h"

#include "llvm/ADT/SetVector.h"

namespace kiln::compiler {
#define GEN_PASS_DEF_PRUNETOFETCHESPASS
#include "compiler/Passes.h.inc"
} // namespace kiln::compiler

using namespace mlir;

namespace kiln::compiler {
namespace {

/// Ops the terminator reaches backwards through operands (data and control).
llvm::SetVector<Operation *> neededOps(Block &body) {
  llvm::SetVector<Operation *> needed;
  SmallVector<Operation *> work = {body.getTerminator()};
  while (!work.empty()) {
    Operation *op = work.pop_back_val();
    for (Value operand : op->getOperands())
      if (Operation *producer = operand.getDefiningOp())
        if (needed.insert(producer))
          work.push_back(producer);
  }
  return needed;
}

struct PruneToFetchesPass : impl::PruneToFetchesPassBase<PruneToFetchesPass> {
  void runOnOperation() override {
    Block &body = getOperation().getBody().front();
    llvm::SetVector<Operation *> needed = neededOps(body);
    // Consumers come after producers: erase from the end.
    for (Operation &op : llvm::make_early_inc_range(llvm::reverse(body)))
      if (&op != body.getTerminator() && !needed.contains(&op))
        op.erase();
  }
};

} // namespace
} // namespace kiln::compiler
