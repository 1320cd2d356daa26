//===- KilnCompilerOps.cpp - Verifiers of the compiler's Kiln-only ops ----===//
#include "ir/Dialect/KilnDialect.h"

#include "llvm/ADT/StringSwitch.h"

using namespace mlir;

namespace kiln::ir {

namespace {

bool isKnownActivation(StringRef activation) {
  return llvm::StringSwitch<bool>(activation)
      .Cases("", "Relu", "Elu", "Selu", "Tanh", "Sigmoid", true)
      .Default(false);
}

} // namespace

LogicalResult FusedMatMulOp::verify() {
  if (!isKnownActivation(getActivation()))
    return emitOpError("unknown activation '") << getActivation() << "'";
  auto a = dyn_cast<RankedTensorType>(getA().getType());
  auto b = dyn_cast<RankedTensorType>(getB().getType());
  if (!a || !b)
    return emitOpError("operands must be ranked");
  if (a.getRank() < 2 || b.getRank() < 2 ||
      (!getBatched() && (a.getRank() != 2 || b.getRank() != 2)))
    return emitOpError("operands must be matrices (or batches of them)");
  if (a.getElementType() != b.getElementType())
    return emitOpError("operand element types differ");
  if (Value bias = getBias()) {
    auto biasType = dyn_cast<RankedTensorType>(bias.getType());
    if (!biasType || biasType.getRank() != 1)
      return emitOpError("bias must be 1-D");
  }
  return success();
}

LogicalResult FusedConv2DOp::verify() {
  if (!isKnownActivation(getActivation()))
    return emitOpError("unknown activation '") << getActivation() << "'";
  auto x = dyn_cast<RankedTensorType>(getInput().getType());
  auto w = dyn_cast<RankedTensorType>(getFilter().getType());
  if (!x || !w || x.getRank() != 4 || w.getRank() != 4)
    return emitOpError("input and filter must be ranked 4-D tensors");
  if (x.getElementType() != w.getElementType())
    return emitOpError("operand element types differ");
  if (!getConv().get("strides") || !getConv().get("padding"))
    return emitOpError("conv attrs need strides and padding");
  if (Value bias = getBias()) {
    auto biasType = dyn_cast<RankedTensorType>(bias.getType());
    if (!biasType || biasType.getRank() != 1)
      return emitOpError("bias must be 1-D");
  }
  return success();
}

LogicalResult FusionOp::verify() {
  Block &body = getBody().front();
  if (body.getNumArguments() != getInputs().size())
    return emitOpError("has ") << getInputs().size()
                               << " operands but its block takes "
                               << body.getNumArguments();
  for (auto [operand, arg] : llvm::zip(getInputs(), body.getArguments()))
    if (operand.getType() != arg.getType())
      return emitOpError("block argument types differ from the operands'");
  auto yield = cast<YieldOp>(body.getTerminator());
  if (yield.getValues().getTypes() != getResultTypes())
    return emitOpError("yielded types differ from the results'");
  return success();
}

LogicalResult LaunchOp::verifySymbolUses(SymbolTableCollection &symbols) {
  auto kernel = symbols.lookupNearestSymbolFrom(*this, getKernelAttr());
  if (!kernel)
    return emitOpError("kernel ") << getKernelAttr() << " not found";
  return success();
}

} // namespace kiln::ir
