// Loss scaling: the optimizer's gate (a skipped step changes no variable,
// slot or counter) and DynamicLossScale's scale, unscale, finiteness check
// and scale schedule, on fed random gradients against the rules computed
// here.
#include "frontend/train/loss_scale.h"

#include <catch2/catch.hpp>
#include <cmath>
#include <limits>

#include "frontend/ops/ops.h"
#include "frontend/train/optimizers.h"
#include "tests/train/train_util.h"

namespace kiln {
namespace traintest {
namespace {

TEST_CASE("ApplyGradients' gate skips a step entirely", "[loss_scale]") {
  const uint64_t seed = FreshSeed();
  INFO("seed " << seed);
  Scope root = Scope::NewRootScope();
  const Tensor w0 = RandomDoubles({2, 3}, seed, -1, 1);
  StatusOr<Variable> w = Variable::FromValue(root.WithOpName("w"), w0);
  REQUIRE(w.ok());
  auto g = ops::Placeholder(root.WithOpName("g"), DT_DOUBLE, Shape::Of({2, 3}));
  auto gate = ops::Placeholder(root.WithOpName("gate"), DT_BOOL, Shape());
  SGDOptions o;
  o.learning_rate = 0.1;
  o.momentum = 0.9;
  SGD sgd(o);
  StatusOr<Operation> train =
      sgd.ApplyGradients(root.WithOpName("train"), {{g, *w}}, gate);
  REQUIRE(train.ok());
  w->Read(root.WithOpName("read"));
  auto session = Session::Create(root);
  REQUIRE(session.ok());
  w->Initialize((*session)->variables());
  sgd.Initialize((*session)->variables());
  std::vector<double> want = Doubles(w0), velocity(6, 0.0);
  std::vector<Tensor> out;
  for (int step = 0; step < 4; ++step) {
    const bool apply = step % 2 == 1;
    const Tensor grad = RandomDoubles({2, 3}, seed + step, -2, 2);
    if (apply) {
      for (int i = 0; i < 6; ++i) {
        velocity[i] =
            0.9 * velocity[i] - static_cast<float>(0.1) * Doubles(grad)[i];
        want[i] += velocity[i];
      }
    }
    REQUIRE((*session)
                ->Run({{"g", grad}, {"gate", *Tensor::Scalar(apply)}}, {},
                      {"train"}, &out)
                .ok());
  }
  REQUIRE((*session)->Run({}, {"read"}, {}, &out).ok());
  const std::vector<double> got = Doubles(out[0]);
  for (int i = 0; i < 6; ++i) CHECK(got[i] == Approx(want[i]).epsilon(1e-9));
  CHECK(Optimizer::Iterations(sgd.iterations(), (*session)->variables()) == 2);
}

TEST_CASE("DynamicLossScale scales, unscales, skips and regrows",
          "[loss_scale]") {
  const uint64_t seed = FreshSeed();
  INFO("seed " << seed);
  Scope root = Scope::NewRootScope();
  auto loss = ops::Placeholder(root.WithOpName("loss"), DT_FLOAT, Shape());
  auto g = ops::Placeholder(root.WithOpName("g"), DT_FLOAT, Shape::Of({5}));
  LossScaleOptions options;
  options.initial_scale = 1024;
  options.growth_steps = 2;
  DynamicLossScale scale(options);
  StatusOr<Output> scaled = scale.Scale(root, loss);
  REQUIRE(scaled.ok());
  ops::Identity(root.WithOpName("scaled"), *scaled);
  auto unscaled = scale.Unscale(root, {g});
  REQUIRE(unscaled.ok());
  ops::Identity(root.WithOpName("unscaled"), unscaled->grads[0]);
  ops::Identity(root.WithOpName("finite"), unscaled->finite);
  Operation update = scale.Update(root, unscaled->finite);
  ops::NoOp(root.WithOpName("update").WithControlDependencies({update}));
  auto session = Session::Create(root);
  REQUIRE(session.ok());
  scale.Initialize((*session)->variables());
  // finite, finite (doubles), inf (halves), NaN (halves), finite.
  const float inf = std::numeric_limits<float>::infinity();
  const float nan = std::numeric_limits<float>::quiet_NaN();
  const float poisons[] = {0, 0, inf, nan, 0};
  double want_scale = 1024;
  int good = 0;
  for (int step = 0; step < 5; ++step) {
    Tensor grad = RandomDoubles({5}, seed + step, -4, 4);
    Tensor gf = *Tensor::Allocate(DT_FLOAT, *TensorShape::Create({5}));
    for (int i = 0; i < 5; ++i)
      gf.flat<float>()[i] = static_cast<float>(Doubles(grad)[i]);
    if (poisons[step] != 0) gf.flat<float>()[step % 5] = poisons[step];
    std::vector<Tensor> out;
    Status s =
        (*session)->Run({{"loss", *Tensor::Scalar(1.5f)}, {"g", gf}},
                        {"scaled", "unscaled", "finite"}, {"update"}, &out);
    INFO("step " << step << ": " << s.ToString());
    REQUIRE(s.ok());
    CHECK(out[0].flat<float>()[0] == Approx(1.5 * want_scale));
    const bool finite = poisons[step] == 0;
    CHECK(out[2].flat<bool>()[0] == finite);
    if (finite) {
      for (int i = 0; i < 5; ++i)
        CHECK(out[1].flat<float>()[i] ==
              Approx(gf.flat<float>()[i] / want_scale));
    }
    // The rule: finite steps count up, every 2nd doubles; else halve.
    if (finite && ++good == options.growth_steps) {
      want_scale *= 2;
      good = 0;
    } else if (!finite) {
      want_scale = std::max(want_scale / 2, 1.0);
      good = 0;
    }
    CHECK(scale.CurrentScale((*session)->variables()) == want_scale);
  }
}

}  // namespace
}  // namespace traintest
}  // namespace kiln
