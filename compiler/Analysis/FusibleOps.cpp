//===- FusibleOps.cpp - Which ops the kernel generator compiles -----------===//
#include "compiler/Analysis/FusibleOps.h"

#include "ir/Dialect/KilnDialect.h"
#include "llvm/ADT/StringSwitch.h"

using namespace mlir;

namespace kiln::compiler {
namespace {

FusibleKind kindOfName(StringRef name) {
  return llvm::StringSwitch<FusibleKind>(name)
      .Cases("Neg", "Square", "Sqrt", "Rsqrt", "Exp", "Log", "Tanh",
             FusibleKind::Elementwise)
      .Cases("Sigmoid", "Relu", "Relu6", "LeakyRelu", "Elu", "Selu",
             FusibleKind::Elementwise)
      .Case("Softplus", FusibleKind::Elementwise)
      .Cases("Identity", "StopGradient", "Cast", "ZerosLike", "OnesLike",
             FusibleKind::Elementwise)
      .Cases("AddV2", "Sub", "Mul", "RealDiv", "Maximum", "Minimum", "Pow",
             FusibleKind::Elementwise)
      .Cases("Equal", "Greater", "Less", "BiasAdd", "Select", "SelectV2",
             FusibleKind::Elementwise)
      .Cases("Sum", "Mean", "Max", "Min", "Prod", "ArgMax",
             FusibleKind::Reduction)
      .Case("Transpose", FusibleKind::Transpose)
      .Cases("OneHot", "Fill", FusibleKind::Generator)
      .Default(FusibleKind::NotFusible);
}

bool isGeneratedElementType(Type type) {
  if (type.isF16() || type.isBF16() || type.isF32() || type.isF64())
    return true;
  if (auto integer = dyn_cast<IntegerType>(type)) {
    unsigned width = integer.getWidth();
    if (width == 1)
      return true;
    if (width == 8)
      return integer.isUnsigned();
    return (width == 32 || width == 64) && integer.isSignless();
  }
  return false;
}

bool isGeneratedTensor(Type type) {
  auto ranked = dyn_cast<RankedTensorType>(type);
  return ranked && isGeneratedElementType(ranked.getElementType());
}

} // namespace

SmallVector<unsigned> constantOperandPositions(Operation *op) {
  StringRef name = op->getName().stripDialect();
  if (kindOfName(name) == FusibleKind::Reduction || name == "Transpose")
    return {1};
  if (name == "OneHot")
    return {1, 2, 3};
  if (name == "Fill")
    return {0};
  return {};
}

std::optional<SmallVector<int64_t>> constantIntValues(Value value) {
  auto constant = value.getDefiningOp<ir::ConstOp>();
  auto dense =
      constant
          ? dyn_cast_or_null<DenseIntElementsAttr>(constant->getAttr("value"))
          : DenseIntElementsAttr();
  if (!dense)
    return std::nullopt;
  SmallVector<int64_t> values;
  for (const APInt &v : dense.getValues<APInt>())
    values.push_back(dense.getElementType().isUnsignedInteger()
                         ? static_cast<int64_t>(v.getZExtValue())
                         : v.getSExtValue());
  return values;
}

FusibleKind classifyFusible(Operation *op) {
  if (op->getDialect() == nullptr || op->getDialect()->getNamespace() != "kiln")
    return FusibleKind::NotFusible;
  FusibleKind kind = kindOfName(op->getName().stripDialect());
  if (kind == FusibleKind::NotFusible)
    return kind;
  // Cast(Truncate=true) chops mantissas, which the generator does not do.
  if (auto truncate = op->getAttrOfType<BoolAttr>("Truncate"))
    if (truncate.getValue())
      return FusibleKind::NotFusible;
  for (Value operand : op->getOperands())
    if (isa<ir::ControlType>(operand.getType()))
      return FusibleKind::NotFusible;
  for (Value result : op->getResults()) {
    bool control = isa<ir::ControlType>(result.getType());
    if (control ? !result.use_empty() : !isGeneratedTensor(result.getType()))
      return FusibleKind::NotFusible;
  }
  SmallVector<unsigned> constants = constantOperandPositions(op);
  for (auto [index, operand] : llvm::enumerate(op->getOperands())) {
    if (llvm::is_contained(constants, index)) {
      if (!operand.getDefiningOp<ir::ConstOp>())
        return FusibleKind::NotFusible;
      continue;
    }
    if (!isGeneratedTensor(operand.getType()))
      return FusibleKind::NotFusible;
  }
  return kind;
}

} // namespace kiln::compiler
