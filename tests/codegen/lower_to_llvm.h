// Test helpers: parse func/memref/scf/arith/math kernels written in MLIR text
// and lower them to the LLVM dialect with upstream passes, the shape of what
// Kiln's own lowering hands to compiler/Codegen.
#ifndef KILN_TESTS_CODEGEN_LOWER_TO_LLVM_H_
#define KILN_TESTS_CODEGEN_LOWER_TO_LLVM_H_

#include <cstdint>
#include <string>

#include "mlir/IR/BuiltinOps.h"
#include "mlir/IR/MLIRContext.h"
#include "mlir/IR/OwningOpRef.h"

namespace kiln::testing {

// A context with the dialects the test kernels use.
void LoadKernelDialects(mlir::MLIRContext& context);

// Parses `text`; null (with diagnostics) when it does not parse.
mlir::OwningOpRef<mlir::ModuleOp> ParseKernels(mlir::MLIRContext& context,
                                               const std::string& text);

// Parses and lowers to the LLVM dialect; null when either step fails.
mlir::OwningOpRef<mlir::ModuleOp> LowerKernels(mlir::MLIRContext& context,
                                               const std::string& text);

// An MLIR memref descriptor of float, as kernels take it by address.
template <int kRank>
struct MemRef {
  float* allocated;
  float* aligned;
  int64_t offset;
  int64_t sizes[kRank];
  int64_t strides[kRank];
};

// A dense row-major descriptor over `data`.
inline MemRef<1> Dense1d(float* data, int64_t n) {
  return MemRef<1>{data, data, 0, {n}, {1}};
}
inline MemRef<2> Dense2d(float* data, int64_t rows, int64_t cols) {
  return MemRef<2>{data, data, 0, {rows, cols}, {cols, 1}};
}

}  // namespace kiln::testing

#endif  // KILN_TESTS_CODEGEN_LOWER_TO_LLVM_H_
