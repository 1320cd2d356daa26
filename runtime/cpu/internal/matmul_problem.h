// MatMulProblem: one matmul call with its shapes normalised (a and b padded
// to the output's rank with leading 1s), shared by the oneDNN path and the
// plain loop.
#ifndef KILN_RUNTIME_CPU_INTERNAL_MATMUL_PROBLEM_H_
#define KILN_RUNTIME_CPU_INTERNAL_MATMUL_PROBLEM_H_

#include <cstdint>

#include "runtime/base/status.h"
#include "runtime/cpu/onednn_matmul.h"

namespace kiln {
namespace cpu {

// oneDNN's DNNL_MAX_NDIMS.
inline constexpr int kMaxMatMulRank = 12;

struct MatMulProblem {
  DataType dtype = tensorflow::DT_INVALID;
  MatMulOptions options;
  int rank = 2;
  // As stored (a is [..., k, m] when transposed), padded to `rank`.
  int64_t a_dims[kMaxMatMulRank];
  int64_t b_dims[kMaxMatMulRank];
  int64_t c_dims[kMaxMatMulRank];
  int64_t m = 0, n = 0, k = 0;
  const void* a = nullptr;
  const void* b = nullptr;
  const void* bias = nullptr;
  void* c = nullptr;
};

// Checks the shapes and fills every field but the pointers.
Status DescribeMatMul(DataType dtype, const MatMulOptions& options, int rank_a,
                      const int64_t* dims_a, int rank_b, const int64_t* dims_b,
                      MatMulProblem* problem);

// The plain loop (every dtype it supports); Unimplemented for others.
Status LoopMatMul(const MatMulProblem& problem);
// oneDNN (float only); Unimplemented when oneDNN refuses the problem.
Status OneDnnMatMul(const MatMulProblem& problem);

}  // namespace cpu
}  // namespace kiln

#endif  // KILN_RUNTIME_CPU_INTERNAL_MATMUL_PROBLEM_H_
