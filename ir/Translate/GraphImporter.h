//===- GraphImporter.h - One GraphDef to one func.func ----------*- C++ -*-===//
//
// Imports a graph (the main GraphDef, or a FunctionDef body converted by
// runtime/graph/function_def_graph.h) into a module as one func.func.
//
//===----------------------------------------------------------------------===//
#ifndef KILN_IR_TRANSLATE_GRAPHIMPORTER_H
#define KILN_IR_TRANSLATE_GRAPHIMPORTER_H

#include <optional>
#include <string>
#include <vector>

#include "ir/Translate/ImportNode.h"
#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/IR/BuiltinOps.h"
#include "proto/tensorflow/function.pb.h"
#include "proto/tensorflow/graph.pb.h"

namespace kiln::ir {

class GraphImporter {
public:
  /// `fetches` absent: every node whose outputs nobody consumes. Nodes of
  /// a library function are located in it (`isLibraryFunction`).
  GraphImporter(mlir::MLIRContext &context, const tensorflow::GraphDef &graph,
                std::string name,
                std::optional<std::vector<std::string>> fetches,
                bool isLibraryFunction = false)
      : context(context), graph(graph), name(std::move(name)),
        fetches(std::move(fetches)),
        scope(isLibraryFunction ? this->name : std::string()),
        builder(&context) {}

  /// Adds the graph to `module` as a func.func named `name`.
  mlir::FailureOr<mlir::func::FuncOp> importInto(mlir::ModuleOp module);

private:
  mlir::LogicalResult buildFunction(const kiln::GraphView &view,
                                    mlir::func::FuncOp func);
  mlir::LogicalResult addArgument(const tensorflow::NodeDef &node,
                                  mlir::Block &body);
  mlir::FailureOr<llvm::SmallVector<mlir::Value>>
  collectResults(const kiln::GraphView &view);

  mlir::MLIRContext &context;
  const tensorflow::GraphDef &graph;
  std::string name;
  std::optional<std::vector<std::string>> fetches;
  std::string scope;
  mlir::OpBuilder builder;
  NodeValueMap values;
  llvm::SmallVector<mlir::Type> argTypes;
  llvm::SmallVector<mlir::DictionaryAttr> argAttrs;
};

/// Imports each concrete FunctionDef of `library` as a private func.func;
/// what cannot be represented (polymorphic functions, gradients) goes to
/// `residual`. `order` gets every function's name as the library lists them.
mlir::LogicalResult
importFunctionLibrary(mlir::ModuleOp module,
                      const tensorflow::FunctionDefLibrary &library,
                      tensorflow::FunctionDefLibrary &residual,
                      llvm::SmallVectorImpl<mlir::Attribute> &order);

} // namespace kiln::ir

#endif // KILN_IR_TRANSLATE_GRAPHIMPORTER_H
