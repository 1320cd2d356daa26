//===- FormControlFlowKernels.cpp - Whole loops into one kernel -----------===//
//
// An scf.while or scf.if whose regions the kernel generator can lower
// becomes a kiln.fusion of its own, so the loop's trips run in machine code
// rather than one executor step (or one host round trip) per trip. The
// fusion is kept only when its dims can be followed (a loop must keep its
// variables' shapes); otherwise the scf op stays for the host.
//
//===----------------------------------------------------------------------===//
#include "compiler/Analysis/FusibleOps.h"
#include "compiler/Analysis/FusionDims.h"
#include "compiler/Passes.h"
#include "compiler/Transforms/KilnOpBuilding.h"

#include "mlir/IR/Diagnostics.h"
#include "mlir/IR/IRMapping.h"
#include "mlir/Transforms/RegionUtils.h"
#include "llvm/ADT/SetVector.h"

namespace kiln::compiler {
#define GEN_PASS_DEF_FORMCONTROLFLOWKERNELSPASS
#include "compiler/Passes.h.inc"
} // namespace kiln::compiler

using namespace mlir;

namespace kiln::compiler {
namespace {

/// The element types a loop's values may have in a kernel (ui8 is stored as
/// i8 there, which scf's types would not follow).
bool isKernelTensor(Type type) {
  auto ranked = dyn_cast<RankedTensorType>(type);
  if (!ranked)
    return false;
  Type element = ranked.getElementType();
  return element.isF32() || element.isF64() || element.isInteger(1) ||
         element.isSignlessInteger(32) || element.isSignlessInteger(64);
}

bool allKernelTensors(TypeRange types) {
  return llvm::all_of(types, isKernelTensor);
}

/// A MatMul small and static enough to run as plain loops inside a loop
/// kernel (at most 64^3 multiply-adds), rather than a oneDNN call per trip.
bool isSmallMatMul(Operation *op) {
  constexpr int64_t kMaxMultiplyAdds = 64 * 64 * 64;
  if (op->getName().getStringRef() != "kiln.MatMul" || hasControlEdges(op))
    return false;
  auto a = dyn_cast<RankedTensorType>(op->getOperand(0).getType());
  auto result = dyn_cast<RankedTensorType>(op->getResult(0).getType());
  if (!a || !result || !a.hasStaticShape() || !result.hasStaticShape() ||
      a.getRank() != 2 || result.getRank() != 2 ||
      !isa<FloatType>(result.getElementType()) || !isKernelTensor(result) ||
      !isKernelTensor(op->getOperand(1).getType()))
    return false;
  return result.getNumElements() * a.getNumElements() /
             std::max<int64_t>(1, result.getDimSize(0)) <=
         kMaxMultiplyAdds;
}

/// Whether the generator lowers `op` (nested in a loop or branch).
bool isKernelOp(Operation *op) {
  if (isa<scf::YieldOp, scf::ConditionOp>(op))
    return true;
  if (auto loop = dyn_cast<scf::WhileOp>(op))
    return allKernelTensors(loop.getResultTypes()) &&
           allKernelTensors(ValueRange(loop.getBeforeArguments()).getTypes()) &&
           allKernelTensors(ValueRange(loop.getAfterArguments()).getTypes());
  if (auto branch = dyn_cast<scf::IfOp>(op))
    return allKernelTensors(branch.getResultTypes());
  if (auto extract = dyn_cast<tensor::ExtractOp>(op))
    return extract.getTensor().getType().getRank() == 0 &&
           isKernelTensor(extract.getTensor().getType());
  if (auto cast = dyn_cast<tensor::CastOp>(op))
    return isKernelTensor(cast.getType()) &&
           isKernelTensor(cast.getSource().getType());
  if (isa<ir::ConstOp>(op))
    return isKernelTensor(op->getResult(0).getType());
  if (isSmallMatMul(op))
    return true;
  return isFusible(op) && allKernelTensors(op->getOperandTypes()) &&
         allKernelTensors(TypeRange(ValueRange(dataResults(op))));
}

bool hasOnlyKernelOps(Operation *root) {
  WalkResult walk = root->walk([](Operation *op) {
    return isKernelOp(op) ? WalkResult::advance() : WalkResult::interrupt();
  });
  return !walk.wasInterrupted();
}

/// The ops that become the fusion: an scf.if takes the extract of its
/// predicate along (a fusion's operands are tensors).
SmallVector<Operation *> membersOf(Operation *root) {
  SmallVector<Operation *> members;
  if (auto branch = dyn_cast<scf::IfOp>(root)) {
    auto extract = branch.getCondition().getDefiningOp<tensor::ExtractOp>();
    if (!extract || !extract->hasOneUse() ||
        extract->getBlock() != root->getBlock())
      return {};
    members.push_back(extract);
  }
  members.push_back(root);
  return members;
}

/// The values `members` read from outside them.
llvm::SetVector<Value> externalValues(ArrayRef<Operation *> members) {
  llvm::SetVector<Value> values;
  llvm::SmallPtrSet<Operation *, 4> isMember(members.begin(), members.end());
  for (Operation *member : members) {
    for (Value operand : member->getOperands())
      if (!isMember.contains(operand.getDefiningOp()))
        values.insert(operand);
    getUsedValuesDefinedAbove(member->getRegions(), values);
  }
  return values;
}

/// A kiln.fusion holding clones of `members`, placed before the last one,
/// yielding the last member's results; nullptr when an outside value is
/// not a tensor.
ir::FusionOp fusionOf(ArrayRef<Operation *> members) {
  Operation *root = members.back();
  SmallVector<Value> inputs;
  SmallVector<Operation *> constants;
  for (Value value : externalValues(members)) {
    Operation *producer = value.getDefiningOp();
    if (producer && isa<ir::ConstOp>(producer) && isSmallConstant(producer))
      constants.push_back(producer);
    else if (isKernelTensor(value.getType()))
      inputs.push_back(value);
    else
      return nullptr;
  }
  OpBuilder b(root);
  return buildFusion(b, root->getLoc(), inputs, constants, members,
                     root->getResults());
}

/// Whether the executor could size `fusion`'s results before running it.
bool dimsFollow(ir::FusionOp fusion) {
  ScopedDiagnosticHandler quiet(fusion.getContext(),
                                [](Diagnostic &) { return success(); });
  return succeeded(analyzeFusionDims(fusion));
}

void formKernel(Operation *root) {
  SmallVector<Operation *> members = membersOf(root);
  if (members.empty() || !llvm::all_of(members, hasOnlyKernelOps))
    return;
  ir::FusionOp fusion = fusionOf(members);
  if (!fusion)
    return;
  if (!dimsFollow(fusion)) {
    fusion.erase();
    return;
  }
  root->replaceAllUsesWith(fusion.getResults());
  for (Operation *member : llvm::reverse(members))
    member->erase();
}

struct FormControlFlowKernelsPass
    : impl::FormControlFlowKernelsPassBase<FormControlFlowKernelsPass> {
  void runOnOperation() override {
    SmallVector<Operation *> roots;
    for (Operation &op : getOperation().getBody().front())
      if (isa<scf::WhileOp, scf::IfOp>(op))
        roots.push_back(&op);
    for (Operation *root : roots)
      formKernel(root);
  }
};

} // namespace
} // namespace kiln::compiler
