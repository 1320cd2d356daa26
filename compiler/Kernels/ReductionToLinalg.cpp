//===- ReductionToLinalg.cpp - Reductions and ArgMax to linalg.generic ----===//
//
// Sum/Mean/Max/Min/Prod over constant axes (negative from the end,
// keep_dims, no axes = a copy) and ArgMax, with the reference's rules:
// floats accumulate in f64 for Sum/Mean/Prod, Max/Min propagate NaN and
// start from -inf/+inf (lowest/highest for integers), an integer Mean
// truncates and is 0 over no elements, ArgMax takes the first strictly
// greater value starting from the type's lowest (so NaN never wins).
//
//===----------------------------------------------------------------------===//
#include "compiler/Kernels/KernelLowering.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/Tensor/IR/Tensor.h"
#include "llvm/ADT/APFloat.h"

using namespace mlir;

namespace kiln::compiler::kernels {
namespace {

using arith::CmpFPredicate;
using arith::CmpIPredicate;

/// The reduction's starting value (TensorFlow's identities).
Value identityValue(OpBuilder &b, Location loc, StringRef name,
                    ElementInfo acc) {
  if (name == "Prod")
    return scalarConstant(b, loc, acc.type, 1.0);
  if (name != "Max" && name != "Min")
    return scalarConstant(b, loc, acc.type, 0.0);
  bool isMax = name == "Max";
  if (auto floatType = dyn_cast<FloatType>(acc.type))
    return b.create<arith::ConstantOp>(
        loc, b.getFloatAttr(floatType,
                            llvm::APFloat::getInf(floatType.getFloatSemantics(),
                                                  /*Negative=*/isMax)));
  unsigned width = acc.type.getIntOrFloatBitWidth();
  APInt value = acc.isUnsigned ? (isMax ? APInt::getMinValue(width)
                                        : APInt::getMaxValue(width))
                               : (isMax ? APInt::getSignedMinValue(width)
                                        : APInt::getSignedMaxValue(width));
  return b.create<arith::ConstantOp>(loc, b.getIntegerAttr(acc.type, value));
}

Value combine(OpBuilder &b, Location loc, StringRef name, ElementInfo acc,
              Value a, Value v) {
  bool isFloat = acc.isFloat();
  if (name == "Max")
    return isFloat          ? b.create<arith::MaximumFOp>(loc, a, v).getResult()
           : acc.isUnsigned ? b.create<arith::MaxUIOp>(loc, a, v).getResult()
                            : b.create<arith::MaxSIOp>(loc, a, v).getResult();
  if (name == "Min")
    return isFloat          ? b.create<arith::MinimumFOp>(loc, a, v).getResult()
           : acc.isUnsigned ? b.create<arith::MinUIOp>(loc, a, v).getResult()
                            : b.create<arith::MinSIOp>(loc, a, v).getResult();
  // Float sums and products may be reassociated, so that LLVM vectorizes
  // the loop with several partial accumulators (as Eigen's reductions do);
  // they accumulate in f64, which keeps the order's effect far below f32's
  // precision.
  auto reassoc =
      arith::FastMathFlagsAttr::get(b.getContext(), arith::FastMathFlags::reassoc);
  if (name == "Prod")
    return isFloat ? b.create<arith::MulFOp>(loc, a, v, reassoc).getResult()
                   : b.create<arith::MulIOp>(loc, a, v).getResult();
  return isFloat ? b.create<arith::AddFOp>(loc, a, v, reassoc).getResult()
                 : b.create<arith::AddIOp>(loc, a, v).getResult();
}

/// The axes as a sorted set of non-negative dims.
FailureOr<SmallVector<bool>> reducedDims(Operation *op, unsigned rank) {
  FailureOr<SmallVector<int64_t>> axes = constantInts(op, 1);
  if (failed(axes))
    return failure();
  SmallVector<bool> reduced(rank, false);
  for (int64_t axis : *axes) {
    int64_t dim = axis < 0 ? axis + rank : axis;
    if (dim < 0 || dim >= static_cast<int64_t>(rank))
      return op->emitOpError() << "axis " << axis << " is out of range";
    reduced[dim] = true;
  }
  return reduced;
}

/// The loops' maps: the input reads every loop, the output the kept ones.
AffineMap keptMap(ArrayRef<bool> reduced, MLIRContext *context) {
  SmallVector<AffineExpr> exprs;
  for (auto [d, isReduced] : llvm::enumerate(reduced))
    if (!isReduced)
      exprs.push_back(getAffineDimExpr(d, context));
  return AffineMap::get(reduced.size(), 0, exprs, context);
}

/// The reduced tensor's type and dynamic dims (taken from the input).
RankedTensorType reducedType(RankedTensorType input, ArrayRef<bool> reduced,
                             Type element) {
  SmallVector<int64_t> shape;
  for (auto [d, isReduced] : llvm::enumerate(reduced))
    if (!isReduced)
      shape.push_back(input.getDimSize(d));
  return RankedTensorType::get(shape, element);
}

Value dimOfKept(OpBuilder &b, Location loc, Value input, ArrayRef<bool> reduced,
                unsigned keptDim) {
  unsigned seen = 0;
  for (auto [d, isReduced] : llvm::enumerate(reduced)) {
    if (isReduced)
      continue;
    if (seen++ == keptDim)
      return b.create<tensor::DimOp>(loc, input, d);
  }
  llvm_unreachable("kept dim out of range");
}

/// keep_dims: the reduced dims come back as 1s.
Value expandKept(OpBuilder &b, Location loc, Value value, Value input,
                 ArrayRef<bool> reduced, RankedTensorType resultType) {
  SmallVector<ReassociationIndices> groups;
  ReassociationIndices pending;
  for (auto [d, isReduced] : llvm::enumerate(reduced)) {
    pending.push_back(d);
    if (!isReduced) {
      groups.push_back(pending);
      pending.clear();
    }
  }
  if (!pending.empty() && !groups.empty())
    groups.back().append(pending.begin(), pending.end());
  SmallVector<OpFoldResult> shape;
  for (auto [d, isReduced] : llvm::enumerate(reduced)) {
    if (isReduced || !resultType.isDynamicDim(d))
      shape.push_back(b.getIndexAttr(resultType.getDimSize(d)));
    else
      shape.push_back(b.create<tensor::DimOp>(loc, input, d).getResult());
  }
  return b.create<tensor::ExpandShapeOp>(loc, resultType, value, groups, shape);
}

FailureOr<Value> lowerArgMax(OpBuilder &b, Operation *op, ValueRange operands) {
  Location loc = op->getLoc();
  Value input = operands[0];
  auto inputType = cast<RankedTensorType>(input.getType());
  unsigned rank = inputType.getRank();
  FailureOr<SmallVector<int64_t>> axes = constantInts(op, 1);
  if (failed(axes))
    return failure();
  if (axes->size() != 1)
    return op->emitOpError() << "dimension must be a scalar";
  int64_t axis = (*axes)[0] < 0 ? (*axes)[0] + rank : (*axes)[0];
  if (axis < 0 || axis >= static_cast<int64_t>(rank))
    return op->emitOpError()
           << "dimension " << (*axes)[0] << " is out of range";
  SmallVector<bool> reduced(rank, false);
  reduced[axis] = true;
  ElementInfo in = elementInfoOf(op->getOperand(0).getType());
  auto resultType =
      cast<RankedTensorType>(storageTypeOf(op->getResult(0).getType()));
  Type indexType = resultType.getElementType();

  auto dims = [&](unsigned d) { return dimOfKept(b, loc, input, reduced, d); };
  // The running best value starts at the lowest value of the type (not
  // -inf, as Eigen's argmax does), its index at 0.
  Value lowest;
  if (auto floatType = dyn_cast<FloatType>(in.type))
    lowest = b.create<arith::ConstantOp>(
        loc, b.getFloatAttr(floatType, llvm::APFloat::getLargest(
                                           floatType.getFloatSemantics(),
                                           /*Negative=*/true)));
  else
    lowest = b.create<arith::ConstantOp>(
        loc,
        b.getIntegerAttr(
            in.type,
            in.isUnsigned || in.isBool()
                ? APInt::getMinValue(in.type.getIntOrFloatBitWidth())
                : APInt::getSignedMinValue(in.type.getIntOrFloatBitWidth())));
  auto bestType = reducedType(inputType, reduced, in.type);
  Value best =
      b.create<linalg::FillOp>(loc, lowest, emptyTensor(b, loc, bestType, dims))
          .getResult(0);
  Value zeroIndex = scalarConstant(b, loc, indexType, 0.0);
  Value index = b.create<linalg::FillOp>(loc, zeroIndex,
                                         emptyTensor(b, loc, resultType, dims))
                    .getResult(0);
  MLIRContext *context = b.getContext();
  SmallVector<AffineMap> maps = {b.getMultiDimIdentityMap(rank),
                                 keptMap(reduced, context),
                                 keptMap(reduced, context)};
  SmallVector<utils::IteratorType> iterators(rank,
                                             utils::IteratorType::parallel);
  iterators[axis] = utils::IteratorType::reduction;
  auto generic = b.create<linalg::GenericOp>(
      loc, TypeRange{bestType, resultType}, ValueRange{input},
      ValueRange{best, index}, maps, iterators,
      [&](OpBuilder &nb, Location nloc, ValueRange args) {
        Value v = args[0], bestValue = args[1], bestIndex = args[2];
        Value greater =
            in.isFloat() ? nb.create<arith::CmpFOp>(nloc, CmpFPredicate::OGT, v,
                                                    bestValue)
                               .getResult()
                         : nb.create<arith::CmpIOp>(nloc,
                                                    in.isUnsigned || in.isBool()
                                                        ? CmpIPredicate::ugt
                                                        : CmpIPredicate::sgt,
                                                    v, bestValue)
                               .getResult();
        Value k = nb.create<arith::IndexCastOp>(
            nloc, indexType, nb.create<linalg::IndexOp>(nloc, axis));
        nb.create<linalg::YieldOp>(
            nloc, ValueRange{
                      nb.create<arith::SelectOp>(nloc, greater, v, bestValue),
                      nb.create<arith::SelectOp>(nloc, greater, k, bestIndex)});
      });
  return generic.getResult(1);
}

} // namespace

FailureOr<Value> lowerReduction(OpBuilder &b, Operation *op,
                                ValueRange operands) {
  StringRef name = op->getName().stripDialect();
  if (name == "ArgMax")
    return lowerArgMax(b, op, operands);
  Location loc = op->getLoc();
  Value input = operands[0];
  auto inputType = cast<RankedTensorType>(input.getType());
  unsigned rank = inputType.getRank();
  FailureOr<SmallVector<bool>> reduced = reducedDims(op, rank);
  if (failed(reduced))
    return failure();
  if (llvm::none_of(*reduced, [](bool r) { return r; }))
    return input; // no axes: a copy
  auto resultType =
      cast<RankedTensorType>(storageTypeOf(op->getResult(0).getType()));
  ElementInfo element = elementInfoOf(op->getOperand(0).getType());
  ElementInfo acc = element;
  bool widen =
      element.isFloat() && (name == "Sum" || name == "Mean" || name == "Prod");
  if (widen)
    acc.type = b.getF64Type();

  auto dims = [&](unsigned d) { return dimOfKept(b, loc, input, *reduced, d); };
  auto accType = reducedType(inputType, *reduced, acc.type);
  Value init = b.create<linalg::FillOp>(loc, identityValue(b, loc, name, acc),
                                        emptyTensor(b, loc, accType, dims))
                   .getResult(0);
  MLIRContext *context = b.getContext();
  SmallVector<AffineMap> maps = {b.getMultiDimIdentityMap(rank),
                                 keptMap(*reduced, context)};
  SmallVector<utils::IteratorType> iterators;
  for (bool isReduced : *reduced)
    iterators.push_back(isReduced ? utils::IteratorType::reduction
                                  : utils::IteratorType::parallel);
  Value value = b.create<linalg::GenericOp>(
                     loc, TypeRange{accType}, ValueRange{input},
                     ValueRange{init}, maps, iterators,
                     [&](OpBuilder &nb, Location nloc, ValueRange args) {
                       Value v =
                           buildScalarCast(nb, nloc, args[0], element, acc);
                       nb.create<linalg::YieldOp>(
                           nloc, combine(nb, nloc, name, acc, args[1], v));
                     })
                    .getResult(0);

  if (name == "Mean" || widen) {
    // The count of reduced elements, for Mean.
    Value count;
    if (name == "Mean") {
      Value n = b.create<arith::ConstantIndexOp>(loc, 1);
      for (auto [d, isReduced] : llvm::enumerate(*reduced))
        if (isReduced)
          n = b.create<arith::MulIOp>(loc, n,
                                      b.create<tensor::DimOp>(loc, input, d));
      Value n64 = b.create<arith::IndexCastOp>(loc, b.getI64Type(), n);
      count = buildScalarCast(b, loc, n64, {b.getI64Type(), false}, acc);
    }
    auto finalType = accType.clone(element.type);
    value = buildParallelGeneric(
        b, loc, value, {b.getMultiDimIdentityMap(finalType.getRank())},
        finalType, dims,
        [&](OpBuilder &nb, Location nloc,
            ValueRange args) -> SmallVector<Value> {
          Value v = args[0];
          if (count && acc.isFloat()) {
            v = nb.create<arith::DivFOp>(nloc, v, count);
          } else if (count) {
            // Integer means truncate; over no elements they are 0.
            Value zero = scalarConstant(nb, nloc, acc.type, 0.0);
            Value isEmpty =
                nb.create<arith::CmpIOp>(nloc, CmpIPredicate::eq, count, zero);
            Value safe = nb.create<arith::SelectOp>(
                nloc, isEmpty, scalarConstant(nb, nloc, acc.type, 1.0), count);
            Value q =
                acc.isUnsigned
                    ? nb.create<arith::DivUIOp>(nloc, v, safe).getResult()
                    : nb.create<arith::DivSIOp>(nloc, v, safe).getResult();
            v = nb.create<arith::SelectOp>(nloc, isEmpty, zero, q);
          }
          return {buildScalarCast(nb, nloc, v, acc, element)};
        });
  }
  if (resultType.getRank() !=
      static_cast<int64_t>(cast<RankedTensorType>(value.getType()).getRank()))
    value = expandKept(b, loc, value, input, *reduced, resultType);
  return value;
}

} // namespace kiln::compiler::kernels
