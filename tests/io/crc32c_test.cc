// CRC-32C against the published vectors (tf-wire-facts.md), both paths,
// and incremental extension on random data.
#include "runtime/io/crc32c.h"

#include <catch2/catch.hpp>
#include <random>
#include <string>
#include <vector>

namespace kiln {
namespace {

TEST_CASE("CRC-32C matches the known vectors", "[crc32c]") {
  std::vector<unsigned char> zeros(32, 0), ones(32, 0xff), up(32), down(32);
  for (int i = 0; i < 32; ++i) {
    up[i] = static_cast<unsigned char>(i);
    down[i] = static_cast<unsigned char>(31 - i);
  }
  const unsigned char length3[8] = {3, 0, 0, 0, 0, 0, 0, 0};
  struct Vector {
    const void* data;
    size_t n;
    uint32_t crc, masked;
  };
  for (auto fn : {&crc32c::Extend, &crc32c::ExtendPortable}) {
    for (Vector v : {Vector{"123456789", 9, 0xE3069283u, 0},
                     Vector{zeros.data(), 32, 0x8a9136aau, 0x0fd7fffau},
                     Vector{ones.data(), 32, 0x62a8ab43u, 0xf909b029u},
                     Vector{up.data(), 32, 0x46dd794eu, 0x951f7892u},
                     Vector{down.data(), 32, 0x113fdb5cu, 0x593b0d57u},
                     Vector{"foo", 3, 0xcfc4ae1du, 0xfebe8a61u},
                     Vector{length3, 8, 0x576c35e3u, 0x0e4999b0u}}) {
      const uint32_t crc = fn(0, v.data, v.n);
      CHECK(crc == v.crc);
      if (v.masked) {
        CHECK(crc32c::Mask(crc) == v.masked);
        CHECK(crc32c::Unmask(v.masked) == crc);
      }
    }
  }
}

TEST_CASE("CRC-32C extends in pieces; both paths agree", "[crc32c]") {
  std::mt19937 rng(std::random_device{}());
  std::string data(1000 + rng() % 1000, '\0');
  for (char& c : data) c = static_cast<char>(rng());
  const size_t cut = rng() % data.size();
  const uint32_t whole = crc32c::Value(data.data(), data.size());
  CHECK(crc32c::Extend(crc32c::Value(data.data(), cut), data.data() + cut,
                       data.size() - cut) == whole);
  CHECK(crc32c::ExtendPortable(0, data.data(), data.size()) == whole);
}

}  // namespace
}  // namespace kiln
