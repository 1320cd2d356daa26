// Control flow compiled into kernels: while_loop and cond whose bodies the
// kernel generator lowers run as one generated kernel (no host round trip
// per trip), checked against plain loops on random inputs; what it cannot
// lower (a MatMul in the body, a loop variable changing shape) still runs
// on the host with the same results.
#include <catch2/catch.hpp>
#include <cmath>
#include <random>

#include "frontend/function/control_flow.h"
#include "frontend/ops/const.h"
#include "frontend/ops/ops.h"
#include "frontend/session.h"
#include "tests/function/random_tensors.h"

namespace kiln {
namespace {

std::unique_ptr<Session> NewSession(const Scope& root) {
  auto session = Session::Create(root);
  INFO(session.status().ToString());
  REQUIRE(session.ok());
  return std::move(*session);
}

std::vector<Tensor> Run(Session& session, const Session::Feeds& feeds,
                        const OutputList& fetches) {
  std::vector<std::string> names;
  for (const Output& f : fetches) names.push_back(f.name());
  std::vector<Tensor> out;
  Status s = session.Run(feeds, names, {}, &out);
  INFO(s.ToString());
  REQUIRE(s.ok());
  return out;
}

Tensor Int(int32_t v) { return Tensor::Scalar<int32_t>(v).value(); }

TEST_CASE("a loop of elementwise ops compiles into one kernel",
          "[control_flow][compiled]") {
  std::mt19937 rng(std::random_device{}());
  Scope root = Scope::NewRootScope();
  Output n = ops::Placeholder(root.WithOpName("n"), DT_INT32, Shape::Scalar());
  Output x = ops::Placeholder(root.WithOpName("x"), DT_FLOAT,
                              Shape::Of({kUnknownDim, 3}));
  // i = 0; acc = 0; while i < n: acc += i * i; x = x * 1.5 - 0.25; i += 1
  auto out = while_loop(
      root,
      [](const Scope& s, const OutputList& v) -> StatusOr<Output> {
        return ops::Less(s, v[0], v[3]);
      },
      [](const Scope& s, const OutputList& v) -> StatusOr<OutputList> {
        Output i = ops::Cast(s, v[0], DT_FLOAT);
        return OutputList{ops::AddV2(s, v[0], 1),
                          ops::AddV2(s, v[1], ops::Mul(s, i, i)),
                          ops::Sub(s, ops::Mul(s, v[2], 1.5f), 0.25f), v[3]};
      },
      {ops::Const(root, 0), ops::Const(root, 0.0f), x, n});
  REQUIRE(out.ok());
  std::unique_ptr<Session> session = NewSession(root);
  for (int trial = 0; trial < 4; ++trial) {
    const int32_t trips = static_cast<int32_t>(rng() % 9);
    const int64_t rows = 1 + static_cast<int64_t>(rng() % 5);
    const Tensor xv = Random(rng, {rows, 3});
    const std::vector<float> before(xv.flat<float>().begin(),
                                    xv.flat<float>().end());
    const std::vector<Tensor> got =
        Run(*session, {{"n", Int(trips)}, {"x", xv}}, {(*out)[1], (*out)[2]});
    double sum = 0;
    for (int i = 0; i < trips; ++i) sum += static_cast<double>(i) * i;
    CHECK(got[0].flat<float>()[0] == Approx(sum));
    REQUIRE(got[1].NumElements() == rows * 3);
    for (int64_t k = 0; k < rows * 3; ++k) {
      float v = before[k];
      for (int i = 0; i < trips; ++i) v = v * 1.5f - 0.25f;
      CHECK(got[1].flat<float>()[k] == Approx(v).epsilon(1e-5));
      // The loop's buffers are its own: the feed is unchanged.
      CHECK(xv.flat<float>()[k] == before[k]);
    }
  }
  // One executable for every row count, and no trip ran on the host.
  CHECK(session->num_compilations() == 1);
  CHECK(session->num_host_control_flow_runs() == 0);
}

TEST_CASE("cond and nested control flow compile into kernels",
          "[control_flow][compiled]") {
  std::mt19937 rng(std::random_device{}());
  Scope root = Scope::NewRootScope();
  Output x = ops::Placeholder(root.WithOpName("x"), DT_FLOAT,
                              Shape::Of({kUnknownDim, 4}));
  auto total = [](const Scope& s, const Output& t) {
    return ops::Sum(s, t, ops::Const(s, {0, 1}, Shape::Of({2})));
  };
  // A piecewise function: 2x where the sum is positive, x - 1 elsewhere.
  auto piecewise = cond(
      root, ops::Greater(root, total(root, x), 0.0f),
      [](const Scope& s, const OutputList& in) -> StatusOr<OutputList> {
        return OutputList{ops::Mul(s, in[0], 2.0f)};
      },
      [](const Scope& s, const OutputList& in) -> StatusOr<OutputList> {
        return OutputList{ops::Sub(s, in[0], 1.0f)};
      },
      {x});
  REQUIRE(piecewise.ok());
  // Eight trips of: halve when the sum exceeds 10, else add 3 (a cond in
  // the body), capped by maximum_iterations.
  WhileOptions capped;
  capped.maximum_iterations = 8;
  auto nested = while_loop(
      root,
      [](const Scope& s, const OutputList& v) -> StatusOr<Output> {
        return ops::Less(s, v[0], 100);
      },
      [&](const Scope& s, const OutputList& v) -> StatusOr<OutputList> {
        KILN_ASSIGN_OR_RETURN(
            OutputList next,
            cond(
                s, ops::Greater(s, total(s, v[1]), 10.0f),
                [](const Scope& b,
                   const OutputList& in) -> StatusOr<OutputList> {
                  return OutputList{ops::Mul(b, in[0], 0.5f)};
                },
                [](const Scope& b,
                   const OutputList& in) -> StatusOr<OutputList> {
                  return OutputList{ops::AddV2(b, in[0], 3.0f)};
                },
                {v[1]}));
        return OutputList{ops::AddV2(s, v[0], 1), next[0]};
      },
      {ops::Const(root, 0), x}, capped);
  REQUIRE(nested.ok());
  std::unique_ptr<Session> session = NewSession(root);
  for (float mean : {3.0f, -3.0f, 0.5f}) {
    const int64_t rows = 1 + static_cast<int64_t>(rng() % 4);
    const Tensor xv = Random(rng, {rows, 4}, mean);
    const std::vector<Tensor> got =
        Run(*session, {{"x", xv}}, {(*piecewise)[0], (*nested)[1]});
    std::vector<double> v(xv.flat<float>().begin(), xv.flat<float>().end());
    double sum = 0;
    for (double e : v) sum += e;
    for (size_t k = 0; k < v.size(); ++k)
      CHECK(got[0].flat<float>()[k] == Approx(sum > 0 ? 2 * v[k] : v[k] - 1));
    for (int trip = 0; trip < 8; ++trip) {
      double s = 0;
      for (double e : v) s += e;
      for (double& e : v) e = s > 10 ? e * 0.5 : e + 3;
    }
    for (size_t k = 0; k < v.size(); ++k)
      CHECK(got[1].flat<float>()[k] == Approx(v[k]).epsilon(1e-4));
  }
  CHECK(session->num_compilations() == 1);
  CHECK(session->num_host_control_flow_runs() == 0);
}

// x = tanh(x w), three times, in float64.
std::vector<double> TanhMatMulTrips(const Tensor& x, const Tensor& w) {
  const int64_t m = x.dim_size(0), k = x.dim_size(1), n = w.dim_size(1);
  std::vector<double> a(x.flat<float>().begin(), x.flat<float>().end());
  for (int trip = 0; trip < 3; ++trip) {
    std::vector<double> next(m * n, 0.0);
    for (int64_t i = 0; i < m; ++i)
      for (int64_t j = 0; j < n; ++j) {
        for (int64_t l = 0; l < k; ++l)
          next[i * n + j] += a[i * k + l] * w.flat<float>()[l * n + j];
        next[i * n + j] = std::tanh(next[i * n + j]);
      }
    a = next;
  }
  return a;
}

// for i in range(3): x = tanh(x w), for x of [rows, k] and w of [k, k].
StatusOr<OutputList> TanhMatMulLoop(const Scope& root, int64_t rows,
                                    int64_t k) {
  Output x = ops::Placeholder(root.WithOpName("x" + std::to_string(k)),
                              DT_FLOAT, Shape::Of({rows, k}));
  Output w = ops::Placeholder(root.WithOpName("w" + std::to_string(k)),
                              DT_FLOAT, Shape::Of({k, k}));
  return for_range(
      root, ops::Const(root, 0), ops::Const(root, 3), ops::Const(root, 1),
      [](const Scope& s, const OutputList& v) -> StatusOr<OutputList> {
        return OutputList{ops::Tanh(s, ops::MatMul(s, v[1], v[2])), v[2]};
      },
      {x, w});
}

TEST_CASE(
    "a small MatMul in a loop body stays in the loop's kernel; "
    "what no kernel can take runs on the host",
    "[control_flow][compiled]") {
  std::mt19937 rng(std::random_device{}());
  Scope root = Scope::NewRootScope();
  // [2,3] x [3,3]: plain loops in the kernel. [64,96] x [96,96] (590k
  // multiply-adds a trip): oneDNN's, so the loop runs on the host.
  auto small = TanhMatMulLoop(root, 2, 3);
  auto large = TanhMatMulLoop(root, 64, 96);
  REQUIRE(small.ok());
  REQUIRE(large.ok());
  // A variable whose dims swap on every trip: the kernel could not size
  // it before running (the dims analysis cannot prove it keeps its shape).
  Output y = ops::Placeholder(root.WithOpName("y"), DT_FLOAT,
                              Shape::Of({kUnknownDim, kUnknownDim}));
  auto swapping = for_range(
      root, ops::Const(root, 0), ops::Const(root, 3), ops::Const(root, 1),
      [](const Scope& s, const OutputList& v) -> StatusOr<OutputList> {
        Output perm = ops::Const(s, {1, 0}, Shape::Of({2}));
        return OutputList{ops::Mul(s, ops::Transpose(s, v[1], perm), 2.0f)};
      },
      {y});
  REQUIRE(swapping.ok());
  std::unique_ptr<Session> session = NewSession(root);
  for (int64_t k : {3, 96}) {
    const Tensor xv = Random(rng, {k == 3 ? 2 : 64, k});
    Tensor wv = Random(rng, {k, k});
    for (float& v : wv.flat<float>()) v /= std::sqrt(static_cast<float>(k));
    const std::string suffix = std::to_string(k);
    const std::vector<Tensor> got =
        Run(*session, {{"x" + suffix, xv}, {"w" + suffix, wv}},
            {(k == 3 ? *small : *large)[0]});
    const std::vector<double> want = TanhMatMulTrips(xv, wv);
    REQUIRE(got[0].NumElements() == static_cast<int64_t>(want.size()));
    for (size_t i = 0; i < want.size(); ++i)
      CHECK(got[0].flat<float>()[i] == Approx(want[i]).margin(1e-5));
    CHECK(session->num_host_control_flow_runs() == (k == 3 ? 0 : 1));
  }
  const Tensor yv = Random(rng, {2, 5});
  const std::vector<Tensor> swapped =
      Run(*session, {{"y", yv}}, {(*swapping)[0]});
  REQUIRE(swapped[0].NumElements() == 10);
  CHECK(swapped[0].dim_size(0) == 5);
  for (int i = 0; i < 5; ++i)
    for (int j = 0; j < 2; ++j)
      CHECK(swapped[0].flat<float>()[i * 2 + j] ==
            Approx(8.0f * yv.flat<float>()[j * 5 + i]));
  CHECK(session->num_host_control_flow_runs() == 2);
}

}  // namespace
}  // namespace kiln
