// CRC-32C (Castagnoli) and TensorFlow's masked form, as TFRecord files and
// TensorFlow's checkpoints use them.
//
//   uint32_t crc = crc32c::Value("123456789", 9);   // 0xE3069283
//   uint32_t stored = crc32c::Mask(crc);
#ifndef KILN_RUNTIME_IO_CRC32C_H_
#define KILN_RUNTIME_IO_CRC32C_H_

#include <cstddef>
#include <cstdint>

namespace kiln {
namespace crc32c {

// The CRC of data[0, n) continuing from `crc` (the CRC of what came before).
uint32_t Extend(uint32_t crc, const void* data, size_t n);
inline uint32_t Value(const void* data, size_t n) { return Extend(0, data, n); }
// The table-driven path alone (Extend uses SSE4.2 when the CPU has it).
uint32_t ExtendPortable(uint32_t crc, const void* data, size_t n);

inline constexpr uint32_t kMaskDelta = 0xa282ead8u;
inline uint32_t Mask(uint32_t crc) {
  return ((crc >> 15) | (crc << 17)) + kMaskDelta;
}
inline uint32_t Unmask(uint32_t masked) {
  const uint32_t rot = masked - kMaskDelta;
  return (rot >> 17) | (rot << 15);
}

}  // namespace crc32c
}  // namespace kiln

#endif  // KILN_RUNTIME_IO_CRC32C_H_
