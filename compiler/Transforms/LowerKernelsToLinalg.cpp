//===- LowerKernelsToLinalg.cpp - A kernel's kiln ops to linalg -----------===//
//
// Lowers one outlined kernel function op by op (compiler/Kernels has one
// file per op family), then makes it destination-passing: the executor
// hands each output buffer in, so results become trailing memref arguments
// written with `bufferization.materialize_in_destination` (restrict,
// writable), which one-shot bufferization turns into in-place writes.
//
//===----------------------------------------------------------------------===//
#include "compiler/Passes.h"

#include "compiler/Analysis/FusibleOps.h"
#include "compiler/KernelPipeline.h"
#include "compiler/Kernels/KernelLowering.h"
#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/Bufferization/IR/Bufferization.h"
#include "mlir/Dialect/Linalg/IR/Linalg.h"
#include "mlir/Dialect/Math/IR/Math.h"
#include "mlir/Dialect/MemRef/IR/MemRef.h"
#include "mlir/Dialect/Tensor/IR/Tensor.h"
#include "mlir/IR/IRMapping.h"
#include "llvm/ADT/SetVector.h"

namespace kiln::compiler {
#define GEN_PASS_DEF_LOWERKERNELSTOLINALGPASS
#include "compiler/Passes.h.inc"
} // namespace kiln::compiler

using namespace mlir;

