//===- InferShapes.cpp - Refine result types from shape functions ---------===//
#include "compiler/Passes.h"
#include "compiler/Transforms/KilnOpBuilding.h"

#include "mlir/Interfaces/InferTypeOpInterface.h"

namespace kiln::compiler {
#define GEN_PASS_DEF_INFERSHAPESPASS
#include "compiler/Passes.h.inc"
} // namespace kiln::compiler

using namespace mlir;

namespace kiln::compiler {
namespace {

struct InferShapesPass : impl::InferShapesPassBase<InferShapesPass> {
  void runOnOperation() override {
    func::FuncOp func = getOperation();
    bool changed = false;
    func.walk(
        [&](InferTypeOpInterface op) { changed |= refineResultTypes(op); });
    if (!changed)
      return markAllAnalysesPreserved();
    syncResultTypes(func);
  }
};

} // namespace
} // namespace kiln::compiler
