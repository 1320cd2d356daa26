//===- DecomposeVariableUpdates.cpp - AssignAdd/Sub as read + op + assign -===//
#include "compiler/Passes.h"

#include "compiler/Transforms/KilnOpBuilding.h"
#include "ir/Dialect/KilnDialect.h"

namespace kiln::compiler {
#define GEN_PASS_DEF_DECOMPOSEVARIABLEUPDATESPASS
#include "compiler/Passes.h.inc"
} // namespace kiln::compiler

using namespace mlir;

namespace kiln::compiler {
namespace {

/// "AddV2" or "Sub" for the update ops, "" for every other op.
StringRef arithmeticOf(Operation *op) {
  StringRef name = op->getName().getStringRef();
  if (name == "kiln.AssignAddVariableOp")
    return "AddV2";
  if (name == "kiln.AssignSubVariableOp")
    return "Sub";
  return "";
}

bool hasControlOperands(Operation *op) {
  return llvm::any_of(op->getOperandTypes(),
                      [](Type t) { return isa<ir::ControlType>(t); });
}

/// Builds the three ops; false (and nothing built) when one does not infer.
bool decompose(Operation *op, StringRef arithmetic) {
  OpBuilder b(op);
  Location loc = op->getLoc();
  Value handle = op->getOperand(0), delta = op->getOperand(1);
  // dtype is the value's element type (the importer leaves derived type
  // attrs out).
  auto deltaType = dyn_cast<TensorType>(delta.getType());
  if (!deltaType)
    return false;
  NamedAttribute dtype = b.getNamedAttr(
      "dtype", TypeAttr::get(deltaType.getElementType()));
  Operation *read =
      createKilnOp(b, childLoc(loc, "read"), "ReadVariableOp", {handle}, {dtype});
  if (!read)
    return false;
  // The value has the update's shape (the op table checked it).
  if (isa<RankedTensorType>(deltaType))
    read->getResult(0).setType(deltaType);
  Operation *update = createKilnOp(b, childLoc(loc, "update"), arithmetic,
                                   {read->getResult(0), delta});
  Operation *assign =
      update ? createKilnOp(b, loc, "AssignVariableOp",
                            {handle, update->getResult(0)},
                            {b.getNamedAttr("validate_shape",
                                            b.getBoolAttr(false))})
             : nullptr;
  if (!assign) {
    if (update)
      update->erase();
    read->erase();
    return false;
  }
  op->getResult(0).replaceAllUsesWith(assign->getResult(0));
  op->erase();
  return true;
}

struct DecomposeVariableUpdatesPass
    : impl::DecomposeVariableUpdatesPassBase<DecomposeVariableUpdatesPass> {
  void runOnOperation() override {
    bool changed = false;
    for (Operation &op : llvm::make_early_inc_range(
             getOperation().getBody().front())) {
      StringRef arithmetic = arithmeticOf(&op);
      if (arithmetic.empty() || hasControlOperands(&op))
        continue;
      changed |= decompose(&op, arithmetic);
    }
    if (!changed)
      markAllAnalysesPreserved();
  }
};

} // namespace
} // namespace kiln::compiler
