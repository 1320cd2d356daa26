// Subclassing: a custom Layer with its own weight (build/call) and a
// subclassed Model whose Call wires layers freely (a residual block), both
// trained through fit.
#include <catch2/catch.hpp>

#include "frontend/keras/layers.h"
#include "frontend/keras/model.h"
#include "frontend/ops/ops.h"
#include "frontend/train/optimizers.h"
#include "tests/keras/keras_util.h"

namespace kiln {
namespace keras {
namespace {

// y = x * factor, one trainable factor per feature.
class Scale : public Layer {
 public:
  Scale() : Layer("scale") {}
  std::string type() const override { return "Scale"; }

 protected:
  Status BuildWeights(const Scope& s, const Shape& in, uint64_t seed) override {
    return AddWeight(s, "factor", Shape::Of({in.dims.back()}),
                     initializers::Ones(), seed)
        .status();
  }
  StatusOr<Output> CallImpl(const Scope& s, const Output& x, bool) override {
    return ops::Mul(s, x, weights()[0].Read(s));
  }
};

// softmax(Dense(relu(Dense(x)) + Scale(x))): a residual connection.
class Residual : public Model {
 public:
  Residual() : Model("residual", Shape::Of({kFeatures})) {}
  std::vector<Layer*> layers() const override {
    return {hidden_.get(), scale_.get(), out_.get()};
  }

 protected:
  StatusOr<Output> Call(const Scope& s, const Output& x,
                        bool training) override {
    KILN_ASSIGN_OR_RETURN(Output h, (*hidden_)(s, x, training, seed()));
    KILN_ASSIGN_OR_RETURN(Output skip, (*scale_)(s, x, training, seed()));
    return (*out_)(s, ops::AddV2(s, h, skip), training, seed() + 1);
  }
  StatusOr<std::vector<std::pair<Layer*, Shape>>> LayerShapes() const override {
    return std::vector<std::pair<Layer*, Shape>>{
        {hidden_.get(), Shape::Of({-1, kFeatures})},
        {scale_.get(), Shape::Of({-1, kFeatures})},
        {out_.get(), Shape::Of({-1, kClasses})}};
  }

 private:
  std::shared_ptr<Layer> hidden_ = std::make_shared<Dense>(kFeatures, "relu");
  std::shared_ptr<Layer> scale_ = std::make_shared<Scale>();
  std::shared_ptr<Layer> out_ = std::make_shared<Dense>(kClasses, "softmax");
};

TEST_CASE("a subclassed model with a custom layer trains", "[subclassing]") {
  Data train = Blobs(400, 31), test = Blobs(200, 32);
  Residual model;
  CompileOptions c;
  AdamOptions adam;
  adam.learning_rate = 0.01;
  c.optimizer = std::make_shared<Adam>(adam);
  c.loss = "sparse_categorical_crossentropy";
  c.metrics = {"accuracy"};
  REQUIRE(model.Compile(c).ok());
  const std::vector<Tensor> before = model.GetWeights().value();
  REQUIRE(before.size() == 5);  // kernel, bias, factor, kernel, bias
  REQUIRE(model.Fit(train.x, train.y, Quiet(10)).ok());
  StatusOr<Logs> eval = model.Evaluate(test.x, test.y);
  REQUIRE(eval.ok());
  CHECK((*eval)["accuracy"] > 0.9);
  // The custom layer's weight is trained like the others.
  const Tensor factor = model.GetWeights().value()[2];
  bool moved = false;
  for (int i = 0; i < kFeatures; ++i) moved |= factor.flat<float>()[i] != 1.0f;
  CHECK(moved);
  CHECK_THAT(*model.Summary(), Catch::Contains("scale (Scale)"));
}

}  // namespace
}  // namespace keras
}  // namespace kiln
