//===- Passes.td - Kiln's compiler passes ------------------*- tablegen -*-===//
#ifndef KILN_COMPILER_PASSES_TD
#define KILN_COMPILER_PASSES_TD

include "mlir/Pass/PassBase.td"

//===----------------------------------------------------------------------===//
// Cleanup
//===----------------------------------------------------------------------===//

def InferShapesPass : Pass<"kiln-infer-shapes", "mlir::func::FuncOp"> {
  let summary = "Refine result types with each op's shape function";
  let description = [{
    Walks the function in order and replaces every kiln op's result types
    by the op table's inference where that is more precise (a `?` dim or an
    unranked tensor becomes known), then updates the function's result
    types. Types are never made less precise.
  }];
  let dependentDialects = ["::kiln::ir::KilnDialect"];
}

#endif // KILN_COMPILER_PASSES_TD
