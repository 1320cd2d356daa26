// kiln_rt_matmul: the C entry point of compiled code, over cpu::MatMulRaw.
#include "runtime/abi/kiln_rt.h"
#include "runtime/cpu/onednn_matmul.h"

extern "C" KILN_RT_EXPORT int kiln_rt_matmul(
    int dtype, int flags, int activation, int rank_a, const int64_t* dims_a,
    const void* a, int rank_b, const int64_t* dims_b, const void* b,
    const void* bias, void* out) {
  if (activation < KILN_RT_ACTIVATION_NONE ||
      activation > KILN_RT_ACTIVATION_SIGMOID) {
    return 1;
  }
  kiln::cpu::MatMulOptions options;
  options.transpose_a = (flags & KILN_RT_MATMUL_TRANSPOSE_A) != 0;
  options.transpose_b = (flags & KILN_RT_MATMUL_TRANSPOSE_B) != 0;
  options.batched = (flags & KILN_RT_MATMUL_BATCHED) != 0;
  options.activation = static_cast<kiln::cpu::Activation>(activation);
  kiln::Status status =
      kiln::cpu::MatMulRaw(static_cast<kiln::DataType>(dtype), options, rank_a,
                           dims_a, a, rank_b, dims_b, b, bias, out);
  return status.ok() ? 0 : 1;
}
