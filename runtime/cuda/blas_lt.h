// Matrix products on cuBLASLt: y = act(op(a) op(b) + bias) in float32
// (FP32 or TF32 compute), bfloat16 or float16 (float32 accumulation),
// row-major like Kiln's tensors, the bias and
// activation as cuBLASLt epilogues. cuBLASLt is loaded with dlopen
// (libcublasLt.so.13) the first time one is created; plans (descriptors,
// layouts and the heuristic's algorithm) are cached per problem. One BlasLt
// serves one stream at a time (its workspace is used in stream order).
//
//   KILN_ASSIGN_OR_RETURN(auto blas, kiln::cuda::BlasLt::Create(gpu));
//   GpuMatMul p{m, n, k};
//   p.epilogue = kiln::cuda::Epilogue::kReluBias;
//   KILN_RETURN_IF_ERROR(blas->MatMul(*stream, p, a, b, bias, y));
#ifndef KILN_RUNTIME_CUDA_BLAS_LT_H_
#define KILN_RUNTIME_CUDA_BLAS_LT_H_

#include <cstdint>
#include <map>
#include <memory>
#include <mutex>
#include <tuple>

#include "runtime/cuda/device.h"

namespace kiln {
namespace cuda {

// Bias (a vector over y's columns) and the activation after it; Gelu is
// the tanh approximation (TensorFlow's gelu(approximate=True)).
enum class Epilogue { kNone, kBias, kRelu, kReluBias, kGeluBias };

struct GpuMatMul {
  int64_t m = 0, n = 0, k = 0;  // y is [m, n]; op(a) [m, k]; op(b) [k, n]
  bool transpose_a = false, transpose_b = false;
  bool tf32 = false;  // float32: TF32 tensor cores (10-bit mantissas)
  Epilogue epilogue = Epilogue::kNone;
  GpuType type = GpuType::kF32;  // bf16/f16 accumulate in float32
  // A strided batch: `batch` products, each operand's next matrix `stride_*`
  // elements on (0: the same matrix for every product, a broadcast); the
  // bias is shared.
  int64_t batch = 1;
  int64_t stride_a = 0, stride_b = 0, stride_y = 0;
  auto key() const {
    return std::make_tuple(m, n, k, transpose_a, transpose_b, tf32,
                           static_cast<int>(epilogue), static_cast<int>(type),
                           batch, stride_a, stride_b, stride_y);
  }
};

class BlasLt {
 public:
  static StatusOr<std::unique_ptr<BlasLt>> Create(
      std::shared_ptr<Device> device);
  ~BlasLt();
  BlasLt(const BlasLt&) = delete;
  BlasLt& operator=(const BlasLt&) = delete;
  // Device pointers; `bias` (n floats) when the epilogue has one. Errors
  // name cuBLASLt's call and status with the problem's dims.
  Status MatMul(Stream& stream, const GpuMatMul& p, const void* a,
                const void* b, const void* bias, void* y);
  // dst ([cols, rows], row-major) = src ([rows, cols]) transposed, with
  // cuBLASLt's matrix transform (a fed HWIO filter becomes cuDNN's OHWI).
  Status Transpose(Stream& stream, GpuType type, int64_t rows, int64_t cols,
                   const void* src, void* dst);

 private:
  struct Plan;
  BlasLt(std::shared_ptr<Device> device, void* handle)
      : device_(std::move(device)), handle_(handle) {}
  StatusOr<const Plan*> GetPlan(const GpuMatMul& p);

  std::shared_ptr<Device> device_;
  void* handle_;  // cublasLtHandle_t
  std::mutex mu_;
  std::map<decltype(GpuMatMul().key()), std::shared_ptr<Plan>> plans_;
  void* workspace_ = nullptr;
};

}  // namespace cuda
}  // namespace kiln

#endif  // KILN_RUNTIME_CUDA_BLAS_LT_H_
