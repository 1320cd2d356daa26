// The Session on convolution layers: Conv2D + BiasAdd + Relu (fused into one
// oneDNN convolution with post-ops), MaxPool and an NCHW Conv2D + BiasAdd +
// Tanh, compiled fused and unfused, against the reference evaluator on
// random inputs at two batch sizes from one executable.
#include <catch2/catch.hpp>

#include "frontend/ops/ops.h"
#include "frontend/scope.h"
#include "frontend/session.h"
#include "runtime/abi/library_entries.h"
#include "runtime/exec/executable.h"
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

// x -> MaxPool -> Conv(1 -> 20) + bias + relu -> MaxPool -> Conv(20 -> 36)
// + relu -> AvgPool -> y, and "mid" (the first conv's output, fetched):
// channel counts that are not multiples of the block. With
// `constant_filters` the filters are Consts (reordered once per step).
tensorflow::GraphDef ChainGraph(bool constant_filters = false) {
  Scope root = Scope::NewRootScope();
  auto ph = [&](const char* name, std::vector<int64_t> dims) {
    return ops::Placeholder(root.WithOpName(name), DT_FLOAT, Shape::Of(dims));
  };
  Output x = ph("x", {kUnknownDim, 14, 12, 1});
  auto filter = [&](const char* name, std::vector<int64_t> dims, uint64_t seed,
                    float range) {
    if (!constant_filters) return ph(name, dims);
    const Tensor t = RandomFloats(dims, seed, -range, range);
    std::vector<float> values(t.flat<float>().begin(), t.flat<float>().end());
    return ops::Const(root.WithOpName(name), values, Shape::Of(dims));
  };
  Output w = filter("w", {3, 3, 1, 20}, 21, 1), b = ph("b", {20});
  Output v = filter("v", {3, 3, 20, 36}, 23, 0.3f);
  Output p0 = ops::MaxPool(root, x, {1, 2, 2, 1}, {1, 1, 1, 1}, "SAME");
  Output h = ops::Relu(
      root.WithOpName("mid"),
      ops::BiasAdd(root, ops::Conv2D(root, p0, w, {1, 1, 1, 1}, "SAME"), b));
  Output p1 = ops::MaxPool(root, h, {1, 2, 2, 1}, {1, 2, 2, 1}, "VALID");
  Output h2 = ops::Relu(root, ops::Conv2D(root, p1, v, {1, 1, 1, 1}, "VALID"));
  ops::AvgPool(root.WithOpName("y"), h2, {1, 2, 2, 1}, {1, 2, 2, 1}, "SAME");
  tensorflow::GraphDef graph;
  REQUIRE(root.ToGraphDef(&graph).ok());
  return graph;
}

// The steps of a compiled plan whose output (attr `attr`) is blocked.
int CountAttr(const Plan& plan, const char* attr) {
  int n = 0;
  for (const PlanStep& step : plan.steps()) n += step.node().attr().count(attr);
  return n;
}

TEST_CASE("convolutions and pools keep blocked activations between them") {
  const tensorflow::GraphDef graph = ChainGraph();
  for (const bool fetch_mid : {false, true}) {
    CompileRequest request;
    request.feeds = {{"x", DT_FLOAT, {-1, 14, 12, 1}},
                     {"w", DT_FLOAT, {3, 3, 1, 20}},
                     {"b", DT_FLOAT, {20}},
                     {"v", DT_FLOAT, {3, 3, 20, 36}}};
    request.fetches = {"y:0"};
    if (fetch_mid) request.fetches.push_back("mid:0");
    auto executable = DefaultGraphCompiler()->Compile(graph, request);
    INFO(executable.status().ToString());
    REQUIRE(executable.ok());
    // pool0 -> conv1 (+ bias + relu) -> pool1 -> conv2 (+ relu) -> pool2:
    // every value between them is blocked unless fetched.
    const Plan& plan = (*executable)->plan();
    CHECK(CountAttr(plan, kBlockedOutputAttr) == (fetch_mid ? 3 : 4));
    CHECK(CountAttr(plan, kBlockedInputChannelsAttr) == (fetch_mid ? 3 : 4));
  }
  std::vector<std::string> fetches = {"y", "mid"};
  for (const int variant : {0, 1, 2}) {  // blocked, plain, constant filters
    const bool blocked = variant != 1, constants = variant == 2;
    const tensorflow::GraphDef g = constants ? ChainGraph(true) : graph;
    SessionOptions options;
    options.compile.blocked_layouts = blocked;
    auto session = Session::Create(g, options);
    REQUIRE(session.ok());
    for (int64_t batch : {1, 5, 2}) {
      INFO("blocked " << blocked << " constant filters " << constants
                      << " batch " << batch);
      std::map<std::string, Tensor> feeds = {
          {"x", RandomFloats({batch, 14, 12, 1}, 20 + batch, -2, 2)},
          {"b", RandomFloats({20}, 22, -1, 1)}};
      if (!constants) {
        feeds["w"] = RandomFloats({3, 3, 1, 20}, 21, -1, 1);
        feeds["v"] = RandomFloats({3, 3, 20, 36}, 23, -0.3, 0.3);
      }
      Session::Feeds session_feeds(feeds.begin(), feeds.end());
      auto want = EvaluateGraphWithReference(g, feeds, {"y:0", "mid:0"});
      REQUIRE(want.ok());
      for (size_t n = 1; n <= 2; ++n) {  // y alone (all blocked), then both
        std::vector<Tensor> got;
        std::vector<std::string> f(fetches.begin(), fetches.begin() + n);
        Status s = (*session)->Run(session_feeds, f, {}, &got);
        INFO(s.ToString());
        REQUIRE(s.ok());
        for (size_t k = 0; k < n; ++k) {
          CHECK(got[k].shape() == (*want)[k].shape());
          CHECK(CloseRatio(got[k], (*want)[k], 1e-4, 1e-5) <= 1);
        }
      }
    }
  }
}

}  // namespace
}  // namespace testing
}  // namespace kiln
