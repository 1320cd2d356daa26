//===- FoldConstants.cpp - Evaluate ops on constants ----------------------===//
//
// Folding runs the runtime's reference kernels (runtime/reference), the same
// plain implementation the numerics tests trust, so the compiler keeps no
// second copy of each op's semantics.
//
//===----------------------------------------------------------------------===//
#include "compiler/Passes.h"
#include "compiler/Transforms/KilnOpBuilding.h"

#include "ir/Dialect/DataTypes.h"
#include "ir/Dialect/MlirAttrSource.h"
#include "ir/Translate/TensorConversion.h"
#include "mlir/IR/Builders.h"
#include "runtime/reference/evaluate.h"

namespace kiln::compiler {
#define GEN_PASS_DEF_FOLDCONSTANTSPASS
#include "compiler/Passes.h.inc"
} // namespace kiln::compiler

using namespace mlir;

namespace kiln::compiler {
namespace {

/// The constant tensors behind `op`'s data operands, or nullopt when one is
/// not a kiln.Const with a dense value.
std::optional<std::vector<kiln::Tensor>> constantInputs(Operation *op) {
  std::vector<kiln::Tensor> inputs;
  for (Value operand : op->getOperands()) {
    if (isa<ir::ControlType>(operand.getType()))
      continue;
    auto constant = operand.getDefiningOp<ir::ConstOp>();
    if (!constant)
      return std::nullopt;
    FailureOr<tensorflow::TensorProto> proto =
        ir::exportTensor(constant->getAttr("value"));
    if (failed(proto))
      return std::nullopt;
    kiln::StatusOr<kiln::Tensor> tensor = kiln::Tensor::FromProto(*proto);
    if (!tensor.ok())
      return std::nullopt;
    inputs.push_back(std::move(*tensor));
  }
  return inputs;
}

/// Whether `op` is one this pass may evaluate.
const kiln::OpSpec *foldableSpec(Operation *op) {
  if (isa<ir::ConstOp, ir::OpaqueOp>(op) ||
      op->getDialect() != op->getContext()->getLoadedDialect<ir::KilnDialect>())
    return nullptr;
  const kiln::OpSpec *spec =
      kiln::FindOpSpec(op->getName().stripDialect().str());
  if (!spec || spec->is_stateful || spec->outputs.empty() ||
      !kiln::HasReferenceKernel(spec->name))
    return nullptr;
  return spec;
}

/// A kiln.Const holding `tensor`, with `op`'s location and control operands.
FailureOr<Value> buildConstant(OpBuilder &b, Operation *op,
                               const kiln::Tensor &tensor) {
  tensorflow::TensorProto proto;
  if (!tensor.ToProto(&proto).ok())
    return failure();
  std::string error;
  FailureOr<Attribute> value = ir::importTensor(b, proto, &error);
  if (failed(value))
    return failure();
  SmallVector<Value> controls;
  for (Value operand : op->getOperands())
    if (isa<ir::ControlType>(operand.getType()))
      controls.push_back(operand);
  OperationState state(op->getLoc(), ir::ConstOp::getOperationName());
  state.addOperands(controls);
  state.addAttribute("dtype", TypeAttr::get(ir::elementTypeFor(
                                  b.getContext(), tensor.dtype())));
  state.addAttribute("value", *value);
  state.addTypes({cast<TypedAttr>(*value).getType(),
                  ir::ControlType::get(b.getContext())});
  if (auto device = op->getAttr("device"))
    state.addAttribute("device", device);
  return b.create(state)->getResult(0);
}

/// Replaces `op` by constants; false when it does not fold.
bool foldOp(Operation *op, int64_t maxElements) {
  const kiln::OpSpec *spec = foldableSpec(op);
  std::optional<std::vector<kiln::Tensor>> inputs =
      spec ? constantInputs(op) : std::nullopt;
  if (!inputs)
    return false;
  SmallVector<Value> data;
  for (Value operand : op->getOperands())
    if (!isa<ir::ControlType>(operand.getType()))
      data.push_back(operand);
  ir::MlirAttrSource attrs(*spec, op->getAttrDictionary(), data);
  kiln::StatusOr<std::vector<kiln::Tensor>> outputs =
      kiln::EvaluateReference(*spec, *inputs, attrs);
  if (!outputs.ok())
    return false;
  for (const kiln::Tensor &out : *outputs)
    if (out.NumElements() > maxElements)
      return false;
  OpBuilder b(op);
  SmallVector<Value> replacements;
  for (const kiln::Tensor &out : *outputs) {
    FailureOr<Value> constant = buildConstant(b, op, out);
    if (failed(constant))
      return false;
    replacements.push_back(*constant);
  }
  for (auto [result, replacement] : llvm::zip(op->getResults(), replacements))
    result.replaceAllUsesWith(replacement);
  // The op's control token: what waited on it now waits on the first constant.
  Value control = op->getResults().back();
  control.replaceAllUsesWith(
      replacements.front().getDefiningOp()->getResults().back());
  op->erase();
  return true;
}

struct FoldConstantsPass : impl::FoldConstantsPassBase<FoldConstantsPass> {
  using FoldConstantsPassBase::FoldConstantsPassBase;
  void runOnOperation() override {
    func::FuncOp func = getOperation();
    Block &body = func.getBody().front();
    bool changed = true, any = false;
    while (changed) {
      changed = false;
      for (Operation &op : llvm::make_early_inc_range(body))
        changed |= foldOp(&op, maxElements);
      any |= changed;
    }
    if (!any)
      return markAllAnalysesPreserved();
    // A folded value may be more precise than the result type it replaces.
    syncResultTypes(func);
  }
};

} // namespace
} // namespace kiln::compiler
