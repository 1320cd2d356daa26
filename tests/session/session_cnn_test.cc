// The Session on convolution layers: Conv2D + BiasAdd + Relu (fused into one
// oneDNN convolution with post-ops), MaxPool and an NCHW Conv2D + BiasAdd +
// Tanh, compiled fused and unfused, against the reference evaluator on
// random inputs at two batch sizes from one executable.
#include <catch2/catch.hpp>

#include "frontend/ops/ops.h"
#include "frontend/scope.h"
#include "frontend/session.h"
#include "tests/session/mlp_graph.h"
#include "tests/session/reference_graph.h"

namespace kiln {
namespace testing {
namespace {

tensorflow::GraphDef CnnGraph() {
  Scope root = Scope::NewRootScope();
  auto ph = [&](const char* name, std::vector<int64_t> dims) {
    return ops::Placeholder(root.WithOpName(name), DT_FLOAT, Shape::Of(dims));
  };
  Output x = ph("x", {kUnknownDim, 9, 8, 3});
  Output w = ph("w", {3, 3, 3, 4}), b = ph("b", {4});
  Output v = ph("v", {2, 2, 4, 5}), c = ph("c", {5});
  Output h = ops::Relu(
      root,
      ops::BiasAdd(root, ops::Conv2D(root, x, w, {1, 2, 1, 1}, "SAME"), b));
  Output p = ops::MaxPool(root.WithOpName("pool"), h, {1, 2, 2, 1},
                          {1, 1, 2, 1}, "VALID");
  // The pooled [n, 4, 4, 4] as NCHW [n, 4 channels, 4, 4].
  Output y = ops::Conv2D(root, p, v, {1, 1, 1, 1}, "VALID",
                         ops::Conv2DAttrs().DataFormat("NCHW"));
  ops::Tanh(root.WithOpName("y"),
            ops::BiasAdd(root, y, c, ops::BiasAddAttrs().DataFormat("NCHW")));
  tensorflow::GraphDef graph;
  REQUIRE(root.ToGraphDef(&graph).ok());
  return graph;
}

TEST_CASE("conv layers compute like the reference, fused and unfused") {
  const tensorflow::GraphDef graph = CnnGraph();
  for (bool fuse : {true, false}) {
    SessionOptions options;
    options.compile.fuse = fuse;
    auto session = Session::Create(graph, options);
    REQUIRE(session.ok());
    for (int64_t batch : {1, 3}) {
      INFO("fuse " << fuse << " batch " << batch);
      std::map<std::string, Tensor> feeds = {
          {"x", RandomFloats({batch, 9, 8, 3}, 1 + batch, -2, 2)},
          {"w", RandomFloats({3, 3, 3, 4}, 2, -1, 1)},
          {"b", RandomFloats({4}, 3, -1, 1)},
          {"v", RandomFloats({2, 2, 4, 5}, 4, -1, 1)},
          {"c", RandomFloats({5}, 5, -1, 1)}};
      std::vector<Tensor> got;
      Session::Feeds session_feeds(feeds.begin(), feeds.end());
      Status s = (*session)->Run(session_feeds, {"y", "pool"}, {}, &got);
      INFO(s.ToString());
      REQUIRE(s.ok());
      auto want = EvaluateGraphWithReference(graph, feeds, {"y:0", "pool:0"});
      REQUIRE(want.ok());
      REQUIRE(got[0].shape().dim_sizes() ==
              std::vector<int64_t>{batch, 5, 3, 3});
      for (int k = 0; k < 2; ++k) {
        CHECK(got[k].shape() == (*want)[k].shape());
        CHECK(CloseRatio(got[k], (*want)[k], 1e-4, 1e-5) <= 1);
      }
    }
    CHECK((*session)->num_compilations() == 1);
  }
}

// Conv2D (constant filter) -> inference FusedBatchNormV3 -> Relu: the
// compiler folds the batch norm into the filter and a bias.
TEST_CASE(
    "an inference batch norm folded into the convolution computes the "
    "same") {
  Scope root = Scope::NewRootScope();
  Output x = ops::Placeholder(root.WithOpName("x"), DT_FLOAT,
                              Shape::Of({kUnknownDim, 6, 5, 3}));
  auto constant = [&](const Tensor& t) {
    std::vector<float> v(t.flat<float>().begin(), t.flat<float>().end());
    return ops::Const(root, v, Shape::Of(t.shape().dim_sizes()));
  };
  Output conv =
      ops::Conv2D(root, x, constant(RandomFloats({3, 3, 3, 4}, 7, -1, 1)),
                  {1, 1, 1, 1}, "SAME");
  auto bn = ops::FusedBatchNormV3(
      root, conv, constant(RandomFloats({4}, 8, 0.5, 2)),
      constant(RandomFloats({4}, 9, -1, 1)),
      constant(RandomFloats({4}, 10, -1, 1)),
      constant(RandomFloats({4}, 11, 0.5, 2)),
      ops::FusedBatchNormV3Attrs().Epsilon(1e-3f).IsTraining(false));
  ops::Relu(root.WithOpName("y"), bn.y);
  tensorflow::GraphDef graph;
  REQUIRE(root.ToGraphDef(&graph).ok());
  auto session = Session::Create(graph);
  REQUIRE(session.ok());
  const Tensor tx = RandomFloats({2, 6, 5, 3}, 12, -2, 2);
  std::vector<Tensor> got;
  Status s = (*session)->Run({{"x", tx}}, {"y"}, {}, &got);
  INFO(s.ToString());
  REQUIRE(s.ok());
  auto want = EvaluateGraphWithReference(graph, {{"x", tx}}, {"y:0"});
  REQUIRE(want.ok());
  CHECK(CloseRatio(got[0], (*want)[0], 1e-4, 1e-5) <= 1);
}

}  // namespace
}  // namespace testing
}  // namespace kiln
