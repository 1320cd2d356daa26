//===- DataTypes.h - TensorFlow dtypes and shapes as MLIR types -*- C++ -*-===//
//
// DT_FLOAT <-> f32, DT_RESOURCE <-> !kiln.resource, DT_QINT8 <->
// !kiln.dtype<"qint8">, and kiln::TensorType <-> tensor types, one place.
//
//===----------------------------------------------------------------------===//
#ifndef KILN_IR_DIALECT_DATATYPES_H
#define KILN_IR_DIALECT_DATATYPES_H

#include <optional>

#include "mlir/IR/BuiltinTypes.h"
#include "runtime/graph/shape_context.h"

namespace kiln::ir {

class ShapeAttr;

/// The MLIR element type of a TensorFlow dtype (never null).
mlir::Type elementTypeFor(mlir::MLIRContext *context,
                          tensorflow::DataType dtype);
/// The TensorFlow dtype of an MLIR element type, if it has one.
std::optional<tensorflow::DataType> dataTypeOf(mlir::Type elementType);

/// tensor<?x784xf32> for {DT_FLOAT, [-1, 784]}; tensor<*xf32> when unranked.
mlir::TensorType tensorTypeFor(mlir::MLIRContext *context,
                               const kiln::TensorType &type);
/// The inverse; std::nullopt for a non-tensor or an unknown element type.
std::optional<kiln::TensorType> kilnTypeOf(mlir::Type type);

kiln::Shape shapeOf(mlir::Type type);
/// `#kiln.shape<?x784>` as a kiln::Shape.
kiln::Shape shapeFromAttr(ShapeAttr attr);

/// `base` with every dim `other` knows where `base` has `?` (`other`'s rank
/// where `base` has none); `base` unchanged when the shapes are
/// incompatible or either is not a tensor. The element type stays `base`'s.
mlir::Type refineType(mlir::Type base, mlir::Type other);
llvm::SmallVector<int64_t> mlirDims(const kiln::Shape &shape);

} // namespace kiln::ir

#endif // KILN_IR_DIALECT_DATATYPES_H
