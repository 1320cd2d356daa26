// Element types a kiln::Tensor can hold, and the C++ type of each.
//
//   static_assert(kiln::DataTypeOf<float>::value == tensorflow::DT_FLOAT);
//   kiln::DataTypeSize(tensorflow::DT_HALF);  // 2
//   kiln::VisitDataType(dtype, [&](auto tag) {
//     using T = typename decltype(tag)::type;  ...
//   });
//
// Supported: float, double, int32, int64, uint8, bool, bfloat16, half, and
// as storage int8, int16, uint16, uint32, uint64. bool is stored as one byte
// holding 0 or 1. Strings, complex and quantized types are not supported.
#ifndef KILN_RUNTIME_TENSOR_TYPES_H_
#define KILN_RUNTIME_TENSOR_TYPES_H_

#include <cstddef>
#include <cstdint>
#include <string>

#include "proto/tensorflow/types.pb.h"
#include "runtime/tensor/float16.h"

namespace kiln {

using tensorflow::DataType;

// DataTypeOf<T>::value is T's DataType; undefined for unsupported T.
template <typename T>
struct DataTypeOf;

#define KILN_DATA_TYPE_OF_(T, DT)                     \
  template <>                                         \
  struct DataTypeOf<T> {                              \
    static constexpr DataType value = tensorflow::DT; \
  }
KILN_DATA_TYPE_OF_(float, DT_FLOAT);
KILN_DATA_TYPE_OF_(double, DT_DOUBLE);
KILN_DATA_TYPE_OF_(int32_t, DT_INT32);
KILN_DATA_TYPE_OF_(int64_t, DT_INT64);
KILN_DATA_TYPE_OF_(uint8_t, DT_UINT8);
KILN_DATA_TYPE_OF_(bool, DT_BOOL);
KILN_DATA_TYPE_OF_(bfloat16, DT_BFLOAT16);
KILN_DATA_TYPE_OF_(half, DT_HALF);
KILN_DATA_TYPE_OF_(int8_t, DT_INT8);
KILN_DATA_TYPE_OF_(int16_t, DT_INT16);
KILN_DATA_TYPE_OF_(uint16_t, DT_UINT16);
KILN_DATA_TYPE_OF_(uint32_t, DT_UINT32);
KILN_DATA_TYPE_OF_(uint64_t, DT_UINT64);
#undef KILN_DATA_TYPE_OF_

template <typename T>
struct TypeTag {
  using type = T;
};

// Calls f(TypeTag<T>{}) for dtype's C++ type T and returns true; returns
// false (without calling f) for an unsupported dtype.
template <typename F>
bool VisitDataType(DataType dtype, F&& f) {
  switch (dtype) {
    case tensorflow::DT_FLOAT:
      f(TypeTag<float>{});
      return true;
    case tensorflow::DT_DOUBLE:
      f(TypeTag<double>{});
      return true;
    case tensorflow::DT_INT32:
      f(TypeTag<int32_t>{});
      return true;
    case tensorflow::DT_INT64:
      f(TypeTag<int64_t>{});
      return true;
    case tensorflow::DT_UINT8:
      f(TypeTag<uint8_t>{});
      return true;
    case tensorflow::DT_BOOL:
      f(TypeTag<bool>{});
      return true;
    case tensorflow::DT_BFLOAT16:
      f(TypeTag<bfloat16>{});
      return true;
    case tensorflow::DT_HALF:
      f(TypeTag<half>{});
      return true;
    case tensorflow::DT_INT8:
      f(TypeTag<int8_t>{});
      return true;
    case tensorflow::DT_INT16:
      f(TypeTag<int16_t>{});
      return true;
    case tensorflow::DT_UINT16:
      f(TypeTag<uint16_t>{});
      return true;
    case tensorflow::DT_UINT32:
      f(TypeTag<uint32_t>{});
      return true;
    case tensorflow::DT_UINT64:
      f(TypeTag<uint64_t>{});
      return true;
    default:
      return false;
  }
}

inline bool IsSupportedDataType(DataType dtype) {
  return VisitDataType(dtype, [](auto) {});
}

// Bytes per element; 0 for an unsupported dtype.
inline size_t DataTypeSize(DataType dtype) {
  size_t size = 0;
  VisitDataType(dtype,
                [&](auto tag) { size = sizeof(typename decltype(tag)::type); });
  return size;
}

// TensorFlow's name: "float", "int32", "bfloat16", "half"; "INVALID" for
// DT_INVALID. One definition, in runtime/graph/op_spec.cc (declared there
// too); redeclared here so tensor code need not include the op table.
std::string DataTypeName(DataType dtype);

}  // namespace kiln

#endif  // KILN_RUNTIME_TENSOR_TYPES_H_
