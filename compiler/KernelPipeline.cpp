//===- KernelPipeline.cpp - Lowered kernels to the LLVM dialect -----------===//
#include "compiler/KernelPipeline.h"

#include "compiler/Passes.h"
#include "mlir/Conversion/AffineToStandard/AffineToStandard.h"
#include "mlir/Conversion/ArithToLLVM/ArithToLLVM.h"
#include "mlir/Conversion/BufferizationToMemRef/BufferizationToMemRef.h"
#include "mlir/Conversion/ControlFlowToLLVM/ControlFlowToLLVM.h"
#include "mlir/Conversion/FuncToLLVM/ConvertFuncToLLVMPass.h"
#include "mlir/Conversion/GPUCommon/GPUCommonPass.h"
#include "mlir/Conversion/GPUToNVVM/GPUToNVVMPass.h"
#include "mlir/Conversion/IndexToLLVM/IndexToLLVM.h"
#include "mlir/Conversion/MathToFuncs/MathToFuncs.h"
#include "mlir/Conversion/MathToLLVM/MathToLLVM.h"
#include "mlir/Conversion/MathToLibm/MathToLibm.h"
#include "mlir/Conversion/MemRefToLLVM/MemRefToLLVM.h"
#include "mlir/Conversion/ReconcileUnrealizedCasts/ReconcileUnrealizedCasts.h"
#include "mlir/Conversion/SCFToControlFlow/SCFToControlFlow.h"
#include "mlir/Dialect/Affine/IR/AffineOps.h"
#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/Arith/Transforms/BufferDeallocationOpInterfaceImpl.h"
#include "mlir/Dialect/Arith/Transforms/BufferizableOpInterfaceImpl.h"
#include "mlir/Dialect/Bufferization/IR/Bufferization.h"
#include "mlir/Dialect/Bufferization/Pipelines/Passes.h"
#include "mlir/Dialect/Bufferization/Transforms/FuncBufferizableOpInterfaceImpl.h"
#include "mlir/Dialect/Bufferization/Transforms/OneShotAnalysis.h"
#include "mlir/Dialect/Bufferization/Transforms/Passes.h"
#include "mlir/Dialect/ControlFlow/IR/ControlFlow.h"
#include "mlir/Dialect/ControlFlow/Transforms/BufferDeallocationOpInterfaceImpl.h"
#include "mlir/Dialect/ControlFlow/Transforms/BufferizableOpInterfaceImpl.h"
#include "mlir/Dialect/GPU/IR/GPUDialect.h"
#include "mlir/Dialect/GPU/Transforms/Passes.h"
#include "mlir/Dialect/Index/IR/IndexDialect.h"
#include "mlir/Dialect/LLVMIR/LLVMDialect.h"
#include "mlir/Dialect/LLVMIR/NVVMDialect.h"
#include "mlir/Dialect/Linalg/IR/Linalg.h"
#include "mlir/Dialect/Linalg/Passes.h"
#include "mlir/Dialect/Linalg/Transforms/BufferizableOpInterfaceImpl.h"
#include "mlir/Dialect/Math/IR/Math.h"
#include "mlir/Dialect/Math/Transforms/Passes.h"
#include "mlir/Dialect/MemRef/IR/MemRef.h"
#include "mlir/Dialect/MemRef/Transforms/AllocationOpInterfaceImpl.h"
#include "mlir/Dialect/MemRef/Transforms/Passes.h"
#include "mlir/Dialect/SCF/IR/SCF.h"
#include "mlir/Dialect/SCF/Transforms/BufferDeallocationOpInterfaceImpl.h"
#include "mlir/Dialect/SCF/Transforms/BufferizableOpInterfaceImpl.h"
#include "mlir/Dialect/Tensor/IR/Tensor.h"
#include "mlir/Dialect/Tensor/Transforms/BufferizableOpInterfaceImpl.h"
#include "mlir/Dialect/Vector/IR/VectorOps.h"
#include "mlir/Pass/PassRegistry.h"
#include "mlir/Target/LLVM/NVVM/Target.h"
#include "mlir/Target/LLVMIR/Dialect/Builtin/BuiltinToLLVMIRTranslation.h"
#include "mlir/Target/LLVMIR/Dialect/GPU/GPUToLLVMIRTranslation.h"
#include "mlir/Target/LLVMIR/Dialect/LLVMIR/LLVMToLLVMIRTranslation.h"
#include "mlir/Target/LLVMIR/Dialect/NVVM/NVVMToLLVMIRTranslation.h"
#include "mlir/Transforms/Passes.h"

