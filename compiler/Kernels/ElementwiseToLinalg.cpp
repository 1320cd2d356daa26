//===- ElementwiseToLinalg.cpp - Elementwise kiln ops to linalg.generic ---===//
//
// Unary, binary (NumPy broadcasting), comparison, select, BiasAdd and Cast
// ops become one all-parallel linalg.generic each, whose body is the op's
// entry in the scalar table (ScalarBodies.cpp).
//
//===----------------------------------------------------------------------===//
#include "compiler/Kernels/KernelLowering.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/Tensor/IR/Tensor.h"

using namespace mlir;

namespace kiln::compiler::kernels {
namespace {

/// BiasAdd: the bias is read along the channel dim, the last for NHWC and
/// dim 1 for NCHW of rank >= 3 (as the reference chooses).
AffineMap biasMap(Operation *op, unsigned rank, MLIRContext *context) {
  auto format = op->getAttrOfType<StringAttr>("data_format");
  bool nchw = format && format.getValue() == "NCHW" && rank >= 3;
  return AffineMap::get(rank, 0, getAffineDimExpr(nchw ? 1 : rank - 1, context),
                        context);
}

/// Select (TensorFlow v1): the condition has the result's shape, is a
/// scalar, or is a vector that picks whole rows.
AffineMap selectConditionMap(RankedTensorType cond, unsigned rank,
                             MLIRContext *context) {
  if (cond.getRank() == 1 && rank > 1)
    return AffineMap::get(rank, 0, getAffineDimExpr(0, context), context);
  return broadcastMap(cond, rank, context);
}

/// TensorFlow's LeakyRelu: x > 0 ? x : x * alpha (NaN stays NaN).
FailureOr<Value> buildLeakyRelu(OpBuilder &b, Location loc, Value x,
                                double alpha) {
  Type type = x.getType();
  if (!isa<FloatType>(type))
    return failure();
  Value zero = scalarConstant(b, loc, type, 0.0);
  Value positive =
      b.create<arith::CmpFOp>(loc, arith::CmpFPredicate::OGT, x, zero);
  Value scaled =
      b.create<arith::MulFOp>(loc, x, scalarConstant(b, loc, type, alpha));
  return b.create<arith::SelectOp>(loc, positive, x, scaled).getResult();
}

} // namespace

FailureOr<Value> lowerElementwise(OpBuilder &b, Operation *op,
                                  ValueRange operands) {
  Location loc = op->getLoc();
  StringRef name = op->getName().stripDialect();
  if (name == "Identity" || name == "StopGradient")
    return operands[0];
  auto resultType =
      cast<RankedTensorType>(storageTypeOf(op->getResult(0).getType()));
  // The data operand whose element type the op computes in (t for Select).
  unsigned dataOperand = (name == "Select" || name == "SelectV2") ? 1 : 0;
  ElementInfo in = elementInfoOf(op->getOperand(dataOperand).getType());
  ElementInfo out = elementInfoOf(op->getResult(0).getType());

  bool failedBody = false;
  auto alpha = op->getAttrOfType<FloatAttr>("alpha"); // LeakyRelu's
  auto body = [&](OpBuilder &nb, Location nloc,
                  ValueRange args) -> SmallVector<Value> {
    FailureOr<Value> value =
        name == "LeakyRelu"
            ? buildLeakyRelu(nb, nloc, args[0],
                             alpha ? alpha.getValueAsDouble() : 0.2)
            : buildScalarOp(nb, nloc, name, args, in, out);
    if (failed(value)) {
      failedBody = true;
      return {nb.create<arith::ConstantOp>(nloc, nb.getZeroAttr(out.type))};
    }
    return {*value};
  };

  unsigned rank = resultType.getRank();
  // Equal with incompatible_shape_error=false on shapes that do not
  // broadcast is a scalar false (as in the reference).
  for (Value operand : operands)
    if (cast<RankedTensorType>(operand.getType()).getRank() > rank) {
      if (name != "Equal" || !resultType.hasStaticShape())
        return op->emitOpError() << "operand " << operand.getType()
                                 << " does not broadcast to " << resultType;
      return b
          .create<arith::ConstantOp>(
              loc, DenseElementsAttr::get(resultType, b.getBoolAttr(false)))
          .getResult();
    }
  Value result;
  MLIRContext *context = b.getContext();
  if (name == "BiasAdd" || name == "Select") {
    auto first = cast<RankedTensorType>(operands[0].getType());
    SmallVector<AffineMap> maps;
    if (name == "BiasAdd") {
      maps = {b.getMultiDimIdentityMap(rank), biasMap(op, rank, context)};
    } else {
      maps = {selectConditionMap(first, rank, context),
              broadcastMap(cast<RankedTensorType>(operands[1].getType()), rank,
                           context),
              broadcastMap(cast<RankedTensorType>(operands[2].getType()), rank,
                           context)};
    }
    Value shaped = name == "BiasAdd" ? operands[0] : operands[1];
    auto shapedType = cast<RankedTensorType>(shaped.getType());
    auto dimSource = [&](unsigned d) -> Value {
      if (shapedType.getRank() == rank)
        return b.create<tensor::DimOp>(loc, shaped, d);
      return b.create<tensor::DimOp>(loc, operands[0], d);
    };
    result = buildParallelGeneric(b, loc, operands, maps, resultType, dimSource,
                                  body);
  } else {
    result = buildBroadcastGeneric(b, loc, operands, resultType, body);
  }
  if (failedBody)
    return op->emitOpError() << "has no kernel body for element type "
                             << op->getOperand(dataOperand).getType();
  return result;
}

} // namespace kiln::compiler::kernels
