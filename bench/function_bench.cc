// function_bench: what graph functions and control flow cost at run time.
// A kiln::function call against a plain Session::Run of the same graph (the
// anchor: the function adds signature lookup); a cond per call; a
// while_loop's cost per trip, compiled into one kernel (its body is
// elementwise), against the same trips as separate Session::Run calls of
// the body (the anchor); and a loop whose body has a small MatMul
// ([1,16] x [16,16], lowered to plain loops inside the loop's kernel). Medians
// of interleaved runs; one JSON line per row for bench/run.py, which puts
// tf.function and XLA next to them (bench/anchors/function_tf.py).
//
//   function_bench [--quick]
#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstring>
#include <functional>
#include <string>
#include <vector>

#include "bench/interleaved.h"
#include "frontend/function/control_flow.h"
#include "frontend/function/function.h"
#include "frontend/ops/const.h"
#include "frontend/ops/ops.h"

namespace {

using namespace kiln;
using Clock = std::chrono::steady_clock;

using bench::Interleaved;
using bench::Median;

void Check(const Status& s) {
  if (!s.ok()) {
    std::fprintf(stderr, "function_bench: %s\n", s.ToString().c_str());
    std::exit(1);
  }
}

void Row(const std::string& bench, const std::string& what, double us,
         const std::string& anchor, double anchor_us) {
  std::printf("%-9s %-44s %10.2f us   %6.2fx %s\n", bench.c_str(), what.c_str(),
              us, us / anchor_us, anchor.c_str());
  std::printf(
      "{\"source\": \"kiln\", \"bench\": \"%s\", \"what\": \"%s\", "
      "\"us\": %.6g}\n",
      bench.c_str(), what.c_str(), us);
}

OutputList Affine(const Scope& s, const Output& x) {
  return {ops::AddV2(s, ops::Mul(s, x, 0.5f), 1.0f)};
}

}  // namespace

int main(int argc, char** argv) {
  const bool quick = argc > 1 && std::strcmp(argv[1], "--quick") == 0;
  const int runs = quick ? 100 : 1000;
  const int trips = 100;
  Tensor x = Tensor::FromVector<float>(std::vector<float>(16, 1.0f)).value();

  // A call of a traced function against Session::Run of the same graph.
  Function f = function(
      "affine", [](const Scope& s, const Output& x) { return Affine(s, x); });
  Scope plain = Scope::NewRootScope();
  Output px =
      ops::Placeholder(plain.WithOpName("x"), DT_FLOAT, Shape::Of({16}));
  Output py = Affine(plain, px)[0];
  auto session = Session::Create(plain);
  Check(session.status());
  std::vector<Tensor> out;
  auto [call, run] =
      Interleaved([&] { Check(f({x}).status()); },
                  [&] {
                    Check((*session)->Run({{"x", x}}, {py.name()}, &out));
                  },
                  runs);
  std::printf("%-9s %-44s %10s      %s\n", "bench", "what", "value", "ratio");
  Row("function", "kiln::function call (16 floats)", call * 1e6,
      "of Session::Run", run * 1e6);

  // A cond and a while_loop in one graph each.
  Scope cf = Scope::NewRootScope();
  Output cx = ops::Placeholder(cf.WithOpName("x"), DT_FLOAT, Shape::Of({16}));
  Output n = ops::Placeholder(cf.WithOpName("n"), DT_INT32, Shape::Scalar());
  Output pred = ops::Greater(cf, ops::Sum(cf, cx, ops::Const(cf, 0)), 0.0f);
  auto branch = [](const Scope& s,
                   const OutputList& in) -> StatusOr<OutputList> {
    return Affine(s, in[0]);
  };
  auto c = cond(cf, pred, branch, branch, {cx});
  Check(c.status());
  auto loop = while_loop(
      cf,
      [](const Scope& s, const OutputList& v) -> StatusOr<Output> {
        return ops::Less(s, v[0], v[2]);
      },
      [](const Scope& s, const OutputList& v) -> StatusOr<OutputList> {
        return OutputList{ops::AddV2(s, v[0], 1), Affine(s, v[1])[0], v[2]};
      },
      {ops::Const(cf, 0), cx, n});
  Check(loop.status());
  auto cf_session = Session::Create(cf);
  Check(cf_session.status());
  const Tensor nv = Tensor::Scalar<int32_t>(trips).value();
  auto [cond_s, run2] = Interleaved(
      [&] {
        Check((*cf_session)->Run({{"x", x}}, {(*c)[0].name()}, &out));
      },
      [&] {
        Check((*session)->Run({{"x", x}}, {py.name()}, &out));
      },
      runs);
  Row("control", "cond (16 floats)", cond_s * 1e6, "of Session::Run",
      run2 * 1e6);
  auto [loop_s, runs_s] = Interleaved(
      [&] {
        Check((*cf_session)
                  ->Run({{"x", x}, {"n", nv}}, {(*loop)[1].name()}, &out));
      },
      [&] {
        for (int i = 0; i < trips; ++i) {
          Check((*session)->Run({{"x", x}}, {py.name()}, &out));
        }
      },
      quick ? 10 : 50);
  Row("control", "while_loop per trip (100 trips)", loop_s * 1e6 / trips,
      "of a Session::Run per trip", runs_s * 1e6 / trips);

  // v = tanh(v x w) on a [1,16] row, 100 trips.
  Output row =
      ops::Placeholder(cf.WithOpName("row"), DT_FLOAT, Shape::Of({1, 16}));
  Output w =
      ops::Placeholder(cf.WithOpName("w"), DT_FLOAT, Shape::Of({16, 16}));
  auto matmul_loop = while_loop(
      cf,
      [](const Scope& s, const OutputList& v) -> StatusOr<Output> {
        return ops::Less(s, v[0], v[3]);
      },
      [](const Scope& s, const OutputList& v) -> StatusOr<OutputList> {
        return OutputList{ops::AddV2(s, v[0], 1),
                          ops::Tanh(s, ops::MatMul(s, v[1], v[2])), v[2], v[3]};
      },
      {ops::Const(cf, 0), row, w, n});
  Check(matmul_loop.status());
  auto mm_session = Session::Create(cf);
  Check(mm_session.status());
  const Tensor rv =
      Tensor::FromVector<float>(std::vector<float>(16, 0.1f),
                                TensorShape::Create({1, 16}).value())
          .value();
  const Tensor wv =
      Tensor::FromVector<float>(std::vector<float>(256, 0.05f),
                                TensorShape::Create({16, 16}).value())
          .value();
  Scope step = Scope::NewRootScope();
  Output srow =
      ops::Placeholder(step.WithOpName("row"), DT_FLOAT, Shape::Of({1, 16}));
  Output sw =
      ops::Placeholder(step.WithOpName("w"), DT_FLOAT, Shape::Of({16, 16}));
  Output sy = ops::Tanh(step, ops::MatMul(step, srow, sw));
  auto step_session = Session::Create(step);
  Check(step_session.status());
  auto [mm_s, mm_runs_s] = Interleaved(
      [&] {
        Check((*mm_session)
                  ->Run({{"row", rv}, {"w", wv}, {"n", nv}},
                        {(*matmul_loop)[1].name()}, &out));
      },
      [&] {
        for (int i = 0; i < trips; ++i) {
          Check((*step_session)
                    ->Run({{"row", rv}, {"w", wv}}, {sy.name()}, &out));
        }
      },
      quick ? 10 : 50);
  Row("control", "while_loop matmul per trip (100 trips)", mm_s * 1e6 / trips,
      "of a Session::Run per trip", mm_runs_s * 1e6 / trips);
  return 0;
}
