//===- CompileStages.h - The compiler's stages, in order --------*- C++ -*-===//
//
// One driver for the stages a graph goes through, so kiln-dump's --after,
// the CPU compiler and tests all run the same passes:
//   cleanup   prune, fold, canonicalize, CSE, refine shapes
//   fusion    decompose composites, fuse matmul+bias+activation, form fusions
//   lowering  annotate fusions for the executor, outline them as kernels in
//             @kiln_kernels, lower kernel bodies to linalg
//   llvm      kernels bufferized and lowered to the LLVM dialect
//
//===----------------------------------------------------------------------===//
#ifndef KILN_COMPILER_COMPILESTAGES_H
#define KILN_COMPILER_COMPILESTAGES_H

#include <string>
#include <vector>

#include "mlir/IR/BuiltinOps.h"
#include "runtime/exec/graph_compiler.h"

namespace kiln::compiler {

/// The stage names, in order.
const std::vector<std::string> &compileStageNames();

/// Runs every stage up to and including `stage` on `module` (its graph
/// function is @main). Diagnostics go to the context's handler.
/// Runs the stages from `first` through `last` (inclusive) on `module`.
mlir::LogicalResult runStagesBetween(mlir::ModuleOp module,
                                     const std::string &first,
                                     const std::string &last,
                                     const kiln::CompileOptions &options);

mlir::LogicalResult runStagesThrough(mlir::ModuleOp module,
                                     const std::string &stage,
                                     const kiln::CompileOptions &options);

} // namespace kiln::compiler

#endif // KILN_COMPILER_COMPILESTAGES_H
