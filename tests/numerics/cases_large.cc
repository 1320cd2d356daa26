// Numerics cases at sizes where compiled kernels run on several threads
// (the executor splits a kernel's rows once each slice has 16K elements) and
// oneDNN takes its blocked paths: broadcasting, reductions over rows and
// columns, softmax, matmul, a non-contiguous transpose.
#include "tests/numerics/numerics_cases.h"

namespace kiln {
namespace numerics {

std::vector<Case> LargeCases() {
  std::vector<Case> c;
  c.push_back({"large_add_broadcast_f32", "AddV2",
               {F32({3001, 257}), F32({257})}});
  c.push_back({"large_tanh_f32", "Tanh", {F32({1 << 20}).Range(-6, 6)}});
  c.push_back({"large_select_v2_f64", "SelectV2",
               {Bool({900, 1}), F64({900, 300}), F64({300})}});
  c.push_back({"large_softmax_f32", "Softmax", {F32({5000, 33})},
               {}, Tol::kReduction});
  c.push_back({"large_sum_rows_f32", "Sum", {F32({2000, 301}), Ints({1})},
               {}, Tol::kReduction});
  c.push_back({"large_max_cols_f32", "Max", {F32({2000, 301}), Ints({0})},
               {}, Tol::kReduction});
  c.push_back({"large_argmax_i32", "ArgMax",
               {I32({40000, 7}), IntScalar(1)}});
  c.push_back({"large_transpose_f32", "Transpose",
               {F32({600, 701}), Ints({1, 0})}});
  c.push_back({"large_matmul_f32", "MatMul", {F32({300, 517}), F32({517, 211})},
               {}, Tol::kReduction});
  return c;
}

}  // namespace numerics
}  // namespace kiln
