// Helpers of the reference evaluator's tests: random tensors, a one-call
// Eval, and reading any numeric tensor as doubles.
#ifndef KILN_TESTS_REFERENCE_TEST_UTIL_H_
#define KILN_TESTS_REFERENCE_TEST_UTIL_H_

#include <cmath>
#include <cstdint>
#include <random>
#include <string>
#include <vector>

#include <catch2/catch.hpp>

#include "runtime/reference/evaluate.h"
#include "runtime/tensor/tensor.h"
#include "tests/runtime/test_attr_source.h"

namespace kiln {
namespace reference_test {

using testing::TestAttrSource;

inline std::mt19937& Rng() {
  static std::mt19937 rng(Catch::rngSeed());
  return rng;
}

inline int64_t RandInt(int64_t lo, int64_t hi) {  // [lo, hi]
  return std::uniform_int_distribution<int64_t>(lo, hi)(Rng());
}

// A tensor of `dtype` with values uniform in [lo, hi] (integers: rounded).
inline Tensor Random(DataType dtype, const std::vector<int64_t>& dims,
                     double lo = -3, double hi = 3) {
  Tensor t = Tensor::Allocate(dtype, TensorShape::Create(dims).value()).value();
  std::uniform_real_distribution<double> dist(lo, hi);
  VisitDataType(dtype, [&](auto tag) {
    using T = typename decltype(tag)::type;
    T* p = t.data<T>();
    for (int64_t i = 0; i < t.NumElements(); ++i) {
      const double v = dist(Rng());
      if constexpr (std::is_integral_v<T>) {
        p[i] = static_cast<T>(std::llround(v));
      } else {
        p[i] = static_cast<T>(static_cast<float>(v));
        if constexpr (std::is_same_v<T, double>) p[i] = v;
      }
    }
  });
  return t;
}

template <typename T>
Tensor Make(const std::vector<T>& values, const std::vector<int64_t>& dims) {
  return Tensor::FromVector<T>(values, TensorShape::Create(dims).value())
      .value();
}

// Any tensor's values as doubles.
inline std::vector<double> Values(const Tensor& t) {
  std::vector<double> out;
  VisitDataType(t.dtype(), [&](auto tag) {
    using T = typename decltype(tag)::type;
    for (int64_t i = 0; i < t.NumElements(); ++i) {
      out.push_back(static_cast<double>(static_cast<float>(t.data<T>()[i])));
      if constexpr (!std::is_same_v<T, half> && !std::is_same_v<T, bfloat16>) {
        out.back() = static_cast<double>(t.data<T>()[i]);
      }
    }
  });
  return out;
}

inline StatusOr<std::vector<Tensor>> Eval(
    const std::string& op, const std::vector<Tensor>& inputs,
    const TestAttrSource& attrs = TestAttrSource()) {
  const OpSpec* spec = FindOpSpec(op);
  REQUIRE(spec != nullptr);
  return EvaluateReference(*spec, inputs, attrs);
}

// Output `i`, failing the test with the status when evaluation failed.
inline Tensor EvalOk(const std::string& op, const std::vector<Tensor>& inputs,
                     const TestAttrSource& attrs = TestAttrSource(),
                     int i = 0) {
  auto result = Eval(op, inputs, attrs);
  INFO(op << ": " << result.status());
  REQUIRE(result.ok());
  return (*result)[i];
}

// Random dims of rank [0, 4], each in [0, 4] (zero-size sometimes).
inline std::vector<int64_t> RandomDims(int max_rank = 4) {
  std::vector<int64_t> dims(RandInt(0, max_rank));
  for (int64_t& d : dims) d = RandInt(0, 9) == 0 ? 0 : RandInt(1, 4);
  return dims;
}

// Relative closeness, with NaN equal to NaN and infinities exact.
inline bool Near(double got, double want, double tol) {
  if (std::isnan(want)) return std::isnan(got);
  if (std::isinf(want)) return got == want;
  return std::fabs(got - want) <= tol * (1 + std::fabs(want));
}

inline void CheckNear(const Tensor& got, const std::vector<double>& want,
                      double tol) {
  const std::vector<double> g = Values(got);
  REQUIRE(g.size() == want.size());
  for (size_t i = 0; i < g.size(); ++i) {
    INFO("element " << i << ": got " << g[i] << " want " << want[i]);
    CHECK(Near(g[i], want[i], tol));
  }
}

}  // namespace reference_test
}  // namespace kiln

#endif  // KILN_TESTS_REFERENCE_TEST_UTIL_H_
