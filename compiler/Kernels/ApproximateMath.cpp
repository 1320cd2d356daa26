//===- ApproximateMath.cpp - Polynomial approximations of f32 math --------===//
//
// MLIR's approximations (Eigen's and Cephes's polynomials, a few ulp from
// libm) replace f32 tanh, exp, expm1, log, log1p, ... so that the loops
// around them vectorize. f64 expm1, log1p and tanh call libm: the LLVM
// lowering has no tanh and computes expm1/log1p as exp(x) - 1 / log(1 + x),
// which loses the small values the reference keeps.
//
//===----------------------------------------------------------------------===//
#include "compiler/Passes.h"

#include "mlir/Conversion/MathToLibm/MathToLibm.h"
#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/Dialect/Math/IR/Math.h"
#include "mlir/Dialect/Math/Transforms/Approximation.h"
#include "mlir/Dialect/Math/Transforms/Passes.h"
#include "mlir/Dialect/Vector/IR/VectorOps.h"
#include "mlir/Transforms/GreedyPatternRewriteDriver.h"

namespace kiln::compiler {
#define GEN_PASS_DEF_APPROXIMATEMATHPASS
#include "compiler/Passes.h.inc"
} // namespace kiln::compiler

using namespace mlir;

namespace kiln::compiler {
namespace {

struct ApproximateMathPass
    : impl::ApproximateMathPassBase<ApproximateMathPass> {
  void runOnOperation() override {
    RewritePatternSet patterns(&getContext());
    populateMathPolynomialApproximationPatterns(patterns);
    if (failed(
            applyPatternsAndFoldGreedily(getOperation(), std::move(patterns))))
      return signalPassFailure();

    SmallVector<Operation *> forLibm;
    getOperation().walk([&](Operation *op) {
      if (isa<math::ExpM1Op, math::Log1pOp, math::TanhOp>(op) &&
          op->getResult(0).getType().isF64())
        forLibm.push_back(op);
    });
    if (forLibm.empty())
      return;
    RewritePatternSet libm(&getContext());
    populateMathToLibmConversionPatterns(libm);
    GreedyRewriteConfig config;
    config.strictMode = GreedyRewriteStrictness::ExistingOps;
    if (failed(applyOpPatternsAndFold(forLibm, std::move(libm), config)))
      return signalPassFailure();
  }
};

} // namespace
} // namespace kiln::compiler
