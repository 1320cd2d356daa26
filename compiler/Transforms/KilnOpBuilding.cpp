//===- KilnOpBuilding.cpp - Building kiln ops inside passes ---------------===//
#include "compiler/Transforms/KilnOpBuilding.h"

#include "ir/Dialect/DataTypes.h"
#include "ir/Dialect/KilnDialect.h"
#include "mlir/IR/IRMapping.h"
#include "mlir/Interfaces/InferTypeOpInterface.h"

using namespace mlir;

namespace kiln::compiler {

Operation *createKilnOp(OpBuilder &b, Location loc, StringRef name,
                        ValueRange operands, ArrayRef<NamedAttribute> attrs) {
  std::string fullName = ("kiln." + name).str();
  DictionaryAttr dictionary = b.getDictionaryAttr(attrs);
  SmallVector<Type> types;
  if (failed(ir::inferKilnOpReturnTypes(fullName, b.getContext(), std::nullopt,
                                        operands, dictionary, types)))
    return nullptr;
  OperationState state(loc, fullName);
  state.addOperands(operands);
  state.addAttributes(attrs);
  state.addTypes(types);
  return b.create(state);
}

Value createScalarConst(OpBuilder &b, Location loc, Type elementType,
                        double value) {
  auto type = RankedTensorType::get({}, elementType);
  Attribute element = isa<FloatType>(elementType)
                          ? Attribute(b.getFloatAttr(elementType, value))
                          : Attribute(b.getIntegerAttr(
                                elementType, static_cast<int64_t>(value)));
  OperationState state(loc, ir::ConstOp::getOperationName());
  state.addAttribute("dtype", TypeAttr::get(elementType));
  state.addAttribute("value", DenseElementsAttr::get(type, element));
  state.addTypes({type, ir::ControlType::get(b.getContext())});
  return b.create(state)->getResult(0);
}

bool hasControlEdges(Operation *op) {
  for (Value operand : op->getOperands())
    if (isa<ir::ControlType>(operand.getType()))
      return true;
  for (Value result : op->getResults())
    if (isa<ir::ControlType>(result.getType()) && !result.use_empty())
      return true;
  return false;
}

SmallVector<Value> dataResults(Operation *op) {
  SmallVector<Value> data;
  for (Value result : op->getResults())
    if (!isa<ir::ControlType>(result.getType()))
      data.push_back(result);
  return data;
}

Location childLoc(Location loc, StringRef suffix) {
  auto name = dyn_cast<NameLoc>(loc);
  if (!name)
    return loc;
  return NameLoc::get(
      StringAttr::get(loc.getContext(), name.getName().strref() + "/" + suffix),
      name.getChildLoc());
}

void syncResultTypes(func::FuncOp func) {
  func.walk([&](func::ReturnOp ret) {
    func.setFunctionType(FunctionType::get(
        func.getContext(), func.getArgumentTypes(), ret.getOperandTypes()));
  });
}

bool isSmallConstant(Operation *constant) {
  constexpr int64_t kSmallConstantElements = 16;
  auto type = dyn_cast<RankedTensorType>(constant->getResult(0).getType());
  return type && type.hasStaticShape() &&
         type.getNumElements() <= kSmallConstantElements;
}

Value cloneConstant(OpBuilder &b, Operation *constant) {
  OperationState state(constant->getLoc(), constant->getName());
  state.addAttributes(constant->getAttrs());
  state.addTypes(constant->getResultTypes());
  return b.create(state)->getResult(0);
}

ir::FusionOp buildFusion(OpBuilder &b, Location loc, ValueRange inputs,
                         ArrayRef<Operation *> constants,
                         ArrayRef<Operation *> members, ValueRange outputs) {
  auto fusion = b.create<ir::FusionOp>(loc, outputs.getTypes(), inputs,
                                       ArrayRef<NamedAttribute>());
  Block *block = new Block();
  fusion.getBody().push_back(block);
  IRMapping mapping;
  for (Value input : inputs)
    mapping.map(input, block->addArgument(input.getType(), input.getLoc()));
  OpBuilder inner = OpBuilder::atBlockBegin(block);
  for (Operation *constant : constants)
    mapping.map(constant->getResult(0), cloneConstant(inner, constant));
  for (Operation *member : members)
    inner.clone(*member, mapping);
  SmallVector<Value> yielded;
  for (Value output : outputs)
    yielded.push_back(mapping.lookup(output));
  inner.create<ir::YieldOp>(loc, yielded);
  return fusion;
}

bool refineResultTypes(Operation *op) {
  if (!isa_and_nonnull<ir::KilnDialect>(op->getDialect()))
    return false;
  auto inferable = dyn_cast<InferTypeOpInterface>(op);
  SmallVector<Type> inferred;
  if (!inferable ||
      failed(inferable.inferReturnTypes(
          op->getContext(), op->getLoc(), op->getOperands(),
          op->getAttrDictionary(), op->getPropertiesStorage(), op->getRegions(),
          inferred)) ||
      inferred.size() != op->getNumResults())
    return false;
  bool changed = false;
  for (auto [result, type] : llvm::zip(op->getResults(), inferred)) {
    // The inferred element type is the result's in verified IR.
    Type refined = ir::refineType(result.getType(), type);
    if (refined != result.getType()) {
      result.setType(refined);
      changed = true;
    }
  }
  return changed;
}

} // namespace kiln::compiler