namespace kiln::compiler {
namespace {

/// kiln.Const becomes arith.constant of the storage type (ui8 as i8).
FailureOr<Value> lowerConstant(OpBuilder &b, ir::ConstOp op) {
  auto value = dyn_cast_or_null<DenseElementsAttr>(op->getAttr("value"));
  if (!value)
    return op->emitOpError() << "needs a dense value in a kernel";
  auto type = cast<ShapedType>(kernels::storageTypeOf(value.getType()));
  if (type != value.getType())
    value = value.bitcast(type.getElementType());
  // A refined result type (the attr may be less precise) wins.
  auto resultType =
      cast<ShapedType>(kernels::storageTypeOf(op->getResult(0).getType()));
  if (resultType.hasStaticShape() && resultType != value.getType())
    value = value.reshape(resultType);
  return b.create<arith::ConstantOp>(op->getLoc(), value).getResult();
}

FailureOr<Value> lowerOp(OpBuilder &b, Operation *op, ValueRange operands) {
  if (auto constant = dyn_cast<ir::ConstOp>(op))
    return lowerConstant(b, constant);
  if (op->getName().stripDialect() == "MatMul")
    return kernels::lowerMatMul(b, op, operands);
  switch (classifyFusible(op)) {
  case FusibleKind::Elementwise:
    return kernels::lowerElementwise(b, op, operands);
  case FusibleKind::Reduction:
    return kernels::lowerReduction(b, op, operands);
  case FusibleKind::Transpose:
  case FusibleKind::Generator:
    return kernels::lowerShapeOp(b, op, operands);
  case FusibleKind::NotFusible:
    break;
  }
  return op->emitOpError() << "is not an op the kernel generator lowers";
}

/// Points the users that are not kiln ops (scf terminators, loops,
/// tensor.extract of a predicate) at the lowered values, which must have
/// the same types.
LogicalResult rewireOtherUsers(ArrayRef<Operation *> kilnOps,
                               const IRMapping &lowered) {
  for (Operation *op : kilnOps) {
    Value from = op->getResult(0);
    Value to = lowered.lookup(from);
    auto isOther = [](OpOperand &use) {
      return !isa_and_nonnull<ir::KilnDialect>(use.getOwner()->getDialect()) &&
             !isa<func::ReturnOp>(use.getOwner());
    };
    if (llvm::none_of(from.getUses(), isOther))
      continue;
    if (to.getType() != from.getType())
      return op->emitOpError("is lowered to ")
             << to.getType() << ", which its loop or branch cannot take";
    from.replaceUsesWithIf(to, isOther);
  }
  return success();
}

struct LowerKernelsToLinalgPass
    : impl::LowerKernelsToLinalgPassBase<LowerKernelsToLinalgPass> {
  // The bufferization models the rest of the kernel pipeline needs.
  void getDependentDialects(DialectRegistry &registry) const override {
    Base::getDependentDialects(registry);
    registerKernelDialects(registry);
  }

  void runOnOperation() override {
    func::FuncOp func = getOperation();
    if (func.isExternal())
      return;
    if (!func.getBody().hasOneBlock()) {
      func.emitOpError() << "kernel must have one block";
      return signalPassFailure();
    }
    Block &block = func.getBody().front();
    OpBuilder b(func.getContext());
    IRMapping lowered;
    // ui8 arguments are read through a bitcast to i8 while the kiln ops
    // (which classifyFusible and the lowerings inspect) still see ui8; the
    // argument takes the i8 type at the end.
    SmallVector<tensor::BitcastOp> argumentCasts;
    b.setInsertionPointToStart(&block);
    for (BlockArgument arg : block.getArguments()) {
      Type storage = kernels::storageTypeOf(arg.getType());
      if (storage == arg.getType())
        continue;
      auto cast = b.create<tensor::BitcastOp>(arg.getLoc(), storage, arg);
      argumentCasts.push_back(cast);
      lowered.map(arg, cast.getResult());
    }

    // Ops nested in a loop or branch (scf) are lowered in place; the scf
    // ops and their terminators then read the lowered values.
    SmallVector<Operation *> kilnOps;
    func.walk<WalkOrder::PreOrder>([&](Operation *op) {
      if (isa_and_nonnull<ir::KilnDialect>(op->getDialect()))
        kilnOps.push_back(op);
    });
    for (Operation *op : kilnOps) {
      b.setInsertionPoint(op);
      SmallVector<Value> operands;
      for (Value operand : op->getOperands())
        operands.push_back(lowered.lookupOrDefault(operand));
      FailureOr<Value> result = lowerOp(b, op, operands);
      if (failed(result))
        return signalPassFailure();
      lowered.map(op->getResult(0), *result);
    }
    if (failed(rewireOtherUsers(kilnOps, lowered)))
      return signalPassFailure();

    // Destination passing: result i is written into trailing argument i.
    auto ret = cast<func::ReturnOp>(block.getTerminator());
    b.setInsertionPoint(ret);
    // Outlining casts results whose rows the executor slices to a `?` dim
    // 0; the cast is redone on the lowered value below.
    llvm::SmallSetVector<Operation *, 4> resultCasts;
    for (auto [value, declared] :
         llvm::zip(ret.getOperands(), func.getResultTypes())) {
      if (auto rowCast = value.getDefiningOp<tensor::CastOp>()) {
        resultCasts.insert(rowCast);
        value = rowCast.getSource();
      }
      // The declared result type is the kernel's interface.
      Value result = lowered.lookupOrDefault(value);
      auto type = cast<RankedTensorType>(kernels::storageTypeOf(declared));
      if (result.getType() != type)
        result = b.create<tensor::CastOp>(ret.getLoc(), type, result);
      Value dest = block.addArgument(
          MemRefType::get(type.getShape(), type.getElementType()),
          func.getLoc());
      // A keep_dims reduction ends in an expand_shape: write the reduction
      // into the collapsed view of the output, so nothing is copied. The
      // view is made first thing, so that it dominates the tensor.empty
      // that bufferization replaces with it.
      while (auto expand = result.getDefiningOp<tensor::ExpandShapeOp>()) {
        OpBuilder::InsertionGuard guard(b);
        b.setInsertionPointToStart(&block);
        dest = b.create<memref::CollapseShapeOp>(
            ret.getLoc(), dest, expand.getReassociationIndices());
        result = expand.getSrc();
      }
      b.create<bufferization::MaterializeInDestinationOp>(
          ret.getLoc(), TypeRange{}, result, dest, /*restrict=*/true,
          /*writable=*/true);
    }
    b.create<func::ReturnOp>(ret.getLoc());
    ret.erase();
    for (Operation *rowCast : resultCasts)
      if (rowCast->use_empty())
        rowCast->erase();
    for (Operation *op : llvm::reverse(kilnOps)) {
      op->dropAllUses();
      op->erase();
    }
    for (tensor::BitcastOp cast : argumentCasts) {
      Value arg = cast.getSource();
      arg.setType(cast.getType());
      cast.replaceAllUsesWith(arg);
      cast.erase();
    }
    unsigned inputs = func.getNumArguments();
    func.setFunctionType(FunctionType::get(
        func.getContext(), block.getArgumentTypes(), TypeRange{}));
    // Inputs are the executor's (feeds, constants, other steps' results):
    // bufferization must copy rather than write into them.
    for (unsigned i = 0; i < inputs; ++i)
      func.setArgAttr(i, bufferization::BufferizationDialect::kWritableAttrName,
                      b.getBoolAttr(false));
    func->setAttr("llvm.emit_c_interface", b.getUnitAttr());
  }
};

} // namespace
} // namespace kiln::compiler
