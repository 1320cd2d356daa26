// The initializers: each draws doubles for every element of a known shape,
// then rounds them to the dtype.
#include "frontend/variables/initializers.h"

#include <cmath>
#include <random>
#include <type_traits>
#include <vector>

#include "runtime/tensor/types.h"

namespace kiln {
namespace initializers {
namespace {

// Keras' constant that makes a 2-sigma truncated normal have `stddev`.
constexpr double kTruncatedStddevFix = 0.87962566103423978;

StatusOr<int64_t> KnownSize(const Shape& shape) {
  if (shape.unknown_rank) {
    return InvalidArgument("an initializer needs a known shape, not " +
                           shape.ToString());
  }
  int64_t n = 1;
  for (int64_t d : shape.dims) {
    if (d < 0) {
      return InvalidArgument("an initializer needs a known shape, not " +
                             shape.ToString());
    }
    n *= d;
  }
  return n;
}

// `values` as a tensor of `shape` and `dtype`.
StatusOr<Tensor> FromDoubles(const std::vector<double>& values,
                             const Shape& shape, DataType dtype,
                             bool floats_only) {
  const bool is_float =
      dtype == tensorflow::DT_FLOAT || dtype == tensorflow::DT_DOUBLE ||
      dtype == tensorflow::DT_HALF || dtype == tensorflow::DT_BFLOAT16;
  if (floats_only && !is_float) {
    return InvalidArgument("a random initializer cannot make " +
                           DataTypeName(dtype) + " values");
  }
  KILN_ASSIGN_OR_RETURN(TensorShape tshape, TensorShape::Create(shape.dims));
  KILN_ASSIGN_OR_RETURN(Tensor t, Tensor::Allocate(dtype, tshape));
  bool ok = VisitDataType(dtype, [&](auto tag) {
    using T = typename decltype(tag)::type;
    T* out = t.data<T>();
    for (size_t i = 0; i < values.size(); ++i) {
      if constexpr (std::is_same_v<T, double>) {
        out[i] = values[i];
      } else if constexpr (std::is_same_v<T, bool>) {
        out[i] = values[i] != 0;
      } else {
        out[i] = T(static_cast<float>(values[i]));
      }
    }
  });
  if (!ok) return InvalidArgument("cannot initialize " + DataTypeName(dtype));
  return t;
}

// An initializer drawing each element with `draw`.
template <typename Draw>
Initializer Random(Draw draw) {
  return [draw](const Shape& shape, DataType dtype,
                uint64_t seed) -> StatusOr<Tensor> {
    KILN_ASSIGN_OR_RETURN(int64_t n, KnownSize(shape));
    std::mt19937_64 rng(seed);
    std::vector<double> values(n);
    for (double& v : values) v = draw(rng);
    return FromDoubles(values, shape, dtype, /*floats_only=*/true);
  };
}

double TruncatedDraw(std::mt19937_64& rng, double mean, double stddev) {
  std::normal_distribution<double> normal(0, 1);
  double z;
  do {
    z = normal(rng);
  } while (std::abs(z) > 2);
  return mean + stddev * z;
}

// Orthonormalizes the n columns of the m x n (m >= n) row-major `a` in
// place by modified Gram-Schmidt, twice for accuracy: Q of a = QR with R's
// diagonal positive.
void OrthonormalizeColumns(std::vector<double>& a, int64_t m, int64_t n) {
  for (int pass = 0; pass < 2; ++pass) {
    for (int64_t j = 0; j < n; ++j) {
      for (int64_t k = 0; k < j; ++k) {
        double dot = 0;
        for (int64_t i = 0; i < m; ++i) dot += a[i * n + k] * a[i * n + j];
        for (int64_t i = 0; i < m; ++i) a[i * n + j] -= dot * a[i * n + k];
      }
      double norm = 0;
      for (int64_t i = 0; i < m; ++i) norm += a[i * n + j] * a[i * n + j];
      norm = std::sqrt(norm);
      for (int64_t i = 0; i < m; ++i) a[i * n + j] /= norm;
    }
  }
}

}  // namespace

Initializer Orthogonal(double gain) {
  return [gain](const Shape& shape, DataType dtype,
                uint64_t seed) -> StatusOr<Tensor> {
    KILN_ASSIGN_OR_RETURN(int64_t size, KnownSize(shape));
    if (shape.rank() < 2) {
      return InvalidArgument("Orthogonal needs a shape of rank >= 2, not " +
                             shape.ToString());
    }
    const int64_t cols = shape.dims.back(), rows = cols ? size / cols : 0;
    // Draw the taller orientation, orthonormalize its columns, transpose
    // back when there are fewer rows than columns.
    const int64_t m = std::max(rows, cols), n = std::min(rows, cols);
    std::mt19937_64 rng(seed);
    std::normal_distribution<double> normal(0, 1);
    std::vector<double> a(m * n);
    for (double& v : a) v = normal(rng);
    OrthonormalizeColumns(a, m, n);
    std::vector<double> values(size);
    for (int64_t i = 0; i < m; ++i)
      for (int64_t j = 0; j < n; ++j)
        values[rows >= cols ? i * n + j : j * m + i] = gain * a[i * n + j];
    return FromDoubles(values, shape, dtype, /*floats_only=*/true);
  };
}

Initializer Constant(double value) {
  return [value](const Shape& shape, DataType dtype,
                 uint64_t) -> StatusOr<Tensor> {
    KILN_ASSIGN_OR_RETURN(int64_t n, KnownSize(shape));
    return FromDoubles(std::vector<double>(n, value), shape, dtype,
                       /*floats_only=*/false);
  };
}

Initializer Zeros() { return Constant(0); }
Initializer Ones() { return Constant(1); }

Initializer RandomUniform(double minval, double maxval) {
  return Random([=](std::mt19937_64& rng) {
    return std::uniform_real_distribution<double>(minval, maxval)(rng);
  });
}

Initializer RandomNormal(double mean, double stddev) {
  return Random([=](std::mt19937_64& rng) {
    return std::normal_distribution<double>(mean, stddev)(rng);
  });
}

Initializer TruncatedNormal(double mean, double stddev) {
  return Random(
      [=](std::mt19937_64& rng) { return TruncatedDraw(rng, mean, stddev); });
}

std::pair<double, double> Fans(const Shape& shape) {
  const std::vector<int64_t>& d = shape.dims;
  if (d.empty()) return {1, 1};
  if (d.size() == 1) return {double(d[0]), double(d[0])};
  double receptive = 1;
  for (size_t i = 0; i + 2 < d.size(); ++i) receptive *= d[i];
  return {receptive * d[d.size() - 2], receptive * d[d.size() - 1]};
}

Initializer VarianceScaling(double scale, FanMode mode,
                            Distribution distribution) {
  return [=](const Shape& shape, DataType dtype,
             uint64_t seed) -> StatusOr<Tensor> {
    KILN_RETURN_IF_ERROR(KnownSize(shape).status());
    auto [fan_in, fan_out] = Fans(shape);
    const double fan = mode == FanMode::kFanIn    ? fan_in
                       : mode == FanMode::kFanOut ? fan_out
                                                  : (fan_in + fan_out) / 2;
    const double variance = scale / std::max(1.0, fan);
    switch (distribution) {
      case Distribution::kUniform: {
        const double limit = std::sqrt(3 * variance);
        return RandomUniform(-limit, limit)(shape, dtype, seed);
      }
      case Distribution::kUntruncatedNormal:
        return RandomNormal(0, std::sqrt(variance))(shape, dtype, seed);
      default:
        return TruncatedNormal(0, std::sqrt(variance) / kTruncatedStddevFix)(
            shape, dtype, seed);
    }
  };
}

Initializer GlorotUniform() {
  return VarianceScaling(1, FanMode::kFanAvg, Distribution::kUniform);
}
Initializer GlorotNormal() {
  return VarianceScaling(1, FanMode::kFanAvg, Distribution::kTruncatedNormal);
}
Initializer HeUniform() {
  return VarianceScaling(2, FanMode::kFanIn, Distribution::kUniform);
}
Initializer HeNormal() {
  return VarianceScaling(2, FanMode::kFanIn, Distribution::kTruncatedNormal);
}
Initializer LecunNormal() {
  return VarianceScaling(1, FanMode::kFanIn, Distribution::kTruncatedNormal);
}

}  // namespace initializers
}  // namespace kiln
