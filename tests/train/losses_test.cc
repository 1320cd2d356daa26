// Losses against per-sample formulas computed here in double, on fresh
// random inputs, with sample weights and each reduction.
#include "frontend/train/losses.h"

#include <catch2/catch.hpp>
#include <cmath>
#include <functional>

#include "frontend/ops/ops.h"
#include "tests/train/train_util.h"

namespace kiln {
namespace traintest {
namespace {

using losses::LossOptions;
using losses::Reduction;
constexpr int64_t kBatch = 6, kClasses = 4;
constexpr double kEps = 1e-7;

using PerSample =
    std::function<double(const double* y, const double* p, int64_t n)>;
using Builder = Output (*)(const Scope&, const Output&, const Output&,
                           const LossOptions&);

double Clip(double p) { return std::min(std::max(p, kEps), 1 - kEps); }

// Runs `loss` on random [6, 4] y_true/y_pred with random weights under each
// reduction and compares with `reference` applied per row.
void CheckLoss(const std::string& name, Builder loss,
               const PerSample& reference, LossOptions options, double y_lo,
               double y_hi, double p_lo, double p_hi) {
  const uint64_t seed = FreshSeed();
  INFO(name << " seed " << seed);
  Tensor y = RandomDoubles({kBatch, kClasses}, seed, y_lo, y_hi);
  Tensor p = RandomDoubles({kBatch, kClasses}, seed + 1, p_lo, p_hi);
  Tensor w = RandomDoubles({kBatch}, seed + 2, 0, 2);
  std::vector<double> per(kBatch);
  double weighted = 0;
  for (int64_t i = 0; i < kBatch; ++i) {
    per[i] = reference(Doubles(y).data() + i * kClasses,
                       Doubles(p).data() + i * kClasses, kClasses);
    weighted += per[i] * w.flat<double>()[i];
  }
  Scope root = Scope::NewRootScope();
  auto ty = ops::Placeholder(root.WithOpName("y"), DT_DOUBLE,
                             Shape::Of({kBatch, kClasses}));
  auto tp = ops::Placeholder(root.WithOpName("p"), DT_DOUBLE,
                             Shape::Of({kBatch, kClasses}));
  auto tw =
      ops::Placeholder(root.WithOpName("w"), DT_DOUBLE, Shape::Of({kBatch}));
  std::vector<Output> fetches;
  for (Reduction r :
       {Reduction::kNone, Reduction::kSum, Reduction::kSumOverBatchSize}) {
    options.reduction = r;
    options.sample_weight = r == Reduction::kNone ? Output() : tw;
    fetches.push_back(loss(root, ty, tp, options));
  }
  std::vector<Tensor> out =
      RunGraph(root, {{"y", y}, {"p", p}, {"w", w}}, fetches);
  std::vector<double> none = Doubles(out[0]);
  REQUIRE(none.size() == per.size());
  for (int64_t i = 0; i < kBatch; ++i)
    CHECK(none[i] == Approx(per[i]).epsilon(1e-9));
  CHECK(Doubles(out[1])[0] == Approx(weighted).epsilon(1e-9));
  CHECK(Doubles(out[2])[0] == Approx(weighted / kBatch).epsilon(1e-9));
}

TEST_CASE("regression losses match their formulas", "[losses]") {
  CheckLoss(
      "mse", losses::MeanSquaredError,
      [](const double* y, const double* p, int64_t n) {
        double s = 0;
        for (int64_t j = 0; j < n; ++j) s += (p[j] - y[j]) * (p[j] - y[j]);
        return s / n;
      },
      {}, -2, 2, -2, 2);
  CheckLoss(
      "mae", losses::MeanAbsoluteError,
      [](const double* y, const double* p, int64_t n) {
        double s = 0;
        for (int64_t j = 0; j < n; ++j) s += std::abs(p[j] - y[j]);
        return s / n;
      },
      {}, -2, 2, -2, 2);
  LossOptions huber;
  huber.delta = 0.7;
  CheckLoss(
      "huber", losses::Huber,
      [](const double* y, const double* p, int64_t n) {
        double s = 0;
        for (int64_t j = 0; j < n; ++j) {
          const double e = std::abs(p[j] - y[j]);
          s += e <= 0.7 ? 0.5 * e * e : 0.7 * (e - 0.35);
        }
        return s / n;
      },
      huber, -2, 2, -2, 2);
}

TEST_CASE("cross-entropies match their formulas", "[losses]") {
  CheckLoss(
      "binary", losses::BinaryCrossentropy,
      [](const double* y, const double* p, int64_t n) {
        double s = 0;
        for (int64_t j = 0; j < n; ++j) {
          const double q = Clip(p[j]);
          s -= y[j] * std::log(q) + (1 - y[j]) * std::log(1 - q);
        }
        return s / n;
      },
      {}, 0, 1, 0.01, 0.99);
  LossOptions logits;
  logits.from_logits = true;
  CheckLoss(
      "binary_logits", losses::BinaryCrossentropy,
      [](const double* y, const double* x, int64_t n) {
        double s = 0;
        for (int64_t j = 0; j < n; ++j) {
          const double q = 1 / (1 + std::exp(-x[j]));
          s -= y[j] * std::log(q) + (1 - y[j]) * std::log(1 - q);
        }
        return s / n;
      },
      logits, 0, 1, -4, 4);
  CheckLoss(
      "categorical", losses::CategoricalCrossentropy,
      [](const double* y, const double* p, int64_t n) {
        double total = 0, s = 0;
        for (int64_t j = 0; j < n; ++j) total += p[j];
        for (int64_t j = 0; j < n; ++j)
          s -= y[j] * std::log(Clip(p[j] / total));
        return s;
      },
      {}, 0, 1, 0.05, 1);
  CheckLoss(
      "categorical_logits", losses::CategoricalCrossentropy,
      [](const double* y, const double* x, int64_t n) {
        double z = 0, s = 0;
        for (int64_t j = 0; j < n; ++j) z += std::exp(x[j]);
        for (int64_t j = 0; j < n; ++j) s -= y[j] * (x[j] - std::log(z));
        return s;
      },
      logits, 0, 1, -3, 3);
}

TEST_CASE("sparse categorical cross-entropy takes class indices", "[losses]") {
  const uint64_t seed = FreshSeed();
  INFO("seed " << seed);
  Tensor x = RandomDoubles({kBatch, kClasses}, seed, -3, 3);
  Tensor labels =
      Tensor::Allocate(DT_INT32, TensorShape::Create({kBatch}).value()).value();
  for (int64_t i = 0; i < kBatch; ++i)
    labels.flat<int32_t>()[i] = (seed + i) % kClasses;
  Scope root = Scope::NewRootScope();
  auto tx = ops::Placeholder(root.WithOpName("x"), DT_DOUBLE,
                             Shape::Of({-1, kClasses}));
  auto tl = ops::Placeholder(root.WithOpName("l"), DT_INT32, Shape::Of({-1}));
  LossOptions logits;
  logits.from_logits = true;
  Output from_logits =
      losses::SparseCategoricalCrossentropy(root, tl, tx, logits);
  Output from_probs =
      losses::SparseCategoricalCrossentropy(root, tl, ops::Softmax(root, tx));
  std::vector<Tensor> out =
      RunGraph(root, {{"x", x}, {"l", labels}}, {from_logits, from_probs});
  double want = 0;
  for (int64_t i = 0; i < kBatch; ++i) {
    const double* row = x.flat<double>().data() + i * kClasses;
    double z = 0;
    for (int64_t j = 0; j < kClasses; ++j) z += std::exp(row[j]);
    want -= row[labels.flat<int32_t>()[i]] - std::log(z);
  }
  want /= kBatch;
  CHECK(Doubles(out[0])[0] == Approx(want).epsilon(1e-9));
  CHECK(Doubles(out[1])[0] == Approx(want).epsilon(1e-6));
}

TEST_CASE("losses by Keras name", "[losses]") {
  CHECK(losses::Named("mse").fn);
  CHECK(losses::Named("sparse_categorical_crossentropy", true).fn);
  CHECK_FALSE(losses::Named("no_such_loss").fn);
}

}  // namespace
}  // namespace traintest
}  // namespace kiln
