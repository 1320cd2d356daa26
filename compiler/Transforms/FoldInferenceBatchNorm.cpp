//===- FoldInferenceBatchNorm.cpp - Batch norm into the convolution -------===//
//
// An inference FusedBatchNormV3 is a per-channel affine map, y = x a + b with
// a = scale / sqrt(variance + epsilon) and b = offset - mean a. After a
// Conv2D whose filter is a constant, x a is the convolution with the filter
// scaled per output channel (HWIO's last dim), so the batch norm becomes
// Conv2D(x, filter a) + b: constant folding then computes the new filter and
// bias, and the bias/activation fusion makes one oneDNN convolution of it.
//
//===----------------------------------------------------------------------===//
#include "compiler/Passes.h"

#include "compiler/Transforms/KilnOpBuilding.h"

namespace kiln::compiler {
#define GEN_PASS_DEF_FOLDINFERENCEBATCHNORMPASS
#include "compiler/Passes.h.inc"
} // namespace kiln::compiler

using namespace mlir;

namespace kiln::compiler {
namespace {

bool isF32(Value v) {
  auto type = dyn_cast<TensorType>(v.getType());
  return type && type.getElementType().isF32();
}

StringRef dataFormat(Operation *op) {
  auto format = op->getAttrOfType<StringAttr>("data_format");
  return format ? format.getValue() : StringRef("NHWC");
}

/// An NHWC f32 inference batch norm whose statistics outputs nothing reads.
bool isFoldable(Operation *op) {
  if (op->getName().getStringRef() != "kiln.FusedBatchNormV3" ||
      hasControlEdges(op) || dataFormat(op) != "NHWC" ||
      !isF32(op->getOperand(0)))
    return false;
  auto training = op->getAttrOfType<BoolAttr>("is_training");
  if (!training || training.getValue())
    return false;
  for (unsigned k = 1; k < 6; ++k)
    if (!op->getResult(k).use_empty())
      return false;
  return true;
}

/// The Conv2D producing `x` when it is NHWC, has a constant filter, no
/// control edges and no other reader.
Operation *foldableConv(Value x) {
  Operation *conv = x.getDefiningOp();
  if (!conv || conv->getName().getStringRef() != "kiln.Conv2D" ||
      hasControlEdges(conv) || dataFormat(conv) != "NHWC" || !x.hasOneUse() ||
      !conv->getOperand(1).getDefiningOp<ir::ConstOp>())
    return nullptr;
  return conv;
}

/// Builds the replacement of `bn`'s result 0; null when the table rejects a
/// step (then nothing built stays).
Value rewrite(Operation *bn) {
  OpBuilder b(bn);
  Location loc = bn->getLoc();
  SmallVector<Operation *> built;
  auto emit = [&](StringRef suffix, StringRef name, ValueRange operands,
                  ArrayRef<NamedAttribute> attrs = {}) -> Value {
    if (llvm::is_contained(operands, Value()))
      return Value();
    Operation *op =
        createKilnOp(b, childLoc(loc, suffix), name, operands, attrs);
    if (!op)
      return Value();
    built.push_back(op);
    return op->getResult(0);
  };
  auto eps = bn->getAttrOfType<FloatAttr>("epsilon");
  Value epsilon = createScalarConst(b, childLoc(loc, "epsilon"), b.getF32Type(),
                                    eps ? eps.getValueAsDouble() : 1e-4);
  built.push_back(epsilon.getDefiningOp());
  Value inv = emit("rsqrt", "Rsqrt",
                   {emit("var_eps", "AddV2", {bn->getOperand(4), epsilon})});
  Value a = emit("a", "Mul", {bn->getOperand(1), inv});
  Value shift =
      emit("b", "Sub",
           {bn->getOperand(2), emit("mean_a", "Mul", {bn->getOperand(3), a})});
  Value x = bn->getOperand(0), scaled;
  if (Operation *conv = foldableConv(x)) {
    Value filter = emit("filter", "Mul", {conv->getOperand(1), a});
    scaled =
        emit("conv", "Conv2D", {conv->getOperand(0), filter}, conv->getAttrs());
  } else {
    scaled = emit("scaled", "Mul", {x, a});
  }
  Value y = emit("shifted", "AddV2", {scaled, shift});
  if (!y)
    for (Operation *op : llvm::reverse(built))
      op->erase();
  return y;
}

struct FoldInferenceBatchNormPass
    : impl::FoldInferenceBatchNormPassBase<FoldInferenceBatchNormPass> {
  void runOnOperation() override {
    func::FuncOp func = getOperation();
    SmallVector<Operation *> norms;
    func.walk([&](Operation *op) {
      if (isFoldable(op))
        norms.push_back(op);
    });
    if (norms.empty())
      return markAllAnalysesPreserved();
    for (Operation *bn : norms) {
      Value y = rewrite(bn);
      if (!y)
        continue;
      Operation *conv = foldableConv(bn->getOperand(0));
      bn->getResult(0).replaceAllUsesWith(y);
      bn->erase();
      if (conv && dataResults(conv)[0].use_empty())
        conv->erase();
    }
    syncResultTypes(func);
  }
};

} // namespace
} // namespace kiln::compiler
