// Layers on their own: Dense against a host matmul, Flatten's shapes,
// Dropout and AlphaDropout statistics in training and identity in
// inference, activations by name.
#include "frontend/keras/layers.h"

#include <catch2/catch.hpp>
#include <cmath>
#include <random>

#include "frontend/keras/activations.h"
#include "frontend/keras/conv_layers.h"
#include "frontend/ops/ops.h"
#include "frontend/session.h"

namespace kiln {
namespace keras {
namespace {

Tensor Filled(std::vector<int64_t> dims, float value) {
  Tensor t =
      Tensor::Allocate(DT_FLOAT, TensorShape::Create(dims).value()).value();
  for (float& v : t.flat<float>()) v = value;
  return t;
}

std::vector<float> Run(Session& s, const Tensor& x, const Output& y) {
  std::vector<Tensor> out;
  Status status = s.Run({{"x", x}}, {y.name()}, &out);
  INFO(status.ToString());
  REQUIRE(status.ok());
  auto f = out[0].flat<float>();
  return std::vector<float>(f.begin(), f.end());
}

TEST_CASE("Dense computes act(x W + b) with its weights", "[layers]") {
  Scope root = Scope::NewRootScope();
  auto x = ops::Placeholder(root.WithOpName("x"), DT_FLOAT, Shape::Of({-1, 3}));
  Dense dense(2, "tanh");
  StatusOr<Output> y = dense(root, x, false, 7);
  REQUIRE(y.ok());
  REQUIRE(dense.weights().size() == 2);
  CHECK(dense.CountParams() == 8);
  auto session = Session::Create(root);
  REQUIRE(session.ok());
  for (const Variable& w : dense.weights())
    w.Initialize((*session)->variables());
  Tensor tx = Filled({4, 3}, 0.5f);
  std::vector<float> got = Run(**session, tx, *y);
  const Tensor& kernel = dense.weights()[0].initial_value();
  for (int r = 0; r < 4; ++r) {
    for (int j = 0; j < 2; ++j) {
      double sum = 0;
      for (int k = 0; k < 3; ++k) sum += 0.5 * kernel.flat<float>()[k * 2 + j];
      CHECK(got[r * 2 + j] == Approx(std::tanh(sum)).epsilon(1e-5));
    }
  }
  Flatten flatten;
  CHECK(flatten.OutputShape(Shape::Of({-1, 2, 3, 4}))->ToString() == "[?,24]");
  CHECK_FALSE(Dense(3, "no_such").OutputShape(Shape::Of({-1})).ok());
}

TEST_CASE("Dropout drops at its rate in training, not in inference",
          "[layers]") {
  Scope root = Scope::NewRootScope();
  auto x =
      ops::Placeholder(root.WithOpName("x"), DT_FLOAT, Shape::Of({-1, 100}));
  Dropout dropout(0.3, 5);
  Output train = *dropout(root, x, true);
  Output infer = *dropout(root, x, false);
  AlphaDropout alpha(0.2, 6);
  Output alpha_train = *alpha(root, x, true);
  auto session = Session::Create(root);
  REQUIRE(session.ok());
  Tensor ones = Filled({200, 100}, 1.0f);
  std::vector<float> a = Run(**session, ones, train);
  std::vector<float> b = Run(**session, ones, train);
  CHECK(a != b);  // a new mask each step
  int zeros = 0;
  for (float v : a) {
    CHECK((v == 0 || std::abs(v - 1 / 0.7f) < 1e-5));
    zeros += v == 0;
  }
  // 20000 draws: the dropped fraction is 0.3 within 6 standard errors.
  CHECK(std::abs(zeros / 2e4 - 0.3) < 6 * std::sqrt(0.3 * 0.7 / 2e4));
  CHECK(Run(**session, ones, infer) == std::vector<float>(2e4, 1.0f));
  // AlphaDropout keeps a standard normal input's mean and variance.
  Tensor normal =
      Tensor::Allocate(DT_FLOAT, TensorShape::Create({200, 100}).value())
          .value();
  std::mt19937 rng(1);
  std::normal_distribution<float> n01;
  for (float& v : normal.flat<float>()) v = n01(rng);
  std::vector<float> y = Run(**session, normal, alpha_train);
  double mean = 0, sq = 0;
  for (float v : y) mean += v;
  mean /= y.size();
  for (float v : y) sq += (v - mean) * (v - mean);
  CHECK(std::abs(mean) < 0.05);
  CHECK(std::abs(std::sqrt(sq / y.size()) - 1) < 0.05);
}

TEST_CASE("BatchNormalization normalizes and moves its statistics",
          "[layers]") {
  Scope root = Scope::NewRootScope();
  auto x = ops::Placeholder(root.WithOpName("x"), DT_FLOAT, Shape::Of({-1, 2}));
  BatchNormalization bn;
  Output infer = *bn(root, x, false);
  Output train = *bn(root, x, true);
  REQUIRE(bn.weights().size() == 4);
  REQUIRE(bn.updates().size() == 2);
  auto session = Session::Create(root);
  REQUIRE(session.ok());
  VariableStore& store = (*session)->variables();
  for (const Variable& w : bn.weights()) w.Initialize(store);
  // Column 0: 1, 2, 3, 4 (mean 2.5, variance 1.25); column 1: all 10.
  Tensor t = Tensor::FromVector<float>({1, 10, 2, 10, 3, 10, 4, 10}).value();
  t = t.Reshape(TensorShape::Create({4, 2}).value()).value();
  std::vector<Tensor> out;
  std::vector<std::string> targets;
  for (const Operation& u : bn.updates()) targets.push_back(u.name());
  REQUIRE((*session)->Run({{"x", t}}, {train.name()}, targets, &out).ok());
  const float* y = out[0].flat<float>().data();
  const float inv = 1 / std::sqrt(1.25f + 1e-3f);
  CHECK(y[0] == Approx(-1.5f * inv).epsilon(1e-5));
  CHECK(y[6] == Approx(1.5f * inv).epsilon(1e-5));
  CHECK(y[1] == Approx(0).margin(1e-6));
  // moving = 0.99 moving + 0.01 batch.
  Tensor mm = store.Read(bn.weights()[2].name()).value();
  Tensor mv = store.Read(bn.weights()[3].name()).value();
  CHECK(mm.flat<float>()[0] == Approx(0.025f));
  CHECK(mm.flat<float>()[1] == Approx(0.1f));
  CHECK(mv.flat<float>()[0] == Approx(0.99f + 0.0125f));
  CHECK(mv.flat<float>()[1] == Approx(0.99f));
  // Inference normalizes with the moving statistics.
  std::vector<float> z = Run(**session, t, infer);
  CHECK(z[0] ==
        Approx((1 - 0.025f) / std::sqrt(1.0025f + 1e-3f)).epsilon(1e-5));
}

// Inference on images is one FusedBatchNormV3, which the compiler folds
// into the Conv2D before it: the folded result against the formula on the
// convolution's own output, with random statistics and affine weights.
TEST_CASE("BatchNormalization after Conv2D folds for inference", "[layers]") {
  Scope root = Scope::NewRootScope();
  auto x = ops::Placeholder(root.WithOpName("x"), DT_FLOAT,
                            Shape::Of({-1, 6, 5, 3}));
  Conv2DOptions o;
  o.padding = "same";
  Conv2D conv(4, Window{3, 3}, o);
  BatchNormalization bn;
  Output c = *conv(root, x, false, 3);
  Output y = *bn(root, c, false, 3);
  tensorflow::GraphDef graph;
  REQUIRE(root.ToGraphDef(&graph).ok());
  int fused = 0;
  for (const auto& node : graph.node())
    fused += node.op() == "FusedBatchNormV3";
  CHECK(fused == 1);
  SessionOptions options;
  options.variables = std::make_shared<VariableStore>();
  auto session = Session::Create(root, options);
  REQUIRE(session.ok());
  VariableStore& store = *options.variables;
  std::mt19937 rng(11);
  std::uniform_real_distribution<float> u(0.2f, 2.0f);
  for (const Variable& w : conv.weights()) w.Initialize(store);
  std::vector<std::vector<float>> stats;  // gamma, beta, mean, variance
  for (const Variable& w : bn.weights()) {
    std::vector<float> v(4);
    for (float& e : v) e = u(rng) - (stats.size() == 1 ? 1.0f : 0.0f);
    stats.push_back(v);
    store.Set(w.name(), Tensor::FromVector<float>(v).value());
  }
  Tensor t = Filled({2, 6, 5, 3}, 0);
  std::uniform_real_distribution<float> pixel(-1, 1);
  for (float& v : t.flat<float>()) v = pixel(rng);
  const std::vector<float> folded = Run(**session, t, y);
  const std::vector<float> raw = Run(**session, t, c);
  REQUIRE(folded.size() == raw.size());
  for (size_t i = 0; i < raw.size(); ++i) {
    const size_t k = i % 4;
    const double want =
        (raw[i] - stats[2][k]) / std::sqrt(stats[3][k] + 1e-3) * stats[0][k] +
        stats[1][k];
    INFO("element " << i);
    CHECK(folded[i] == Approx(want).margin(1e-5).epsilon(1e-4));
  }
}

TEST_CASE("activations by name", "[layers]") {
  Scope root = Scope::NewRootScope();
  auto x = ops::Placeholder(root.WithOpName("x"), DT_FLOAT, Shape::Of({3}));
  CHECK(Activate(root, "gelu", x).ok());
  CHECK(Activate(root, "", x)->name() == x.name());
  CHECK_THAT(Activate(root, "swishy", x).status().message(),
             Catch::Contains("unknown activation 'swishy'"));
}

}  // namespace
}  // namespace keras
}  // namespace kiln
