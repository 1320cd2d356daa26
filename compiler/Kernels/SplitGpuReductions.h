//===- SplitGpuReductions.h - Long reductions in two parallel stages ------===//
//
// On the GPU each output of a reduction would otherwise be one thread
// walking the whole reduced extent: a convolution's bias gradient (16
// outputs, 200k elements each) then runs on 16 threads. A long reduction
// (a linalg.generic on buffers with one output whose payload ends in an
// associative combiner: add, mul, max, min) becomes two scf.parallel nests:
//
//   partial[g, o] = combine over chunk g of the reduced extent (G x O
//                   threads, each with a register accumulator)
//   out[o]        = combine(out[o], partial[0..G, o])   (O threads)
//
// with G = C = about sqrt(reduced extent) (at least 16). Adjacent threads
// take adjacent outputs, so a column reduction's loads coalesce. The sum
// order changes (as any parallel reduction's); the CPU keeps its loops.
//
//===----------------------------------------------------------------------===//
#ifndef KILN_COMPILER_KERNELS_SPLITGPUREDUCTIONS_H_
#define KILN_COMPILER_KERNELS_SPLITGPUREDUCTIONS_H_

#include "mlir/Dialect/Func/IR/FuncOps.h"

namespace kiln::compiler {

/// Splits `func`'s long reductions (reduced extent dynamic or above
/// `minExtent`); the others are left as they are.
void splitLongGpuReductions(mlir::func::FuncOp func, int64_t minExtent = 128);

} // namespace kiln::compiler

#endif // KILN_COMPILER_KERNELS_SPLITGPUREDUCTIONS_H_
