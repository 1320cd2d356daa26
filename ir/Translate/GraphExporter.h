//===- GraphExporter.h - func.func bodies back to GraphDefs -----*- C++ -*-===//
#ifndef KILN_IR_TRANSLATE_GRAPHEXPORTER_H
#define KILN_IR_TRANSLATE_GRAPHEXPORTER_H

#include <string>

#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/IR/BuiltinOps.h"
#include "proto/tensorflow/function.pb.h"
#include "proto/tensorflow/graph.pb.h"

namespace kiln::ir {

/// Appends `func`'s arguments (as Placeholders) and ops to `graph`; `results`
/// gets the GraphDef name of each returned value ("node:1", "^node", "arg").
mlir::LogicalResult
exportGraphBody(mlir::func::FuncOp func, tensorflow::GraphDef &graph,
                llvm::SmallVectorImpl<std::string> &results);

/// The module's FunctionDefLibrary: library func.funcs exported back to
/// FunctionDefs, with what import kept as bytes, in the original order.
mlir::FailureOr<tensorflow::FunctionDefLibrary>
exportFunctionLibrary(mlir::ModuleOp module);

} // namespace kiln::ir

#endif // KILN_IR_TRANSLATE_GRAPHEXPORTER_H
