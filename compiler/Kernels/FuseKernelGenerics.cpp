//===- FuseKernelGenerics.cpp - Elementwise fusion inside a kernel --------===//
//
// linalg's elementwise fusion with a control that also fuses a producer
// with several uses when it is cheap to recompute (no reduction loops, a
// small body): a softmax's exp then feeds both its sum and its division
// from registers, and the kernel keeps no temporary for it.
//
//===----------------------------------------------------------------------===//
#include "compiler/Passes.h"

#include "compiler/KernelPipeline.h"
#include "mlir/Dialect/Linalg/IR/Linalg.h"
#include "mlir/Dialect/Linalg/Transforms/Transforms.h"
#include "mlir/Dialect/Tensor/IR/Tensor.h"
#include "mlir/Dialect/Tensor/Transforms/Transforms.h"
#include "mlir/Transforms/GreedyPatternRewriteDriver.h"

namespace kiln::compiler {
#define GEN_PASS_DEF_FUSEKERNELGENERICSPASS
#include "compiler/Passes.h.inc"
} // namespace kiln::compiler

using namespace mlir;

namespace kiln::compiler {
namespace {

/// Ops in a body beyond which recomputing a producer per consumer costs
/// more than the temporary it saves.
constexpr unsigned kCheapBodyOps = 16;

bool shouldFuse(OpOperand *fused) {
  Operation *producer = fused->get().getDefiningOp();
  if (!producer)
    return false;
  if (producer->hasOneUse())
    return true;
  auto generic = dyn_cast<linalg::GenericOp>(producer);
  if (!generic || generic.getNumReductionLoops() != 0)
    return false;
  return generic.getBody()->getOperations().size() <= kCheapBodyOps;
}

struct FuseKernelGenericsPass
    : impl::FuseKernelGenericsPassBase<FuseKernelGenericsPass> {
  // The bufferization models the rest of the kernel pipeline needs.
  void getDependentDialects(DialectRegistry &registry) const override {
    Base::getDependentDialects(registry);
    registerKernelDialects(registry);
  }

  void runOnOperation() override {
    RewritePatternSet patterns(&getContext());
    linalg::populateElementwiseOpsFusionPatterns(patterns, shouldFuse);
    linalg::populateEraseUnusedOperandsAndResultsPatterns(patterns);
    tensor::populateFoldTensorEmptyPatterns(patterns);
    if (failed(
            applyPatternsAndFoldGreedily(getOperation(), std::move(patterns))))
      return signalPassFailure();
  }
};

} // namespace
} // namespace kiln::compiler
