// sequence_lstm: the seeds' recurrent chapter on data this program makes.
// Each sequence holds 20 values drawn uniformly from [0, 1); its class is
// the third of [0, 1) its *first* value falls in, so a model must carry that
// value past 19 distracting steps (a perfect model scores 100%; a model that
// forgets scores a third). Trains a Sequential LSTM(32) -> Dense(3, softmax)
// with Adam, evaluates on fresh sequences, and writes the frozen inference
// graph (input "x" [?, 20, 1], output "predictions"). --gru trains a GRU,
// --bidirectional a Bidirectional LSTM.
//
//   sequence_lstm [--gru | --bidirectional] [--epochs N] -o
//   out/sequence_lstm.pb
#include <cstdio>
#include <cstring>
#include <fstream>
#include <random>
#include <string>

#include "frontend/keras/layers.h"
#include "frontend/keras/recurrent.h"
#include "frontend/keras/sequential.h"
#include "frontend/train/optimizers.h"

namespace {

using kiln::Status;
using kiln::StatusOr;
using kiln::Tensor;

constexpr int kSteps = 20;

struct Data {
  Tensor x, y;
};

Data Sequences(int64_t n, uint64_t seed) {
  std::mt19937 rng(seed);
  std::uniform_real_distribution<float> u(0, 1);
  Data d{
      Tensor::Allocate(kiln::DT_FLOAT,
                       kiln::TensorShape::Create({n, kSteps, 1}).value())
          .value(),
      Tensor::Allocate(kiln::DT_INT32, kiln::TensorShape::Create({n}).value())
          .value()};
  for (int64_t i = 0; i < n; ++i) {
    for (int t = 0; t < kSteps; ++t) d.x.flat<float>()[i * kSteps + t] = u(rng);
    d.y.flat<int32_t>()[i] =
        static_cast<int32_t>(d.x.flat<float>()[i * kSteps] * 3);
  }
  return d;
}

std::shared_ptr<kiln::keras::Layer> Recurrent(const std::string& kind) {
  using namespace kiln::keras;
  if (kind == "gru") return std::make_shared<GRU>(32);
  if (kind == "bidirectional") return Bidirectional::Of<LSTM>(32);
  return std::make_shared<LSTM>(32);
}

Status Run(const std::string& kind, int epochs, const std::string& out) {
  using namespace kiln::keras;
  Sequential model({Recurrent(kind), std::make_shared<Dense>(3, "softmax")},
                   kiln::Shape::Of({kSteps, 1}), "sequence_" + kind);
  CompileOptions compile;
  kiln::AdamOptions adam;
  adam.learning_rate = 0.01;
  compile.optimizer = std::make_shared<kiln::Adam>(adam);
  compile.loss = "sparse_categorical_crossentropy";
  compile.metrics = {"accuracy"};
  compile.seed = 7;
  KILN_RETURN_IF_ERROR(model.Compile(compile));
  KILN_ASSIGN_OR_RETURN(std::string summary, model.Summary());
  std::printf("%s", summary.c_str());
  const Data train = Sequences(4000, 1), valid = Sequences(500, 2),
             test = Sequences(1000, 3);
  FitOptions fit;
  fit.epochs = epochs;
  fit.batch_size = 64;
  fit.validation_x = &valid.x;
  fit.validation_y = &valid.y;
  KILN_ASSIGN_OR_RETURN(History history, model.Fit(train.x, train.y, fit));
  if (history.terminated_on_nan) return kiln::Internal("training diverged");
  KILN_ASSIGN_OR_RETURN(Logs logs, model.Evaluate(test.x, test.y, 250));
  std::printf("test: loss %.4f, accuracy %.4f (chance 0.33, perfect 1.0)\n",
              logs["loss"], logs["accuracy"]);
  KILN_ASSIGN_OR_RETURN(tensorflow::GraphDef frozen,
                        model.ExportInferenceGraph());
  const std::string tmp = out + ".tmp";
  {
    std::ofstream f(tmp, std::ios::binary | std::ios::trunc);
    if (!f || !frozen.SerializeToOstream(&f))
      return kiln::Internal("cannot write " + tmp);
  }
  if (std::rename(tmp.c_str(), out.c_str()) != 0)
    return kiln::Internal("cannot rename " + tmp + " to " + out);
  std::printf(
      "wrote %s (%d nodes; input \"x\" [?,%d,1], output "
      "\"predictions\")\n",
      out.c_str(), frozen.node_size(), kSteps);
  return kiln::OkStatus();
}

}  // namespace

int main(int argc, char** argv) {
  std::string kind = "lstm", out = "out/sequence_lstm.pb";
  int epochs = 20;
  for (int i = 1; i < argc; ++i) {
    const std::string a = argv[i];
    if (a == "--gru") {
      kind = "gru";
    } else if (a == "--bidirectional") {
      kind = "bidirectional";
    } else if (a == "--epochs" && i + 1 < argc) {
      epochs = std::atoi(argv[++i]);
    } else if (a == "-o" && i + 1 < argc) {
      out = argv[++i];
    } else {
      std::fprintf(stderr,
                   "usage: sequence_lstm [--gru | --bidirectional] "
                   "[--epochs N] [-o out.pb]\n");
      return 2;
    }
  }
  Status s = Run(kind, epochs, out);
  if (!s.ok()) {
    std::fprintf(stderr, "sequence_lstm: %s\n", s.ToString().c_str());
    return 1;
  }
  return 0;
}
