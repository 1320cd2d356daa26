/* kiln_rt.h: the C ABI that code compiled by Kiln calls into the runtime.
 *
 * Plain C with default visibility, so a JIT-loaded kernel resolves these in
 * the host process and an AOT object links them like any C function.
 *
 *   int64_t a_dims[2] = {batch, 784}, w_dims[2] = {784, 10};
 *   int rc = kiln_rt_matmul(KILN_RT_DTYPE_FLOAT, 0, KILN_RT_ACTIVATION_RELU,
 *                           2, a_dims, a, 2, w_dims, w, bias, y);
 */
#ifndef KILN_RUNTIME_ABI_KILN_RT_H_
#define KILN_RUNTIME_ABI_KILN_RT_H_

#include <stdint.h>

/* KILN_RT_EXPORT and kiln_rt_parallel_for. */
#include "runtime/threading/parallel_for_abi.h"

#ifdef __cplusplus
extern "C" {
#endif

/* Element types, numbered as TensorFlow's DataType. */
enum {
  KILN_RT_DTYPE_FLOAT = 1,
  KILN_RT_DTYPE_DOUBLE = 2,
  KILN_RT_DTYPE_INT32 = 3,
  KILN_RT_DTYPE_INT64 = 9
};

/* kiln_rt_matmul's flags, or-ed together. */
enum {
  KILN_RT_MATMUL_TRANSPOSE_A = 1,
  KILN_RT_MATMUL_TRANSPOSE_B = 2,
  KILN_RT_MATMUL_BATCHED = 4 /* BatchMatMulV2: leading dims broadcast */
};

/* Activations applied after the bias. */
enum {
  KILN_RT_ACTIVATION_NONE = 0,
  KILN_RT_ACTIVATION_RELU = 1,
  KILN_RT_ACTIVATION_ELU = 2,
  KILN_RT_ACTIVATION_SELU = 3,
  KILN_RT_ACTIVATION_TANH = 4,
  KILN_RT_ACTIVATION_SIGMOID = 5
};

/* out = act(op(a) x op(b) + bias) on dense row-major buffers. a is
 * [..., m, k] ([..., k, m] with TRANSPOSE_A), b is [..., k, n] ([..., n, k]
 * with TRANSPOSE_B); without BATCHED both have rank 2. out has the broadcast
 * batch dims then [m, n]; bias (may be NULL) has n elements. Returns 0 on
 * success, nonzero when the shapes do not match or the dtype or activation
 * is not supported (nothing is written then). */
KILN_RT_EXPORT int kiln_rt_matmul(int dtype, int flags, int activation,
                                  int rank_a, const int64_t* dims_a,
                                  const void* a, int rank_b,
                                  const int64_t* dims_b, const void* b,
                                  const void* bias, void* out);

#ifdef __cplusplus
} /* extern "C" */
#endif

#endif /* KILN_RUNTIME_ABI_KILN_RT_H_ */
