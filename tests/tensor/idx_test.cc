// IDX files: random tensors of every element type written by the test
// (plain and gzip) and read back, malformed headers and data, and the
// Fashion-MNIST files Debian installs.
#include "runtime/io/idx.h"

#include <unistd.h>
#include <zlib.h>

#include <catch2/catch.hpp>
#include <cstring>
#include <random>
#include <string>
#include <vector>

namespace kiln {
namespace {

void PutBigEndian(std::string& out, uint64_t v, int width) {
  for (int b = width - 1; b >= 0; --b)
    out.push_back(char((v >> (8 * b)) & 0xff));
}

std::string Header(uint8_t code, const std::vector<uint32_t>& dims) {
  std::string h = {0, 0, char(code), char(dims.size())};
  for (uint32_t d : dims) PutBigEndian(h, d, 4);
  return h;
}

std::string TempPath(const std::string& name) {
  return "/tmp/kiln_idx_" + std::to_string(getpid()) + "_" + name;
}

TEST_CASE("IDX files of every element type read back", "[idx]") {
  std::mt19937 rng(std::random_device{}());
  const std::vector<uint32_t> dims = {3, static_cast<uint32_t>(1 + rng() % 5),
                                      2};
  const size_t n = 3 * dims[1] * 2;
  std::vector<double> values;
  for (size_t i = 0; i < n; ++i) values.push_back(int(rng() % 200) - 100);
  struct Type {
    uint8_t code;
    int width;
    DataType dtype;
  };
  for (Type t : {Type{0x08, 1, tensorflow::DT_UINT8},
                 Type{0x09, 1, tensorflow::DT_INT32},
                 Type{0x0B, 2, tensorflow::DT_INT32},
                 Type{0x0C, 4, tensorflow::DT_INT32},
                 Type{0x0D, 4, tensorflow::DT_FLOAT},
                 Type{0x0E, 8, tensorflow::DT_DOUBLE}}) {
    INFO("type 0x" << std::hex << int(t.code));
    std::string bytes = Header(t.code, dims);
    std::vector<double> want;
    for (double v : values) {
      const double value =
          t.code == 0x08 ? v + 100 : v + 0.25 * (t.code >= 0x0D);
      want.push_back(value);
      uint64_t bits = 0;
      if (t.code == 0x0D) {
        float f = static_cast<float>(value);
        uint32_t b32;
        std::memcpy(&b32, &f, 4);
        bits = b32;
      } else if (t.code == 0x0E) {
        std::memcpy(&bits, &value, 8);
      } else {
        bits = static_cast<uint64_t>(static_cast<int64_t>(value));
      }
      PutBigEndian(bytes, bits, t.width);
    }
    StatusOr<Tensor> got = ParseIdx(bytes, "test.idx");
    REQUIRE(got.ok());
    CHECK(got->dtype() == t.dtype);
    CHECK(got->shape().dim_sizes() ==
          std::vector<int64_t>{3, int64_t(dims[1]), 2});
    for (size_t i = 0; i < n; ++i) {
      double v = 0;
      if (auto* p = got->data<uint8_t>()) v = p[i];
      if (auto* p = got->data<int32_t>()) v = p[i];
      if (auto* p = got->data<float>()) v = p[i];
      if (auto* p = got->data<double>()) v = p[i];
      CHECK(v == want[i]);
    }
  }
}

TEST_CASE("gzip'd and plain IDX files read the same", "[idx]") {
  std::string bytes = Header(0x08, {4});
  bytes += std::string("\x01\x02\x03\x04", 4);
  const std::string plain = TempPath("plain"), packed = TempPath("packed.gz");
  FILE* f = fopen(plain.c_str(), "wb");
  fwrite(bytes.data(), 1, bytes.size(), f);
  fclose(f);
  gzFile gz = gzopen(packed.c_str(), "wb");
  gzwrite(gz, bytes.data(), static_cast<unsigned>(bytes.size()));
  gzclose(gz);
  for (const std::string& path : {plain, packed}) {
    StatusOr<Tensor> t = ReadIdx(path);
    REQUIRE(t.ok());
    CHECK(t->data<uint8_t>()[3] == 4);
  }
  unlink(plain.c_str());
  unlink(packed.c_str());
  StatusOr<Tensor> missing = ReadIdx(TempPath("missing"));
  CHECK(missing.status().code() == StatusCode::kNotFound);
}

TEST_CASE("malformed IDX data is an error naming the offset", "[idx]") {
  CHECK_THAT(
      ParseIdx(std::string("\x01\x00\x08\x01", 4), "a").status().message(),
      Catch::Contains("a: offset 0: not an IDX file"));
  CHECK_THAT(ParseIdx(std::string("\0\0\x07\x01", 4), "b").status().message(),
             Catch::Contains("b: offset 2: unknown IDX element type"));
  CHECK_THAT(ParseIdx(std::string("\0\0\x08\x02\0\0\0\x01", 8), "c")
                 .status()
                 .message(),
             Catch::Contains("c: offset 8: truncated header"));
  std::string short_data = Header(0x0C, {2, 3}) + std::string(20, '\0');
  CHECK_THAT(
      ParseIdx(short_data, "d").status().message(),
      Catch::Contains("d: offset 12: expected 24 bytes of data, got 20"));
  std::string huge = Header(0x08, {0xffffffffu, 0xffffffffu});
  CHECK_THAT(ParseIdx(huge, "e").status().message(),
             Catch::Contains("more than 2^40 elements"));
}

TEST_CASE("Debian's Fashion-MNIST test labels read", "[idx]") {
  const std::string dir = "/usr/share/datasets/fashion-mnist";
  if (access((dir + "/t10k-labels-idx1-ubyte.gz").c_str(), R_OK) != 0) {
    WARN("skipped: " << dir << " is not installed");
    return;
  }
  StatusOr<Tensor> labels = ReadIdx(dir + "/t10k-labels-idx1-ubyte.gz");
  REQUIRE(labels.ok());
  CHECK(labels->shape().dim_sizes() == std::vector<int64_t>{10000});
  std::vector<int> counts(10);
  for (int64_t i = 0; i < 10000; ++i) ++counts.at(labels->data<uint8_t>()[i]);
  CHECK(counts == std::vector<int>(10, 1000));  // balanced classes
  StatusOr<Tensor> images = ReadIdx(dir + "/t10k-images-idx3-ubyte.gz");
  REQUIRE(images.ok());
  CHECK(images->shape().dim_sizes() == std::vector<int64_t>{10000, 28, 28});
}

}  // namespace
}  // namespace kiln
