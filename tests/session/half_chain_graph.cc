// HalfChainGraph: cast in, tanh/sigmoid/exp/mul/add, softmax, sum, cast out.
#include "tests/session/half_chain_graph.h"

#include "frontend/ops/ops.h"
#include "frontend/scope.h"
#include "tests/session/reference_graph.h"

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

tensorflow::GraphDef HalfMlpGraph(DataType half, uint32_t seed) {
  Scope root = Scope::NewRootScope();
  Output x = ops::Placeholder(root.WithOpName("x"), DT_FLOAT,
                              Shape::Of({kUnknownDim, 784}));
  auto weight = [&](std::vector<int64_t> dims, uint32_t s, float limit) {
    Tensor t = RandomFloats(dims, s, -limit, limit);
    auto v = t.flat<float>();
    return ops::Cast(
        root,
        ops::Const(root, std::vector<float>(v.data(), v.data() + v.size()),
                   Shape::Of(dims)),
        half);
  };
  Output h = ops::Cast(root, x, half);
  h = ops::Relu(
      root,
      ops::BiasAdd(root, ops::MatMul(root, h, weight({784, 128}, seed, 0.08f)),
                   weight({128}, seed + 1, 0.1f)));
  h = ops::BiasAdd(root,
                   ops::MatMul(root, h, weight({128, 10}, seed + 2, 0.2f)),
                   weight({10}, seed + 3, 0.1f));
  Output logits = ops::Cast(root.WithOpName("logits"), h, DT_FLOAT);
  ops::Softmax(root.WithOpName("probs"), logits);
  tensorflow::GraphDef graph;
  if (!root.ToGraphDef(&graph).ok()) graph.Clear();
  return graph;
}

}  // namespace testing
}  // namespace kiln
