// The functional API: the seeds' wide & deep model (two inputs, a main and
// an auxiliary output with loss weights) trained on data made here, and its
// predictions, losses, summary and export checked.
#include "frontend/keras/functional.h"

#include <catch2/catch.hpp>
#include <random>

#include "frontend/keras/layers.h"
#include "frontend/train/optimizers.h"

namespace kiln {
namespace keras {
namespace {

Tensor Random(std::vector<int64_t> dims, std::mt19937_64& rng) {
  Tensor t =
      Tensor::Allocate(DT_FLOAT, TensorShape::Create(dims).value()).value();
  std::normal_distribution<float> n01;
  for (float& v : t.flat<float>()) v = n01(rng);
  return t;
}

TEST_CASE("wide & deep: two inputs, two weighted outputs", "[functional]") {
  const uint64_t seed = std::random_device{}();
  INFO("seed " << seed);
  std::mt19937_64 rng(seed);
  const int64_t n = 512;
  Tensor a = Random({n, 5}, rng), b = Random({n, 6}, rng);
  Tensor y =
      Tensor::Allocate(DT_FLOAT, TensorShape::Create({n, 1}).value()).value();
  for (int64_t i = 0; i < n; ++i) {
    y.flat<float>()[i] = a.flat<float>()[i * 5] +
                         2 * b.flat<float>()[i * 6 + 1] -
                         b.flat<float>()[i * 6 + 2];
  }
  KTensor wide = Input(Shape::Of({5}), "wide");
  KTensor deep = Input(Shape::Of({6}), "deep");
  auto hidden = std::make_shared<Dense>(30, "relu");
  KTensor h1 = *Apply(hidden, deep);
  KTensor h2 = *Apply(std::make_shared<Dense>(30, "relu"), h1);
  KTensor both = *Concatenate({wide, h2});
  CHECK(both.shape().ToString() == "[?,35]");
  KTensor main_out = *Apply(std::make_shared<Dense>(1), both);
  KTensor aux_out = *Apply(std::make_shared<Dense>(1), h2);
  Functional model({wide, deep}, {main_out, aux_out}, "wide_and_deep");
  CompileOptions c;
  AdamOptions adam;
  adam.learning_rate = 0.01;
  c.optimizer = std::make_shared<Adam>(adam);
  c.loss = "mse";
  c.loss_weights = {0.9, 0.1};
  c.seed = seed;
  Status compiled = model.Compile(c);
  INFO(compiled.ToString());
  REQUIRE(compiled.ok());
  FitOptions o;
  o.epochs = 30;
  o.verbose = 0;
  StatusOr<History> h = model.Fit({a, b}, {y, y}, o);
  INFO(h.status().ToString());
  REQUIRE(h.ok());
  CHECK(h->history.count("output_0_loss") == 1);
  CHECK(h->history.count("output_1_loss") == 1);
  CHECK(h->history["loss"].back() < h->history["loss"].front() / 10);

  // The total is 0.9 mse(main) + 0.1 mse(aux), from Predict's outputs.
  StatusOr<std::vector<Tensor>> p = model.Predict({a, b});
  REQUIRE(p.ok());
  REQUIRE(p->size() == 2);
  double mse[2] = {0, 0};
  for (int k = 0; k < 2; ++k) {
    for (int64_t i = 0; i < n; ++i) {
      const double e = (*p)[k].flat<float>()[i] - y.flat<float>()[i];
      mse[k] += e * e / n;
    }
  }
  StatusOr<Logs> eval = model.Evaluate({a, b}, {y, y});
  REQUIRE(eval.ok());
  CHECK((*eval)["output_0_loss"] == Approx(mse[0]).epsilon(1e-3));
  CHECK((*eval)["loss"] == Approx(0.9 * mse[0] + 0.1 * mse[1]).epsilon(1e-3));

  StatusOr<std::string> summary = model.Summary();
  REQUIRE(summary.ok());
  CHECK_THAT(*summary, Catch::Contains("dense_3 (Dense)"));
  CHECK_THAT(*summary, Catch::Contains("Total params: 1207"));
  StatusOr<tensorflow::GraphDef> frozen = model.ExportInferenceGraph();
  REQUIRE(frozen.ok());
  int outputs = 0;
  for (const auto& node : frozen->node()) {
    outputs += node.name() == "predictions_0" || node.name() == "predictions_1";
  }
  CHECK(outputs == 2);
  CHECK_THAT(model.Fit({a}, {y, y}, o).status().message(),
             Catch::Contains("takes 2 inputs, got 1"));
}

TEST_CASE("a layer applied twice shares its weights", "[functional]") {
  KTensor x = Input(Shape::Of({4}));
  auto shared = std::make_shared<Dense>(4, "tanh");
  KTensor y = *Apply(shared, *Apply(shared, x));
  Functional model({x}, {y});
  CompileOptions c;
  c.optimizer = std::make_shared<SGD>();
  c.loss = "mse";
  REQUIRE(model.Compile(c).ok());
  CHECK(model.layers().size() == 1);
  CHECK(model.weights().size() == 2);
  CHECK_FALSE(Add({x, *Apply(std::make_shared<Dense>(3), x)}).ok());
}

}  // namespace
}  // namespace keras
}  // namespace kiln
