// Tensor: factories, typed access, views (Slice/Reshape), copies, strings.
#include "runtime/tensor/tensor.h"

#include <catch2/catch.hpp>

#include "tests/tensor/test_util.h"

namespace kiln {
namespace {

using testing::Shape;

TEST_CASE("Tensor factories", "[tensor]") {
  StatusOr<Tensor> t = Tensor::Zeros(tensorflow::DT_INT32, Shape({2, 3}));
  REQUIRE(t.ok());
  CHECK(t->NumElements() == 6);
  CHECK(t->bytes() == 24);
  CHECK(t->IsAligned());
  for (int32_t v : t->flat<int32_t>()) CHECK(v == 0);

  StatusOr<Tensor> s = Tensor::Scalar<double>(2.5);
  REQUIRE(s.ok());
  CHECK(s->dims() == 0);
  CHECK(*s->data<double>() == 2.5);

  StatusOr<Tensor> v = Tensor::FromVector<int64_t>({1, 2, 3});
  REQUIRE(v.ok());
  CHECK(v->shape() == Shape({3}));
  CHECK(v->flat<int64_t>()[2] == 3);

  StatusOr<Tensor> b = Tensor::FromVector<bool>({true, false}, Shape({2, 1}));
  REQUIRE(b.ok());
  CHECK(b->flat<bool>()[0]);

  StatusOr<Tensor> bad = Tensor::FromVector<float>({1, 2}, Shape({3}));
  REQUIRE_FALSE(bad.ok());
  CHECK(bad.status().message() ==
        "FromVector: 2 values for shape [3] (3 elements)");
  StatusOr<Tensor> str = Tensor::Allocate(tensorflow::DT_STRING, Shape({1}));
  REQUIRE_FALSE(str.ok());
  CHECK(str.status().code() == StatusCode::kUnimplemented);
  CHECK(Tensor().IsInitialized() == false);
}

TEST_CASE("Typed access checks the dtype", "[tensor]") {
  StatusOr<Tensor> t = Tensor::FromVector<float>({1, 2, 3});
  REQUIRE(t.ok());
  CHECK(t->data<float>() != nullptr);
  CHECK(t->data<double>() == nullptr);  // wrong type: null, no abort
  CHECK(t->flat<int32_t>().empty());
  CHECK(t->flat<float>().size() == 3);
  CHECK(Tensor().data<float>() == nullptr);
}

TEST_CASE("Slices are views that share the buffer", "[tensor]") {
  StatusOr<Tensor> t =
      Tensor::FromVector<float>({0, 1, 2, 3, 4, 5, 6, 7}, Shape({4, 2}));
  REQUIRE(t.ok());
  StatusOr<Tensor> rows = t->Slice(1, 3);
  REQUIRE(rows.ok());
  CHECK(rows->shape() == Shape({2, 2}));
  CHECK(rows->SharesBufferWith(*t));
  CHECK(rows->buffer_offset() == 8);
  CHECK_FALSE(rows->IsAligned());  // 8 bytes in
  CHECK(rows->flat<float>()[0] == 2);
  rows->flat<float>()[0] = 20;
  CHECK(t->flat<float>()[2] == 20);

  StatusOr<Tensor> none = t->Slice(4, 4);
  REQUIRE(none.ok());
  CHECK(none->NumElements() == 0);
  CHECK_FALSE(t->Slice(3, 5).ok());
  CHECK_FALSE(t->Slice(2, 1).ok());
  CHECK_FALSE(t->Slice(-1, 1).ok());
  StatusOr<Tensor> s = Tensor::Scalar<int32_t>(1);
  REQUIRE(s.ok());
  CHECK(s->Slice(0, 1).status().message() == "Slice of a scalar");
}

TEST_CASE("Views keep the buffer alive", "[tensor]") {
  CpuAllocator alloc;
  Tensor view;
  {
    StatusOr<Tensor> t =
        Tensor::Allocate(tensorflow::DT_INT32, Shape({3, 4}), &alloc);
    REQUIRE(t.ok());
    for (int i = 0; i < 12; ++i) t->flat<int32_t>()[i] = i;
    StatusOr<Tensor> v = t->Slice(2, 3);
    REQUIRE(v.ok());
    view = *v;
    CHECK(t->buffer().use_count() == 3);  // t, v, view
  }
  CHECK(view.buffer().use_count() == 1);
  CHECK(alloc.GetStats().bytes_in_use == 48);
  CHECK(view.flat<int32_t>()[3] == 11);
  view = Tensor();
  CHECK(alloc.GetStats().bytes_in_use == 0);
}

TEST_CASE("Reshape shares the buffer; DeepCopy does not", "[tensor]") {
  StatusOr<Tensor> t = Tensor::FromVector<int32_t>({1, 2, 3, 4, 5, 6});
  REQUIRE(t.ok());
  StatusOr<Tensor> r = t->Reshape(Shape({3, 2}));
  REQUIRE(r.ok());
  CHECK(r->SharesBufferWith(*t));
  CHECK(r->shape() == Shape({3, 2}));
  StatusOr<Tensor> bad = t->Reshape(Shape({4, 2}));
  REQUIRE_FALSE(bad.ok());
  CHECK(bad.status().message() ==
        "Reshape from [6] (6 elements) to [4,2] (8 elements)");

  StatusOr<Tensor> row = r->Slice(1, 2);
  REQUIRE(row.ok());
  StatusOr<Tensor> copy = row->DeepCopy();
  REQUIRE(copy.ok());
  CHECK_FALSE(copy->SharesBufferWith(*t));
  CHECK(copy->IsAligned());
  CHECK(copy->flat<int32_t>()[0] == 3);
  copy->flat<int32_t>()[0] = 99;
  CHECK(t->flat<int32_t>()[2] == 3);
}

TEST_CASE("FromBuffer wraps external memory without copying", "[tensor]") {
  static float storage[6] = {1, 2, 3, 4, 5, 6};
  int released = 0;
  {
    auto buffer = Buffer::Wrap(storage, sizeof(storage),
                               [&released](void*) { ++released; });
    StatusOr<Tensor> t =
        Tensor::FromBuffer(tensorflow::DT_FLOAT, Shape({2, 2}), buffer, 8);
    REQUIRE(t.ok());
    CHECK(t->data<float>() == storage + 2);
    CHECK_FALSE(
        Tensor::FromBuffer(tensorflow::DT_FLOAT, Shape({2, 2}), buffer, 12)
            .ok());
    CHECK(released == 0);
  }
  CHECK(released == 1);
}

TEST_CASE("Tensor ToString", "[tensor]") {
  StatusOr<Tensor> t =
      Tensor::FromVector<float>({1, 2.5, 3, 4, 5, 6}, Shape({2, 3}));
  REQUIRE(t.ok());
  CHECK(t->ToString() ==
        "Tensor<type: float shape: [2,3] values: [[1 2.5 3][4 5 6]]>");
  CHECK(t->ToString(4) ==
        "Tensor<type: float shape: [2,3] values: [[1 2.5 3][4...>");
  StatusOr<Tensor> s = Tensor::Scalar<uint8_t>(200);
  REQUIRE(s.ok());
  CHECK(s->ToString() == "Tensor<type: uint8 shape: [] values: 200>");
  StatusOr<Tensor> e = Tensor::Zeros(tensorflow::DT_HALF, Shape({0, 2}));
  REQUIRE(e.ok());
  CHECK(e->ToString() == "Tensor<type: half shape: [0,2] values: []>");
  CHECK(Tensor().ToString() == "Tensor<type: INVALID shape: [] uninitialized>");
}

TEST_CASE("DataTypeSize and names", "[tensor]") {
  CHECK(DataTypeSize(tensorflow::DT_FLOAT) == 4);
  CHECK(DataTypeSize(tensorflow::DT_BFLOAT16) == 2);
  CHECK(DataTypeSize(tensorflow::DT_BOOL) == 1);
  CHECK(DataTypeSize(tensorflow::DT_STRING) == 0);
  CHECK(DataTypeName(tensorflow::DT_BFLOAT16) == "bfloat16");
  CHECK(DataTypeOf<half>::value == tensorflow::DT_HALF);
}

}  // namespace
}  // namespace kiln
