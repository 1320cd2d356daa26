// kiln::half and kiln::bfloat16: 16-bit float storage types with float
// conversions (round to nearest, ties to even).
//
//   kiln::half h(0.1f);            // nearest half to 0.1f
//   float f = static_cast<float>(h);
//   kiln::bfloat16 b = kiln::bfloat16::FromBits(0x3f80);  // 1.0
//
// They are storage types: arithmetic converts to float first. NaN stays NaN
// (sign and quiet bit kept); values beyond the format's range become +-inf.
#ifndef KILN_RUNTIME_TENSOR_FLOAT16_H_
#define KILN_RUNTIME_TENSOR_FLOAT16_H_

#include <cstdint>
#include <cstring>

namespace kiln {
namespace float16_internal {

inline uint32_t FloatBits(float f) {
  uint32_t u;
  std::memcpy(&u, &f, sizeof(u));
  return u;
}

inline float BitsFloat(uint32_t u) {
  float f;
  std::memcpy(&f, &u, sizeof(f));
  return f;
}

// IEEE binary16 from binary32, round to nearest even.
inline uint16_t FloatToHalfBits(float f) {
  uint32_t x = FloatBits(f);
  const uint32_t sign = (x >> 16) & 0x8000u;
  x &= 0x7fffffffu;
  if (x > 0x7f800000u) {  // NaN: quiet it, keep the top payload bits.
    return static_cast<uint16_t>(sign | 0x7e00u | ((x >> 13) & 0x3ffu));
  }
  if (x >= 0x47800000u) {  // >= 2^16 (or inf): beyond the largest half.
    return static_cast<uint16_t>(sign | 0x7c00u);
  }
  if (x < 0x38800000u) {
    // Below 2^-14: a half subnormal or zero. Adding 0.5 aligns the value so
    // the FPU's round-to-nearest-even rounds at the half's last bit.
    const float magic = BitsFloat(126u << 23);  // 0.5
    const float sum = BitsFloat(x) + magic;
    return static_cast<uint16_t>(sign | (FloatBits(sum) - (126u << 23)));
  }
  // Normal: rebias the exponent and round the 13 dropped mantissa bits.
  const uint32_t odd = (x >> 13) & 1u;
  x += (static_cast<uint32_t>(15 - 127) << 23) + 0xfffu + odd;
  return static_cast<uint16_t>(sign | (x >> 13));  // may round up to inf
}

inline float HalfBitsToFloat(uint16_t h) {
  const uint32_t sign = static_cast<uint32_t>(h & 0x8000u) << 16;
  const uint32_t exp = (h >> 10) & 0x1fu;
  const uint32_t mant = h & 0x3ffu;
  if (exp == 0x1f) {  // inf / NaN
    return BitsFloat(sign | 0x7f800000u | (mant << 13));
  }
  if (exp == 0) {  // zero / subnormal: mant * 2^-24, exact in float.
    const float v = static_cast<float>(mant) * BitsFloat((127u - 24u) << 23);
    return sign ? -v : v;
  }
  return BitsFloat(sign | ((exp + 127u - 15u) << 23) | (mant << 13));
}

// bfloat16 is the top half of a float32, rounded to nearest even.
inline uint16_t FloatToBfloat16Bits(float f) {
  const uint32_t x = FloatBits(f);
  if ((x & 0x7fffffffu) > 0x7f800000u) {
    return static_cast<uint16_t>((x >> 16) | 0x0040u);  // quiet NaN
  }
  const uint32_t rounding = 0x7fffu + ((x >> 16) & 1u);
  return static_cast<uint16_t>((x + rounding) >> 16);  // overflow -> inf
}

inline float Bfloat16BitsToFloat(uint16_t b) {
  return BitsFloat(static_cast<uint32_t>(b) << 16);
}

}  // namespace float16_internal

// IEEE 754 binary16 (NumPy's float16, TensorFlow's DT_HALF).
struct half {
  uint16_t bits = 0;

  half() = default;
  explicit half(float f) : bits(float16_internal::FloatToHalfBits(f)) {}
  static half FromBits(uint16_t b) {
    half h;
    h.bits = b;
    return h;
  }
  explicit operator float() const {
    return float16_internal::HalfBitsToFloat(bits);
  }
  // Bitwise equality (so NaN == NaN with the same bits; +0 != -0).
  friend bool operator==(half a, half b) { return a.bits == b.bits; }
  friend bool operator!=(half a, half b) { return a.bits != b.bits; }
};

// Brain float: float32's exponent with 7 mantissa bits (DT_BFLOAT16).
struct bfloat16 {
  uint16_t bits = 0;

  bfloat16() = default;
  explicit bfloat16(float f) : bits(float16_internal::FloatToBfloat16Bits(f)) {}
  static bfloat16 FromBits(uint16_t b) {
    bfloat16 h;
    h.bits = b;
    return h;
  }
  explicit operator float() const {
    return float16_internal::Bfloat16BitsToFloat(bits);
  }
  friend bool operator==(bfloat16 a, bfloat16 b) { return a.bits == b.bits; }
  friend bool operator!=(bfloat16 a, bfloat16 b) { return a.bits != b.bits; }
};

static_assert(sizeof(half) == 2, "half is 2 bytes");
static_assert(sizeof(bfloat16) == 2, "bfloat16 is 2 bytes");

}  // namespace kiln

#endif  // KILN_RUNTIME_TENSOR_FLOAT16_H_
