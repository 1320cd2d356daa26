//===- KilnDialect.h - The kiln dialect -------------------------*- C++ -*-===//
//
// Include this to use the kiln dialect: its types, attributes and ops.
//
//===----------------------------------------------------------------------===//
#ifndef KILN_IR_DIALECT_KILNDIALECT_H
#define KILN_IR_DIALECT_KILNDIALECT_H

#include "mlir/Bytecode/BytecodeOpInterface.h"
#include "mlir/IR/BuiltinAttributes.h"
#include "mlir/IR/BuiltinTypes.h"
#include "mlir/IR/Dialect.h"
#include "mlir/IR/OpDefinition.h"
#include "mlir/IR/OpImplementation.h"
#include "mlir/IR/SymbolTable.h"
#include "mlir/Interfaces/InferTypeOpInterface.h"
#include "mlir/Interfaces/SideEffectInterfaces.h"

#include "ir/Dialect/KilnOpsDialect.h.inc"

#define GET_TYPEDEF_CLASSES
#include "ir/Dialect/KilnOpsTypes.h.inc"

#define GET_ATTRDEF_CLASSES
#include "ir/Dialect/KilnOpsAttrs.h.inc"

namespace kiln::ir {

/// True for element types that are a TensorFlow dtype (f32, i1,
/// !kiln.resource, ...), the constraint on the dialect's type attrs.
bool isTensorFlowDType(mlir::Type type);

/// Result types of a kiln op from the op table's shape function; reports a
/// located error and fails when the operands or attrs are invalid.
llvm::LogicalResult
inferKilnOpReturnTypes(llvm::StringRef opName, mlir::MLIRContext *context,
                       std::optional<mlir::Location> loc,
                       mlir::ValueRange operands,
                       mlir::DictionaryAttr attributes,
                       llvm::SmallVectorImpl<mlir::Type> &inferred);

/// True when each actual type is the inferred one or a refinement of it.
bool areCompatibleReturnTypes(mlir::TypeRange inferred, mlir::TypeRange actual);

} // namespace kiln::ir

#define GET_OP_CLASSES
#include "ir/Dialect/KilnOps.h.inc"

#endif // KILN_IR_DIALECT_KILNDIALECT_H
