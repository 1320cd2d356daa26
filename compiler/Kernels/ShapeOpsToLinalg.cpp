//===- ShapeOpsToLinalg.cpp - Transpose, OneHot, Fill to linalg.generic ---===//
//
// Ops that move or generate elements, with their shape-like operands
// (perm, depth, on/off values, dims) constant: each is one all-parallel
// linalg.generic, so that linalg's fusion can merge it with its neighbours.
//
//===----------------------------------------------------------------------===//
#include "compiler/Kernels/KernelLowering.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/Tensor/IR/Tensor.h"

using namespace mlir;

namespace kiln::compiler::kernels {
namespace {

/// out[i_0, ..., i_n] = in[...] with out dim d walking input dim perm[d].
FailureOr<Value> lowerTranspose(OpBuilder &b, Operation *op,
                                ValueRange operands) {
  Location loc = op->getLoc();
  Value input = operands[0];
  unsigned rank = cast<RankedTensorType>(input.getType()).getRank();
  FailureOr<SmallVector<int64_t>> perm = constantInts(op, 1);
  if (failed(perm))
    return failure();
  if (perm->size() != rank)
    return op->emitOpError()
           << "perm has " << perm->size() << " entries for rank " << rank;
  SmallVector<int64_t> inputDimOf(rank);
  SmallVector<AffineExpr> exprs(rank);
  for (auto [d, p] : llvm::enumerate(*perm)) {
    int64_t dim = p < 0 ? p + rank : p;
    inputDimOf[d] = dim;
    exprs[dim] = b.getAffineDimExpr(d);
  }
  auto resultType =
      cast<RankedTensorType>(storageTypeOf(op->getResult(0).getType()));
  auto map = AffineMap::get(rank, 0, exprs, b.getContext());
  return buildParallelGeneric(
      b, loc, input, map, resultType,
      [&](unsigned d) -> Value {
        return b.create<tensor::DimOp>(loc, input, inputDimOf[d]);
      },
      [](OpBuilder &, Location, ValueRange args) -> SmallVector<Value> {
        return {args[0]};
      });
}

/// out[o, d, i] = indices[o, i] == d ? on : off, the depth dim at `axis`.
FailureOr<Value> lowerOneHot(OpBuilder &b, Operation *op, ValueRange operands) {
  Location loc = op->getLoc();
  Value indices = operands[0];
  unsigned rank = cast<RankedTensorType>(indices.getType()).getRank();
  auto axisAttr = op->getAttrOfType<IntegerAttr>("axis");
  int64_t axis = axisAttr ? axisAttr.getInt() : -1;
  if (axis < 0)
    axis = rank;
  FailureOr<Value> on = constantScalar(b, op, 2);
  FailureOr<Value> off = constantScalar(b, op, 3);
  if (failed(on) || failed(off))
    return failure();
  ElementInfo indexInfo = elementInfoOf(op->getOperand(0).getType());
  auto resultType =
      cast<RankedTensorType>(storageTypeOf(op->getResult(0).getType()));
  SmallVector<AffineExpr> exprs;
  for (unsigned d = 0; d <= rank; ++d)
    if (d != axis)
      exprs.push_back(b.getAffineDimExpr(d));
  auto map = AffineMap::get(rank + 1, 0, exprs, b.getContext());
  auto dimSource = [&](unsigned d) -> Value {
    // The depth is constant, so a dynamic dim is one of the indices'.
    return b.create<tensor::DimOp>(loc, indices, d < axis ? d : d - 1);
  };
  return buildParallelGeneric(
      b, loc, indices, map, resultType, dimSource,
      [&](OpBuilder &nb, Location nloc, ValueRange args) -> SmallVector<Value> {
        Type i64 = nb.getI64Type();
        Value index =
            buildScalarCast(nb, nloc, args[0], indexInfo, {i64, false});
        Value position = nb.create<arith::IndexCastOp>(
            nloc, i64, nb.create<linalg::IndexOp>(nloc, axis));
        Value hit = nb.create<arith::CmpIOp>(nloc, arith::CmpIPredicate::eq,
                                             index, position);
        return {nb.create<arith::SelectOp>(nloc, hit, *on, *off)};
      });
}

/// Fill: every element is the scalar `value` (a 0-d tensor read at ()).
FailureOr<Value> lowerFill(OpBuilder &b, Operation *op, ValueRange operands) {
  Location loc = op->getLoc();
  auto resultType =
      cast<RankedTensorType>(storageTypeOf(op->getResult(0).getType()));
  if (!resultType.hasStaticShape())
    return op->emitOpError()
           << "needs a static result shape, got " << resultType;
  Value value = operands[1];
  auto valueType = cast<RankedTensorType>(value.getType());
  if (valueType.getRank() != 0)
    return op->emitOpError() << "value must be a scalar";
  auto map = AffineMap::get(resultType.getRank(), 0, {}, b.getContext());
  return buildParallelGeneric(
      b, loc, value, map, resultType,
      [&](unsigned) -> Value { return Value(); },
      [](OpBuilder &, Location, ValueRange args) -> SmallVector<Value> {
        return {args[0]};
      });
}

} // namespace

FailureOr<Value> lowerShapeOp(OpBuilder &b, Operation *op,
                              ValueRange operands) {
  StringRef name = op->getName().stripDialect();
  if (name == "Transpose")
    return lowerTranspose(b, op, operands);
  if (name == "OneHot")
    return lowerOneHot(b, op, operands);
  if (name == "Fill")
    return lowerFill(b, op, operands);
  return op->emitOpError() << "is not a shape op the kernels lower";
}

} // namespace kiln::compiler::kernels
