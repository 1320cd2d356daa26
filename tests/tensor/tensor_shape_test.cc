// TensorShape: validation, element counts, strings, protos.
#include "runtime/tensor/tensor_shape.h"

#include <catch2/catch.hpp>

namespace kiln {
namespace {

TEST_CASE("TensorShape counts elements", "[shape]") {
  TensorShape scalar;
  CHECK(scalar.dims() == 0);
  CHECK(scalar.num_elements() == 1);
  CHECK(scalar.ToString() == "[]");
  StatusOr<TensorShape> s = TensorShape::Create({2, 3});
  REQUIRE(s.ok());
  CHECK(s->num_elements() == 6);
  CHECK(s->ToString() == "[2,3]");
  CHECK(s->dim_size(1) == 3);
  StatusOr<TensorShape> empty = TensorShape::Create({4, 0, 5});
  REQUIRE(empty.ok());
  CHECK(empty->num_elements() == 0);
}

TEST_CASE("TensorShape rejects negative dims", "[shape]") {
  StatusOr<TensorShape> s = TensorShape::Create({2, -1});
  REQUIRE_FALSE(s.ok());
  CHECK(s.status().code() == StatusCode::kInvalidArgument);
  CHECK(s.status().message() == "shape [2,-1]: dim 1 is negative (-1)");
}

TEST_CASE("TensorShape rejects too many elements", "[shape]") {
  const int64_t big = int64_t{1} << 40;
  StatusOr<TensorShape> over = TensorShape::Create({big, big});  // overflows
  REQUIRE_FALSE(over.ok());
  CHECK(over.status().message().find("too many elements") != std::string::npos);
  CHECK_FALSE(TensorShape::Create({int64_t{1} << 48, 2}).ok());  // > 2^48
  CHECK(TensorShape::Create({int64_t{1} << 24, int64_t{1} << 24}).ok());
  // A zero dim makes any product fine, even after an "overflow".
  StatusOr<TensorShape> zero = TensorShape::Create({big, big, 0});
  REQUIRE(zero.ok());
  CHECK(zero->num_elements() == 0);
}

TEST_CASE("TensorShape proto round trip and equality", "[shape]") {
  StatusOr<TensorShape> s = TensorShape::Create({7, 1, 3});
  REQUIRE(s.ok());
  tensorflow::TensorShapeProto proto;
  s->ToProto(&proto);
  REQUIRE(proto.dim_size() == 3);
  CHECK(proto.dim(0).size() == 7);
  StatusOr<TensorShape> back = TensorShape::FromProto(proto);
  REQUIRE(back.ok());
  CHECK(*back == *s);
  CHECK(*back != TensorShape());
  proto.mutable_dim(1)->set_size(-1);
  CHECK_FALSE(TensorShape::FromProto(proto).ok());
  tensorflow::TensorShapeProto unknown;
  unknown.set_unknown_rank(true);
  CHECK_FALSE(TensorShape::FromProto(unknown).ok());
}

}  // namespace
}  // namespace kiln
