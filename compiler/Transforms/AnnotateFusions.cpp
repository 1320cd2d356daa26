//===- AnnotateFusions.cpp - Record how to run each fusion's kernel -------===//
#include "compiler/Analysis/FusionDims.h"
#include "compiler/Passes.h"

#include "mlir/IR/Builders.h"

namespace kiln::compiler {
#define GEN_PASS_DEF_ANNOTATEFUSIONSPASS
#include "compiler/Passes.h.inc"
} // namespace kiln::compiler

using namespace mlir;

namespace kiln::compiler {
namespace {

int64_t encodeDimSource(const DimSource &source) {
  return source.arg < 0 ? source.constant : -1 - (64 * source.arg + source.dim);
}

void annotate(ir::FusionOp fusion, const FusionDims &dims) {
  Builder b(fusion.getContext());
  SmallVector<Attribute> results;
  for (const SmallVector<DimSource> &result : dims.results) {
    SmallVector<int64_t> encoded;
    for (const DimSource &source : result)
      encoded.push_back(encodeDimSource(source));
    results.push_back(b.getDenseI64ArrayAttr(encoded));
  }
  fusion->setAttr("kiln.result_dims", b.getArrayAttr(results));
  SmallVector<int64_t> equalities;
  for (const DimEquality &e : dims.equalities)
    equalities.append({e.argA, e.dimA, e.argB, e.dimB});
  fusion->setAttr("kiln.dim_equalities", b.getDenseI64ArrayAttr(equalities));
  if (!dims.split.empty())
    fusion->setAttr("kiln.split", b.getDenseBoolArrayAttr(dims.split));
  else
    fusion->removeAttr("kiln.split");
}

struct AnnotateFusionsPass
    : impl::AnnotateFusionsPassBase<AnnotateFusionsPass> {
  void runOnOperation() override {
    WalkResult result = getOperation().walk([](ir::FusionOp fusion) {
      FailureOr<FusionDims> dims = analyzeFusionDims(fusion);
      if (failed(dims))
        return WalkResult::interrupt();
      annotate(fusion, *dims);
      return WalkResult::advance();
    });
    if (result.wasInterrupted())
      signalPassFailure();
  }
};

} // namespace
} // namespace kiln::compiler
