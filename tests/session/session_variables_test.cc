// Session variables: initialized by a target, persistent across runs, and
// untouched by a run that fails.
#include <catch2/catch.hpp>

#include "frontend/ops/ops.h"
#include "frontend/scope.h"
#include "frontend/session.h"

namespace kiln {
namespace {

struct CounterGraph {
  tensorflow::GraphDef graph;
};

// v: float[3] variable; "init" assigns [1,2,3]; "step" assigns v * 2 + x;
// "bad_step" assigns v + x and then reshapes z (any length) to [5]: it fails
// at run time unless z has 5 elements, after the assign.
tensorflow::GraphDef VariableGraph() {
  Scope root = Scope::NewRootScope();
  auto v = ops::VarHandleOp(root.WithOpName("v"), DT_FLOAT, Shape::Of({3}),
                            ops::VarHandleOpAttrs().SharedName("v"));
  auto init_value =
      ops::Const(root.WithOpName("init_value"), std::vector<float>{1, 2, 3},
                 Shape::Of({3}));
  ops::AssignVariableOp(root.WithOpName("init"), v, init_value);
  auto x = ops::Placeholder(root.WithOpName("x"), DT_FLOAT, Shape::Of({3}));
  auto read = ops::ReadVariableOp(root.WithOpName("read"), v, DT_FLOAT);
  auto two = ops::Const(root.WithOpName("two"), 2.0f);
  auto next = ops::AddV2(root.WithOpName("next"),
                         ops::Mul(root.WithOpName("twice"), read, two), x);
  ops::AssignVariableOp(root.WithOpName("step"), v, next);
  auto bump = ops::AssignVariableOp(
      root.WithOpName("bad_assign"), v,
      ops::AddV2(root.WithOpName("bumped"), read, x));
  auto five = ops::Const(root.WithOpName("five"), std::vector<int32_t>{5},
                         Shape::Of({1}));
  auto z = ops::Placeholder(root.WithOpName("z"), DT_FLOAT,
                            Shape::Of({kUnknownDim}));
  ops::Reshape(root.WithOpName("bad_step").WithControlDependencies({bump}), z,
               five);
  tensorflow::GraphDef graph;
  Status built = root.ToGraphDef(&graph);
  INFO(built.ToString());
  REQUIRE(built.ok());
  return graph;
}

std::vector<float> Values(const Tensor& t) {
  auto f = t.flat<float>();
  return std::vector<float>(f.begin(), f.end());
}

TEST_CASE("Variables persist across runs") {
  auto session = Session::Create(VariableGraph());
  REQUIRE(session.ok());
  Session& s = **session;
  std::vector<Tensor> out;
  Status uninit = s.Run({}, {"read"}, {}, &out);
  CHECK(uninit.code() == StatusCode::kFailedPrecondition);
  CHECK(uninit.message().find("v") != std::string::npos);
  REQUIRE(s.Run({}, {}, {"init"}, &out).ok());
  Tensor x = Tensor::FromVector<float>({0.5f, -1, 0}).value();
  REQUIRE(s.Run({{"x", x}}, {}, {"step"}, &out).ok());
  REQUIRE(s.Run({{"x", x}}, {}, {"step"}, &out).ok());
  REQUIRE(s.Run({}, {"read"}, {}, &out).ok());
  // ((1,2,3) * 2 + x) * 2 + x
  CHECK(Values(out[0]) == std::vector<float>{5.5f, 5, 12});
}

TEST_CASE("AssignAdd and AssignSub update in place, in run order") {
  Scope root = Scope::NewRootScope();
  auto v = ops::VarHandleOp(root.WithOpName("v"), DT_FLOAT, Shape::Of({3}));
  ops::AssignVariableOp(root.WithOpName("init"), v, ops::Const(root, {1.f, 2.f, 3.f}));
  auto d = ops::Placeholder(root.WithOpName("d"), DT_FLOAT, Shape::Of({3}));
  ops::AssignAddVariableOp(root.WithOpName("add"), v, d);
  ops::AssignSubVariableOp(root.WithOpName("sub"), v, ops::Mul(root, d, 2.f));
  ops::ReadVariableOp(root.WithOpName("read"), v, DT_FLOAT);
  auto session = Session::Create(root);
  REQUIRE(session.ok());
  Session& s = **session;
  std::vector<Tensor> out;
  REQUIRE(s.Run({}, {}, {"init"}, &out).ok());
  Tensor delta = Tensor::FromVector<float>({10, 20, 30}).value();
  Status first = s.Run({{"d", delta}}, {}, {"add"}, &out);
  INFO(first.ToString());
  REQUIRE(first.ok());
  REQUIRE(s.Run({{"d", delta}}, {}, {"add"}, &out).ok());
  REQUIRE(s.Run({}, {"read"}, {}, &out).ok());
  CHECK(Values(out[0]) == std::vector<float>{21, 42, 63});
  Tensor small = Tensor::FromVector<float>({0.5f, 1, 1.5f}).value();
  REQUIRE(s.Run({{"d", small}}, {}, {"sub"}, &out).ok());
  REQUIRE(s.Run({}, {"read"}, {}, &out).ok());
  CHECK(Values(out[0]) == std::vector<float>{20, 40, 60});
  // A delta of the wrong shape is an error naming the node; v is unchanged.
  Tensor wrong = Tensor::FromVector<float>({1, 2}).value();
  Status bad = s.Run({{"d", wrong}}, {}, {"add"}, &out);
  CHECK_FALSE(bad.ok());
  REQUIRE(s.Run({}, {"read"}, {}, &out).ok());
  CHECK(Values(out[0]) == std::vector<float>{20, 40, 60});
}

TEST_CASE("A failed run leaves variables unchanged") {
  auto session = Session::Create(VariableGraph());
  REQUIRE(session.ok());
  Session& s = **session;
  std::vector<Tensor> out;
  REQUIRE(s.Run({}, {}, {"init"}, &out).ok());
  Tensor x = Tensor::FromVector<float>({10, 10, 10}).value();
  Status bad = s.Run({{"x", x}, {"z", x}}, {"bad_step"}, {}, &out);
  INFO(bad.ToString());
  CHECK(!bad.ok());
  CHECK(bad.message().find("bad_step") != std::string::npos);
  REQUIRE(s.Run({}, {"read"}, {}, &out).ok());
  CHECK(Values(out[0]) == std::vector<float>{1, 2, 3});
}

}  // namespace
}  // namespace kiln
