// StepProfile on a compiled graph: every step of every profiled run is
// timed under its node's name and op, nothing after the profile is unset.
#include <catch2/catch.hpp>
#include <set>

#include "compiler/CpuCompiler.h"
#include "frontend/ops/ops.h"
#include "frontend/scope.h"
#include "runtime/exec/executor.h"
#include "tests/session/reference_graph.h"

namespace kiln {
namespace testing {
namespace {

TEST_CASE("A step profile times each step of the runs it sees") {
  Scope root = Scope::NewRootScope();
  Output x = ops::Placeholder(root.WithOpName("x"), DT_FLOAT,
                              Shape::Of({kUnknownDim, 64}));
  Output w = ops::Placeholder(root.WithOpName("w"), DT_FLOAT,
                              Shape::Of({64, 32}));
  Output h = ops::Relu(root.WithOpName("h"), ops::MatMul(root, x, w));
  ops::Sum(root.WithOpName("total"), h, ops::Const(root, {0, 1}));
  tensorflow::GraphDef graph;
  REQUIRE(root.ToGraphDef(&graph).ok());
  CompileRequest request;
  request.feeds = {{"x", DT_FLOAT, {-1, 64}}, {"w", DT_FLOAT, {64, 32}}};
  request.fetches = {"total:0"};
  auto exe = compiler::newCpuCompiler()->Compile(graph, request);
  REQUIRE(exe.ok());
  Executor executor(*exe);
  const std::vector<Tensor> feeds = {RandomFloats({100, 64}, 1),
                                     RandomFloats({64, 32}, 2)};
  std::vector<Tensor> out;
  StepProfile profile;
  executor.set_profile(&profile);
  for (int i = 0; i < 3; ++i) REQUIRE(executor.Run(feeds, nullptr, &out).ok());
  executor.set_profile(nullptr);
  REQUIRE(executor.Run(feeds, nullptr, &out).ok());  // not counted
  const std::vector<StepTime> steps = profile.Sorted();
  REQUIRE(static_cast<int>(steps.size()) == (*exe)->plan().steps_size());
  std::set<std::string> ops;
  for (size_t i = 0; i < steps.size(); ++i) {
    CHECK(steps[i].runs == 3);
    CHECK(steps[i].seconds >= 0);
    CHECK_FALSE(steps[i].on_device);
    if (i > 0) CHECK(steps[i - 1].seconds >= steps[i].seconds);
    ops.insert(steps[i].op);
    INFO(steps[i].node << " " << steps[i].op);
  }
  // The plan's own ops: the matmul with its relu, the sum's kernel.
  CHECK(ops == std::set<std::string>{"fused_matmul", "launch"});
}

}  // namespace
}  // namespace testing
}  // namespace kiln
