// InferGraphShapes: the dtype and shape of every node output in a GraphDef,
// from Kiln's op table, in topological order.
//
//   KILN_ASSIGN_OR_RETURN(GraphView view, GraphView::Build(graph));
//   KILN_ASSIGN_OR_RETURN(GraphShapes shapes, InferGraphShapes(view));
//   const TensorType* t = shapes.Find("fc1/MatMul", 0);  // float [?,128]
#ifndef KILN_RUNTIME_GRAPH_GRAPH_SHAPES_H_
#define KILN_RUNTIME_GRAPH_GRAPH_SHAPES_H_

#include <map>
#include <string>
#include <string_view>
#include <vector>

#include "runtime/base/status.h"
#include "runtime/graph/graph_view.h"
#include "runtime/graph/shape_context.h"

namespace kiln {

struct GraphShapes {
  // Each node's outputs by node name; ops Kiln does not know get as many
  // outputs as the graph references, with unknown shapes.
  std::map<std::string, std::vector<TensorType>, std::less<>> outputs;

  // Output `index` of `node`, or nullptr when there is no such output.
  const TensorType* Find(std::string_view node, int index) const;
  // All outputs of `node` (empty for an unknown node or a NoOp).
  const std::vector<TensorType>& OutputsOf(std::string_view node) const;
};

// Runs each known op's shape function; an error names the node and its op:
// "node 'fc/MatMul' (MatMul): 'MatMul' inner dimensions differ: 3 vs 4".
StatusOr<GraphShapes> InferGraphShapes(const GraphView& view);

}  // namespace kiln

#endif  // KILN_RUNTIME_GRAPH_GRAPH_SHAPES_H_
