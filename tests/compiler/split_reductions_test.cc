// Long reductions split into two parallel stages (the GPU's structure,
// kiln-split-long-reductions) compiled for the CPU with
// CompileOptions::split_reductions: sums, means, maxima, minima and
// products over leading, trailing, middle and all axes (a convolution's
// bias gradient is a sum over N, H, W), with an elementwise producer fused
// in, on fresh random inputs of several batch sizes (1 and 0 included)
// against the reference kernels.
#include <catch2/catch.hpp>
#include <cmath>
#include <functional>
#include <map>
#include <string>
#include <vector>

#include "compiler/CpuCompiler.h"
#include "frontend/ops/ops.h"
#include "frontend/scope.h"
#include "runtime/exec/executor.h"
#include "tests/session/reference_graph.h"

namespace kiln {
namespace testing {
namespace {

using Reduce = std::function<Output(const Scope&, Output, Output)>;

// y = reduce(f(x), axes) for x [?, dims...]: f is x itself or x^2 (fused
// into the reduction's payload).
tensorflow::GraphDef ReductionGraph(const std::vector<int64_t>& dims,
                                    const std::vector<int32_t>& axes,
                                    const Reduce& reduce, bool fused) {
  Scope root = Scope::NewRootScope();
  std::vector<int64_t> shape = dims;
  shape.insert(shape.begin(), kUnknownDim);
  Output x = ops::Placeholder(root.WithOpName("x"), DT_FLOAT, Shape::Of(shape));
  Output in = fused ? ops::Square(root, x) : x;
  ops::Identity(
      root.WithOpName("y"),
      reduce(root, in,
             ops::Const(root, axes,
                        Shape::Of({static_cast<int64_t>(axes.size())}))));
  tensorflow::GraphDef graph;
  if (!root.ToGraphDef(&graph).ok()) graph.Clear();
  return graph;
}

// Within 1e-5 relative; NaN where the reference has NaN (the mean over no
// elements), the same infinities (the max and min over none).
bool Close(const Tensor& got, const Tensor& want) {
  if (got.shape() != want.shape() || got.dtype() != DT_FLOAT) return false;
  for (int64_t i = 0; i < want.NumElements(); ++i) {
    const float g = got.flat<float>()[i], w = want.flat<float>()[i];
    if (std::isnan(w) ? !std::isnan(g)
        : std::isinf(w) ? g != w
                        : std::fabs(g - w) > 1e-5f + 1e-5f * std::fabs(w))
      return false;
  }
  return true;
}

TEST_CASE("Split reductions match the reference on fresh random inputs") {
  const std::map<std::string, Reduce> reductions = {
      {"Sum",
       [](const Scope& s, Output x, Output a) { return ops::Sum(s, x, a); }},
      {"Mean",
       [](const Scope& s, Output x, Output a) { return ops::Mean(s, x, a); }},
      {"Max",
       [](const Scope& s, Output x, Output a) { return ops::Max(s, x, a); }},
      {"Min",
       [](const Scope& s, Output x, Output a) { return ops::Min(s, x, a); }},
      {"Prod",
       [](const Scope& s, Output x, Output a) { return ops::Prod(s, x, a); }},
  };
  struct Problem {
    std::vector<int64_t> dims;  // after the batch dim
    std::vector<int32_t> axes;
  };
  const std::vector<Problem> problems = {
      {{16}, {0}},             // column sums of [?, 16] (a bias gradient)
      {{333}, {1}},            // row reductions over a static 333
      {{9, 7, 5}, {0, 1, 2}},  // a convolution's bias gradient: N, H, W
      {{40, 6}, {1}},          // a middle axis
      {{150}, {0, 1}},         // everything
  };
  uint32_t seed = 400;
  for (const auto& [name, reduce] : reductions) {
    for (const Problem& p : problems) {
      for (bool fused : {false, true}) {
        const tensorflow::GraphDef graph =
            ReductionGraph(p.dims, p.axes, reduce, fused);
        CompileRequest request;
        std::vector<int64_t> feed_dims = p.dims;
        feed_dims.insert(feed_dims.begin(), -1);
        request.feeds = {{"x", DT_FLOAT, feed_dims}};
        request.fetches = {"y:0"};
        request.options.split_reductions = true;
        auto exe = compiler::newCpuCompiler()->Compile(graph, request);
        INFO(name << " axes of [?," << p.dims[0] << "...] fused " << fused);
        INFO(exe.status().ToString());
        REQUIRE(exe.ok());
        Executor executor(*exe);
        for (int64_t batch : {0, 1, 37, 300}) {
          std::vector<int64_t> x_dims = p.dims;
          x_dims.insert(x_dims.begin(), batch);
          // Products stay finite near 1; the others see signs and spread.
          const bool prod = name == "Prod";
          Tensor x = RandomFloats(x_dims, ++seed, prod ? 0.99f : -3.0f,
                                  prod ? 1.01f : 3.0f);
          std::vector<Tensor> got;
          Status s = executor.Run({x}, nullptr, &got);
          INFO("batch " << batch << ": " << s.ToString());
          REQUIRE(s.ok());
          auto want = EvaluateGraphWithReference(graph, {{"x", x}}, {"y:0"});
          REQUIRE(want.ok());
          CHECK(Close(got[0], (*want)[0]));
        }
      }
    }
  }
}

}  // namespace
}  // namespace testing
}  // namespace kiln
