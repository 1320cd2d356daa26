// kiln_train_parity: the Kiln side of the Keras parity check. Trains an MLP
// (8 -> 16 relu -> 3 softmax, sparse categorical cross-entropy) with
// Model::Fit from the initial weights and data that keras_parity.py wrote,
// without shuffling, and writes each step's loss as losses.npy.
//
//   kiln_train_parity DIR sgd|momentum|nesterov|adam STEPS [POLICY]
// POLICY: a Keras dtype policy ("mixed_bfloat16", "mixed_float16"); the
// losses then go to kiln_losses_OPTIMIZER_POLICY.npy. DIR holds x.npy (float
// [n, 8]), y.npy (int32 [n]), w0.npy ... w3.npy.
#include <cstdio>
#include <cstring>
#include <memory>
#include <string>
#include <vector>

#include "frontend/keras/layers.h"
#include "frontend/keras/policy.h"
#include "frontend/keras/sequential.h"
#include "frontend/train/optimizers.h"
#include "runtime/io/npy.h"

namespace {

using kiln::Status;

constexpr int64_t kBatch = 32;

// Each step's loss from the running means that Fit reports per batch.
class StepLosses : public kiln::keras::Callback {
 public:
  void OnBatchEnd(kiln::keras::Model&, int64_t batch,
                  const kiln::keras::Logs& logs) override {
    const double mean = logs.at("loss");
    losses.push_back(batch == 0 ? mean : mean * (batch + 1) - previous * batch);
    previous = mean;
  }
  void OnEpochBegin(kiln::keras::Model&, int) override { previous = 0; }
  std::vector<double> losses;
  double previous = 0;
};

std::shared_ptr<kiln::Optimizer> MakeOptimizer(const std::string& name) {
  if (name == "adam") {
    kiln::AdamOptions o;
    o.learning_rate = 0.01;
    return std::make_shared<kiln::Adam>(o);
  }
  kiln::SGDOptions o;
  o.learning_rate = 0.05;
  o.momentum = name == "sgd" ? 0 : 0.9;
  o.nesterov = name == "nesterov";
  return std::make_shared<kiln::SGD>(o);
}

Status Run(const std::string& dir, const std::string& optimizer, int steps,
           const std::string& policy) {
  KILN_RETURN_IF_ERROR(kiln::keras::SetGlobalPolicy(policy));
  KILN_ASSIGN_OR_RETURN(kiln::Tensor x, kiln::ReadNpy(dir + "/x.npy"));
  KILN_ASSIGN_OR_RETURN(kiln::Tensor y, kiln::ReadNpy(dir + "/y.npy"));
  std::vector<kiln::Tensor> weights;
  for (int i = 0; i < 4; ++i) {
    KILN_ASSIGN_OR_RETURN(
        kiln::Tensor w, kiln::ReadNpy(dir + "/w" + std::to_string(i) + ".npy"));
    weights.push_back(w);
  }
  kiln::keras::Sequential model(
      {std::make_shared<kiln::keras::Dense>(16, "relu"),
       std::make_shared<kiln::keras::Dense>(3, "softmax")},
      kiln::Shape::Of({8}));
  kiln::keras::CompileOptions compile;
  compile.optimizer = MakeOptimizer(optimizer);
  compile.loss = "sparse_categorical_crossentropy";
  KILN_RETURN_IF_ERROR(model.Compile(compile));
  KILN_RETURN_IF_ERROR(model.SetWeights(weights));
  StepLosses recorder;
  kiln::keras::FitOptions fit;
  fit.batch_size = kBatch;
  fit.shuffle = false;
  fit.verbose = 0;
  fit.epochs = static_cast<int>(steps * kBatch / x.dim_size(0));
  fit.callbacks = {&recorder};
  KILN_RETURN_IF_ERROR(model.Fit(x, y, fit).status());
  KILN_ASSIGN_OR_RETURN(kiln::Tensor out,
                        kiln::Tensor::FromVector<double>(recorder.losses));
  const std::string suffix = policy == "float32" ? "" : "_" + policy;
  return kiln::WriteNpy(dir + "/kiln_losses_" + optimizer + suffix + ".npy",
                        out);
}

}  // namespace

int main(int argc, char** argv) {
  if (argc != 4 && argc != 5) {
    std::fprintf(stderr,
                 "usage: kiln_train_parity DIR OPTIMIZER STEPS [POLICY]\n");
    return 2;
  }
  Status s = Run(argv[1], argv[2], std::atoi(argv[3]),
                 argc == 5 ? argv[4] : "float32");
  if (!s.ok()) {
    std::fprintf(stderr, "kiln_train_parity: %s\n", s.ToString().c_str());
    return 1;
  }
  return 0;
}
