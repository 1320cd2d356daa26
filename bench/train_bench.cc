// train_bench: training throughput of the Fashion-MNIST MLP (784-300-100-10,
// ReLU, softmax, sparse categorical cross-entropy, SGD lr 0.01) through
// Model::Fit, at batch 32 and 256, on random data: samples/s over timed
// epochs after one warm-up epoch (which compiles). bench/anchors/train_mlp.py
// times the same model and optimizer in Keras, Keras+XLA, JAX and PyTorch.
// Prints a table and one JSON line per row (for bench/run.py).
//
//   train_bench [--quick]
#include <chrono>
#include <cstdio>
#include <cstring>
#include <random>

#include "frontend/keras/layers.h"
#include "frontend/keras/sequential.h"
#include "frontend/train/optimizers.h"

namespace {

using namespace kiln;

constexpr int64_t kSamples = 16384;

Tensor RandomImages(uint64_t seed) {
  Tensor t =
      Tensor::Allocate(DT_FLOAT, TensorShape::Create({kSamples, 784}).value())
          .value();
  std::mt19937 rng(seed);
  std::uniform_real_distribution<float> u(0, 1);
  for (float& v : t.flat<float>()) v = u(rng);
  return t;
}

Tensor RandomLabels(uint64_t seed) {
  Tensor t = Tensor::Allocate(DT_INT32, TensorShape::Create({kSamples}).value())
                 .value();
  std::mt19937 rng(seed);
  for (int32_t& v : t.flat<int32_t>()) v = static_cast<int32_t>(rng() % 10);
  return t;
}

double SamplesPerSecond(int64_t batch, int epochs, const Tensor& x,
                        const Tensor& y) {
  keras::Sequential model({std::make_shared<keras::Dense>(300, "relu"),
                           std::make_shared<keras::Dense>(100, "relu"),
                           std::make_shared<keras::Dense>(10, "softmax")},
                          Shape::Of({784}));
  keras::CompileOptions c;
  SGDOptions sgd;
  sgd.learning_rate = 0.01;
  c.optimizer = std::make_shared<SGD>(sgd);
  c.loss = "sparse_categorical_crossentropy";
  if (!model.Compile(c).ok()) std::exit(1);
  keras::FitOptions fit;
  fit.batch_size = batch;
  fit.verbose = 0;
  fit.epochs = 1;
  if (!model.Fit(x, y, fit).ok()) std::exit(1);  // warm-up: compiles
  fit.epochs = epochs;
  const auto start = std::chrono::steady_clock::now();
  StatusOr<keras::History> h = model.Fit(x, y, fit);
  const double seconds =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - start)
          .count();
  if (!h.ok()) {
    std::fprintf(stderr, "fit: %s\n", h.status().ToString().c_str());
    std::exit(1);
  }
  return epochs * kSamples / seconds;
}

}  // namespace

int main(int argc, char** argv) {
  const bool quick = argc > 1 && std::strcmp(argv[1], "--quick") == 0;
  const Tensor x = RandomImages(1);
  const Tensor y = RandomLabels(2);
  std::printf("%-10s %-34s %12s %s\n", "bench", "what", "value", "unit");
  for (int64_t batch : {32, 256}) {
    const double rate = SamplesPerSecond(batch, quick ? 1 : 3, x, y);
    std::printf("%-10s %-34s %12.0f %s\n", "train",
                ("Model::Fit batch " + std::to_string(batch)).c_str(), rate,
                "samples/s");
    std::printf(
        "{\"source\": \"kiln\", \"bench\": \"train\", \"batch\": %lld, "
        "\"samples_per_s\": %.6g}\n",
        static_cast<long long>(batch), rate);
  }
  return 0;
}
