//===- FusionDims.h - Symbolic dims of a kiln.fusion ------------*- C++ -*-===//
//
// What the executor must know to run a fusion's kernel without MLIR: each
// result dim as a constant or as a dim of an argument, the `?` dims the
// generated code assumes equal (NumPy broadcasting of two unknown dims), and
// whether the kernel may be split along dim 0 over threads (every op keeps
// rows independent).
//
//===----------------------------------------------------------------------===//
#ifndef KILN_COMPILER_ANALYSIS_FUSIONDIMS_H
#define KILN_COMPILER_ANALYSIS_FUSIONDIMS_H

#include "ir/Dialect/KilnDialect.h"
#include "llvm/ADT/SmallVector.h"

namespace kiln::compiler {

/// A result dim: `constant` when `arg < 0`, else dim `dim` of argument `arg`.
struct DimSource {
  int64_t constant = 0;
  int arg = -1;
  int dim = 0;
};

/// Argument dim (argA, dimA) must equal argument dim (argB, dimB), or the
/// constant dimB when argB < 0.
struct DimEquality {
  int argA, dimA, argB, dimB;
};

struct FusionDims {
  llvm::SmallVector<llvm::SmallVector<DimSource>> results;
  llvm::SmallVector<DimEquality> equalities;
  /// Per argument then per result; empty when the kernel must run whole.
  llvm::SmallVector<bool> split;
};

/// Analyzes `fusion`; fails (with a diagnostic at the offending op) when a
/// body op's shape cannot be followed.
mlir::FailureOr<FusionDims> analyzeFusionDims(ir::FusionOp fusion);

} // namespace kiln::compiler

#endif // KILN_COMPILER_ANALYSIS_FUSIONDIMS_H
