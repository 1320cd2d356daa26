// Reference kernels, random family: RandomUniform, RandomStandardNormal and
// TruncatedNormal from a counter-based generator: element i of run r of an
// op seeded (seed, seed2) is a hash of (seed, seed2, r, i, draw), so values
// are reproducible and independent of threads and of the order of runs of
// other ops. (TensorFlow's Philox stream is not reproduced: same
// distributions, other values.)
#include <cmath>
#include <random>
#include <string>
#include <type_traits>

#include "runtime/reference/kernels.h"

namespace kiln {
namespace reference {
namespace {

uint64_t SplitMix(uint64_t x) {
  x += 0x9e3779b97f4a7c15ull;
  x = (x ^ (x >> 30)) * 0xbf58476d1ce4e5b9ull;
  x = (x ^ (x >> 27)) * 0x94d049bb133111ebull;
  return x ^ (x >> 31);
}

// Both seeds 0: a random key, chosen once per process (as TensorFlow's
// unseeded ops differ between programs).
uint64_t KeyOf(int64_t seed, int64_t seed2) {
  static const uint64_t unseeded =
      std::random_device{}() | uint64_t{std::random_device{}()} << 32;
  if (seed == 0 && seed2 == 0) return unseeded;
  return SplitMix(SplitMix(static_cast<uint64_t>(seed)) ^
                  static_cast<uint64_t>(seed2));
}

// A uniform double in [0, 1) from 53 bits of the hash.
double Uniform(uint64_t key, uint64_t stream, uint64_t i, uint64_t draw) {
  const uint64_t h = SplitMix(key ^ SplitMix(stream ^ SplitMix(i * 64 + draw)));
  return static_cast<double>(h >> 11) * 0x1.0p-53;
}

// Box-Muller from draws 2k and 2k + 1.
double Normal(uint64_t key, uint64_t stream, uint64_t i, uint64_t k) {
  const double u1 = 1 - Uniform(key, stream, i, 2 * k);  // (0, 1]
  const double u2 = Uniform(key, stream, i, 2 * k + 1);
  return std::sqrt(-2 * std::log(u1)) * std::cos(2 * M_PI * u2);
}

double Draw(const std::string& op, uint64_t key, uint64_t stream, uint64_t i) {
  if (op == "RandomUniform") return Uniform(key, stream, i, 0);
  if (op == "RandomStandardNormal") return Normal(key, stream, i, 0);
  for (uint64_t k = 0;; ++k) {  // TruncatedNormal: redraw beyond 2
    const double v = Normal(key, stream, i, k);
    if (std::abs(v) <= 2) return v;
  }
}

}  // namespace

Status EvalRandom(KernelContext& c) {
  const uint64_t key = KeyOf(c.attrs.GetInt("seed").value_or(0),
                             c.attrs.GetInt("seed2").value_or(0));
  Tensor& out = c.outputs[0];
  bool ok = VisitFloat(out.dtype(), [&](auto tag) {
    using T = typename decltype(tag)::type;
    T* p = out.data<T>();
    for (int64_t i = 0; i < out.NumElements(); ++i) {
      const double v = Draw(c.op(), key, c.random_stream, i);
      if constexpr (std::is_same_v<T, double>) {
        p[i] = v;
      } else {
        p[i] = T(static_cast<float>(v));
        // Uniform values stay below 1 after rounding, as TensorFlow's do
        // (0.004 is bfloat16's spacing below 1).
        if (c.op() == "RandomUniform" && static_cast<float>(p[i]) >= 1.0f) {
          p[i] = T(1.0f - 0.004f);
        }
      }
    }
  });
  if (!ok) return c.UnsupportedType(out.dtype());
  return OkStatus();
}

}  // namespace reference
}  // namespace kiln
