// kiln::cond, while_loop and for_range against plain loops on random
// inputs: both branches, data-dependent trip counts, maximum_iterations,
// shape invariants, variables updated in a loop, control flow inside a
// traced function, and the errors.
#include "frontend/function/control_flow.h"

#include <google/protobuf/text_format.h>

#include <catch2/catch.hpp>
#include <cmath>
#include <functional>
#include <random>

#include "frontend/function/function.h"
#include "frontend/gradients/gradients.h"
#include "frontend/ops/const.h"
#include "frontend/ops/ops.h"
#include "frontend/session.h"
#include "frontend/variables/variable.h"
#include "tests/function/random_tensors.h"

namespace kiln {
namespace {

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
  // A malformed fetch or feed name is an error, not a crash.
  auto session = Session::Create(root);
  REQUIRE(session.ok());
  std::vector<Tensor> bad_out;
  CHECK_FALSE(
      (*session)
          ->Run({{"x", Random(rng, {2, 3})}}, {"cond:one"}, {}, &bad_out)
          .ok());
  CHECK_FALSE(
      (*session)
          ->Run({{"x:", Random(rng, {2, 3})}}, {(*y)[0].name()}, {}, &bad_out)
          .ok());
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

TEST_CASE("a run that fails inside a loop changes no variable",
          "[control_flow]") {
  Scope root = Scope::NewRootScope();
  auto count = Variable::Create(root.WithOpName("count"), DT_FLOAT,
                                Shape::Scalar(), initializers::Zeros());
  REQUIRE(count.ok());
  auto store = std::make_shared<VariableStore>();
  count->Initialize(*store);
  Output x = ops::Placeholder(root.WithOpName("x"), DT_FLOAT,
                              Shape::Of({kUnknownDim}));
  Output trips =
      ops::Placeholder(root.WithOpName("trips"), DT_INT32, Shape::Scalar());
  WhileOptions o;
  o.shape_invariants = {Shape::Scalar(), Shape::Of({kUnknownDim}),
                        Shape::Scalar()};
  // Each trip counts, then doubles x; adding a [3] constant fails once x
  // has grown past 3 elements (on the second trip for a 3-element x).
  auto out = while_loop(
      root,
      [](const Scope& s, const OutputList& v) -> StatusOr<Output> {
        return ops::Less(s, v[0], v[2]);
      },
      [&](const Scope& s, const OutputList& v) -> StatusOr<OutputList> {
        count->AssignAdd(s, 1.0f);
        Output checked = ops::AddV2(
            s, v[1], ops::Const(s, {0.0f, 0.0f, 0.0f}, Shape::Of({3})));
        return OutputList{
            ops::AddV2(s, v[0], 1),
            ops::ConcatV2(s, {checked, checked}, ops::Const(s, 0)), v[2]};
      },
      {ops::Const(root, 0), x, trips}, o);
  INFO(out.status().ToString());
  REQUIRE(out.ok());
  SessionOptions options;
  options.variables = store;
  auto session = Session::Create(root, options);
  REQUIRE(session.ok());
  const Tensor x3 = Tensor::FromVector<float>({1, 2, 3}).value();
  auto run = [&](int32_t n) {
    std::vector<Tensor> got;
    return (*session)->Run(
        {{"x", x3}, {"trips", Tensor::Scalar<int32_t>(n).value()}},
        {(*out)[1].name()}, {}, &got);
  };
  CHECK_FALSE(run(4).ok());  // fails on the second trip
  CHECK(store->Read("count").value().flat<float>()[0] == 0);
  REQUIRE(run(1).ok());  // one trip succeeds and publishes its update
  CHECK(store->Read("count").value().flat<float>()[0] == 1);
}

TEST_CASE("control flow inside a called function runs", "[control_flow]") {
  std::mt19937 rng(std::random_device{}());
  // inner(x) = x > 0 summed ? 2x : x - 1, called from outer(x) = inner(x) + 1.
  Function inner = function(
      "inner", [](const Scope& s, const Output& x) -> StatusOr<OutputList> {
        Output positive =
            ops::Greater(s, ops::Sum(s, x, ops::Const(s, 0)), 0.0f);
        return cond(
            s, positive,
            [](const Scope& b, const OutputList& in) -> StatusOr<OutputList> {
              return OutputList{ops::Mul(b, in[0], 2.0f)};
            },
            [](const Scope& b, const OutputList& in) -> StatusOr<OutputList> {
              return OutputList{ops::Sub(b, in[0], 1.0f)};
            },
            {x});
      });
  Function outer = function(
      "outer", [&](const Scope& s, const Output& x) -> StatusOr<OutputList> {
        KILN_ASSIGN_OR_RETURN(OutputList y, inner.Call(s, {x}));
        return OutputList{ops::AddV2(s, y[0], 1.0f)};
      });
  for (float mean : {2.0f, -2.0f}) {
    const Tensor x = Random(rng, {4}, mean);
    auto out = outer({x});
    INFO(out.status().ToString());
    REQUIRE(out.ok());
    float sum = 0;
    for (float v : x.flat<float>()) sum += v;
    for (int i = 0; i < 4; ++i) {
      const float v = x.flat<float>()[i];
      CHECK((*out)[0].flat<float>()[i] ==
            Approx((sum > 0 ? 2 * v : v - 1) + 1));
    }
  }
}

TEST_CASE("a missing branch function is an error naming the node",
          "[control_flow]") {
  tensorflow::GraphDef g;
  REQUIRE(google::protobuf::TextFormat::ParseFromString(R"(
    node { name: "p" op: "Placeholder" attr { key: "dtype" value { type: DT_BOOL } } }
    node { name: "x" op: "Placeholder" attr { key: "dtype" value { type: DT_FLOAT } } }
    node { name: "c" op: "StatelessIf" input: "p" input: "x"
           attr { key: "Tout" value { list { type: DT_FLOAT } } }
           attr { key: "then_branch" value { func { name: "nope" } } }
           attr { key: "else_branch" value { func { name: "nope" } } } }
  )",
                                                        &g));
  auto session = Session::Create(g);
  REQUIRE(session.ok());
  std::vector<Tensor> out;
  Status s = (*session)->Run({{"p", Tensor::Scalar<bool>(true).value()},
                              {"x", Tensor::Scalar<float>(1).value()}},
                             {"c"}, {}, &out);
  CHECK_THAT(s.message(),
             Catch::Contains("node 'c' (StatelessIf): function 'nope' is not "
                             "in the graph's library"));
}

// Central differences of the scalar `f` in every element of the double
// tensor `at`.
std::vector<double> CentralDifferences(
    const Tensor& at, const std::function<double(const Tensor&)>& f) {
  std::vector<double> out;
  const double h = 1e-6;
  for (int64_t i = 0; i < at.NumElements(); ++i) {
    double value[2];
    for (int side = 0; side < 2; ++side) {
      Tensor moved = at.DeepCopy().value();
      moved.flat<double>()[i] += side == 0 ? h : -h;
      value[side] = f(moved);
    }
    out.push_back((value[0] - value[1]) / (2 * h));
  }
  return out;
}

// The double scalar `loss` of one Session run.
double RunLoss(Session& session, const Session::Feeds& feeds,
               const std::string& loss) {
  std::vector<Tensor> got;
  REQUIRE(session.Run(feeds, {loss}, {}, &got).ok());
  return got[0].flat<double>()[0];
}

// Central differences of `loss` in every element of the fed tensor `x`.
std::vector<double> FiniteDifferences(Session& session,
                                      const std::string& x_name,
                                      const Tensor& x, Session::Feeds others,
                                      const std::string& loss) {
  return CentralDifferences(x, [&](const Tensor& moved) {
    Session::Feeds feeds = others;
    feeds.emplace_back(x_name, moved);
    return RunLoss(session, feeds, loss);
  });
}

// Central differences of `loss` in every element of the variable `name`
// (put back afterwards).
std::vector<double> VariableFiniteDifferences(Session& session,
                                              VariableStore& store,
                                              const std::string& name,
                                              const Session::Feeds& feeds,
                                              const std::string& loss) {
  const Tensor original = store.Read(name).value();
  std::vector<double> out =
      CentralDifferences(original, [&](const Tensor& moved) {
        store.Set(name, moved);
        return RunLoss(session, feeds, loss);
      });
  store.Set(name, original);
  return out;
}

Tensor RandomDoubles(std::mt19937& rng, int64_t n, double mean, double scale) {
  Tensor t =
      Tensor::Allocate(DT_DOUBLE, TensorShape::Create({n}).value()).value();
  for (double& v : t.flat<double>()) {
    v = mean + scale * std::normal_distribution<double>()(rng);
  }
  return t;
}

// Every element of `got` (float64) against its finite difference.
void CheckMatchesDifferences(const Tensor& got, const std::vector<double>& fd) {
  REQUIRE(got.NumElements() == static_cast<int64_t>(fd.size()));
  for (size_t i = 0; i < fd.size(); ++i) {
    CHECK(got.flat<double>()[i] == Approx(fd[i]).epsilon(1e-6).margin(1e-7));
  }
}

// A Session over `root` whose store holds `w` at its initial value.
std::unique_ptr<Session> SessionWithVariable(
    const Scope& root, const Variable& w,
    const std::shared_ptr<VariableStore>& store) {
  w.Initialize(*store);
  SessionOptions options;
  options.variables = store;
  auto session = Session::Create(root, options);
  REQUIRE(session.ok());
  return std::move(*session);
}

TEST_CASE("gradients flow through cond, to second order", "[control_flow]") {
  std::mt19937 rng(std::random_device{}());
  Scope root = Scope::NewRootScope();
  Output x = ops::Placeholder(root.WithOpName("x"), DT_DOUBLE, Shape::Of({4}));
  Output pred = ops::Greater(root, ops::Sum(root, x, ops::Const(root, 0)), 0.0);
  auto y = cond(
      root, pred,
      [](const Scope& s, const OutputList& in) -> StatusOr<OutputList> {
        return OutputList{ops::Mul(s, in[0], ops::Mul(s, in[0], in[0]))};
      },
      [](const Scope& s, const OutputList& in) -> StatusOr<OutputList> {
        return OutputList{ops::Mul(s, in[0], 2.0)};
      },
      {x});
  REQUIRE(y.ok());
  Output loss = ops::Sum(root.WithOpName("loss"), (*y)[0], ops::Const(root, 0));
  OutputList dx, d2x;
  REQUIRE(Gradients(root, {loss}, {x}, &dx).ok());
  Output gsum = ops::Sum(root.WithOpName("gsum"), dx[0], ops::Const(root, 0));
  REQUIRE(Gradients(root, {gsum}, {x}, &d2x).ok());
  auto session = Session::Create(root);
  REQUIRE(session.ok());
  for (double mean : {1.0, -1.0}) {
    const Tensor xv = RandomDoubles(rng, 4, mean, 0.3);
    std::vector<Tensor> got;
    REQUIRE((*session)
                ->Run({{"x", xv}}, {dx[0].name(), d2x[0].name()}, {}, &got)
                .ok());
    const std::vector<double> fd =
        FiniteDifferences(**session, "x", xv, {}, "loss");
    const std::vector<double> fd2 =
        FiniteDifferences(**session, "x", xv, {}, "gsum");
    for (int i = 0; i < 4; ++i) {
      CHECK(got[0].flat<double>()[i] ==
            Approx(fd[i]).epsilon(1e-6).margin(1e-7));
      CHECK(got[1].flat<double>()[i] ==
            Approx(fd2[i]).epsilon(1e-5).margin(1e-6));
    }
  }
}

TEST_CASE("gradients flow through while_loop with maximum_iterations",
          "[control_flow]") {
  std::mt19937 rng(std::random_device{}());
  Scope root = Scope::NewRootScope();
  Output x = ops::Placeholder(root.WithOpName("x"), DT_DOUBLE, Shape::Of({3}));
  Output n = ops::Placeholder(root.WithOpName("n"), DT_INT32, Shape::Scalar());
  WhileOptions o;
  o.maximum_iterations = 5;
  // v <- 0.5 v^2 + 0.8 v + c, c = 0.1 x (x also a loop variable), n trips
  // or 5 at most.
  auto out = while_loop(
      root,
      [](const Scope& s, const OutputList& v) -> StatusOr<Output> {
        return ops::Less(s, v[0], v[1]);
      },
      [](const Scope& s, const OutputList& v) -> StatusOr<OutputList> {
        Output next =
            ops::AddV2(s,
                       ops::AddV2(s, ops::Mul(s, ops::Mul(s, v[2], v[2]), 0.5),
                                  ops::Mul(s, v[2], 0.8)),
                       ops::Mul(s, v[3], 0.1));
        return OutputList{ops::AddV2(s, v[0], 1), v[1], next, v[3]};
      },
      {ops::Const(root, 0), n, x, x}, o);
  REQUIRE(out.ok());
  const Tensor w = RandomDoubles(rng, 3, 0, 1);
  Output loss =
      ops::Sum(root.WithOpName("loss"),
               ops::Mul(root, (*out)[2],
                        ops::ConstFromProto(root,
                                            [&] {
                                              tensorflow::TensorProto p;
                                              REQUIRE(w.ToProto(&p).ok());
                                              return p;
                                            }())),
               ops::Const(root, 0));
  OutputList dx;
  REQUIRE(Gradients(root, {loss}, {x}, &dx).ok());
  auto session = Session::Create(root);
  REQUIRE(session.ok());
  for (int32_t trips : {0, 1, 3, 7}) {
    INFO("n = " << trips);
    const Tensor xv = RandomDoubles(rng, 3, 0, 0.3);
    const Tensor nv = Tensor::Scalar<int32_t>(trips).value();
    std::vector<Tensor> got;
    Status run =
        (*session)->Run({{"x", xv}, {"n", nv}}, {dx[0].name()}, {}, &got);
    INFO(run.ToString());
    REQUIRE(run.ok());
    const std::vector<double> fd =
        FiniteDifferences(**session, "x", xv, {{"n", nv}}, "loss");
    CheckMatchesDifferences(got[0], fd);
  }
}

TEST_CASE("gradients reach variables read inside cond branches",
          "[control_flow]") {
  std::mt19937 rng(std::random_device{}());
  Scope root = Scope::NewRootScope();
  auto w = Variable::Create(root.WithOpName("w"), DT_DOUBLE, Shape::Of({3}),
                            initializers::RandomNormal(0, 1),
                            static_cast<uint64_t>(rng()));
  REQUIRE(w.ok());
  Output x = ops::Placeholder(root.WithOpName("x"), DT_DOUBLE, Shape::Of({3}));
  Output pred = ops::Greater(root, ops::Sum(root, x, ops::Const(root, 0)), 0.0);
  auto y = cond(
      root, pred,
      [&](const Scope& s, const OutputList& in) -> StatusOr<OutputList> {
        Output wv = w->Read(s);
        return OutputList{ops::Mul(s, in[0], ops::Mul(s, wv, wv))};
      },
      [&](const Scope& s, const OutputList& in) -> StatusOr<OutputList> {
        return OutputList{ops::AddV2(s, in[0], ops::Mul(s, w->Read(s), 3.0))};
      },
      {x});
  REQUIRE(y.ok());
  CHECK(y->at(0).op().op_type() == "If");  // the variable is an argument
  Output loss = ops::Sum(root.WithOpName("loss"), (*y)[0], ops::Const(root, 0));
  OutputList dw;
  Status grad = Gradients(root, {loss}, {w->HandleIn(root)}, &dw);
  INFO(grad.ToString());
  REQUIRE(grad.ok());
  REQUIRE(dw[0].valid());
  auto store = std::make_shared<VariableStore>();
  std::unique_ptr<Session> session = SessionWithVariable(root, *w, store);
  for (double mean : {1.0, -1.0}) {
    const Tensor xv = RandomDoubles(rng, 3, mean, 0.3);
    std::vector<Tensor> got;
    Status run = session->Run({{"x", xv}}, {dw[0].name()}, {}, &got);
    INFO(run.ToString());
    REQUIRE(run.ok());
    const std::vector<double> fd =
        VariableFiniteDifferences(*session, *store, "w", {{"x", xv}}, "loss");
    CheckMatchesDifferences(got[0], fd);
  }
}

TEST_CASE("gradients reach variables read inside a while_loop body",
          "[control_flow]") {
  std::mt19937 rng(std::random_device{}());
  Scope root = Scope::NewRootScope();
  auto w = Variable::Create(root.WithOpName("w"), DT_DOUBLE, Shape::Of({3}),
                            initializers::RandomNormal(0, 0.5),
                            static_cast<uint64_t>(rng()));
  REQUIRE(w.ok());
  Output x = ops::Placeholder(root.WithOpName("x"), DT_DOUBLE, Shape::Of({3}));
  Output n = ops::Placeholder(root.WithOpName("n"), DT_INT32, Shape::Scalar());
  WhileOptions o;
  o.maximum_iterations = 4;
  // v <- v * w + 0.1 * w^2, n trips (4 at most).
  auto out = while_loop(
      root,
      [](const Scope& s, const OutputList& v) -> StatusOr<Output> {
        return ops::Less(s, v[0], v[1]);
      },
      [&](const Scope& s, const OutputList& v) -> StatusOr<OutputList> {
        Output wv = w->Read(s);
        Output next = ops::AddV2(s, ops::Mul(s, v[2], wv),
                                 ops::Mul(s, ops::Mul(s, wv, wv), 0.1));
        return OutputList{ops::AddV2(s, v[0], 1), v[1], next};
      },
      {ops::Const(root, 0), n, x}, o);
  REQUIRE(out.ok());
  REQUIRE(out->size() == 3);  // the variable's handle is not the caller's
  Output loss =
      ops::Sum(root.WithOpName("loss"), (*out)[2], ops::Const(root, 0));
  OutputList dw;
  Status grad = Gradients(root, {loss}, {w->HandleIn(root)}, &dw);
  INFO(grad.ToString());
  REQUIRE(grad.ok());
  auto store = std::make_shared<VariableStore>();
  std::unique_ptr<Session> session = SessionWithVariable(root, *w, store);
  for (int32_t trips : {0, 1, 3, 6}) {
    INFO("n = " << trips);
    const Tensor xv = RandomDoubles(rng, 3, 0, 1);
    const Tensor nv = Tensor::Scalar<int32_t>(trips).value();
    std::vector<Tensor> got;
    Status run = session->Run({{"x", xv}, {"n", nv}}, {dw[0].name()}, {}, &got);
    INFO(run.ToString());
    REQUIRE(run.ok());
    const std::vector<double> fd = VariableFiniteDifferences(
        *session, *store, "w", {{"x", xv}, {"n", nv}}, "loss");
    CheckMatchesDifferences(got[0], fd);
  }
}

}  // namespace
}  // namespace kiln
