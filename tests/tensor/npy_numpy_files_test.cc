// Reads .npy files NumPy 2.4 wrote (tests/tensor/data, made by
// np.save / numpy.lib.format.write_array) and compares with expected.txt:
// "<file>\t<dims,>\t<values>" with floats as C99 hex literals.
#include <catch2/catch.hpp>
#include <cstdlib>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include "runtime/io/file_util.h"
#include "runtime/io/npy.h"

namespace kiln {
namespace {

const std::string kData = KILN_TENSOR_TEST_DATA;

std::vector<std::string> Split(const std::string& s, char sep) {
  std::vector<std::string> out;
  std::stringstream ss(s);
  std::string item;
  while (std::getline(ss, item, sep)) {
    if (!item.empty()) out.push_back(item);
  }
  return out;
}

std::vector<double> AsDoubles(const Tensor& t) {
  std::vector<double> out;
  VisitDataType(t.dtype(), [&](auto tag) {
    using T = typename decltype(tag)::type;
    for (T v : t.flat<T>()) {
      if constexpr (std::is_same_v<T, half> || std::is_same_v<T, bfloat16>) {
        out.push_back(static_cast<float>(v));
      } else {
        out.push_back(static_cast<double>(v));
      }
    }
  });
  return out;
}

TEST_CASE("Reads the .npy files NumPy wrote", "[npy]") {
  std::ifstream in(kData + "/expected.txt");
  REQUIRE(in.good());
  std::string line;
  int files = 0;
  while (std::getline(in, line)) {
    std::vector<std::string> fields;
    size_t start = 0;
    for (size_t tab; (tab = line.find('\t', start)) != std::string::npos;
         start = tab + 1) {
      fields.push_back(line.substr(start, tab - start));
    }
    fields.push_back(line.substr(start));
    REQUIRE(fields.size() == 3);
    INFO(fields[0]);
    StatusOr<Tensor> t = ReadNpy(kData + "/" + fields[0]);
    REQUIRE(t.ok());
    std::vector<int64_t> dims;
    for (const std::string& d : Split(fields[1], ',')) {
      dims.push_back(std::stoll(d));
    }
    CHECK(t->shape().dim_sizes() == dims);
    std::vector<double> want;
    for (const std::string& v : Split(fields[2], ' ')) {
      want.push_back(std::strtod(v.c_str(), nullptr));
    }
    CHECK(AsDoubles(*t) == want);
    ++files;
  }
  CHECK(files == 10);
}

TEST_CASE("Writes the bytes NumPy writes", "[npy]") {
  for (const char* name : {"f4_2x3.npy", "u1_5.npy", "b1_2x2.npy",
                           "i8_scalar.npy", "f2_4.npy", "f4_0x3.npy"}) {
    INFO(name);
    StatusOr<std::string> bytes = ReadFileToString(kData + "/" + name);
    REQUIRE(bytes.ok());
    StatusOr<Tensor> t = ParseNpy(*bytes, name);
    REQUIRE(t.ok());
    StatusOr<std::string> again = SerializeNpy(*t);
    REQUIRE(again.ok());
    CHECK(*again == *bytes);
  }
}

TEST_CASE("Fortran-order and big-endian files become C order", "[npy]") {
  StatusOr<Tensor> f = ReadNpy(kData + "/i4_2x3x4_fortran.npy");
  REQUIRE(f.ok());
  CHECK(f->dtype() == tensorflow::DT_INT32);
  CHECK(f->IsAligned());
  StatusOr<Tensor> b = ReadNpy(kData + "/i2_3_big_endian.npy");
  REQUIRE(b.ok());
  CHECK(b->dtype() == tensorflow::DT_INT16);
  CHECK(b->flat<int16_t>()[2] == 300);
}

}  // namespace
}  // namespace kiln
