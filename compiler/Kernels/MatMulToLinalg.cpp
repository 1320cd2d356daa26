//===- MatMulToLinalg.cpp - Small MatMuls inside loop kernels -------------===//
//
// A MatMul (transpose_a/transpose_b) as one linalg.generic: loops (m, n, k),
// k reduced, accumulating in the element type from zero. Only small
// static MatMuls inside control-flow kernels come here (oneDNN takes every
// other one): a loop's trips then stay in one kernel.
//
//===----------------------------------------------------------------------===//
#include "compiler/Kernels/KernelLowering.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/Tensor/IR/Tensor.h"

using namespace mlir;

namespace kiln::compiler::kernels {

FailureOr<Value> lowerMatMul(OpBuilder &b, Operation *op, ValueRange operands) {
  Location loc = op->getLoc();
  auto type = dyn_cast<RankedTensorType>(op->getResult(0).getType());
  if (!type || !type.hasStaticShape() || type.getRank() != 2 ||
      !isa<FloatType>(type.getElementType()))
    return op->emitOpError("needs a static 2-D float result in a kernel");
  auto flag = [&](StringRef name) {
    auto attr = op->getAttrOfType<BoolAttr>(name);
    return attr && attr.getValue();
  };
  MLIRContext *context = b.getContext();
  AffineExpr m = getAffineDimExpr(0, context), n = getAffineDimExpr(1, context),
             k = getAffineDimExpr(2, context);
  SmallVector<AffineMap> maps = {
      AffineMap::get(
          3, 0, flag("transpose_a") ? ArrayRef{k, m} : ArrayRef{m, k}, context),
      AffineMap::get(
          3, 0, flag("transpose_b") ? ArrayRef{n, k} : ArrayRef{k, n}, context),
      AffineMap::get(3, 0, {m, n}, context)};
  Value empty =
      b.create<tensor::EmptyOp>(loc, type.getShape(), type.getElementType());
  Value zero = scalarConstant(b, loc, type.getElementType(), 0.0);
  Value init = b.create<linalg::FillOp>(loc, zero, empty).getResult(0);
  SmallVector<utils::IteratorType> iterators = {utils::IteratorType::parallel,
                                                utils::IteratorType::parallel,
                                                utils::IteratorType::reduction};
  auto generic = b.create<linalg::GenericOp>(
      loc, TypeRange{type}, ValueRange{operands[0], operands[1]},
      ValueRange{init}, maps, iterators,
      [](OpBuilder &nb, Location nloc, ValueRange args) {
        Value product = nb.create<arith::MulFOp>(nloc, args[0], args[1]);
        nb.create<linalg::YieldOp>(
            nloc, ValueRange{nb.create<arith::AddFOp>(nloc, args[2], product)});
      });
  return generic.getResult(0);
}

} // namespace kiln::compiler::kernels
