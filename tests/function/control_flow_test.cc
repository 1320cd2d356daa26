// kiln::cond, while_loop and for_range against plain loops on random
// inputs: both branches, data-dependent trip counts, maximum_iterations,
// shape invariants, variables updated in a loop, control flow inside a
// traced function, and the errors.
#include "frontend/function/control_flow.h"

#include <catch2/catch.hpp>
#include <cmath>
#include <random>

#include "frontend/function/function.h"
#include "frontend/ops/const.h"
#include "frontend/ops/ops.h"
#include "frontend/session.h"
#include "frontend/variables/variable.h"

namespace kiln {
namespace {

Tensor Random(std::mt19937& rng, std::vector<int64_t> dims, float mean = 0) {
  Tensor t =
      Tensor::Allocate(DT_FLOAT, TensorShape::Create(dims).value()).value();
  for (float& v : t.flat<float>())
    v = mean + std::normal_distribution<float>()(rng);
  return t;
}

std::vector<Tensor> Run(const Scope& root, const Session::Feeds& feeds,
                        const OutputList& fetches,
                        std::shared_ptr<VariableStore> store = nullptr) {
  SessionOptions options;
  options.variables = store;
  auto session = Session::Create(root, options);
  REQUIRE(session.ok());
  std::vector<std::string> names;
  for (const Output& f : fetches) names.push_back(f.name());
  std::vector<Tensor> out;
  Status s = (*session)->Run(feeds, names, {}, &out);
  INFO(s.ToString());
  REQUIRE(s.ok());
  return out;
}

TEST_CASE("cond runs the branch the predicate picks", "[control_flow]") {
  std::mt19937 rng(std::random_device{}());
  Scope root = Scope::NewRootScope();
  Output x = ops::Placeholder(root.WithOpName("x"), DT_FLOAT,
                              Shape::Of({kUnknownDim, 3}));
  Output pred = ops::Greater(
      root, ops::Sum(root, x, ops::Const(root, {0, 1}, Shape::Of({2}))), 0.0f);
  auto y = cond(
      root, pred,
      [](const Scope& s, const OutputList& in) -> StatusOr<OutputList> {
        return OutputList{ops::Mul(s, in[0], 2.0f)};
      },
      [](const Scope& s, const OutputList& in) -> StatusOr<OutputList> {
        return OutputList{ops::Sub(s, in[0], 1.0f)};
      },
      {x});
  REQUIRE(y.ok());
  CHECK(y->at(0).op().op_type() == "StatelessIf");
  for (float mean : {3.0f, -3.0f, 0.0f}) {
    const Tensor xv = Random(rng, {4, 3}, mean);
    float sum = 0;
    for (float v : xv.flat<float>()) sum += v;
    const std::vector<Tensor> out = Run(root, {{"x", xv}}, {(*y)[0]});
    for (int64_t i = 0; i < xv.NumElements(); ++i) {
      const float v = xv.flat<float>()[i];
      CHECK(out[0].flat<float>()[i] == Approx(sum > 0 ? 2 * v : v - 1));
    }
  }
  // Branches that disagree are an error naming the output.
  auto bad = cond(
      root, pred,
      [](const Scope& s, const OutputList& in) -> StatusOr<OutputList> {
        return OutputList{in[0]};
      },
      [](const Scope& s, const OutputList& in) -> StatusOr<OutputList> {
        return OutputList{ops::Cast(s, in[0], DT_INT32)};
      },
      {x});
  CHECK_THAT(bad.status().message(),
             Catch::Contains("output 0 is float[?,3] in the true branch and "
                             "int32[?,3] in the false branch"));
}

TEST_CASE("while_loop repeats while its condition holds", "[control_flow]") {
  std::mt19937 rng(std::random_device{}());
  Scope root = Scope::NewRootScope();
  Output n = ops::Placeholder(root.WithOpName("n"), DT_INT32, Shape::Scalar());
  Output x = ops::Placeholder(root.WithOpName("x"), DT_FLOAT, Shape::Of({3}));
  auto out = while_loop(
      root,
      [&](const Scope& s, const OutputList& v) -> StatusOr<Output> {
        return ops::Less(s, v[0], v[2]);
      },
      [](const Scope& s, const OutputList& v) -> StatusOr<OutputList> {
        return OutputList{ops::AddV2(s, v[0], 1), ops::Mul(s, v[1], 1.5f),
                          v[2]};
      },
      {ops::Const(root, 0), x, n});
  REQUIRE(out.ok());
  WhileOptions capped;
  capped.maximum_iterations = 4;
  auto limited = while_loop(
      root,
      [](const Scope& s, const OutputList& v) -> StatusOr<Output> {
        return ops::Less(s, v[0], 100);
      },
      [](const Scope& s, const OutputList& v) -> StatusOr<OutputList> {
        return OutputList{ops::AddV2(s, v[0], 1)};
      },
      {ops::Const(root, 0)}, capped);
  REQUIRE(limited.ok());
  for (int trial = 0; trial < 4; ++trial) {
    const int32_t trips = static_cast<int32_t>(rng() % 7);
    const Tensor xv = Random(rng, {3});
    const std::vector<Tensor> got =
        Run(root, {{"n", Tensor::Scalar<int32_t>(trips).value()}, {"x", xv}},
            {(*out)[0], (*out)[1], (*limited)[0]});
    CHECK(got[0].flat<int32_t>()[0] == trips);
    for (int i = 0; i < 3; ++i) {
      CHECK(got[1].flat<float>()[i] ==
            Approx(xv.flat<float>()[i] * std::pow(1.5f, trips)));
    }
    CHECK(got[2].flat<int32_t>()[0] == 4);
  }
}

TEST_CASE("for_range sums over ranges either way", "[control_flow]") {
  Scope root = Scope::NewRootScope();
  auto body = [](const Scope& s, const OutputList& v) -> StatusOr<OutputList> {
    return OutputList{ops::AddV2(s, v[1], v[0])};
  };
  auto up = for_range(root, ops::Const(root, 2), ops::Const(root, 9),
                      ops::Const(root, 3), body, {ops::Const(root, 0)});
  auto down = for_range(root, ops::Const(root, 5), ops::Const(root, 0),
                        ops::Const(root, -2), body, {ops::Const(root, 0)});
  REQUIRE(up.ok());
  REQUIRE(down.ok());
  const std::vector<Tensor> got = Run(root, {}, {(*up)[0], (*down)[0]});
  CHECK(got[0].flat<int32_t>()[0] == 2 + 5 + 8);
  CHECK(got[1].flat<int32_t>()[0] == 5 + 3 + 1);
}

TEST_CASE("loop variables that change shape need invariants",
          "[control_flow]") {
  Scope root = Scope::NewRootScope();
  auto body = [](const Scope& s, const OutputList& v) -> StatusOr<OutputList> {
    return OutputList{ops::AddV2(s, v[0], 1),
                      ops::ConcatV2(s, {v[1], v[1]}, ops::Const(s, 0))};
  };
  auto cond_fn = [](const Scope& s, const OutputList& v) -> StatusOr<Output> {
    return ops::Less(s, v[0], 3);
  };
  const OutputList vars = {ops::Const(root, 0),
                           ops::Const(root, {1.0f, 2.0f}, Shape::Of({2}))};
  auto fixed = while_loop(root, cond_fn, body, vars);
  CHECK_THAT(
      fixed.status().message(),
      Catch::Contains("loop variable 1 enters as float[2] and leaves "
                      "the body as float[4]; give it a shape invariant"));
  Scope root2 = Scope::NewRootScope();
  WhileOptions o;
  o.shape_invariants = {Shape::Scalar(), Shape::Of({kUnknownDim})};
  auto grown = while_loop(
      root2, cond_fn, body,
      {ops::Const(root2, 0), ops::Const(root2, {1.0f, 2.0f}, Shape::Of({2}))},
      o);
  REQUIRE(grown.ok());
  const std::vector<Tensor> got = Run(root2, {}, {(*grown)[1]});
  REQUIRE(got[0].NumElements() == 16);
  for (int i = 0; i < 16; ++i) CHECK(got[0].flat<float>()[i] == 1 + i % 2);
}

TEST_CASE(
    "a loop updates a variable on each trip; control flow runs inside "
    "traced functions",
    "[control_flow]") {
  std::mt19937 rng(std::random_device{}());
  Scope outer = Scope::NewRootScope();
  auto total = Variable::Create(outer.WithOpName("total"), DT_FLOAT,
                                Shape::Of({3}), initializers::Zeros());
  REQUIRE(total.ok());
  auto store = std::make_shared<VariableStore>();
  total->Initialize(*store);
  FunctionOptions options;
  options.variables = store;
  // f(x, n): total += x, n times, in a loop; then x doubled when n > 2,
  // else halved.
  Function f = function(
      "accumulate",
      [&](const Scope& s, const Output& x,
          const Output& n) -> StatusOr<OutputList> {
        KILN_ASSIGN_OR_RETURN(
            OutputList loop,
            while_loop(
                s,
                [](const Scope& c, const OutputList& v) -> StatusOr<Output> {
                  return ops::Less(c, v[0], v[1]);
                },
                [&](const Scope& b,
                    const OutputList& v) -> StatusOr<OutputList> {
                  total->AssignAdd(b, v[2]);
                  return OutputList{ops::AddV2(b, v[0], 1), v[1], v[2]};
                },
                {ops::Const(s, 0), n, x}));
        Output big = ops::Greater(s, n, 2);
        KILN_ASSIGN_OR_RETURN(
            OutputList picked,
            cond(
                s, big,
                [](const Scope& b,
                   const OutputList& in) -> StatusOr<OutputList> {
                  return OutputList{ops::Mul(b, in[0], 2.0f)};
                },
                [](const Scope& b,
                   const OutputList& in) -> StatusOr<OutputList> {
                  return OutputList{ops::Mul(b, in[0], 0.5f)};
                },
                {loop[2]}));
        return picked;
      },
      options);
  std::vector<float> want(3, 0);
  for (int call = 0; call < 3; ++call) {
    const Tensor x = Random(rng, {3});
    const int32_t n = static_cast<int32_t>(rng() % 5);
    auto out = f({x, Tensor::Scalar<int32_t>(n).value()});
    INFO(out.status().ToString());
    REQUIRE(out.ok());
    for (int i = 0; i < 3; ++i) {
      want[i] += n * x.flat<float>()[i];
      CHECK((*out)[0].flat<float>()[i] ==
            Approx(x.flat<float>()[i] * (n > 2 ? 2 : 0.5)));
      CHECK(store->Read("total").value().flat<float>()[i] ==
            Approx(want[i]).margin(1e-5));
    }
  }
  CHECK(f.num_traces() == 1);
}

}  // namespace
}  // namespace kiln
