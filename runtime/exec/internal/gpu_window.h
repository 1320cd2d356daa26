// What the GPU's windowed library steps (cuDNN convolutions and pooling)
// share: TensorFlow's padding as cuDNN's symmetric padding, a sizes operand
// (the gradients' input_sizes/filter_sizes/orig_input_shape) read on the
// host, and a gradient's output with its empty cases. CUDA builds only.
#ifndef KILN_RUNTIME_EXEC_INTERNAL_GPU_WINDOW_H_
#define KILN_RUNTIME_EXEC_INTERNAL_GPU_WINDOW_H_

#include <algorithm>
#include <cstdint>
#include <string>
#include <vector>

#include "runtime/base/status.h"
#include "runtime/cuda/gpu_context.h"
#include "runtime/exec/internal/prepared_plan.h"
#include "runtime/tensor/tensor.h"

namespace kiln {
namespace exec_internal {

// TensorFlow's SAME/VALID/EXPLICIT padding of one spatial dim as cuDNN's
// symmetric pad; an uneven split is Unimplemented (the compiler keeps such
// steps on the host).
inline StatusOr<int64_t> SymmetricPad(const std::string& padding, int64_t in,
                                      int64_t window, int64_t stride,
                                      int64_t dilation, int64_t explicit_before,
                                      int64_t explicit_after) {
  if (padding == "VALID") return int64_t{0};
  if (padding == "EXPLICIT") {
    if (explicit_before != explicit_after) {
      return Unimplemented("uneven explicit padding on the GPU");
    }
    return explicit_before;
  }
  const int64_t out = (in + stride - 1) / stride;
  const int64_t total = std::max<int64_t>(
      (out - 1) * stride + (window - 1) * dilation + 1 - in, 0);
  if (total % 2 != 0) return Unimplemented("uneven SAME padding on the GPU");
  return total / 2;
}

// A 4-element int32/int64 sizes operand (host memory) as dims.
inline StatusOr<std::vector<int64_t>> SizesOf(const Tensor& sizes,
                                              const std::string& op) {
  if (sizes.on_device() || sizes.NumElements() != 4 ||
      (sizes.dtype() != tensorflow::DT_INT32 &&
       sizes.dtype() != tensorflow::DT_INT64)) {
    return InvalidArgument("GPU " + op + ": sizes must be 4 host integers");
  }
  std::vector<int64_t> dims(4);
  for (int i = 0; i < 4; ++i) {
    dims[i] = sizes.dtype() == tensorflow::DT_INT32 ? sizes.flat<int32_t>()[i]
                                                    : sizes.flat<int64_t>()[i];
  }
  return dims;
}

// The step's output 0: a gradient of `dims` in dy's dtype. Null when
// nothing is left to compute: the output is empty, or dy is (the output
// then zeroed).
inline StatusOr<Tensor*> GradientOutput(const PreparedStep& step,
                                        RunContext& ctx,
                                        const std::vector<int64_t>& dims,
                                        const Tensor& dy) {
  KILN_ASSIGN_OR_RETURN(TensorShape shape, TensorShape::Create(dims));
  const int out = step.outputs[0];
  Tensor& grad = ctx.arena->values[out];
  KILN_ASSIGN_OR_RETURN(grad, AllocateValue(ctx, out, dy.dtype(), shape));
  if (grad.NumElements() == 0) return nullptr;
  if (dy.NumElements() == 0) {
    KILN_RETURN_IF_ERROR(
        ctx.gpu->stream().Memset(grad.raw_data(), 0, grad.bytes()));
    return nullptr;
  }
  return &grad;
}

}  // namespace exec_internal
}  // namespace kiln

#endif  // KILN_RUNTIME_EXEC_INTERNAL_GPU_WINDOW_H_
