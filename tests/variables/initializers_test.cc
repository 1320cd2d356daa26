// Initializers: their values' range and moments on large draws (bounds of
// several standard errors, so the checks can fail but do not flake), fans,
// seeds, dtypes and errors.
#include "frontend/variables/initializers.h"

#include <catch2/catch.hpp>
#include <cmath>
#include <random>

namespace kiln {
namespace {

using namespace initializers;
using tensorflow::DT_DOUBLE;
using tensorflow::DT_FLOAT;
using tensorflow::DT_INT32;

struct Moments {
  double mean = 0, stddev = 0, min = INFINITY, max = -INFINITY;
};

Moments Measure(const Tensor& t) {
  Moments m;
  const auto v = t.flat<float>();
  for (float x : v) {
    m.mean += x;
    m.min = std::min<double>(m.min, x);
    m.max = std::max<double>(m.max, x);
  }
  m.mean /= v.size();
  for (float x : v) m.stddev += (x - m.mean) * (x - m.mean);
  m.stddev = std::sqrt(m.stddev / v.size());
  return m;
}

uint64_t Seed() { return std::random_device{}(); }

// Draws 256x512 floats and checks mean and stddev within 6 standard errors.
void CheckMoments(const Initializer& init, double mean, double stddev,
                  double lo, double hi) {
  const uint64_t seed = Seed();
  INFO("seed " << seed);
  StatusOr<Tensor> t = init(Shape::Of({256, 512}), DT_FLOAT, seed);
  REQUIRE(t.ok());
  const Moments m = Measure(*t);
  const double n = 256.0 * 512;
  CHECK(std::abs(m.mean - mean) <= 6 * stddev / std::sqrt(n));
  CHECK(std::abs(m.stddev - stddev) <= 6 * stddev / std::sqrt(2 * n));
  CHECK(m.min >= lo);
  CHECK(m.max <= hi);
}

TEST_CASE("random initializers have the distribution they name",
          "[initializers]") {
  CheckMoments(RandomUniform(-1, 3), 1, 4 / std::sqrt(12.0), -1, 3);
  CheckMoments(RandomNormal(0.5, 2), 0.5, 2, -INFINITY, INFINITY);
  // A 2-sigma truncated normal has stddev 0.87962566 * sigma.
  CheckMoments(TruncatedNormal(-1, 0.5), -1, 0.5 * 0.87962566103423978, -2, 0);
  // Shape [256, 512]: fan_in 256, fan_out 512.
  const double glorot = std::sqrt(6.0 / (256 + 512));
  CheckMoments(GlorotUniform(), 0, glorot / std::sqrt(3.0), -glorot, glorot);
  CheckMoments(GlorotNormal(), 0, std::sqrt(2.0 / 768), -INFINITY, INFINITY);
  const double he = std::sqrt(6.0 / 256);
  CheckMoments(HeUniform(), 0, he / std::sqrt(3.0), -he, he);
  CheckMoments(HeNormal(), 0, std::sqrt(2.0 / 256),
               -2 * std::sqrt(2.0 / 256) / 0.8796,
               2 * std::sqrt(2.0 / 256) / 0.8796);
  CheckMoments(LecunNormal(), 0, std::sqrt(1.0 / 256), -INFINITY, INFINITY);
}

TEST_CASE("constant initializers fill every dtype", "[initializers]") {
  StatusOr<Tensor> z = Zeros()(Shape::Of({2, 3}), DT_INT32, 0);
  REQUIRE(z.ok());
  for (int32_t v : z->flat<int32_t>()) CHECK(v == 0);
  StatusOr<Tensor> o = Ones()(Shape::Of({4}), DT_DOUBLE, 0);
  REQUIRE(o.ok());
  for (double v : o->flat<double>()) CHECK(v == 1);
  StatusOr<Tensor> c = Constant(2.5)(Shape::Of({}), tensorflow::DT_HALF, 0);
  REQUIRE(c.ok());
  CHECK(c->NumElements() == 1);
  CHECK(c->dtype() == tensorflow::DT_HALF);
}

TEST_CASE("a seed reproduces its values; another seed does not",
          "[initializers]") {
  const uint64_t seed = Seed();
  Tensor a = GlorotUniform()(Shape::Of({30, 20}), DT_FLOAT, seed).value();
  Tensor b = GlorotUniform()(Shape::Of({30, 20}), DT_FLOAT, seed).value();
  Tensor c = GlorotUniform()(Shape::Of({30, 20}), DT_FLOAT, seed + 1).value();
  int same = 0, differ = 0;
  for (int i = 0; i < 600; ++i) {
    same += a.flat<float>()[i] == b.flat<float>()[i];
    differ += a.flat<float>()[i] != c.flat<float>()[i];
  }
  CHECK(same == 600);
  CHECK(differ > 590);
}

// Orthonormal columns (rows when fewer), and Q of the QR of the normal
// matrix it draws: Q^T A upper triangular with a positive diagonal.
TEST_CASE("Orthogonal gives the Q of a normal matrix's QR", "[initializers]") {
  struct Problem {
    std::vector<int64_t> dims;
    double gain;
  };
  for (const Problem& p : {Problem{{7, 3}, 1.0}, Problem{{3, 7}, 1.0},
                           Problem{{2, 3, 4, 5}, 0.5}, Problem{{6, 6}, 2.0}}) {
    const Shape shape = Shape::Of(p.dims);
    INFO(shape.ToString());
    const uint64_t seed = Seed();
    Tensor q = Orthogonal(p.gain)(shape, DT_DOUBLE, seed).value();
    const int64_t cols = p.dims.back(), rows = q.NumElements() / cols;
    const bool tall = rows >= cols;
    const int64_t m = std::max(rows, cols), n = std::min(rows, cols);
    // Q as m x n (the transpose of the wide case).
    auto Q = [&](int64_t i, int64_t j) {
      return q.data<double>()[tall ? i * cols + j : j * cols + i] / p.gain;
    };
    std::mt19937_64 rng(seed);
    std::normal_distribution<double> normal(0, 1);
    std::vector<double> a(m * n);
    for (double& v : a) v = normal(rng);
    for (int64_t j = 0; j < n; ++j)
      for (int64_t k = 0; k < n; ++k) {
        double dot = 0, qa = 0;
        for (int64_t i = 0; i < m; ++i) {
          dot += Q(i, j) * Q(i, k);
          qa += Q(i, j) * a[i * n + k];
        }
        CHECK(dot == Approx(j == k ? 1.0 : 0.0).margin(1e-12));
        if (j > k) CHECK(qa == Approx(0).margin(1e-10));  // R's lower part
        if (j == k) CHECK(qa > 0);
      }
  }
  CHECK_THAT(Orthogonal()(Shape::Of({5}), DT_FLOAT, 0).status().message(),
             Catch::Contains("rank >= 2"));
}

TEST_CASE("fans follow Keras", "[initializers]") {
  CHECK(Fans(Shape::Of({784, 300})) == std::pair<double, double>(784, 300));
  CHECK(Fans(Shape::Of({3, 3, 16, 32})) == std::pair<double, double>(144, 288));
  CHECK(Fans(Shape::Of({10})) == std::pair<double, double>(10, 10));
}

TEST_CASE("unknown shapes and impossible dtypes are errors", "[initializers]") {
  CHECK_THAT(Zeros()(Shape::Of({-1, 3}), DT_FLOAT, 0).status().message(),
             Catch::Contains("needs a known shape"));
  CHECK_THAT(RandomNormal()(Shape::Of({3}), DT_INT32, 0).status().message(),
             Catch::Contains("cannot make int32 values"));
}

}  // namespace
}  // namespace kiln
