// HalfChainGraph: cast in, tanh/sigmoid/exp/mul/add, softmax, sum, cast out.
#include "tests/session/half_chain_graph.h"

#include "frontend/ops/ops.h"
#include "frontend/scope.h"

namespace kiln {
namespace testing {

tensorflow::GraphDef HalfChainGraph(DataType half) {
  Scope root = Scope::NewRootScope();
  Output x = ops::Placeholder(root.WithOpName("x"), DT_FLOAT,
                              Shape::Of({kUnknownDim, 64}));
  Output h = ops::Cast(root, x, half);
  Output gate = ops::Mul(root, ops::Tanh(root, h), ops::Sigmoid(root, h));
  Output bump = ops::Exp(root, ops::Neg(root, ops::Square(root, h)));
  Output z = ops::Softmax(root, ops::AddV2(root, gate, bump));
  ops::Cast(root.WithOpName("y"), z, DT_FLOAT);
  ops::Cast(root.WithOpName("row_sum"),
            ops::Sum(root, ops::Mul(root, h, gate), ops::Const(root, {1})),
            DT_FLOAT);
  tensorflow::GraphDef graph;
  if (!root.ToGraphDef(&graph).ok()) graph.Clear();
  return graph;
}

}  // namespace testing
}  // namespace kiln
