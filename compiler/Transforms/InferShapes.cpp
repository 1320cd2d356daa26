//===- InferShapes.cpp - Refine result types from shape functions ---------===//
#include "compiler/Passes.h"

#include "mlir/IR/TypeUtilities.h"
#include "mlir/Interfaces/InferTypeOpInterface.h"

namespace kiln::compiler {
#define GEN_PASS_DEF_INFERSHAPESPASS
#include "compiler/Passes.h.inc"
} // namespace kiln::compiler

using namespace mlir;

namespace kiln::compiler {
namespace {

/// The more precise of two compatible types; `current` when incompatible.
Type refine(Type current, Type inferred) {
  auto a = dyn_cast<TensorType>(current);
  auto b = dyn_cast<TensorType>(inferred);
  if (!a || !b || a.getElementType() != b.getElementType() ||
      failed(verifyCompatibleShape(a, b)) || !b.hasRank())
    return current;
  if (!a.hasRank())
    return b;
  SmallVector<int64_t> dims;
  for (auto [x, y] : llvm::zip(a.getShape(), b.getShape()))
    dims.push_back(ShapedType::isDynamic(x) ? y : x);
  return RankedTensorType::get(dims, a.getElementType());
}

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
    Type refined = refine(result.getType(), type);
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
    func.walk([&](func::ReturnOp ret) {
      func.setFunctionType(FunctionType::get(
          func.getContext(), func.getArgumentTypes(), ret.getOperandTypes()));
    });
  }
};

} // namespace
} // namespace kiln::compiler
