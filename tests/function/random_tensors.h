// Random float tensors for the function tests.
#ifndef KILN_TESTS_FUNCTION_RANDOM_TENSORS_H_
#define KILN_TESTS_FUNCTION_RANDOM_TENSORS_H_

#include <random>
#include <vector>

#include "runtime/tensor/tensor.h"

namespace kiln {

// Normal(mean, 1) floats of shape `dims`.
inline Tensor Random(std::mt19937& rng, std::vector<int64_t> dims,
                     float mean = 0) {
  Tensor t =
      Tensor::Allocate(tensorflow::DT_FLOAT, TensorShape::Create(dims).value())
          .value();
  for (float& v : t.flat<float>()) {
    v = mean + std::normal_distribution<float>()(rng);
  }
  return t;
}

}  // namespace kiln

#endif  // KILN_TESTS_FUNCTION_RANDOM_TENSORS_H_
