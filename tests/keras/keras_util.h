// Helpers of the Keras tests: synthetic data and a small compiled model.
#ifndef KILN_TESTS_KERAS_KERAS_UTIL_H_
#define KILN_TESTS_KERAS_KERAS_UTIL_H_

#include <memory>

#include "frontend/keras/sequential.h"

namespace kiln {
namespace keras {

constexpr int kClasses = 3, kFeatures = 4;

struct Data {
  Tensor x, y;
};

// n samples: class c centered at 2 * e_c (plus noise 0.5).
Data Blobs(int64_t n, uint64_t seed);
// Dense(8, relu) -> Dense(3, softmax), Adam at `lr`, compiled.
std::unique_ptr<Sequential> Mlp(double lr, uint64_t seed);
FitOptions Quiet(int epochs);
// Compiles `model` as a classifier: sparse categorical cross-entropy, Adam
// at `lr`, the accuracy metric, `seed`.
void CompileClassifier(Model& model, double lr, uint64_t seed);
// Fits quietly (batch order seeded) and returns the accuracy on (tx, ty).
double FitAndScore(Model& model, const Tensor& x, const Tensor& y, int epochs,
                   int64_t batch_size, const Tensor& tx, const Tensor& ty);

}  // namespace keras
}  // namespace kiln

#endif  // KILN_TESTS_KERAS_KERAS_UTIL_H_
