// Tensor <-> TensorProto: both encodings for every dtype, TensorFlow's
// short-list and empty-list rules, and size errors.
#include <catch2/catch.hpp>
#include <random>

#include "runtime/tensor/tensor.h"
#include "tests/tensor/test_util.h"

namespace kiln {
namespace {

using tensorflow::TensorProto;
using testing::Shape;

TEST_CASE("TensorProto round trip of random tensors", "[proto]") {
  std::mt19937 rng(3);
  const std::vector<TensorShape> shapes = {Shape({}), Shape({5}),
                                           Shape({2, 3, 4}), Shape({0, 3})};
  for (DataType dtype : testing::AllDataTypes()) {
    for (const TensorShape& shape : shapes) {
      for (auto encoding : {Tensor::ProtoEncoding::kTensorContent,
                            Tensor::ProtoEncoding::kTypedField}) {
        INFO(DataTypeName(dtype) << " " << shape.ToString() << " encoding "
                                 << static_cast<int>(encoding));
        Tensor t = testing::RandomTensor(dtype, shape, &rng);
        TensorProto proto;
        REQUIRE(t.ToProto(&proto, encoding).ok());
        CHECK(proto.dtype() == dtype);
        CHECK(
            proto.tensor_content().empty() ==
            (encoding == Tensor::ProtoEncoding::kTypedField || t.bytes() == 0));
        StatusOr<Tensor> back = Tensor::FromProto(proto);
        REQUIRE(back.ok());
        CHECK(testing::SameBytes(t, *back));
      }
    }
  }
}

TEST_CASE("TensorProto typed fields follow TensorFlow", "[proto]") {
  TensorProto proto;
  proto.set_dtype(tensorflow::DT_INT32);
  proto.mutable_tensor_shape()->add_dim()->set_size(4);
  proto.add_int_val(7);
  proto.add_int_val(9);
  StatusOr<Tensor> t = Tensor::FromProto(proto);  // short list: repeat last
  REQUIRE(t.ok());
  CHECK(std::vector<int32_t>(t->flat<int32_t>().begin(),
                             t->flat<int32_t>().end()) ==
        std::vector<int32_t>{7, 9, 9, 9});

  proto.clear_int_val();  // empty: zeros
  t = Tensor::FromProto(proto);
  REQUIRE(t.ok());
  for (int32_t v : t->flat<int32_t>()) CHECK(v == 0);

  TensorProto h;  // half travels as bits in half_val
  h.set_dtype(tensorflow::DT_HALF);
  h.add_half_val(0x3c00);  // 1.0
  t = Tensor::FromProto(h);
  REQUIRE(t.ok());
  CHECK(static_cast<float>(*t->data<half>()) == 1.0f);

  TensorProto f;  // a scalar from float_val
  f.set_dtype(tensorflow::DT_FLOAT);
  f.add_float_val(2.5f);
  t = Tensor::FromProto(f);
  REQUIRE(t.ok());
  CHECK(*t->data<float>() == 2.5f);
}

TEST_CASE("TensorProto size errors", "[proto]") {
  TensorProto proto;
  proto.set_dtype(tensorflow::DT_FLOAT);
  proto.mutable_tensor_shape()->add_dim()->set_size(3);
  proto.set_tensor_content(std::string(8, '\0'));
  StatusOr<Tensor> t = Tensor::FromProto(proto);
  REQUIRE_FALSE(t.ok());
  CHECK(t.status().message() ==
        "TensorProto of float [3]: tensor_content has 8 bytes; expected 12");

  proto.clear_tensor_content();
  for (int i = 0; i < 4; ++i) proto.add_float_val(1);
  t = Tensor::FromProto(proto);
  REQUIRE_FALSE(t.ok());
  CHECK(t.status().message() ==
        "TensorProto of shape [3] has 4 values in float_val; expected at "
        "most 3");

  TensorProto neg;
  neg.set_dtype(tensorflow::DT_FLOAT);
  neg.mutable_tensor_shape()->add_dim()->set_size(-2);
  t = Tensor::FromProto(neg);
  REQUIRE_FALSE(t.ok());
  CHECK(t.status().message() ==
        "TensorProto: shape [-2]: dim 0 is negative (-2)");

  TensorProto str;
  str.set_dtype(tensorflow::DT_STRING);
  t = Tensor::FromProto(str);
  REQUIRE_FALSE(t.ok());
  CHECK(t.status().code() == StatusCode::kUnimplemented);
}

TEST_CASE("bool tensor_content is normalised to 0/1", "[proto]") {
  TensorProto proto;
  proto.set_dtype(tensorflow::DT_BOOL);
  proto.mutable_tensor_shape()->add_dim()->set_size(2);
  proto.set_tensor_content(std::string("\x00\x05", 2));
  StatusOr<Tensor> t = Tensor::FromProto(proto);
  REQUIRE(t.ok());
  CHECK(static_cast<const uint8_t*>(t->raw_data())[1] == 1);
}

}  // namespace
}  // namespace kiln