using namespace mlir;

namespace kiln::compiler {

void registerKernelDialects(DialectRegistry &registry) {
  registry.insert<affine::AffineDialect, arith::ArithDialect,
                  bufferization::BufferizationDialect, cf::ControlFlowDialect,
                  gpu::GPUDialect, index::IndexDialect, LLVM::LLVMDialect,
                  NVVM::NVVMDialect, linalg::LinalgDialect, math::MathDialect,
                  memref::MemRefDialect, scf::SCFDialect, tensor::TensorDialect,
                  vector::VectorDialect>();
  arith::registerBufferizableOpInterfaceExternalModels(registry);
  arith::registerBufferDeallocationOpInterfaceExternalModels(registry);
  bufferization::func_ext::registerBufferizableOpInterfaceExternalModels(
      registry);
  cf::registerBufferizableOpInterfaceExternalModels(registry);
  cf::registerBufferDeallocationOpInterfaceExternalModels(registry);
  linalg::registerBufferizableOpInterfaceExternalModels(registry);
  memref::registerAllocationOpInterfaceExternalModels(registry);
  scf::registerBufferizableOpInterfaceExternalModels(registry);
  scf::registerBufferDeallocationOpInterfaceExternalModels(registry);
  tensor::registerBufferizableOpInterfaceExternalModels(registry);
  // GPU kernels: the NVVM target serializes gpu.modules to PTX, which
  // needs their translation to LLVM IR.
  NVVM::registerNVVMTargetInterfaceExternalModels(registry);
  registerBuiltinDialectTranslation(registry);
  registerLLVMDialectTranslation(registry);
  registerGPUDialectTranslation(registry);
  registerNVVMDialectTranslation(registry);
}

namespace {

/// Kernels marked kiln.gpu (their loop nests gpu.launch ops by now): the
/// launch bodies become gpu.modules compiled to PTX (NVVM, libdevice for the
/// math), the PTX a global of the host code, which launches it
/// asynchronously on one stream per call (the executor's).
void buildGpuKernelPipeline(OpPassManager &pm, const std::string &chip) {
  pm.addPass(createGpuKernelOutliningPass());
  GpuNVVMAttachTargetOptions target;
  target.chip = chip;
  target.optLevel = 3;
  pm.addPass(createGpuNVVMAttachTarget(target));
  OpPassManager &device = pm.nest<gpu::GPUModuleOp>();
  device.addPass(createLowerAffinePass());
  device.addPass(createConvertSCFToCFPass());
  device.addPass(createConvertGpuOpsToNVVMOps());
  device.addPass(createCanonicalizerPass());
  device.addPass(createReconcileUnrealizedCastsPass());
  GpuModuleToBinaryPassOptions binary;
  binary.compilationTarget = "isa"; // PTX text
  pm.addPass(createGpuModuleToBinaryPass(binary));
  pm.addNestedPass<func::FuncOp>(createGpuAsyncRegionPass());
}

} // namespace

void buildKernelLoweringPipeline(OpPassManager &pm,
                                 const KernelPipelineOptions &options) {
  // Fuse on tensors, where producers and consumers are explicit.
  OpPassManager &fusion = pm.nest<func::FuncOp>();
  fusion.addPass(createFuseKernelGenericsPass());
  // No CSE before bufferization: it would merge the outputs' tensor.empty
  // ops, and each output needs its own to become its argument buffer.
  fusion.addPass(createCanonicalizerPass());

  // The outputs' tensor.empty become the argument buffers, so results are
  // computed in place; the rest of the kernel's tensors become buffers.
  pm.addPass(bufferization::createEmptyTensorEliminationPass());
  bufferization::OneShotBufferizationOptions bufferization;
  bufferization.bufferizeFunctionBoundaries = true;
  // A loop's trip may yield a fresh buffer (a value computed from the
  // variables, not updated in place); the deallocation pipeline frees it.
  bufferization.allowReturnAllocsFromLoops = true;
  // Loop-carried buffers get plain row-major layouts, not fully dynamic
  // strides: their copies then lower to memcpy rather than to a call of
  // MLIR's runtime library (memrefCopy), which kernels do not link.
  bufferization.unknownTypeConverterFn =
      [](Value value, Attribute memorySpace,
         const bufferization::BufferizationOptions &) {
        return bufferization::getMemRefTypeWithStaticIdentityLayout(
            cast<TensorType>(value.getType()), memorySpace);
      };
  bufferization.setFunctionBoundaryTypeConversion(
      bufferization::LayoutMapOption::IdentityLayoutMap);
  pm.addPass(bufferization::createOneShotBufferizePass(bufferization));
  bufferization::BufferDeallocationPipelineOptions deallocation;
  bufferization::buildBufferDeallocationPipeline(pm, deallocation);
  pm.addPass(createBufferizationToMemRefPass());

  // Loops in the generic ops' order: the innermost walks the last dim,
  // unit-stride in row-major buffers, which LLVM's loop vectorizer takes.
  OpPassManager &loops = pm.nest<func::FuncOp>();
  // f16/bf16 transcendental math in f32, rounded once per op (as TensorFlow
  // computes half math; neither libdevice nor the polynomials take halves).
  loops.addPass(math::createMathLegalizeToF32());
  // GPU kernels first: their linalg ops become mapped parallel loops.
  if (!options.gpuChip.empty())
    loops.addPass(createMapKernelsToGpuPass());
  else if (options.splitReductions)
    loops.addPass(createSplitLongReductionsPass());
  loops.addPass(createConvertLinalgToLoopsPass());
  loops.addPass(createLowerAffinePass());
  loops.addPass(createCanonicalizerPass());
  loops.addPass(createCSEPass());
  if (!options.gpuChip.empty())
    buildGpuKernelPipeline(pm, options.gpuChip);

  // To the LLVM dialect: f32 transcendental math as polynomials (which
  // vectorize), f64 tanh/expm1/log1p as libm calls, the other math ops as
  // LLVM intrinsics (sqrt, fma, exp, pow, ...). maximumf/minimumf stay
  // llvm.maximum/minimum (not expanded to compares), which LLVM vectorizes
  // as NaN-propagating reductions.
  pm.addPass(createApproximateMathPass());
  pm.addPass(createConvertMathToFuncs());
  pm.addPass(createConvertSCFToCFPass());
  pm.addPass(createConvertMathToLLVMPass());
  pm.addPass(createConvertMathToLibmPass());
  pm.addPass(createArithToLLVMConversionPass());
  pm.addPass(memref::createExpandStridedMetadataPass());
  pm.addPass(createLowerAffinePass());
  if (!options.gpuChip.empty())
    pm.addPass(createGpuToLLVMConversionPass());
  pm.addPass(createFinalizeMemRefToLLVMConversionPass());
  pm.addPass(createConvertIndexToLLVMPass());
  pm.addPass(createConvertFuncToLLVMPass());
  pm.addPass(createConvertControlFlowToLLVMPass());
  pm.addPass(createReconcileUnrealizedCastsPass());
  pm.addPass(createCanonicalizerPass());
}

void registerKernelPipeline() {
  PassPipelineRegistration<>(
      "kiln-kernel-lowering",
      "Compile lowered kernels (linalg on tensors) to the LLVM dialect",
      [](OpPassManager &pm) { buildKernelLoweringPipeline(pm); });
  PassPipelineRegistration<>(
      "kiln-gpu-kernel-lowering",
      "As kiln-kernel-lowering, kernels marked kiln.gpu as PTX for sm_90 "
      "and the host code launching it",
      [](OpPassManager &pm) {
        buildKernelLoweringPipeline(pm, KernelPipelineOptions{"sm_90"});
      });
}

} // namespace kiln::compiler
