// Optimizers: three steps on a float64 variable with fed random gradients,
// against the update rules computed here element by element; clipping;
// slots as variables; schedules against their formulas.
#include "frontend/train/optimizers.h"

#include <catch2/catch.hpp>
#include <cmath>
#include <functional>
#include <memory>

#include "frontend/ops/ops.h"
#include "frontend/train/schedules.h"
#include "tests/train/train_util.h"

namespace kiln {
namespace traintest {
namespace {

constexpr int kSteps = 3;
constexpr int64_t kSize = 6;

// The reference: updates w (and its own state) for gradient g at step t.
using Rule = std::function<void(std::vector<double>& w,
                                const std::vector<double>& g, int t)>;

// `margin`: absolute slack, for rules the graph computes partly in float.
void CheckOptimizer(const std::string& name, Optimizer& optimizer,
                    const Rule& rule, size_t expected_slots,
                    double margin = 1e-9) {
  const uint64_t seed = FreshSeed();
  INFO(name << " seed " << seed);
  Scope root = Scope::NewRootScope();
  Tensor w0 = RandomDoubles({2, 3}, seed, -1, 1);
  StatusOr<Variable> w = Variable::FromValue(root.WithOpName("w"), w0);
  REQUIRE(w.ok());
  auto g = ops::Placeholder(root.WithOpName("g"), DT_DOUBLE, Shape::Of({2, 3}));
  StatusOr<Operation> train =
      optimizer.ApplyGradients(root.WithOpName("train"), {{g, *w}});
  INFO(train.status().ToString());
  REQUIRE(train.ok());
  w->Read(root.WithOpName("read"));
  CHECK(optimizer.variables().size() == 2 + expected_slots);
  auto session = Session::Create(root);
  REQUIRE(session.ok());
  w->Initialize((*session)->variables());
  optimizer.Initialize((*session)->variables());
  std::vector<double> want = Doubles(w0);
  std::vector<Tensor> out;
  for (int t = 1; t <= kSteps; ++t) {
    Tensor grad = RandomDoubles({2, 3}, seed + t, -2, 2);
    rule(want, Doubles(grad), t);
    Status s = (*session)->Run({{"g", grad}}, {}, {"train"}, &out);
    INFO(s.ToString());
    REQUIRE(s.ok());
  }
  REQUIRE((*session)->Run({}, {"read"}, {}, &out).ok());
  std::vector<double> got = Doubles(out[0]);
  for (int64_t i = 0; i < kSize; ++i) {
    CHECK(got[i] == Approx(want[i]).epsilon(1e-6).margin(margin));
  }
  CHECK(Optimizer::Iterations(optimizer.iterations(),
                              (*session)->variables()) == kSteps);
}

// The learning rate lives in a float variable: the rules use its rounding.
double F(double lr) { return static_cast<float>(lr); }

TEST_CASE("SGD, momentum and Nesterov follow Keras", "[optimizers]") {
  SGDOptions lr01;
  lr01.learning_rate = 0.1;
  SGD plain(lr01);
  CheckOptimizer(
      "sgd", plain,
      [](std::vector<double>& w, const std::vector<double>& g, int) {
        for (int64_t i = 0; i < kSize; ++i) w[i] -= F(0.1) * g[i];
      },
      0);
  for (bool nesterov : {false, true}) {
    SGDOptions o;
    o.learning_rate = 0.05;
    o.momentum = 0.9;
    o.nesterov = nesterov;
    SGD sgd(o);
    auto v = std::make_shared<std::vector<double>>(kSize, 0);
    CheckOptimizer(
        nesterov ? "nesterov" : "momentum", sgd,
        [v, nesterov](std::vector<double>& w, const std::vector<double>& g,
                      int) {
          for (int64_t i = 0; i < kSize; ++i) {
            (*v)[i] = 0.9 * (*v)[i] - F(0.05) * g[i];
            w[i] += nesterov ? 0.9 * (*v)[i] - F(0.05) * g[i] : (*v)[i];
          }
        },
        1);
  }
}

Rule AdamRule(double lr, double decay) {
  auto m = std::make_shared<std::vector<double>>(kSize, 0);
  auto v = std::make_shared<std::vector<double>>(kSize, 0);
  return [=](std::vector<double>& w, const std::vector<double>& g, int t) {
    const double alpha =
        F(lr) * std::sqrt(1 - std::pow(0.999, t)) / (1 - std::pow(0.9, t));
    for (int64_t i = 0; i < kSize; ++i) {
      (*m)[i] = 0.9 * (*m)[i] + 0.1 * g[i];
      (*v)[i] = 0.999 * (*v)[i] + 0.001 * g[i] * g[i];
      w[i] = w[i] - F(lr) * decay * w[i] -
             alpha * (*m)[i] / (std::sqrt((*v)[i]) + 1e-7);
    }
  };
}

TEST_CASE("Adam and AdamW follow Keras", "[optimizers]") {
  Adam adam;
  CheckOptimizer("adam", adam, AdamRule(0.001, 0), 2);
  AdamOptions o;
  o.learning_rate = 0.01;
  AdamW adamw(o);
  CheckOptimizer("adamw", adamw, AdamRule(0.01, 0.004), 2);
}

TEST_CASE("RMSprop and Adagrad follow Keras", "[optimizers]") {
  for (bool centered : {false, true}) {
    RMSpropOptions o;
    o.centered = centered;
    o.momentum = centered ? 0.5 : 0;
    RMSprop rms(o);
    auto a = std::make_shared<std::vector<double>>(kSize, 0);
    auto mg = std::make_shared<std::vector<double>>(kSize, 0);
    auto mom = std::make_shared<std::vector<double>>(kSize, 0);
    CheckOptimizer(
        centered ? "rmsprop_centered" : "rmsprop", rms,
        [=](std::vector<double>& w, const std::vector<double>& g, int) {
          for (int64_t i = 0; i < kSize; ++i) {
            (*a)[i] = 0.9 * (*a)[i] + 0.1 * g[i] * g[i];
            double denominator = (*a)[i];
            if (centered) {
              (*mg)[i] = 0.9 * (*mg)[i] + 0.1 * g[i];
              denominator -= (*mg)[i] * (*mg)[i];
            }
            double inc = F(0.001) * g[i] / std::sqrt(denominator + 1e-7);
            if (centered) inc = (*mom)[i] = 0.5 * (*mom)[i] + inc;
            w[i] -= inc;
          }
        },
        centered ? 3 : 1);
  }
  Adagrad adagrad;
  auto acc = std::make_shared<std::vector<double>>(kSize, 0.1);
  CheckOptimizer(
      "adagrad", adagrad,
      [=](std::vector<double>& w, const std::vector<double>& g, int) {
        for (int64_t i = 0; i < kSize; ++i) {
          (*acc)[i] += g[i] * g[i];
          w[i] -= F(0.001) * g[i] / std::sqrt((*acc)[i] + 1e-7);
        }
      },
      1);
}

TEST_CASE("gradients are clipped by value, norm and global norm",
          "[optimizers]") {
  SGDOptions by_value;
  by_value.learning_rate = 1;
  by_value.clipvalue = 0.5;
  SGD sgd_value(by_value);
  CheckOptimizer(
      "clipvalue", sgd_value,
      [](std::vector<double>& w, const std::vector<double>& g, int) {
        for (int64_t i = 0; i < kSize; ++i) {
          w[i] -= std::min(0.5, std::max(-0.5, g[i]));
        }
      },
      0);
  for (bool global : {false, true}) {
    SGDOptions by_norm;
    by_norm.learning_rate = 1;
    (global ? by_norm.global_clipnorm : by_norm.clipnorm) = 1.5;
    SGD sgd(by_norm);
    CheckOptimizer(
        global ? "global_clipnorm" : "clipnorm", sgd,
        [](std::vector<double>& w, const std::vector<double>& g, int) {
          double norm = 0;
          for (double x : g) norm += x * x;
          norm = std::sqrt(norm);
          const double f = static_cast<float>(
              1.5f / std::max<float>(static_cast<float>(norm), 1.5f));
          for (int64_t i = 0; i < kSize; ++i) w[i] -= g[i] * f;
        },
        0, /*margin=*/1e-6);  // the norm is computed in float
  }
}

TEST_CASE("the learning rate changes between steps", "[optimizers]") {
  Scope root = Scope::NewRootScope();
  StatusOr<Variable> w = Variable::FromValue(
      root.WithOpName("w"), Tensor::FromVector<float>({1, 1}).value());
  REQUIRE(w.ok());
  SGDOptions lr05;
  lr05.learning_rate = 0.5;
  SGD sgd(lr05);
  REQUIRE(sgd.ApplyGradients(root.WithOpName("train"),
                             {{ops::Const(root, {1.f, 2.f}), *w}})
              .ok());
  w->Read(root.WithOpName("read"));
  auto session = Session::Create(root);
  REQUIRE(session.ok());
  VariableStore& store = (*session)->variables();
  w->Initialize(store);
  sgd.Initialize(store);
  std::vector<Tensor> out;
  REQUIRE((*session)->Run({}, {}, {"train"}, &out).ok());
  sgd.SetLearningRate(0.25, store);
  REQUIRE((*session)->Run({}, {}, {"train"}, &out).ok());
  REQUIRE((*session)->Run({}, {"read"}, {}, &out).ok());
  CHECK(out[0].flat<float>()[0] == 1 - 0.5f - 0.25f);
  CHECK(out[0].flat<float>()[1] == 1 - 1.0f - 0.5f);
}

TEST_CASE("schedules follow their formulas", "[schedules]") {
  auto exp = schedules::ExponentialDecay(0.1, 100, 0.5);
  CHECK(exp(0) == Approx(0.1));
  CHECK(exp(150) == Approx(0.1 * std::pow(0.5, 1.5)));
  auto stairs = schedules::ExponentialDecay(0.1, 100, 0.5, true);
  CHECK(stairs(150) == Approx(0.05));
  auto piecewise = schedules::PiecewiseConstantDecay({10, 20}, {1, 0.5, 0.1});
  CHECK(piecewise(10) == 1);
  CHECK(piecewise(11) == 0.5);
  CHECK(piecewise(100) == 0.1);
  auto cosine = schedules::CosineDecay(0.2, 100, 0.1);
  CHECK(cosine(0) == Approx(0.2));
  CHECK(cosine(50) == Approx(0.2 * (0.9 * 0.5 + 0.1)));
  CHECK(cosine(500) == Approx(0.02));
}

}  // namespace
}  // namespace traintest
}  // namespace kiln
