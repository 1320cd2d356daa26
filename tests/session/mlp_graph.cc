// MlpGraph: Dense(300, relu) -> Dense(100, relu) -> Dense(10) -> softmax.
#include "tests/session/mlp_graph.h"

#include <cmath>
#include <random>
#include <string>
#include <vector>

#include "frontend/ops/ops.h"
#include "frontend/scope.h"

namespace kiln {
namespace testing {
namespace {

std::vector<float> Uniform(size_t n, uint32_t seed, float limit) {
  std::mt19937 rng(seed);
  std::uniform_real_distribution<float> dist(-limit, limit);
  std::vector<float> v(n);
  for (float& x : v) x = dist(rng);
  return v;
}

Output Dense(const Scope& scope, const Output& x, int64_t in, int64_t out,
             bool relu, uint32_t seed) {
  float limit = 2.5f / std::sqrt(static_cast<float>(in));
  Output w = ops::Const(scope.WithOpName("kernel"),
                        Uniform(in * out, seed, limit), Shape::Of({in, out}));
  Output b = ops::Const(scope.WithOpName("bias"), Uniform(out, seed + 1, 0.1f),
                        Shape::Of({out}));
  Output y = ops::MatMul(scope.WithOpName("MatMul"), x, w);
  y = ops::BiasAdd(scope.WithOpName("BiasAdd"), y, b);
  return relu ? ops::Relu(scope.WithOpName("Relu"), y) : y;
}

}  // namespace

tensorflow::GraphDef MlpGraph(uint32_t seed) {
  Scope root = Scope::NewRootScope();
  auto x = ops::Placeholder(root.WithOpName("x"), DT_FLOAT,
                            Shape::Of({kUnknownDim, 784}));
  Output h = Dense(root.NewSubScope("dense"), x, 784, 300, true, seed);
  h = Dense(root.NewSubScope("dense_1"), h, 300, 100, true, seed + 2);
  Output logits =
      Dense(root.NewSubScope("dense_2"), h, 100, 10, false, seed + 4);
  logits = ops::Identity(root.WithOpName("logits"), logits);
  ops::Softmax(root.WithOpName("probs"), logits);
  tensorflow::GraphDef graph;
  if (!root.ToGraphDef(&graph).ok()) graph.Clear();
  return graph;
}

}  // namespace testing
}  // namespace kiln
