//===- KilnOpBuilding.h - Building kiln ops inside passes -------*- C++ -*-===//
//
// Small helpers the fusion passes share: kiln ops built generically with the
// op table's result types, constants, control-edge checks and node names for
// the ops a rewrite creates.
//
//===----------------------------------------------------------------------===//
#ifndef KILN_COMPILER_TRANSFORMS_KILNOPBUILDING_H
#define KILN_COMPILER_TRANSFORMS_KILNOPBUILDING_H

#include "ir/Dialect/KilnDialect.h"
#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/IR/Builders.h"
#include "mlir/IR/Operation.h"

namespace kiln::compiler {

/// A TensorFlow-mirroring kiln op `name` (without "kiln.") with the op
/// table's result types (plus the control result); nullptr, reporting
/// nothing, when the table rejects the operands or attrs.
///
///   Operation *exp = createKilnOp(b, loc, "Exp", {x});
mlir::Operation *createKilnOp(mlir::OpBuilder &b, mlir::Location loc,
                              llvm::StringRef name, mlir::ValueRange operands,
                              llvm::ArrayRef<mlir::NamedAttribute> attrs = {});

/// A scalar kiln.Const of `elementType` (an int or float type) holding
/// `value`.
mlir::Value createScalarConst(mlir::OpBuilder &b, mlir::Location loc,
                              mlir::Type elementType, double value);

/// Whether `op` has control operands or a used control result; the fusion
/// passes leave such ops alone, as an ordering edge would be lost.
bool hasControlEdges(mlir::Operation *op);

/// The data (non-control) results of `op`.
llvm::SmallVector<mlir::Value> dataResults(mlir::Operation *op);

/// `loc`'s node name with "/suffix" appended (NameLoc "loss/Softmax" becomes
/// "loss/Softmax/max"), or `loc` itself when it carries no name.
mlir::Location childLoc(mlir::Location loc, llvm::StringRef suffix);

/// Whether `constant` is small enough (a static shape of at most 16
/// elements) to be cloned into a fusion rather than passed to it: the
/// generated kernel then sees its values.
bool isSmallConstant(mlir::Operation *constant);

/// `constant` rebuilt at `b` without control operands: inside an isolated
/// region there is nothing to wait on, and a constant's value does not
/// depend on when it is made.
mlir::Value cloneConstant(mlir::OpBuilder &b, mlir::Operation *constant);

/// A kiln.fusion at `b`'s insertion point holding clones of `members`
/// (in order), its block's arguments standing for `inputs`, `constants`
/// cloned first, yielding the clones of `outputs`. The originals stay.
ir::FusionOp buildFusion(mlir::OpBuilder &b, mlir::Location loc,
                         mlir::ValueRange inputs,
                         llvm::ArrayRef<mlir::Operation *> constants,
                         llvm::ArrayRef<mlir::Operation *> members,
                         mlir::ValueRange outputs);

/// Refines a kiln op's result types with its type inference where that is
/// more precise (never less); true when a type changed. Other ops (scf's
/// results must keep matching their regions' yields) are left alone.
bool refineResultTypes(mlir::Operation *op);

/// Sets `func`'s result types to what its return returns, after a rewrite
/// made a returned value more precise (or replaced it).
void syncResultTypes(mlir::func::FuncOp func);

} // namespace kiln::compiler

#endif // KILN_COMPILER_TRANSFORMS_KILNOPBUILDING_H
