// The Session on the Fashion-MNIST MLP: compiled results against the plain
// reference for several batch sizes from one executable, fused and unfused.
#include <catch2/catch.hpp>
#include <cmath>
#include <limits>

#include "compiler/CpuCompiler.h"
#include "frontend/ops/ops.h"
#include "frontend/scope.h"
#include "frontend/session.h"
#include "runtime/exec/executor.h"
#include "tests/session/mlp_graph.h"
#include "tests/session/reference_graph.h"

namespace kiln {
namespace testing {
namespace {

std::unique_ptr<Session> NewSession(const tensorflow::GraphDef& graph,
                                    bool fuse) {
  SessionOptions options;
  options.compile.fuse = fuse;
  auto session = Session::Create(graph, options);
  REQUIRE(session.ok());
  return std::move(session).value();
}

TEST_CASE("MLP matches the reference at every batch size, compiled once") {
  tensorflow::GraphDef graph = MlpGraph(7);
  auto session = NewSession(graph, /*fuse=*/true);
  uint32_t seed = 100;
  for (int64_t batch : {1, 3, 256, 17}) {
    Tensor x = RandomFloats({batch, 784}, seed++, 0, 1);
    std::vector<Tensor> got;
    Status s = session->Run({{"x", x}}, {"probs:0", "logits"}, {}, &got);
    INFO(s.ToString());
    REQUIRE(s.ok());
    auto want =
        EvaluateGraphWithReference(graph, {{"x", x}}, {"probs:0", "logits:0"});
    INFO(want.status().ToString());
    REQUIRE(want.ok());
    CHECK(got[0].shape() == (*want)[0].shape());
    CHECK(CloseRatio(got[0], (*want)[0], 1e-4, 1e-6) <= 1);
    CHECK(CloseRatio(got[1], (*want)[1], 1e-4, 1e-5) <= 1);
  }
  CHECK(session->num_compilations() == 1);
}

TEST_CASE("Fused and unfused pipelines agree on the MLP") {
  tensorflow::GraphDef graph = MlpGraph(11);
  auto fused = NewSession(graph, true);
  auto unfused = NewSession(graph, false);
  Tensor x = RandomFloats({64, 784}, 5, 0, 1);
  std::vector<Tensor> a, b;
  REQUIRE(fused->Run({{"x", x}}, {"probs"}, {}, &a).ok());
  REQUIRE(unfused->Run({{"x", x}}, {"probs"}, {}, &b).ok());
  CHECK(CloseRatio(a[0], b[0], 1e-5, 1e-7) <= 1);
}

// Relu6 is not fused into oneDNN's matmul: its clip post-op turns NaN into
// a number; the generated kernel after the matmul keeps NaN, as TensorFlow.
TEST_CASE(
    "MatMul + BiasAdd + Relu6 compute like the reference, NaN "
    "included") {
  Scope root = Scope::NewRootScope();
  Output x = ops::Placeholder(root.WithOpName("x"), DT_FLOAT,
                              Shape::Of({kUnknownDim, 16}));
  Output w =
      ops::Placeholder(root.WithOpName("w"), DT_FLOAT, Shape::Of({16, 8}));
  Output b = ops::Placeholder(root.WithOpName("b"), DT_FLOAT, Shape::Of({8}));
  ops::Relu6(root.WithOpName("y"),
             ops::BiasAdd(root, ops::MatMul(root, x, w), b));
  tensorflow::GraphDef graph;
  REQUIRE(root.ToGraphDef(&graph).ok());
  auto session = NewSession(graph, /*fuse=*/true);
  // Wide values: products far below 0 and above 6; a NaN row.
  Tensor xv = RandomFloats({5, 16}, 31, -3, 3);
  xv.flat<float>()[2 * 16 + 3] = std::numeric_limits<float>::quiet_NaN();
  const Tensor wv = RandomFloats({16, 8}, 32, -2, 2);
  const Tensor bv = RandomFloats({8}, 33, -1, 1);
  std::vector<Tensor> got;
  REQUIRE(
      session->Run({{"x", xv}, {"w", wv}, {"b", bv}}, {"y"}, {}, &got).ok());
  auto want = EvaluateGraphWithReference(
      graph, {{"x", xv}, {"w", wv}, {"b", bv}}, {"y:0"});
  REQUIRE(want.ok());
  int clipped_high = 0;
  for (int64_t i = 0; i < got[0].NumElements(); ++i) {
    const float g = got[0].flat<float>()[i], r = (*want)[0].flat<float>()[i];
    INFO("element " << i);
    if (std::isnan(r)) {
      CHECK(std::isnan(g));
      continue;
    }
    CHECK(g == Approx(r).margin(1e-4));
    clipped_high += r == 6.0f;
  }
  CHECK(clipped_high > 0);  // the inputs reach the upper clip
}

TEST_CASE("A new fetch compiles again; the same signature never does") {
  auto session = NewSession(MlpGraph(3), true);
  Tensor x = RandomFloats({2, 784}, 1, 0, 1);
  std::vector<Tensor> out;
  REQUIRE(session->Run({{"x", x}}, {"probs"}, {}, &out).ok());
  REQUIRE(session->Run({{"x:0", x}}, {"probs:0"}, {}, &out).ok());
  CHECK(session->num_compilations() == 1);
  REQUIRE(session->Run({{"x", x}}, {"logits"}, {}, &out).ok());
  CHECK(session->num_compilations() == 2);
}

TEST_CASE("Feeding an intermediate tensor replaces its producer") {
  tensorflow::GraphDef graph = MlpGraph(9);
  auto session = NewSession(graph, true);
  Tensor logits = RandomFloats({4, 10}, 77, -3, 3);
  std::vector<Tensor> got;
  Status s = session->Run({{"logits", logits}}, {"probs"}, {}, &got);
  INFO(s.ToString());
  REQUIRE(s.ok());
  double sum = 0;
  for (float v : got[0].flat<float>()) sum += v;
  CHECK(std::abs(sum - 4.0) < 1e-4);
}

}  // namespace
}  // namespace testing
}  // namespace kiln

