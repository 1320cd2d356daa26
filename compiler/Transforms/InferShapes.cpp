//===- InferShapes.cpp - Refine result types from shape functions ---------===//
#include "compiler/Passes.h"
#include "compiler/Transforms/KilnOpBuilding.h"

#include "ir/Dialect/DataTypes.h"

#include "mlir/IR/TypeUtilities.h"
#include "mlir/Interfaces/InferTypeOpInterface.h"

namespace kiln::compiler {
#define GEN_PASS_DEF_INFERSHAPESPASS
#include "compiler/Passes.h.inc"
} // namespace kiln::compiler

using namespace mlir;

namespace kiln::compiler {
namespace {

/// Refines one op's results; returns true when a type changed.
bool refineOp(InferTypeOpInterface op) {
  SmallVector<Type> inferred;
  if (failed(op.inferReturnTypes(op->getContext(), op->getLoc(),
                                 op->getOperands(), op->getAttrDictionary(),
                                 op->getPropertiesStorage(), op->getRegions(),
                                 inferred)) ||
      inferred.size() != op->getNumResults())
    return false;
  bool changed = false;
  for (auto [result, type] : llvm::zip(op->getResults(), inferred)) {
    // The inferred element type is the result's in verified IR.
    Type refined = ir::refineType(result.getType(), type);
    if (refined != result.getType()) {
      result.setType(refined);
      changed = true;
    }
  }
  return changed;
}

struct InferShapesPass : impl::InferShapesPassBase<InferShapesPass> {
  void runOnOperation() override {
    func::FuncOp func = getOperation();
    bool changed = false;
    func.walk([&](InferTypeOpInterface op) { changed |= refineOp(op); });
    if (!changed)
      return markAllAnalysesPreserved();
    syncResultTypes(func);
  }
};

} // namespace
} // namespace kiln::compiler
