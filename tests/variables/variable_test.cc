// Variable: reads, assignments and both ways to initialize, through a
// Session.
#include "frontend/variables/variable.h"

#include <catch2/catch.hpp>

#include "frontend/ops/ops.h"
#include "frontend/session.h"

namespace kiln {
namespace {

std::vector<float> Floats(const Tensor& t) {
  auto f = t.flat<float>();
  return std::vector<float>(f.begin(), f.end());
}

TEST_CASE("a variable starts at its initializer's value and updates",
          "[variables]") {
  Scope root = Scope::NewRootScope();
  StatusOr<Variable> w =
      Variable::Create(root.WithOpName("w"), DT_FLOAT, Shape::Of({2, 2}),
                       initializers::Constant(3), 0);
  REQUIRE(w.ok());
  CHECK(w->name() == "w");
  CHECK(w->trainable());
  Output read = w->Read(root.WithOpName("read"));
  w->AssignAdd(root.WithOpName("add"),
               ops::Const(root, 1.f, Shape::Of({2, 2})));
  w->InitOp(root.WithOpName("init"));
  auto session = Session::Create(root);
  REQUIRE(session.ok());
  std::vector<Tensor> out;
  w->Initialize((*session)->variables());
  REQUIRE((*session)->Run({}, {}, {"add"}, &out).ok());
  REQUIRE((*session)->Run({}, {"read"}, {}, &out).ok());
  CHECK(Floats(out[0]) == std::vector<float>(4, 4));
  REQUIRE((*session)->Run({}, {}, {"init"}, &out).ok());
  REQUIRE((*session)->Run({}, {"read"}, {}, &out).ok());
  CHECK(Floats(out[0]) == std::vector<float>(4, 3));
}

TEST_CASE("a failing initializer is an error and fails the scope",
          "[variables]") {
  Scope root = Scope::NewRootScope();
  StatusOr<Variable> v = Variable::Create(root, DT_INT32, Shape::Of({2}),
                                          initializers::GlorotUniform(), 1);
  CHECK_FALSE(v.ok());
  CHECK_FALSE(root.ok());
}

}  // namespace
}  // namespace kiln
