// Sequential models on a synthetic problem the test generates (Gaussian
// blobs, one per class): training converges, is reproducible under seeds,
// evaluate/predict agree with host formulas and with the exported frozen
// graph, and bad input is an error.
#include "frontend/keras/sequential.h"

#include <catch2/catch.hpp>
#include <cmath>
#include <random>

#include "frontend/keras/layers.h"
#include "frontend/train/metrics.h"
#include "frontend/train/optimizers.h"
#include "tests/keras/keras_util.h"

namespace kiln {
namespace keras {
namespace {

TEST_CASE("a Sequential model learns separable blobs", "[keras]") {
  const uint64_t seed = std::random_device{}();
  INFO("seed " << seed);
  Data train = Blobs(600, seed), test = Blobs(300, seed + 1);
  auto model = Mlp(0.01, seed);
  FitOptions o = Quiet(8);
  o.validation_split = 0.2;
  StatusOr<History> h = model->Fit(train.x, train.y, o);
  INFO(h.status().ToString());
  REQUIRE(h.ok());
  REQUIRE(h->history["loss"].size() == 8);
  CHECK(h->history.count("val_loss") == 1);
  CHECK(h->history.count("val_accuracy") == 1);
  CHECK(h->history["loss"].back() < h->history["loss"].front());
  StatusOr<Logs> eval = model->Evaluate(test.x, test.y);
  REQUIRE(eval.ok());
  CHECK((*eval)["accuracy"] > 0.9);

  // Evaluate's loss and accuracy agree with Predict's probabilities.
  StatusOr<Tensor> probs = model->Predict(test.x, 64);
  REQUIRE(probs.ok());
  REQUIRE(probs->shape().dim_sizes() == std::vector<int64_t>{300, kClasses});
  double loss = 0, hits = 0;
  for (int64_t i = 0; i < 300; ++i) {
    const float* row = probs->flat<float>().data() + i * kClasses;
    const int label = test.y.flat<int32_t>()[i];
    loss -= std::log(std::max(row[label], 1e-7f));
    hits += std::max_element(row, row + kClasses) - row == label;
  }
  CHECK((*eval)["loss"] == Approx(loss / 300).epsilon(1e-4));
  CHECK((*eval)["accuracy"] == Approx(hits / 300));
}

TEST_CASE("a model with BatchNormalization and Dropout trains", "[keras]") {
  Data train = Blobs(400, 21), test = Blobs(200, 22);
  Sequential model(
      {std::make_shared<Dense>(16, "relu"),
       std::make_shared<BatchNormalization>(), std::make_shared<Dropout>(0.2),
       std::make_shared<Dense>(kClasses, "softmax")},
      Shape::Of({kFeatures}));
  CompileOptions c;
  c.optimizer = std::make_shared<Adam>();
  c.loss = "sparse_categorical_crossentropy";
  c.metrics = {"accuracy"};
  REQUIRE(model.Compile(c).ok());
  StatusOr<History> h = model.Fit(train.x, train.y, Quiet(10));
  INFO(h.status().ToString());
  REQUIRE(h.ok());
  StatusOr<Logs> eval = model.Evaluate(test.x, test.y);
  REQUIRE(eval.ok());
  CHECK((*eval)["accuracy"] > 0.9);
  CHECK_THAT(*model.Summary(),
             Catch::Contains("batch_normalization (BatchNormalization)"));
}

TEST_CASE("fit, evaluate and predict take a Dataset", "[keras]") {
  Data train = Blobs(400, 41), test = Blobs(200, 42);
  auto model = Mlp(0.01, 41);
  data::Dataset ds = data::Dataset::FromTensorSlices({train.x, train.y})
                         .Shuffle(400, 7)
                         .Batch(16)
                         .Prefetch(2);
  data::Dataset val =
      data::Dataset::FromTensorSlices({test.x, test.y}).Batch(64);
  StatusOr<History> h = model->Fit(ds, Quiet(6), &val);
  INFO(h.status().ToString());
  REQUIRE(h.ok());
  CHECK(h->history["val_accuracy"].size() == 6);
  StatusOr<Logs> eval = model->Evaluate(val);
  REQUIRE(eval.ok());
  CHECK((*eval)["accuracy"] > 0.9);
  CHECK((*eval)["accuracy"] == h->history["val_accuracy"].back());
  // Elements without labels are an error naming what is missing.
  data::Dataset unlabeled = data::Dataset::FromTensorSlices({test.x}).Batch(8);
  CHECK_THAT(model->Fit(unlabeled, Quiet(1)).status().message(),
             Catch::Contains("dataset elements have 1 components"));
  // Predict over a Dataset (labels, when present, ignored) equals Predict
  // over the tensor, row for row.
  StatusOr<Tensor> want = model->Predict(test.x, 32);
  REQUIRE(want.ok());
  for (const data::Dataset& d : {unlabeled, val}) {
    StatusOr<std::vector<Tensor>> got = model->Predict(d);
    REQUIRE(got.ok());
    REQUIRE(got->at(0).shape() == want->shape());
    for (int64_t i = 0; i < want->NumElements(); ++i) {
      CHECK(got->at(0).flat<float>()[i] == Approx(want->flat<float>()[i]));
    }
  }
}

TEST_CASE("the same seeds give the same training", "[keras]") {
  Data train = Blobs(200, 5);
  auto a = Mlp(0.01, 11), b = Mlp(0.01, 11);
  StatusOr<History> ha = a->Fit(train.x, train.y, Quiet(2));
  StatusOr<History> hb = b->Fit(train.x, train.y, Quiet(2));
  REQUIRE(ha.ok());
  REQUIRE(hb.ok());
  CHECK(ha->history["loss"] == hb->history["loss"]);
}

TEST_CASE("the exported frozen graph predicts as the model", "[keras]") {
  Data data = Blobs(50, 7);
  auto model = Mlp(0.01, 2);
  REQUIRE(model->Fit(data.x, data.y, Quiet(1)).ok());
  StatusOr<tensorflow::GraphDef> frozen = model->ExportInferenceGraph();
  REQUIRE(frozen.ok());
  for (const auto& node : frozen->node()) {
    CHECK(node.op() != "VarHandleOp");
    CHECK(node.op() != "ReadVariableOp");
  }
  auto session = Session::Create(*frozen);
  REQUIRE(session.ok());
  std::vector<Tensor> out;
  REQUIRE((*session)->Run({{"x", data.x}}, {"predictions"}, &out).ok());
  StatusOr<Tensor> want = model->Predict(data.x);
  REQUIRE(want.ok());
  for (int64_t i = 0; i < want->NumElements(); ++i) {
    CHECK(out[0].flat<float>()[i] == want->flat<float>()[i]);
  }
}

TEST_CASE("summary lists layers, shapes and parameters", "[keras]") {
  auto model = Mlp(0.01, 1);
  StatusOr<std::string> summary = model->Summary();
  REQUIRE(summary.ok());
  CHECK_THAT(*summary, Catch::Contains("dense (Dense)"));
  CHECK_THAT(*summary, Catch::Contains("(None, 8)"));
  CHECK_THAT(*summary, Catch::Contains("dense_1 (Dense)"));
  CHECK_THAT(*summary, Catch::Contains("Total params: 67"));  // 40 + 27
}

TEST_CASE("bad input is an error; a diverging loss stops training", "[keras]") {
  Data data = Blobs(40, 9);
  auto model = Mlp(0.01, 4);
  Tensor short_y =
      Tensor::Allocate(DT_INT32, TensorShape::Create({39}).value()).value();
  CHECK_THAT(model->Fit(data.x, short_y, Quiet(1)).status().message(),
             Catch::Contains("x has 40 samples but y has 39"));
  Tensor labels =
      Tensor::Allocate(DT_INT32, TensorShape::Create({40}).value()).value();
  for (int i = 0; i < 40; ++i) labels.flat<int32_t>()[i] = i == 7 ? 5 : 0;
  Status s = model->Fit(data.x, labels, Quiet(1)).status();
  CHECK_THAT(s.message(),
             Catch::Contains("SparseSoftmaxCrossEntropyWithLogits"));
  CompileOptions unknown;
  unknown.optimizer = std::make_shared<SGD>();
  unknown.loss = "no_such_loss";
  Sequential other(Shape::Of({kFeatures}));
  other.Add(std::make_shared<Dense>(2, "softmax"));
  CHECK_THAT(other.Compile(unknown).message(), Catch::Contains("unknown loss"));

  // NaN weights make the loss NaN: training stops (TerminateOnNaN). (The
  // hidden layer's fused oneDNN ReLU maps NaN to 0, as TensorFlow's fused
  // MatMul does, so the NaN goes into the last layer.)
  auto diverging = Mlp(0.01, 4);
  std::vector<Tensor> weights = diverging->GetWeights().value();
  Tensor nan_kernel = Tensor::Allocate(DT_FLOAT, weights[2].shape()).value();
  for (float& v : nan_kernel.flat<float>()) v = NAN;
  weights[2] = nan_kernel;
  REQUIRE(diverging->SetWeights(weights).ok());
  StatusOr<History> h = diverging->Fit(data.x, data.y, Quiet(3));
  INFO(h.status().ToString());
  REQUIRE(h.ok());
  CHECK(h->terminated_on_nan);
}

}  // namespace
}  // namespace keras
}  // namespace kiln
