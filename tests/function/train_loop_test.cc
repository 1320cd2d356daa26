// The seeds' custom training loop as one traced function: the forward pass
// (Model::Apply), the loss, gradients and an Adam update compile into one
// executable step, whose weights after two epochs match Model::Fit's on the
// same batches from the same initial weights.
#include <catch2/catch.hpp>

#include "frontend/function/function.h"
#include "frontend/gradients/gradients.h"
#include "frontend/ops/ops.h"
#include "frontend/train/losses.h"
#include "frontend/train/optimizers.h"
#include "tests/keras/keras_util.h"

namespace kiln {
namespace keras {
namespace {

TEST_CASE("a traced train step matches fit", "[function]") {
  const uint64_t seed = 11;
  Data data = Blobs(64, 5);
  auto fitted = Mlp(0.01, seed);
  auto looped = Mlp(0.01, seed);
  REQUIRE(looped->GetWeights().ok());
  FitOptions fit = Quiet(2);
  fit.batch_size = 16;
  fit.shuffle = false;
  auto history = fitted->Fit(data.x, data.y, fit);
  REQUIRE(history.ok());

  // The loop's variables are the model's own (its session's store).
  FunctionOptions options;
  options.variables = std::shared_ptr<VariableStore>(
      &looped->session()->variables(), [](VariableStore*) {});
  AdamOptions adam_options;
  adam_options.learning_rate = 0.01;
  Adam adam(adam_options);
  Function train_step = function(
      "train_step",
      [&](const Scope& s, const Output& x,
          const Output& y) -> StatusOr<OutputList> {
        KILN_ASSIGN_OR_RETURN(OutputList probs, looped->Apply(s, {x}, true));
        Output loss = losses::SparseCategoricalCrossentropy(s, y, probs[0]);
        OutputList handles, grads;
        for (const Variable& w : looped->weights())
          handles.push_back(w.HandleIn(s));
        KILN_RETURN_IF_ERROR(Gradients(s, {loss}, handles, &grads));
        GradsAndVars pairs;
        for (size_t i = 0; i < grads.size(); ++i) {
          pairs.emplace_back(grads[i], looped->weights()[i]);
        }
        KILN_RETURN_IF_ERROR(adam.ApplyGradients(s, pairs).status());
        return OutputList{loss};
      },
      options);
  std::vector<double> epoch_loss;
  for (int epoch = 0; epoch < 2; ++epoch) {
    double sum = 0;
    for (int64_t begin = 0; begin < 64; begin += 16) {
      auto xb = data.x.Slice(begin, begin + 16);
      auto yb = data.y.Slice(begin, begin + 16);
      REQUIRE(xb.ok());
      REQUIRE(yb.ok());
      auto loss = train_step({*xb, *yb});
      INFO(loss.status().ToString());
      REQUIRE(loss.ok());
      sum += (*loss)[0].flat<float>()[0];
    }
    epoch_loss.push_back(sum / 4);
  }
  CHECK(train_step.num_traces() == 1);
  for (int e = 0; e < 2; ++e) {
    CHECK(epoch_loss[e] == Approx(history->history["loss"][e]).epsilon(1e-4));
  }
  const std::vector<Tensor> a = fitted->GetWeights().value();
  const std::vector<Tensor> b = looped->GetWeights().value();
  REQUIRE(a.size() == b.size());
  for (size_t i = 0; i < a.size(); ++i) {
    for (int64_t k = 0; k < a[i].NumElements(); ++k) {
      CHECK(b[i].flat<float>()[k] ==
            Approx(a[i].flat<float>()[k]).margin(1e-5));
    }
  }
  // The optimizer's slots were created by the first trace, in the store.
  CHECK(Optimizer::Iterations(adam.iterations(), *options.variables) == 8);
}

}  // namespace
}  // namespace keras
}  // namespace kiln
