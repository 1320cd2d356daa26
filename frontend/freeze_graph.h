// FreezeGraph: TensorFlow's freeze_graph for resource variables. Copies a
// GraphDef pruned to what `outputs` need, with every ReadVariableOp of a
// VarHandleOp replaced by a Const (same name) holding the variable's value
// in `store`, so the result runs, ships and opens in TensorFlow without
// variables.
//
//   KILN_ASSIGN_OR_RETURN(tensorflow::GraphDef frozen,
//       FreezeGraph(graph, session->variables(), {"predictions"}));
#ifndef KILN_FRONTEND_FREEZE_GRAPH_H_
#define KILN_FRONTEND_FREEZE_GRAPH_H_

#include <string>
#include <vector>

#include "proto/tensorflow/graph.pb.h"
#include "runtime/base/status.h"
#include "runtime/exec/variable_store.h"

namespace kiln {

// Errors: an output or input naming no node, a variable the store lacks
// (FailedPrecondition, naming it).
StatusOr<tensorflow::GraphDef> FreezeGraph(
    const tensorflow::GraphDef& graph, const VariableStore& store,
    const std::vector<std::string>& outputs);

// `graph` pruned to what `outputs` need, variables kept (the graph a
// SavedModel carries). Errors: an output naming no node.
StatusOr<tensorflow::GraphDef> PruneGraph(
    const tensorflow::GraphDef& graph, const std::vector<std::string>& outputs);

}  // namespace kiln

#endif  // KILN_FRONTEND_FREEZE_GRAPH_H_
