//===- KernelPipeline.h - Lowered kernels to the LLVM dialect ---*- C++ -*-===//
//
// The pipeline that compiles the module `@kiln_kernels` (outlined, then
// lowered to linalg by kiln-lower-kernels-to-linalg) to the LLVM dialect:
//
//   PassManager pm(&context);
//   OpPassManager &kernels = pm.nest<ModuleOp>();  // @kiln_kernels
//   kernels.addNestedPass<func::FuncOp>(createLowerKernelsToLinalgPass());
//   buildKernelLoweringPipeline(kernels);
//
// Each kernel then has a `_mlir_ciface_fusion_<N>` entry taking pointers to
// memref descriptors (inputs, then outputs; identity layouts), the ABI of
// runtime/exec/executable.h.
//
//===----------------------------------------------------------------------===//
#ifndef KILN_COMPILER_KERNELPIPELINE_H
#define KILN_COMPILER_KERNELPIPELINE_H

#include "mlir/IR/DialectRegistry.h"
#include "mlir/Pass/PassManager.h"

#include <string>

namespace kiln::compiler {

/// Adds to `pm`, anchored on the kernels' module: elementwise fusion,
/// one-shot bufferization (outputs written into the argument buffers),
/// deallocation of temporaries, loops (innermost unit-stride, for LLVM's
/// vectorizer), polynomial math, and the conversions to the LLVM dialect.
struct KernelPipelineOptions {
  /// Non-empty: kernels marked `kiln.gpu` become launches of PTX for this
  /// chip ("sm_90"), embedded in the host code that launches them.
  std::string gpuChip;
  /// Without a GPU chip: split long reductions into two parallel stages as
  /// the GPU does (kiln-split-long-reductions), for the host to check them.
  bool splitReductions = false;
};

void buildKernelLoweringPipeline(mlir::OpPassManager &pm,
                                 const KernelPipelineOptions &options = {});

/// The dialects and interface models (bufferization, deallocation) the
/// kernel passes need, for a tool that parses their IR.
void registerKernelDialects(mlir::DialectRegistry &registry);

/// Registers `kiln-kernel-lowering` for kiln-opt.
void registerKernelPipeline();

} // namespace kiln::compiler

#endif // KILN_COMPILER_KERNELPIPELINE_H
