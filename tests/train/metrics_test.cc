// Metrics against counts computed here on fresh random labels and
// predictions, accumulated over two batches, with weights and resets.
#include "frontend/train/metrics.h"

#include <catch2/catch.hpp>
#include <random>

namespace kiln {
namespace traintest {
namespace {

Tensor Floats(const std::vector<float>& v, std::vector<int64_t> dims) {
  Tensor t =
      Tensor::Allocate(tensorflow::DT_FLOAT, TensorShape::Create(dims).value())
          .value();
  std::copy(v.begin(), v.end(), t.flat<float>().begin());
  return t;
}

TEST_CASE("accuracies count the right predictions", "[metrics]") {
  std::mt19937 rng(std::random_device{}());
  std::uniform_real_distribution<float> u(0, 1);
  const int n = 50, k = 4;
  std::vector<float> probs(n * k), onehot(n * k, 0), labels(n);
  int hits = 0;
  for (int i = 0; i < n; ++i) {
    for (int j = 0; j < k; ++j) probs[i * k + j] = u(rng);
    labels[i] = static_cast<float>(rng() % k);
    onehot[i * k + static_cast<int>(labels[i])] = 1;
    int best = 0;
    for (int j = 1; j < k; ++j)
      best = probs[i * k + j] > probs[i * k + best] ? j : best;
    hits += best == static_cast<int>(labels[i]);
  }
  auto sparse = metrics::Named("accuracy", "sparse_categorical_crossentropy");
  auto dense = metrics::CategoricalAccuracy();
  // Two batches: 20 and 30 rows.
  for (auto [begin, end] : {std::pair<int, int>{0, 20}, {20, 50}}) {
    std::vector<float> p(probs.begin() + begin * k, probs.begin() + end * k);
    std::vector<float> y(labels.begin() + begin, labels.begin() + end);
    std::vector<float> oh(onehot.begin() + begin * k, onehot.begin() + end * k);
    REQUIRE(
        sparse->Update(Floats(y, {end - begin}), Floats(p, {end - begin, k}))
            .ok());
    REQUIRE(
        dense->Update(Floats(oh, {end - begin, k}), Floats(p, {end - begin, k}))
            .ok());
  }
  CHECK(sparse->Result() == Approx(hits / double(n)));
  CHECK(dense->Result() == Approx(hits / double(n)));
  sparse->Reset();
  CHECK(sparse->Result() == 0);
  CHECK_FALSE(
      sparse->Update(Floats({1, 2}, {2}), Floats({0, 0, 0}, {3, 1})).ok());
}

TEST_CASE("binary metrics: accuracy, precision, recall, AUC", "[metrics]") {
  //            y:   1    1    0    0    1    0
  //            p:  .9   .4   .6   .1   .8   .3
  Tensor y = Floats({1, 1, 0, 0, 1, 0}, {6, 1});
  Tensor p = Floats({.9f, .4f, .6f, .1f, .8f, .3f}, {6, 1});
  auto acc = metrics::BinaryAccuracy(), precision = metrics::Precision(),
       recall = metrics::Recall(), auc = metrics::AUC(1000);
  for (auto* m : {acc.get(), precision.get(), recall.get(), auc.get()}) {
    REQUIRE(m->Update(y, p).ok());
  }
  CHECK(acc->Result() == Approx(4.0 / 6));        // .4 and .6 are wrong
  CHECK(precision->Result() == Approx(2.0 / 3));  // tp .9 .8, fp .6
  CHECK(recall->Result() == Approx(2.0 / 3));     // fn .4
  // 8 of the 9 (positive, negative) pairs are ordered right.
  CHECK(auc->Result() == Approx(8.0 / 9).epsilon(1e-2));
  // Sample weights count each sample that many times.
  auto weighted = metrics::Mean();
  Tensor w = Floats({1, 3}, {2});
  REQUIRE(weighted->Update(Floats({2, 6}, {2}), Floats({0, 0}, {2}), &w).ok());
  CHECK(weighted->Result() == Approx(5.0));
}

TEST_CASE("metrics by name", "[metrics]") {
  CHECK(metrics::Named("accuracy", "binary_crossentropy")->name() ==
        "binary_accuracy");
  CHECK(metrics::Named("auc"));
  CHECK_FALSE(metrics::Named("no_such_metric"));
}

}  // namespace
}  // namespace traintest
}  // namespace kiln
