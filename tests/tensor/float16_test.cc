// half / bfloat16 conversions against a plain reference: round the exact
// value (in double) to the format's grid with rint (ties to even).
#include "runtime/tensor/float16.h"

#include <catch2/catch.hpp>
#include <cmath>
#include <cstring>
#include <limits>
#include <random>

namespace kiln {
namespace {

// Nearest value with `mant_bits` stored mantissa bits, min normal exponent
// `emin`, overflowing to inf at or beyond `overflow` (the half-way point
// above the largest finite value).
double Reference(float f, int mant_bits, int emin, double overflow) {
  if (std::isnan(f) || std::isinf(f)) return f;
  const double x = f;
  if (std::fabs(x) >= overflow) return std::copysign(INFINITY, x);
  if (x == 0) return x;
  int e = std::ilogb(x);
  if (e < emin) e = emin;
  const double quantum = std::ldexp(1.0, e - mant_bits);
  return std::copysign(std::rint(x / quantum) * quantum, x);  // keeps -0
}

double HalfReference(float f) {
  return Reference(f, 10, -14, 65520.0);  // 65504 + half an ulp (16)
}
double Bfloat16Reference(float f) {
  return Reference(f, 7, -126, std::ldexp(2.0 - std::ldexp(1.0, -8), 127));
}

float FloatFromBits(uint32_t u) {
  float f;
  std::memcpy(&f, &u, 4);
  return f;
}

template <typename T>
void CheckAgainst(float f, double (*reference)(float)) {
  const float got = static_cast<float>(T(f));
  const double want = reference(f);
  INFO("input " << f << " (bits 0x" << std::hex
                << float16_internal::FloatBits(f) << ")");
  if (std::isnan(want)) {
    CHECK(std::isnan(got));
    CHECK(std::signbit(got) == std::signbit(f));
  } else {
    CHECK(static_cast<double>(got) == want);
    CHECK(std::signbit(got) == std::signbit(want));
  }
}

TEST_CASE("half from float matches the reference", "[float16]") {
  std::mt19937 rng(7);
  const float specials[] = {0.0f,
                            -0.0f,
                            1.0f,
                            65504.0f,
                            65519.99f,
                            65520.0f,
                            1e10f,
                            -INFINITY,
                            INFINITY,
                            NAN,
                            -NAN,
                            std::ldexp(1.0f, -24),  // smallest subnormal
                            std::ldexp(1.0f, -25),  // tie: rounds to 0
                            std::ldexp(1.5f, -25),  // rounds up
                            std::ldexp(3.0f, -25),  // tie: rounds to even 2
                            std::ldexp(1.0f, -14),  // smallest normal
                            1.0f + std::ldexp(1.0f, -11),      // tie -> 1
                            1.0f + 3 * std::ldexp(1.0f, -11),  // tie -> up
                            std::numeric_limits<float>::denorm_min()};
  for (float f : specials) {
    CheckAgainst<half>(f, HalfReference);
    CheckAgainst<half>(-f, HalfReference);
  }
  for (int i = 0; i < 200000; ++i) {
    CheckAgainst<half>(FloatFromBits(rng()), HalfReference);  // any bits
    // Values in and around half's range, many of them near ties.
    const float f = std::ldexp(std::uniform_real_distribution<float>(1, 2)(rng),
                               static_cast<int>(rng() % 50) - 30);
    CheckAgainst<half>(f, HalfReference);
  }
}

TEST_CASE("bfloat16 from float matches the reference", "[float16]") {
  std::mt19937 rng(11);
  const float specials[] = {0.0f,
                            1.0f,
                            INFINITY,
                            NAN,
                            std::numeric_limits<float>::max(),
                            std::numeric_limits<float>::denorm_min(),
                            std::numeric_limits<float>::min(),
                            1.0f + std::ldexp(1.0f, -8),       // tie -> 1
                            1.0f + 3 * std::ldexp(1.0f, -8)};  // tie -> up
  for (float f : specials) {
    CheckAgainst<bfloat16>(f, Bfloat16Reference);
    CheckAgainst<bfloat16>(-f, Bfloat16Reference);
  }
  for (int i = 0; i < 200000; ++i) {
    CheckAgainst<bfloat16>(FloatFromBits(rng()), Bfloat16Reference);
  }
}

TEST_CASE("every half converts to the float it denotes", "[float16]") {
  for (uint32_t bits = 0; bits < 0x10000; ++bits) {
    const half h = half::FromBits(static_cast<uint16_t>(bits));
    const float f = static_cast<float>(h);
    const uint32_t exp = (bits >> 10) & 0x1f, mant = bits & 0x3ff;
    const double sign = (bits & 0x8000) ? -1 : 1;
    if (exp == 0x1f) {
      CHECK((mant == 0 ? std::isinf(f) : std::isnan(f)));
    } else {
      const double want =
          exp == 0
              ? sign * std::ldexp(mant, -24)
              : sign * std::ldexp(1024.0 + mant, static_cast<int>(exp) - 25);
      CHECK(static_cast<double>(f) == want);
    }
    // Every non-NaN half survives float and back bit for bit.
    if (!std::isnan(f)) CHECK(half(f).bits == bits);
  }
}

TEST_CASE("every bfloat16 round-trips through float", "[float16]") {
  for (uint32_t bits = 0; bits < 0x10000; ++bits) {
    const bfloat16 b = bfloat16::FromBits(static_cast<uint16_t>(bits));
    const float f = static_cast<float>(b);
    if (std::isnan(f)) continue;
    CHECK(bfloat16(f).bits == bits);
  }
}

}  // namespace
}  // namespace kiln