namespace kiln {
namespace testing {
namespace {

// Big enough that the executor splits each kernel over threads by rows.
TEST_CASE("Kernels split over threads match the reference") {
  Scope root = Scope::NewRootScope();
  auto x = ops::Placeholder(root.WithOpName("x"), DT_FLOAT,
                            Shape::Of({kUnknownDim, 100}));
  auto b = ops::Placeholder(root.WithOpName("b"), DT_FLOAT, Shape::Of({100}));
  Output y = ops::Tanh(root.WithOpName("tanh"),
                       ops::AddV2(root.WithOpName("add"), x, b));
  ops::Softmax(root.WithOpName("probs"), y);
  auto flat = ops::Placeholder(root.WithOpName("flat"), DT_FLOAT,
                               Shape::Of({kUnknownDim}));
  ops::Sigmoid(root.WithOpName("sig"), ops::Neg(root.WithOpName("neg"), flat));
  tensorflow::GraphDef graph;
  REQUIRE(root.ToGraphDef(&graph).ok());
  auto session = NewSession(graph, true);
  const int64_t default_block = KernelRowBlockBytes();
  // Cache-sized row blocks (the default), one row per kernel call, and one
  // call per thread's chunk.
  for (int64_t block : {default_block, int64_t{1}, int64_t{0}}) {
    SetKernelRowBlockBytes(block);
    for (int64_t rows : {4097, 20000}) {
      INFO("rows " << rows << ", row block bytes " << block);
      Tensor tx = RandomFloats({rows, 100}, 40 + rows, -3, 3);
      Tensor tb = RandomFloats({100}, 41, -1, 1);
      Tensor tf = RandomFloats({rows * 37}, 42 + rows, -5, 5);
      std::vector<Tensor> got;
      Status s = session->Run({{"x", tx}, {"b", tb}, {"flat", tf}},
                              {"probs", "sig"}, {}, &got);
      INFO(s.ToString());
      REQUIRE(s.ok());
      auto want = EvaluateGraphWithReference(
          graph, {{"x", tx}, {"b", tb}, {"flat", tf}}, {"probs:0", "sig:0"});
      INFO(want.status().ToString());
      REQUIRE(want.ok());
      CHECK(CloseRatio(got[0], (*want)[0], 1e-4, 1e-6) <= 1);
      CHECK(CloseRatio(got[1], (*want)[1], 1e-4, 1e-6) <= 1);
    }
  }
  SetKernelRowBlockBytes(default_block);
}

}  // namespace
}  // namespace testing
}  // namespace kiln
