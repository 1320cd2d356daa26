//===- Passes.td - Kiln's compiler passes ------------------*- tablegen -*-===//
#ifndef KILN_COMPILER_PASSES_TD
#define KILN_COMPILER_PASSES_TD

include "mlir/Pass/PassBase.td"

//===----------------------------------------------------------------------===//
// Cleanup
//===----------------------------------------------------------------------===//

def PruneToFetchesPass : Pass<"kiln-prune-to-fetches", "mlir::func::FuncOp"> {
  let summary = "Keep only the ops the function's results need";
  let description = [{
    TensorFlow's pruning: an op stays when a returned value (a fetch, or a
    target's control token) depends on it through data or control edges;
    every other op goes, stateful ones included, as a Session run never
    executes nodes its fetches and targets do not reach. Arguments stay.
  }];
}

def FoldConstantsPass : Pass<"kiln-fold-constants", "mlir::func::FuncOp"> {
  let summary = "Evaluate ops whose inputs are all constants";
  let description = [{
    An op of the table that is not stateful, whose data operands are all
    kiln.Const and whose results are small (`max-elements`), is evaluated
    with the runtime's reference kernels and replaced by kiln.Const ops at
    its location; its control operands move to the new constants, as
    TensorFlow's constant folding keeps them. Repeats until nothing folds.
  }];
  let options = [
    Option<"maxElements", "max-elements", "int64_t", "1 << 20",
           "Largest result (in elements) that is folded">,
  ];
}

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

def CheckSupportedOpsPass : Pass<"kiln-check-supported-ops", "mlir::ModuleOp"> {
  let summary = "Reject ops the compiler cannot compile, naming their nodes";
  let description = [{
    The importer keeps TensorFlow ops Kiln does not know as `kiln.opaque` so
    that any graph can be shown and exported; compiling is where they stop.
    Reports every such op at its node's location and fails.
  }];
}

#endif // KILN_COMPILER_PASSES_TD
