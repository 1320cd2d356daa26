//===- FusibleOps.h - Which ops the kernel generator compiles ---*- C++ -*-===//
//
// The one list shared by kiln-form-fusions (which clusters these ops) and
// the lowering of kiln.fusion bodies to linalg (which must lower every one).
//
//===----------------------------------------------------------------------===//
#ifndef KILN_COMPILER_ANALYSIS_FUSIBLEOPS_H
#define KILN_COMPILER_ANALYSIS_FUSIBLEOPS_H

#include <optional>

#include "mlir/IR/Operation.h"

namespace kiln::compiler {

/// The kind of loop nest an op becomes.
enum class FusibleKind {
  NotFusible,
  Elementwise, ///< unary/binary/ternary with NumPy broadcasting, Cast, fills
  Reduction,   ///< Sum/Mean/Max/Min/Prod/ArgMax over constant axes
  Transpose,   ///< Transpose with a constant permutation
  Generator,   ///< OneHot (constant depth), Fill (constant dims)
};

/// What kind of fusible op `op` is: an op of the list, without control
/// operands or a used control result, whose tensors are ranked with an
/// element type the generator handles (f32, f64, i32, i64, ui8, i1), and
/// whose shape-like operands (axes, perm, depth, dims) are kiln.Const.
FusibleKind classifyFusible(mlir::Operation *op);

inline bool isFusible(mlir::Operation *op) {
  return classifyFusible(op) != FusibleKind::NotFusible;
}

/// The operand positions of `op` that must be constants (reduction axes,
/// Transpose's perm, OneHot's depth/on/off values, Fill's dims); they are
/// cloned into a fusion's region rather than passed in.
llvm::SmallVector<unsigned> constantOperandPositions(mlir::Operation *op);

/// The values of `value` when a kiln.Const with integer elements defines it
/// (unsigned elements zero-extended), else std::nullopt.
std::optional<llvm::SmallVector<int64_t>> constantIntValues(mlir::Value value);

} // namespace kiln::compiler

#endif // KILN_COMPILER_ANALYSIS_FUSIBLEOPS_H
