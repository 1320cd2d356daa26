// MatMul on the CPU: y = act(op(a) x op(b) + bias), TensorFlow's MatMul and
// BatchMatMulV2 (leading dims broadcast) with a fused bias and activation.
// float runs on oneDNN (primitives cached per shape); double, int32, int64,
// half and bfloat16 run a plain loop (integers wrap; half and bfloat16
// accumulate in float).
//
//   kiln::cpu::MatMulOptions options;
//   options.activation = kiln::cpu::Activation::kRelu;
//   KILN_ASSIGN_OR_RETURN(kiln::TensorShape shape,
//       kiln::cpu::MatMulOutputShape(a.shape(), b.shape(), options));
//   KILN_ASSIGN_OR_RETURN(kiln::Tensor y, kiln::Tensor::Allocate(a.dtype(),
//   shape)); KILN_RETURN_IF_ERROR(kiln::cpu::MatMul(a, b, &bias, options, &y));
#ifndef KILN_RUNTIME_CPU_ONEDNN_MATMUL_H_
#define KILN_RUNTIME_CPU_ONEDNN_MATMUL_H_

#include <string_view>

#include "runtime/base/status.h"
#include "runtime/tensor/tensor.h"

namespace kiln {
namespace cpu {

// Numbered as the C ABI's kiln_rt_activation (runtime/abi/kiln_rt.h).
enum class Activation { kNone = 0, kRelu, kElu, kSelu, kTanh, kSigmoid };

// "" -> kNone, "Relu", "Elu", "Selu", "Tanh", "Sigmoid"; else InvalidArgument.
StatusOr<Activation> ParseActivation(std::string_view name);

struct MatMulOptions {
  bool transpose_a = false;  // MatMul's transpose_a, BatchMatMulV2's adj_x
  bool transpose_b = false;
  bool batched = false;  // BatchMatMulV2: rank >= 2, leading dims broadcast
  Activation activation = Activation::kNone;
};

// The output shape; InvalidArgument when the inner dims differ, a rank is
// wrong or batch dims do not broadcast.
StatusOr<TensorShape> MatMulOutputShape(const TensorShape& a,
                                        const TensorShape& b,
                                        const MatMulOptions& options);

// InvalidArgument unless a, b and out share a dtype, out has
// MatMulOutputShape's shape and bias (may be null) is 1-D over its last dim.
Status CheckMatMulOperands(const Tensor& a, const Tensor& b,
                           const Tensor* bias, const MatMulOptions& options,
                           const Tensor& out);

// Writes into `out`, which must already have MatMulOutputShape's shape and
// a's dtype. `bias` (may be null) is 1-D over the output's last dim.
Status MatMul(const Tensor& a, const Tensor& b, const Tensor* bias,
              const MatMulOptions& options, Tensor* out);

// The same on raw row-major buffers (the C ABI's entry).
Status MatMulRaw(DataType dtype, const MatMulOptions& options, int rank_a,
                 const int64_t* dims_a, const void* a, int rank_b,
                 const int64_t* dims_b, const void* b, const void* bias,
                 void* out);

}  // namespace cpu
}  // namespace kiln

#endif  // KILN_RUNTIME_CPU_ONEDNN_MATMUL_H_
