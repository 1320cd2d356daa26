// classify_fashion: a deployed Fashion-MNIST classifier. The model is
// FashionMlp, compiled ahead of time by kiln-compile (FashionMlp.h and
// libFashionMlp.a); this program links Kiln's runtime library only.
//
//   classify_fashion DATA_DIR [--limit N] [--mean M] [--stddev S]
//
// Reads DATA_DIR/t10k-images-idx3-ubyte.gz and t10k-labels-idx1-ubyte.gz,
// standardizes the pixels as the training did (Fashion-MNIST's training
// mean and standard deviation by default), classifies them in batches of
// 256 and prints the accuracy, a few predictions and how long loading the
// model and its first inference took.
#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <string>
#include <vector>

#include "FashionMlp.h"
#include "runtime/io/idx.h"

namespace {

constexpr const char* kClasses[10] = {"T-shirt/top", "Trouser", "Pullover",
                                      "Dress",       "Coat",    "Sandal",
                                      "Shirt",       "Sneaker", "Bag",
                                      "Ankle boot"};
constexpr int64_t kPixels = 28 * 28;

double Milliseconds(std::chrono::steady_clock::time_point since) {
  return std::chrono::duration<double, std::milli>(
             std::chrono::steady_clock::now() - since)
      .count();
}

// Fills the model's input with `rows` standardized images from `first`.
bool Fill(FashionMlp& model, const uint8_t* pixels, int64_t first,
          int64_t rows, double mean, double stddev) {
  const bool flat = kiln_model_input_rank(model.c_model(), 0) == 2;
  if (!(flat ? model.resize_arg_x({rows, kPixels})
             : model.resize_arg_x({rows, 28, 28})))
    return false;
  float* x = model.arg_x_data();
  for (int64_t i = 0; i < rows * kPixels; ++i)
    x[i] = static_cast<float>((pixels[first * kPixels + i] - mean) / stddev);
  return true;
}

int ArgMax(const float* row) {
  return static_cast<int>(std::max_element(row, row + 10) - row);
}

}  // namespace

int main(int argc, char** argv) {
  if (argc < 2) {
    std::fprintf(stderr,
                 "usage: classify_fashion DATA_DIR [--limit N] [--mean M] "
                 "[--stddev S]\n");
    return 2;
  }
  const std::string dir = argv[1];
  int64_t limit = 10000;
  double mean = 72.94035, stddev = 90.02118;  // Fashion-MNIST's training set
  for (int i = 2; i + 1 < argc; i += 2) {
    if (std::strcmp(argv[i], "--limit") == 0) limit = std::atoll(argv[i + 1]);
    if (std::strcmp(argv[i], "--mean") == 0) mean = std::atof(argv[i + 1]);
    if (std::strcmp(argv[i], "--stddev") == 0) stddev = std::atof(argv[i + 1]);
  }
  auto images = kiln::ReadIdx(dir + "/t10k-images-idx3-ubyte.gz");
  auto labels = kiln::ReadIdx(dir + "/t10k-labels-idx1-ubyte.gz");
  if (!images.ok() || !labels.ok()) {
    std::fprintf(stderr, "classify_fashion: %s\n",
                 (images.ok() ? labels.status() : images.status())
                     .ToString()
                     .c_str());
    return 1;
  }
  const uint8_t* pixels = images->data<uint8_t>();
  const uint8_t* truth = labels->data<uint8_t>();
  const int64_t count = std::min<int64_t>(limit, images->dim_size(0));

  const auto start = std::chrono::steady_clock::now();
  FashionMlp model;
  if (!model.ok() || !Fill(model, pixels, 0, 1, mean, stddev) ||
      !model.Run()) {
    std::fprintf(stderr, "classify_fashion: %s\n", model.error());
    return 1;
  }
  const double first_ms = Milliseconds(start);

  int64_t correct = 0;
  std::vector<int> predicted;
  const auto timed = std::chrono::steady_clock::now();
  for (int64_t first = 0; first < count; first += 256) {
    const int64_t rows = std::min<int64_t>(256, count - first);
    if (!Fill(model, pixels, first, rows, mean, stddev) || !model.Run()) {
      std::fprintf(stderr, "classify_fashion: %s\n", model.error());
      return 1;
    }
    const float* probs = static_cast<const float*>(model.result_data(0));
    for (int64_t r = 0; r < rows; ++r) {
      predicted.push_back(ArgMax(probs + r * 10));
      correct += predicted.back() == truth[first + r];
    }
  }
  const double batch_ms = Milliseconds(timed);
  for (int i = 0; i < 5 && i < count; ++i)
    std::printf("image %d: %s (truth: %s)\n", i, kClasses[predicted[i]],
                kClasses[truth[i]]);
  std::printf("accuracy %.4f on %lld test images (%.1f us per image)\n",
              static_cast<double>(correct) / count,
              static_cast<long long>(count), batch_ms * 1000 / count);
  std::printf("load + first inference: %.2f ms\n", first_ms);
  return 0;
}
