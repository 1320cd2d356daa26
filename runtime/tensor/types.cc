// DataTypeName: TensorFlow's short names of dtypes.
#include "runtime/tensor/types.h"

namespace kiln {

std::string DataTypeName(DataType dtype) {
  switch (dtype) {
    case tensorflow::DT_FLOAT: return "float";
    case tensorflow::DT_DOUBLE: return "double";
    case tensorflow::DT_INT32: return "int32";
    case tensorflow::DT_INT64: return "int64";
    case tensorflow::DT_UINT8: return "uint8";
    case tensorflow::DT_BOOL: return "bool";
    case tensorflow::DT_BFLOAT16: return "bfloat16";
    case tensorflow::DT_HALF: return "half";
    case tensorflow::DT_INT8: return "int8";
    case tensorflow::DT_INT16: return "int16";
    case tensorflow::DT_UINT16: return "uint16";
    case tensorflow::DT_UINT32: return "uint32";
    case tensorflow::DT_UINT64: return "uint64";
    case tensorflow::DT_STRING: return "string";
    case tensorflow::DT_COMPLEX64: return "complex64";
    case tensorflow::DT_COMPLEX128: return "complex128";
    case tensorflow::DT_INVALID: return "invalid";
    default:
      return tensorflow::DataType_Name(dtype).empty()
                 ? "dtype " + std::to_string(static_cast<int>(dtype))
                 : tensorflow::DataType_Name(dtype);
  }
}

}  // namespace kiln
