// Helpers shared by the tensor tests.
#ifndef KILN_TESTS_TENSOR_TEST_UTIL_H_
#define KILN_TESTS_TENSOR_TEST_UTIL_H_

#include <catch2/catch.hpp>
#include <cstring>
#include <random>
#include <vector>

#include "runtime/tensor/tensor.h"

namespace kiln {
namespace testing {

inline TensorShape Shape(std::vector<int64_t> dims) {
  StatusOr<TensorShape> s = TensorShape::Create(std::move(dims));
  REQUIRE(s.ok());
  return *s;
}

// Every dtype a Tensor supports.
inline const std::vector<DataType>& AllDataTypes() {
  static const std::vector<DataType> kAll = {
      tensorflow::DT_FLOAT, tensorflow::DT_DOUBLE,   tensorflow::DT_INT32,
      tensorflow::DT_INT64, tensorflow::DT_UINT8,    tensorflow::DT_BOOL,
      tensorflow::DT_HALF,  tensorflow::DT_BFLOAT16, tensorflow::DT_INT8,
      tensorflow::DT_INT16, tensorflow::DT_UINT16,   tensorflow::DT_UINT32,
      tensorflow::DT_UINT64};
  return kAll;
}

// A tensor of random bytes (bools 0/1, floats finite so == compares).
inline Tensor RandomTensor(DataType dtype, const TensorShape& shape,
                           std::mt19937* rng) {
  StatusOr<Tensor> t = Tensor::Allocate(dtype, shape);
  REQUIRE(t.ok());
  VisitDataType(dtype, [&](auto tag) {
    using T = typename decltype(tag)::type;
    for (T& v : t->flat<T>()) {
      if constexpr (std::is_same_v<T, bool>) {
        v = (*rng)() & 1;
      } else if constexpr (std::is_same_v<T, half> ||
                           std::is_same_v<T, bfloat16>) {
        v = T(std::normal_distribution<float>(0, 100)(*rng));
      } else if constexpr (std::is_floating_point_v<T>) {
        v = static_cast<T>(std::normal_distribution<double>(0, 1e3)(*rng));
      } else {
        uint64_t bits = (static_cast<uint64_t>((*rng)()) << 32) | (*rng)();
        std::memcpy(&v, &bits, sizeof(T));
      }
    }
  });
  return *t;
}

inline bool SameBytes(const Tensor& a, const Tensor& b) {
  return a.dtype() == b.dtype() && a.shape() == b.shape() &&
         std::memcmp(a.raw_data(), b.raw_data(), a.bytes()) == 0;
}

}  // namespace testing
}  // namespace kiln

#endif  // KILN_TESTS_TENSOR_TEST_UTIL_H_
