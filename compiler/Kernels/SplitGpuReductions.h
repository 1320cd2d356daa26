//===- SplitGpuReductions.h - Long reductions in three parallel stages ----===//
//
// On the GPU each output of a reduction would otherwise be one thread
// walking the whole reduced extent: a convolution's bias gradient (16
// outputs, 200k elements each) then runs on 16 threads. A long reduction
// (a linalg.generic on buffers with one output whose payload ends in an
// associative combiner: add, mul, max, min, and, or, xor) becomes three
// scf.parallel nests:
//
//   partial[g, o] = combine over row chunk g of output o (about 64k
//                   threads, chunks of 16 at least, a register
//                   accumulator, the reduced indices advanced without
//                   division)
//   folded[h, o]  = combine of partial's rows in group h (groups of about
//                   sqrt(chunks))
//   out[o]        = combine(out[o], folded[0..H, o])
//
// Adjacent threads take adjacent outputs, so a column reduction's loads
// coalesce. The sum order changes (as any parallel reduction's); the CPU
// keeps its loops unless asked (CompileOptions::split_reductions).
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
