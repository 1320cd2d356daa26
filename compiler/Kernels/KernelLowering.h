//===- KernelLowering.h - kiln ops of a kernel to linalg --------*- C++ -*-===//
//
// The pieces of kiln-lower-kernels-to-linalg: each op family's lowering
// (one file each) and the helpers they share. A kernel's values are
// lowered one op at a time in program order; each function takes the op
// (for its attrs, constant operands and kiln types) and its operands
// already lowered (ui8 stored as signless i8) and returns the result.
//
//===----------------------------------------------------------------------===//
#ifndef KILN_COMPILER_KERNELS_KERNELLOWERING_H
#define KILN_COMPILER_KERNELS_KERNELLOWERING_H

#include "mlir/Dialect/Linalg/IR/Linalg.h"
#include "mlir/IR/Builders.h"
#include "llvm/ADT/STLFunctionalExtras.h"

namespace kiln::compiler::kernels {

/// A kiln element type as the kernel computes it: the signless type arith
/// takes, and whether the dtype was unsigned (ui8).
struct ElementInfo {
  mlir::Type type;
  bool isUnsigned = false;

  bool isFloat() const { return mlir::isa<mlir::FloatType>(type); }
  bool isBool() const { return type.isInteger(1); }
};

/// The ElementInfo of a kiln tensor type's elements.
ElementInfo elementInfoOf(mlir::Type kilnType);

/// `kilnType` with ui8 elements stored as i8 (other types unchanged).
mlir::Type storageTypeOf(mlir::Type kilnType);

/// The body of one linalg.generic: the block's arguments in, the yielded
/// values out.
using BodyBuilder = llvm::function_ref<mlir::SmallVector<mlir::Value>(
    mlir::OpBuilder &, mlir::Location, mlir::ValueRange)>;

/// An empty tensor of `type` whose dynamic dims come from `dynamicDim(d)`.
mlir::Value emptyTensor(mlir::OpBuilder &b, mlir::Location loc,
                        mlir::RankedTensorType type,
                        llvm::function_ref<mlir::Value(unsigned)> dynamicDim);

/// A linalg.generic over `resultType` reading `inputs` through `maps`
/// (all loops parallel); `dimSource(d)` gives a dynamic result dim.
mlir::Value buildParallelGeneric(
    mlir::OpBuilder &b, mlir::Location loc, mlir::ValueRange inputs,
    llvm::ArrayRef<mlir::AffineMap> maps, mlir::RankedTensorType resultType,
    llvm::function_ref<mlir::Value(unsigned)> dimSource, BodyBuilder body);

/// NumPy broadcasting of `inputs` (in storage types) to `resultType`:
/// maps aligned on the right, statically-1 dims read at 0, and the
/// result's dynamic dims taken from an input with that dim.
mlir::Value buildBroadcastGeneric(mlir::OpBuilder &b, mlir::Location loc,
                                  mlir::ValueRange inputs,
                                  mlir::RankedTensorType resultType,
                                  BodyBuilder body);

/// The right-aligned broadcast map of an input of `inputType` into a loop
/// nest of `resultRank` loops.
mlir::AffineMap broadcastMap(mlir::RankedTensorType inputType,
                             unsigned resultRank, mlir::MLIRContext *context);

/// The integer values of the kiln.Const behind `op`'s operand `index`.
mlir::FailureOr<llvm::SmallVector<int64_t>> constantInts(mlir::Operation *op,
                                                         unsigned index);

/// The scalar of the kiln.Const behind `op`'s operand `index`, as an
/// arith.constant of its storage type.
mlir::FailureOr<mlir::Value>
constantScalar(mlir::OpBuilder &b, mlir::Operation *op, unsigned index);

/// A scalar constant of a storage type from a double (floats) or integer.
mlir::Value scalarConstant(mlir::OpBuilder &b, mlir::Location loc,
                           mlir::Type type, double value);

/// Family lowerings; each reports its own errors on `op`. lowerMatMul
/// takes only the small static MatMuls of control-flow kernels.
mlir::FailureOr<mlir::Value>
lowerMatMul(mlir::OpBuilder &b, mlir::Operation *op, mlir::ValueRange operands);

/// The other families.
mlir::FailureOr<mlir::Value> lowerElementwise(mlir::OpBuilder &b,
                                              mlir::Operation *op,
                                              mlir::ValueRange operands);
mlir::FailureOr<mlir::Value> lowerReduction(mlir::OpBuilder &b,
                                            mlir::Operation *op,
                                            mlir::ValueRange operands);
mlir::FailureOr<mlir::Value> lowerShapeOp(mlir::OpBuilder &b,
                                          mlir::Operation *op,
                                          mlir::ValueRange operands);

/// The scalar semantics of one elementwise op (the table of bodies): `args`
/// are its operands' elements, `in` the element type of its (data)
/// operand, `out` of its result. Fails for an op or type it does not know.
mlir::FailureOr<mlir::Value>
buildScalarOp(mlir::OpBuilder &b, mlir::Location loc, llvm::StringRef opName,
              mlir::ValueRange args, ElementInfo in, ElementInfo out);

/// One element converted as kiln.Cast converts it.
mlir::Value buildScalarCast(mlir::OpBuilder &b, mlir::Location loc,
                            mlir::Value x, ElementInfo from, ElementInfo to);

} // namespace kiln::compiler::kernels

#endif // KILN_COMPILER_KERNELS_KERNELLOWERING_H
