// Keras' dtype policies: mixed_bfloat16 and mixed_float16 keep float32
// variables and compute in the 16-bit type; such a model trains to the
// accuracy of its float32 twin, its predictions float32.
#include <algorithm>
#include <catch2/catch.hpp>
#include <cmath>

#include "frontend/keras/layers.h"
#include "frontend/keras/policy.h"
#include "frontend/ops/ops.h"
#include "frontend/train/optimizers.h"
#include "tests/keras/keras_util.h"

namespace kiln {
namespace keras {
namespace {

// Restores float32 at the end of a test, whatever happens.
struct PolicyScope {
  explicit PolicyScope(const std::string& name) {
    REQUIRE(SetGlobalPolicy(name).ok());
  }
  ~PolicyScope() { (void)SetGlobalPolicy("float32"); }
};

TEST_CASE("dtype policies by name", "[keras][mixed]") {
  auto mixed = Policy::Named("mixed_bfloat16");
  REQUIRE(mixed.ok());
  CHECK(mixed->compute_dtype() == tensorflow::DT_BFLOAT16);
  CHECK(mixed->variable_dtype() == tensorflow::DT_FLOAT);
  CHECK(mixed->mixed());
  auto half = Policy::Named("mixed_float16");
  REQUIRE(half.ok());
  CHECK(half->compute_dtype() == tensorflow::DT_HALF);
  CHECK_FALSE(Policy::Named("float32")->mixed());
  Status bad = SetGlobalPolicy("mixed_float8");
  CHECK(bad.code() == StatusCode::kInvalidArgument);
  CHECK_THAT(bad.message(), Catch::Contains("mixed_bfloat16"));
  CHECK(GlobalPolicy().name() == "float32");  // unchanged by the bad name
}

TEST_CASE("a mixed layer keeps float32 weights and computes in 16 bits",
          "[keras][mixed]") {
  for (const std::string name : {"mixed_bfloat16", "mixed_float16"}) {
    INFO(name);
    PolicyScope policy(name);
    const DataType compute = GlobalPolicy().compute_dtype();
    Scope root = Scope::NewRootScope();
    Output x = ops::Placeholder(root.WithOpName("x"), DT_FLOAT,
                                Shape::Of({kUnknownDim, 4}));
    Dense dense(3, "relu");
    BatchNormalization norm;
    StatusOr<Output> y = dense(root, x, false, 1);
    REQUIRE(y.ok());
    CHECK(y->dtype() == compute);
    for (const Variable& w : dense.weights()) CHECK(w.dtype() == DT_FLOAT);
    // BatchNormalization computes in float32 and hands back the 16-bit type.
    StatusOr<Output> z = norm(root, *y, false, 2);
    REQUIRE(z.ok());
    CHECK(z->dtype() == compute);
    // The policy is fixed once the layer is built.
    CHECK(dense.set_policy(*Policy::Named("float32")).code() ==
          StatusCode::kFailedPrecondition);
  }
}

// Dense(16, relu) -> Dense(3) -> softmax in float32, as Keras' guide has
// mixed models end.
std::unique_ptr<Sequential> MixedMlp(uint64_t seed) {
  auto out = std::make_shared<Activation>("softmax");
  REQUIRE(out->set_policy(*Policy::Named("float32")).ok());
  auto model = std::make_unique<Sequential>(
      std::vector<std::shared_ptr<Layer>>{std::make_shared<Dense>(16, "relu"),
                                          std::make_shared<Dense>(kClasses),
                                          out},
      Shape::Of({kFeatures}));
  CompileClassifier(*model, 0.01, seed);
  return model;
}

TEST_CASE("a mixed_bfloat16 model trains as its float32 twin",
          "[keras][mixed]") {
  const uint64_t seed = 41;
  Data train = Blobs(600, seed), test = Blobs(300, seed + 1);
  double accuracy[2];
  for (int mixed = 0; mixed < 2; ++mixed) {
    PolicyScope policy(mixed ? "mixed_bfloat16" : "float32");
    auto model = MixedMlp(seed);
    StatusOr<History> h = model->Fit(train.x, train.y, Quiet(6));
    INFO(h.status().ToString());
    REQUIRE(h.ok());
    CHECK(h->history["loss"].back() < h->history["loss"].front());
    for (const Variable& w : model->weights()) CHECK(w.dtype() == DT_FLOAT);
    StatusOr<Tensor> probs = model->Predict(test.x, 64);
    REQUIRE(probs.ok());
    CHECK(probs->dtype() == DT_FLOAT);
    StatusOr<Logs> eval = model->Evaluate(test.x, test.y);
    REQUIRE(eval.ok());
    accuracy[mixed] = (*eval)["accuracy"];
  }
  CHECK(accuracy[0] > 0.9);
  CHECK(accuracy[1] > 0.9);
  CHECK(std::abs(accuracy[1] - accuracy[0]) < 0.05);
}

TEST_CASE("a mixed_float16 model trains with dynamic loss scaling",
          "[keras][mixed]") {
  const uint64_t seed = 43;
  Data train = Blobs(600, seed), test = Blobs(300, seed + 1);
  {
    auto plain = MixedMlp(seed);  // float32: no loss scale
    CHECK(plain->loss_scale() == nullptr);
  }
  PolicyScope policy("mixed_float16");
  auto model = MixedMlp(seed);
  REQUIRE(model->loss_scale() != nullptr);
  StatusOr<History> h = model->Fit(train.x, train.y, Quiet(6));
  INFO(h.status().ToString());
  REQUIRE(h.ok());
  CHECK(h->history["loss"].back() < h->history["loss"].front());
  // Finite steps all along: the scale is where it started (fewer than 2000
  // steps) and every step was applied.
  const VariableStore& store = model->session()->variables();
  CHECK(model->loss_scale()->CurrentScale(store) == 32768);
  CHECK(Optimizer::Iterations(model->optimizer()->iterations(), store) ==
        6 * ((600 + 15) / 16));  // Quiet: batches of 16
  // The scale's variables are the optimizer's kind: saved with it.
  const std::vector<std::string> names = model->VariableNames();
  CHECK(std::count(names.begin(), names.end(),
                   model->loss_scale()->variables()[0].name()) == 1);
  StatusOr<Logs> eval = model->Evaluate(test.x, test.y);
  REQUIRE(eval.ok());
  CHECK((*eval)["accuracy"] > 0.9);
}

}  // namespace
}  // namespace keras
}  // namespace kiln
