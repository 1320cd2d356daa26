//===- LinalgBuilders.cpp - Helpers the kernel lowerings share ------------===//
#include "compiler/Kernels/KernelLowering.h"

#include "compiler/Analysis/FusibleOps.h"

#include "ir/Dialect/KilnDialect.h"
#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/Tensor/IR/Tensor.h"

using namespace mlir;

namespace kiln::compiler::kernels {

ElementInfo elementInfoOf(Type kilnType) {
  Type element = getElementTypeOrSelf(kilnType);
  if (auto integer = dyn_cast<IntegerType>(element))
    if (integer.isUnsigned())
      return {IntegerType::get(element.getContext(), integer.getWidth()), true};
  return {element, false};
}

Type storageTypeOf(Type kilnType) {
  auto ranked = dyn_cast<RankedTensorType>(kilnType);
  if (!ranked)
    return kilnType;
  return ranked.clone(elementInfoOf(ranked).type);
}

Value emptyTensor(OpBuilder &b, Location loc, RankedTensorType type,
                  function_ref<Value(unsigned)> dynamicDim) {
  SmallVector<Value> dims;
  for (unsigned d = 0; d < type.getRank(); ++d)
    if (type.isDynamicDim(d))
      dims.push_back(dynamicDim(d));
  return b.create<tensor::EmptyOp>(loc, type, dims);
}

Value buildParallelGeneric(OpBuilder &b, Location loc, ValueRange inputs,
                           ArrayRef<AffineMap> maps,
                           RankedTensorType resultType,
                           function_ref<Value(unsigned)> dimSource,
                           BodyBuilder body) {
  Value init = emptyTensor(b, loc, resultType, dimSource);
  SmallVector<AffineMap> allMaps(maps);
  allMaps.push_back(b.getMultiDimIdentityMap(resultType.getRank()));
  SmallVector<utils::IteratorType> iterators(resultType.getRank(),
                                             utils::IteratorType::parallel);
  auto generic = b.create<linalg::GenericOp>(
      loc, TypeRange{resultType}, inputs, ValueRange{init}, allMaps, iterators,
      [&](OpBuilder &nb, Location nloc, ValueRange args) {
        nb.create<linalg::YieldOp>(nloc, body(nb, nloc, args.drop_back()));
      });
  return generic.getResult(0);
}

AffineMap broadcastMap(RankedTensorType inputType, unsigned resultRank,
                       MLIRContext *context) {
  SmallVector<AffineExpr> exprs;
  unsigned offset = resultRank - inputType.getRank();
  for (unsigned d = 0; d < inputType.getRank(); ++d) {
    if (inputType.getDimSize(d) == 1)
      exprs.push_back(getAffineConstantExpr(0, context));
    else
      exprs.push_back(getAffineDimExpr(offset + d, context));
  }
  return AffineMap::get(resultRank, 0, exprs, context);
}

Value buildBroadcastGeneric(OpBuilder &b, Location loc, ValueRange inputs,
                            RankedTensorType resultType, BodyBuilder body) {
  unsigned rank = resultType.getRank();
  SmallVector<AffineMap> maps;
  for (Value input : inputs)
    maps.push_back(broadcastMap(cast<RankedTensorType>(input.getType()), rank,
                                b.getContext()));
  auto dimSource = [&](unsigned d) -> Value {
    // An input whose aligned dim is not statically 1 has the result's size
    // there (the executor checks that `?` dims agree).
    for (Value input : inputs) {
      auto type = cast<RankedTensorType>(input.getType());
      int64_t offset = rank - type.getRank();
      int64_t inputDim = static_cast<int64_t>(d) - offset;
      if (inputDim >= 0 && type.getDimSize(inputDim) != 1)
        return b.create<tensor::DimOp>(loc, input, inputDim);
    }
    return b.create<arith::ConstantIndexOp>(loc, 1);
  };
  return buildParallelGeneric(b, loc, inputs, maps, resultType, dimSource,
                              body);
}

FailureOr<SmallVector<int64_t>> constantInts(Operation *op, unsigned index) {
  std::optional<SmallVector<int64_t>> values =
      constantIntValues(op->getOperand(index));
  if (!values)
    return op->emitOpError()
           << "operand " << index << " must be an integer kiln.Const";
  return *values;
}

FailureOr<Value> constantScalar(OpBuilder &b, Operation *op, unsigned index) {
  auto constant = op->getOperand(index).getDefiningOp<ir::ConstOp>();
  auto dense =
      constant ? dyn_cast_or_null<DenseElementsAttr>(constant->getAttr("value"))
               : nullptr;
  if (!dense || dense.getNumElements() != 1)
    return op->emitOpError()
           << "operand " << index << " must be a scalar kiln.Const";
  Type storage = elementInfoOf(dense.getType()).type;
  Attribute value = dense.getValues<Attribute>()[0];
  if (auto integer = dyn_cast<IntegerAttr>(value))
    value = IntegerAttr::get(storage, integer.getValue());
  return b.create<arith::ConstantOp>(op->getLoc(), cast<TypedAttr>(value))
      .getResult();
}

Value scalarConstant(OpBuilder &b, Location loc, Type type, double value) {
  if (auto floatType = dyn_cast<FloatType>(type))
    return b.create<arith::ConstantOp>(loc, b.getFloatAttr(floatType, value));
  return b.create<arith::ConstantOp>(
      loc, b.getIntegerAttr(type, static_cast<int64_t>(value)));
}

} // namespace kiln::compiler::kernels
