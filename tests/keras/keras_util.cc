// Helpers of the Keras tests.
#include "tests/keras/keras_util.h"

#include <catch2/catch.hpp>
#include <random>

#include "frontend/keras/layers.h"
#include "frontend/train/optimizers.h"

namespace kiln {
namespace keras {

Data Blobs(int64_t n, uint64_t seed) {
  std::mt19937_64 rng(seed);
  std::normal_distribution<float> noise(0, 0.5f);
  Data d{Tensor::Allocate(DT_FLOAT, TensorShape::Create({n, kFeatures}).value())
             .value(),
         Tensor::Allocate(DT_INT32, TensorShape::Create({n}).value()).value()};
  for (int64_t i = 0; i < n; ++i) {
    const int c = static_cast<int>(rng() % kClasses);
    d.y.flat<int32_t>()[i] = c;
    for (int j = 0; j < kFeatures; ++j) {
      d.x.flat<float>()[i * kFeatures + j] = (j == c ? 2.f : 0.f) + noise(rng);
    }
  }
  return d;
}

std::unique_ptr<Sequential> Mlp(double lr, uint64_t seed) {
  auto model = std::make_unique<Sequential>(
      std::vector<std::shared_ptr<Layer>>{
          std::make_shared<Dense>(8, "relu"),
          std::make_shared<Dense>(kClasses, "softmax")},
      Shape::Of({kFeatures}));
  CompileOptions c;
  AdamOptions adam;
  adam.learning_rate = lr;
  c.optimizer = std::make_shared<Adam>(adam);
  c.loss = "sparse_categorical_crossentropy";
  c.metrics = {"accuracy"};
  c.seed = seed;
  Status s = model->Compile(c);
  INFO(s.ToString());
  REQUIRE(s.ok());
  return model;
}

void CompileClassifier(Model& model, double lr, uint64_t seed) {
  CompileOptions c;
  AdamOptions adam;
  adam.learning_rate = lr;
  c.optimizer = std::make_shared<Adam>(adam);
  c.loss = "sparse_categorical_crossentropy";
  c.metrics = {"accuracy"};
  c.seed = seed;
  Status s = model.Compile(c);
  INFO(s.ToString());
  REQUIRE(s.ok());
}

double FitAndScore(Model& model, const Tensor& x, const Tensor& y, int epochs,
                   int64_t batch_size, const Tensor& tx, const Tensor& ty) {
  FitOptions o = Quiet(epochs);
  o.batch_size = batch_size;
  StatusOr<History> h = model.Fit(x, y, o);
  INFO(h.status().ToString());
  REQUIRE(h.ok());
  CHECK(h->history["loss"].back() < h->history["loss"].front());
  StatusOr<Logs> eval = model.Evaluate(tx, ty);
  REQUIRE(eval.ok());
  return (*eval)["accuracy"];
}

FitOptions Quiet(int epochs) {
  FitOptions o;
  o.epochs = epochs;
  o.batch_size = 16;
  o.verbose = 0;
  o.seed = 3;
  return o;
}

}  // namespace keras
}  // namespace kiln
