// GraphView: a read-only index over a GraphDef: nodes by name, parsed edges
// ("x", "x:1", "^x"), consumers, and a topological order that reports cycles
// and dangling inputs by node name.
//
//   KILN_ASSIGN_OR_RETURN(GraphView view, GraphView::Build(graph));
//   for (const tensorflow::NodeDef* node : view.topological_order()) ...
#ifndef KILN_RUNTIME_GRAPH_GRAPH_VIEW_H_
#define KILN_RUNTIME_GRAPH_GRAPH_VIEW_H_

#include <map>
#include <string>
#include <string_view>
#include <vector>

#include "proto/tensorflow/graph.pb.h"
#include "runtime/base/status.h"

namespace kiln {

// One parsed NodeDef input string.
struct Edge {
  std::string node;  // producer's name
  int index = 0;     // output index; -1 for a control edge ("^node")
  bool is_control() const { return index < 0; }
  std::string ToString() const;  // back to "node", "node:1" or "^node"
};

// Parses "node", "node:3" or "^node"; an error for "", ":1", "node:x".
StatusOr<Edge> ParseEdge(std::string_view input);

class GraphView {
 public:
  // Fails on duplicate node names, malformed or dangling inputs, and cycles
  // (naming a node on the cycle).
  static StatusOr<GraphView> Build(const tensorflow::GraphDef& graph);
  // The view points into the graph: it must outlive the view.
  static StatusOr<GraphView> Build(tensorflow::GraphDef&& graph) = delete;

  const tensorflow::GraphDef& graph() const { return *graph_; }
  const tensorflow::NodeDef* FindNode(std::string_view name) const;
  // Parsed inputs of a node, data edges first as in the NodeDef.
  const std::vector<Edge>& inputs(const tensorflow::NodeDef& node) const;
  // Producers before consumers; ties keep the GraphDef's order.
  const std::vector<const tensorflow::NodeDef*>& topological_order() const {
    return order_;
  }
  // How many outputs of `node` are referenced (max index + 1).
  int NumReferencedOutputs(std::string_view node) const;
  // Names of nodes whose data outputs nobody consumes.
  std::vector<std::string> SinkNodes() const;

 private:
  const tensorflow::GraphDef* graph_ = nullptr;
  std::map<std::string, int, std::less<>> index_;
  std::vector<std::vector<Edge>> inputs_;
  std::vector<int> max_output_used_;
  std::vector<bool> has_data_consumer_;
  std::vector<const tensorflow::NodeDef*> order_;
};

}  // namespace kiln

#endif  // KILN_RUNTIME_GRAPH_GRAPH_VIEW_H_
