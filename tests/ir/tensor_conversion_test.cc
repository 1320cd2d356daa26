// TensorProto <-> MLIR elements attrs on random tensors of every dtype Kiln
// computes with, in both of TensorFlow's encodings (typed fields and
// tensor_content), plus strings, splats, short lists and malformed protos.
#include <catch2/catch.hpp>
#include <cstring>
#include <random>

#include "ir/Dialect/KilnDialect.h"
#include "ir/Translate/GraphDefTranslate.h"
#include "ir/Translate/TensorConversion.h"

namespace kiln::testing {
namespace {

namespace tf = tensorflow;

struct Fixture {
  Fixture() { kiln::ir::registerKilnDialects(context); }
  mlir::MLIRContext context;
  mlir::Builder builder{&context};

  tf::TensorProto Trip(const tf::TensorProto& in) {
    std::string error;
    auto attr = kiln::ir::importTensor(builder, in, &error);
    INFO(error);
    REQUIRE(mlir::succeeded(attr));
    auto out = kiln::ir::exportTensor(*attr);
    REQUIRE(mlir::succeeded(out));
    return *out;
  }
};

// Raw little-endian bytes of a tensor, from whichever field holds them.
template <typename T>
std::vector<T> Values(const tf::TensorProto& t, int64_t n) {
  std::vector<T> v(n);
  if (!t.tensor_content().empty()) {
    REQUIRE(t.tensor_content().size() == n * sizeof(T));
    std::memcpy(v.data(), t.tensor_content().data(), n * sizeof(T));
    return v;
  }
  std::vector<T> given;
  if constexpr (std::is_same_v<T, float>)
    given.assign(t.float_val().begin(), t.float_val().end());
  if constexpr (std::is_same_v<T, double>)
    given.assign(t.double_val().begin(), t.double_val().end());
  if constexpr (std::is_same_v<T, int32_t>)
    given.assign(t.int_val().begin(), t.int_val().end());
  if constexpr (std::is_same_v<T, int64_t>)
    given.assign(t.int64_val().begin(), t.int64_val().end());
  REQUIRE(!given.empty());
  for (int64_t i = 0; i < n; ++i)
    v[i] = given[std::min<int64_t>(i, given.size() - 1)];
  return v;
}

template <typename T>
void CheckRandom(Fixture& f, tf::DataType dtype, std::mt19937& rng,
                 bool as_content) {
  std::vector<int64_t> dims = {1 + int64_t(rng() % 4), 1 + int64_t(rng() % 5)};
  int64_t n = dims[0] * dims[1];
  std::vector<T> data(n);
  for (auto& x : data)
    x = static_cast<T>(std::uniform_real_distribution<double>(-100, 100)(rng));
  tf::TensorProto t;
  t.set_dtype(dtype);
  for (int64_t d : dims) t.mutable_tensor_shape()->add_dim()->set_size(d);
  if (as_content) {
    t.set_tensor_content(
        std::string(reinterpret_cast<char*>(data.data()), n * sizeof(T)));
  } else {
    for (T x : data) {
      if constexpr (std::is_same_v<T, float>) t.add_float_val(x);
      if constexpr (std::is_same_v<T, double>) t.add_double_val(x);
      if constexpr (std::is_same_v<T, int32_t>) t.add_int_val(x);
      if constexpr (std::is_same_v<T, int64_t>) t.add_int64_val(x);
    }
  }
  tf::TensorProto back = f.Trip(t);
  CHECK(back.dtype() == dtype);
  REQUIRE(back.tensor_shape().dim_size() == 2);
  CHECK(Values<T>(back, n) == data);
}

TEST_CASE("random numeric tensors survive import and export") {
  Fixture f;
  std::mt19937 rng(Catch::rngSeed());
  for (bool as_content : {false, true}) {
    for (int trial = 0; trial < 10; ++trial) {
      CheckRandom<float>(f, tf::DT_FLOAT, rng, as_content);
      CheckRandom<double>(f, tf::DT_DOUBLE, rng, as_content);
      CheckRandom<int32_t>(f, tf::DT_INT32, rng, as_content);
      CheckRandom<int64_t>(f, tf::DT_INT64, rng, as_content);
    }
  }
}

TEST_CASE("a short value list repeats its last value, as TensorFlow reads it") {
  Fixture f;
  tf::TensorProto t;
  t.set_dtype(tf::DT_FLOAT);
  t.mutable_tensor_shape()->add_dim()->set_size(4);
  t.add_float_val(1.5f);
  t.add_float_val(-2.0f);
  CHECK(Values<float>(f.Trip(t), 4) ==
        std::vector<float>{1.5f, -2.0f, -2.0f, -2.0f});
  tf::TensorProto zeros;
  zeros.set_dtype(tf::DT_INT32);
  zeros.mutable_tensor_shape()->add_dim()->set_size(3);
  CHECK(Values<int32_t>(f.Trip(zeros), 3) == std::vector<int32_t>{0, 0, 0});
}

TEST_CASE("bool, half and string tensors round-trip") {
  Fixture f;
  tf::TensorProto b;
  b.set_dtype(tf::DT_BOOL);
  b.mutable_tensor_shape()->add_dim()->set_size(3);
  b.set_tensor_content(std::string("\x01\x00\x01", 3));
  CHECK(f.Trip(b).tensor_content() == std::string("\x01\x00\x01", 3));
  tf::TensorProto h;
  h.set_dtype(tf::DT_HALF);
  h.mutable_tensor_shape()->add_dim()->set_size(2);
  h.add_half_val(0x3c00);  // 1.0
  h.add_half_val(0xc000);  // -2.0
  CHECK(f.Trip(h).tensor_content() == std::string("\x00\x3c\x00\xc0", 4));
  tf::TensorProto s;
  s.set_dtype(tf::DT_STRING);
  s.mutable_tensor_shape()->add_dim()->set_size(2);
  s.add_string_val("a\0b");
  s.add_string_val("");
  auto back = f.Trip(s);
  REQUIRE(back.string_val_size() == 2);
  CHECK(back.string_val(1) == "");
}

TEST_CASE("dtypes with no dense form are kept as bytes") {
  Fixture f;
  tf::TensorProto q;
  q.set_dtype(tf::DT_QINT8);
  q.mutable_tensor_shape()->add_dim()->set_size(2);
  q.add_int_val(3);
  q.add_int_val(-4);
  CHECK(f.Trip(q).SerializeAsString() == q.SerializeAsString());
}

TEST_CASE("malformed tensors are rejected with a reason") {
  Fixture f;
  tf::TensorProto t;
  t.set_dtype(tf::DT_FLOAT);
  t.mutable_tensor_shape()->add_dim()->set_size(2);
  t.set_tensor_content("abc");
  std::string error;
  CHECK(mlir::failed(kiln::ir::importTensor(f.builder, t, &error)));
  CHECK_THAT(error, Catch::Contains("3 bytes"));
  t.clear_tensor_content();
  for (int i = 0; i < 3; ++i) t.add_float_val(1);
  CHECK(mlir::failed(kiln::ir::importTensor(f.builder, t, &error)));
  t.mutable_tensor_shape()->mutable_dim(0)->set_size(-3);
  CHECK(mlir::failed(kiln::ir::importTensor(f.builder, t, &error)));
  CHECK_THAT(error, Catch::Contains("invalid dim"));
}

}  // namespace
}  // namespace kiln::testing
