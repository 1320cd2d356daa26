// InlineFunctionCalls: a graph's PartitionedCall / StatefulPartitionedCall
// nodes replaced by the bodies of the functions they call (from the graph's
// library, nested calls too), as TensorFlow's function inliner does before
// running a graph. Body nodes are named "<call>/<node>"; a call's arguments
// are wired to its inputs, the call's control inputs hold back the body's
// nodes, and every consumer of "<call>:k" reads the body tensor it returned.
//
//   KILN_ASSIGN_OR_RETURN(InlinedGraph flat, InlineFunctionCalls(graph));
//   flat.Resolve("model_call:1");   // the body tensor for a fetch
//
// Errors name the call node: an unknown function, a count of inputs or
// outputs other than the function's, recursion deeper than 64 calls.
#ifndef KILN_RUNTIME_GRAPH_INLINE_CALLS_H_
#define KILN_RUNTIME_GRAPH_INLINE_CALLS_H_

#include <map>
#include <string>
#include <vector>

#include "proto/tensorflow/graph.pb.h"
#include "runtime/base/status.h"

namespace kiln {

struct InlinedGraph {
  tensorflow::GraphDef graph;  // no call nodes; the library dropped
  // "<call>:k" of each inlined call -> the tensor that stands for it.
  std::map<std::string, std::string> outputs;
  // <call> -> the nodes a control edge on it waits for.
  std::map<std::string, std::vector<std::string>> controls;

  // A tensor name ("n", "n:k") through `outputs`; others unchanged.
  std::string Resolve(const std::string& tensor) const;
  // A target node name: the nodes it stands for.
  std::vector<std::string> ResolveTarget(const std::string& node) const;
};

bool IsFunctionCall(const tensorflow::NodeDef& node);
bool HasFunctionCalls(const tensorflow::GraphDef& graph);

StatusOr<InlinedGraph> InlineFunctionCalls(const tensorflow::GraphDef& graph);

}  // namespace kiln

#endif  // KILN_RUNTIME_GRAPH_INLINE_CALLS_H_
