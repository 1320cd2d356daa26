// The device libraries' element type (cuBLASLt, cuDNN) of a tensor's dtype.
#ifndef KILN_RUNTIME_EXEC_INTERNAL_GPU_TYPES_H_
#define KILN_RUNTIME_EXEC_INTERNAL_GPU_TYPES_H_

#include <string>

#include "runtime/cuda/device.h"
#include "runtime/tensor/types.h"

namespace kiln {
namespace exec_internal {

// float32, bfloat16 or float16; else Unimplemented naming `what`.
inline StatusOr<cuda::GpuType> GpuTypeOf(DataType dtype,
                                         const std::string& what) {
  switch (dtype) {
    case tensorflow::DT_FLOAT:
      return cuda::GpuType::kF32;
    case tensorflow::DT_BFLOAT16:
      return cuda::GpuType::kBF16;
    case tensorflow::DT_HALF:
      return cuda::GpuType::kF16;
    default:
      return Unimplemented(what + " takes float32, bfloat16 or float16, not " +
                           DataTypeName(dtype));
  }
}

}  // namespace exec_internal
}  // namespace kiln

#endif  // KILN_RUNTIME_EXEC_INTERNAL_GPU_TYPES_H_
