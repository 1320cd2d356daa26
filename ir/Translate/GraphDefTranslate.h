//===- GraphDefTranslate.h - GraphDef <-> kiln dialect ----------*- C++ -*-===//
//
// A GraphDef becomes a module holding one func.func @main: Placeholders are
// its arguments, fetches its results, every other node one kiln op whose
// location is the node's name. Exporting gives back an equivalent GraphDef.
//
//   mlir::MLIRContext ctx;
//   kiln::ir::registerKilnDialects(ctx);
//   auto module = kiln::ir::importGraphDef(ctx, graph, {});
//   if (failed(module)) ...   // diagnostics went to ctx's handler
//
//===----------------------------------------------------------------------===//
#ifndef KILN_IR_TRANSLATE_GRAPHDEFTRANSLATE_H
#define KILN_IR_TRANSLATE_GRAPHDEFTRANSLATE_H

#include <string>
#include <vector>

#include "mlir/IR/BuiltinOps.h"
#include "mlir/IR/MLIRContext.h"
#include "mlir/IR/OwningOpRef.h"
#include "proto/tensorflow/graph.pb.h"
#include "runtime/base/status.h"

namespace kiln::ir {

struct ImportOptions {
  /// Tensors the function returns ("node" or "node:1"); empty: every node
  /// whose outputs nobody consumes.
  std::vector<std::string> fetches;
  /// Name of the function the graph becomes.
  std::string functionName = "main";
};

/// Loads the kiln dialect and the upstream dialects it uses into `context`.
void registerKilnDialects(mlir::MLIRContext &context);

/// Imports `graph`; errors are reported as diagnostics located at the
/// offending node's name.
mlir::FailureOr<mlir::OwningOpRef<mlir::ModuleOp>>
importGraphDef(mlir::MLIRContext &context, const tensorflow::GraphDef &graph,
               const ImportOptions &options);

/// Exports the module's graph function back to a GraphDef.
mlir::FailureOr<tensorflow::GraphDef> exportGraphDef(mlir::ModuleOp module);

/// Status-returning forms for code outside the compiler (tools, tests): the
/// first diagnostic becomes the Status message.
kiln::StatusOr<std::string>
graphDefToMlirText(const tensorflow::GraphDef &graph,
                   const ImportOptions &options);
kiln::StatusOr<tensorflow::GraphDef>
mlirTextToGraphDef(const std::string &text);

} // namespace kiln::ir

#endif // KILN_IR_TRANSLATE_GRAPHDEFTRANSLATE_H
