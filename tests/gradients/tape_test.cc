// Gradients() and GradientTape beyond single ops: second derivatives
// through nested tapes, what a tape records and watches, variables,
// unconnected and integer paths, errors.
#include <catch2/catch.hpp>

#include "frontend/gradients/gradient_tape.h"
#include "frontend/gradients/gradients.h"
#include "frontend/ops/ops.h"
#include "frontend/session.h"
#include "tests/gradients/grad_check.h"

namespace kiln {
namespace gradcheck {
namespace {

std::vector<double> Run(const Scope& root, const Session::Feeds& feeds,
                        const Output& fetch) {
  auto session = Session::Create(root);
  REQUIRE(session.ok());
  std::vector<Tensor> out;
  Status s = (*session)->Run(feeds, {fetch.name()}, &out);
  INFO(s.ToString());
  REQUIRE(s.ok());
  auto flat = out[0].flat<double>();
  return std::vector<double>(flat.begin(), flat.end());
}

TEST_CASE("nested tapes give second derivatives", "[gradients]") {
  Scope root = Scope::NewRootScope();
  auto x = ops::Placeholder(root.WithOpName("x"), DT_DOUBLE, Shape::Of({4}));
  GradientTape outer(root);
  outer.Watch(x);
  GradientTape inner(root);
  inner.Watch(x);
  Output y = ops::Mul(root, x, ops::Mul(root, x, x));  // x^3
  OutputList dy, d2y;
  REQUIRE(inner.Gradient(y, {x}, &dy).ok());
  REQUIRE(outer.Gradient(dy[0], {x}, &d2y).ok());
  REQUIRE(d2y[0].valid());
  Tensor tx = RandomInput({{4}}, 7);
  std::vector<double> got = Run(root, {{"x", tx}}, d2y[0]);
  for (int i = 0; i < 4; ++i) {
    CHECK(got[i] == Approx(6 * tx.flat<double>()[i]).epsilon(1e-12));
  }
}

TEST_CASE("a tape differentiates only what it recorded and watches",
          "[gradients]") {
  Scope root = Scope::NewRootScope();
  auto x = ops::Placeholder(root.WithOpName("x"), DT_DOUBLE, Shape::Of({3}));
  Output before = ops::Exp(root, x);  // built before the tape: a constant
  GradientTape tape(root, /*persistent=*/true);
  tape.Watch(x);
  Output y = ops::Mul(root, before, x);
  tape.StopRecording();
  Output after = ops::Square(root, y);  // not recorded: no gradient
  OutputList g;
  REQUIRE(tape.Gradient(y, {x}, &g).ok());
  Tensor tx = RandomInput({{3}}, 9);
  std::vector<double> got = Run(root, {{"x", tx}}, g[0]);
  for (int i = 0; i < 3; ++i) {
    CHECK(got[i] == Approx(std::exp(tx.flat<double>()[i])).epsilon(1e-12));
  }
  OutputList none;
  REQUIRE(tape.Gradient(after, {x}, &none).ok());
  CHECK_FALSE(none[0].valid());
  // An unwatched placeholder gets no gradient.
  auto z = ops::Placeholder(root.WithOpName("z"), DT_DOUBLE, Shape::Of({3}));
  GradientTape plain(root);
  Output w = ops::Mul(root, z, z);
  OutputList unwatched;
  REQUIRE(plain.Gradient(w, {z}, &unwatched).ok());
  CHECK_FALSE(unwatched[0].valid());
  CHECK_FALSE(plain.Gradient(w, {z}, &unwatched).ok());  // not persistent
}

TEST_CASE("variables get the gradients of their reads", "[gradients]") {
  Scope root = Scope::NewRootScope();
  auto v = ops::VarHandleOp(root.WithOpName("v"), DT_DOUBLE, Shape::Of({2}));
  auto init = ops::AssignVariableOp(root.WithOpName("init"), v,
                                    ops::Const(root, {1.5, -0.5}));
  GradientTape tape(root);
  Output r1 = ops::ReadVariableOp(root, v, DT_DOUBLE);
  Output r2 = ops::ReadVariableOp(root, v, DT_DOUBLE);
  Output loss = ops::Sum(root, ops::Mul(root, r1, r2), 0);  // sum v^2
  OutputList g;
  REQUIRE(tape.Gradient(loss, {v}, &g).ok());
  REQUIRE(g[0].valid());
  auto session = Session::Create(root);
  REQUIRE(session.ok());
  std::vector<Tensor> out;
  REQUIRE((*session)->Run({}, {}, {"init"}, &out).ok());
  REQUIRE((*session)->Run({}, {g[0].name()}, &out).ok());
  CHECK(out[0].flat<double>()[0] == 3.0);
  CHECK(out[0].flat<double>()[1] == -1.0);
}

TEST_CASE("unconnected and integer paths give none or zeros", "[gradients]") {
  Scope root = Scope::NewRootScope();
  auto x = ops::Placeholder(root.WithOpName("x"), DT_DOUBLE, Shape::Of({3}));
  auto u = ops::Placeholder(root.WithOpName("u"), DT_DOUBLE, Shape::Of({3}));
  Output through_int = ops::Cast(root, ops::Cast(root, x, DT_INT32), DT_DOUBLE);
  Output stopped = ops::StopGradient(root, x);
  Output picked = ops::Cast(root, ops::ArgMax(root, x, 0), DT_DOUBLE);
  Output y = ops::AddV2(
      root, ops::Sum(root, ops::Mul(root, through_int, stopped), 0), picked);
  OutputList none, zeros;
  REQUIRE(Gradients(root, {y}, {x, u}, &none).ok());
  CHECK_FALSE(none[0].valid());
  CHECK_FALSE(none[1].valid());
  GradientsOptions options;
  options.unconnected = UnconnectedGradients::kZero;
  REQUIRE(Gradients(root, {y}, {x, u}, &zeros, options).ok());
  REQUIRE(zeros[1].valid());
  std::vector<double> got =
      Run(root, {{"x", RandomInput({{3}}, 1)}, {"u", RandomInput({{3}}, 2)}},
          zeros[1]);
  CHECK(got == std::vector<double>{0, 0, 0});
}

TEST_CASE("grad_ys weight the ys; errors name what is wrong", "[gradients]") {
  Scope root = Scope::NewRootScope();
  auto x = ops::Placeholder(root.WithOpName("x"), DT_DOUBLE, Shape::Of({2}));
  Output y = ops::Square(root, x);
  GradientsOptions options;
  options.grad_ys = {ops::Const(root, {10.0, 100.0})};
  OutputList g;
  REQUIRE(Gradients(root, {y}, {x}, &g, options).ok());
  Tensor tx = RandomInput({{2}}, 3);
  std::vector<double> got = Run(root, {{"x", tx}}, g[0]);
  CHECK(got[0] == Approx(20 * tx.flat<double>()[0]));
  CHECK(got[1] == Approx(200 * tx.flat<double>()[1]));

  Scope other = Scope::NewRootScope();
  auto foreign =
      ops::Placeholder(other.WithOpName("f"), DT_DOUBLE, Shape::Of({2}));
  Status s = Gradients(root, {y}, {foreign}, &g);
  CHECK_THAT(s.message(), Catch::Contains("not an output of this scope"));

  Scope bad = Scope::NewRootScope();
  auto bx = ops::Placeholder(bad.WithOpName("x"), DT_DOUBLE, Shape::Of({2}));
  GradientsOptions wrong;
  wrong.grad_ys = {ops::Const(bad, {1.0f, 2.0f})};
  s = Gradients(bad, {ops::Square(bad, bx)}, {bx}, &g, wrong);
  CHECK_THAT(s.message(), Catch::Contains("grad_ys[0] must be a double"));
}

}  // namespace
}  // namespace gradcheck
}  // namespace kiln
