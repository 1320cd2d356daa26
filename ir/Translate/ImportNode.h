//===- ImportNode.h - One NodeDef to one kiln op ----------------*- C++ -*-===//
#ifndef KILN_IR_TRANSLATE_IMPORTNODE_H
#define KILN_IR_TRANSLATE_IMPORTNODE_H

#include <map>
#include <string>

#include "ir/Translate/Conventions.h"
#include "mlir/IR/Builders.h"
#include "proto/tensorflow/node_def.pb.h"
#include "runtime/graph/graph_view.h"

namespace kiln::ir {

/// What each imported node produced: its data results and control token.
class NodeValueMap {
public:
  void setArgument(const std::string &node, mlir::Value arg);
  void setOp(const std::string &node, mlir::Operation *op);
  /// The value an edge names; null when there is none.
  mlir::Value lookup(const kiln::Edge &edge) const;
  bool isArgument(const std::string &node) const;
  /// True once the node has been imported.
  bool contains(const std::string &node) const;
  /// Appends a sink node's data results, or its control token if it has none.
  void appendSinkValues(const std::string &node,
                        llvm::SmallVectorImpl<mlir::Value> &out) const;

private:
  std::map<std::string, mlir::Value> arguments;
  std::map<std::string, mlir::Operation *> ops;
};

/// NameLoc(node), or NameLoc(node, NameLoc(function)) inside a library
/// function, so errors name both.
mlir::Location nodeLocation(mlir::MLIRContext &context, const std::string &name,
                            const std::string &function = "");
/// The tensor type a Placeholder's dtype and shape attrs give.
mlir::FailureOr<mlir::Type> placeholderType(mlir::MLIRContext &context,
                                            const tensorflow::NodeDef &node);
/// Creates the op for `node` at the builder's insertion point.
mlir::LogicalResult importNode(mlir::OpBuilder &builder,
                               const kiln::GraphView &view,
                               const tensorflow::NodeDef &node,
                               NodeValueMap &values,
                               const std::string &function = "");

} // namespace kiln::ir

#endif // KILN_IR_TRANSLATE_IMPORTNODE_H
