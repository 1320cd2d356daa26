//===- FuseMatMulBiasActivation.cpp - MatMul/Conv2D + bias + activation ---===//
//
// A dense layer is MatMul, BiasAdd and an activation, a convolution layer
// Conv2D, BiasAdd and an activation: three passes over the output in
// TensorFlow's kernels, one oneDNN matmul or convolution with post-ops here.
//
//===----------------------------------------------------------------------===//
#include "compiler/Passes.h"

#include "compiler/Transforms/KilnOpBuilding.h"
#include "ir/Dialect/DataTypes.h"
#include "ir/Translate/Conventions.h"
#include "llvm/ADT/StringSwitch.h"

#include <limits>

namespace kiln::compiler {
#define GEN_PASS_DEF_FUSEMATMULBIASACTIVATIONPASS
#include "compiler/Passes.h.inc"
} // namespace kiln::compiler

using namespace mlir;

namespace kiln::compiler {
namespace {

/// A matmul or convolution and the ops it absorbs.
struct Chain {
  Operation *matmul = nullptr;  ///< or the Conv2D
  Operation *biasAdd = nullptr; ///< BiasAdd or AddV2, when absorbed
  Value bias;
  Operation *activation = nullptr;

  Operation *last() const {
    return activation ? activation : biasAdd ? biasAdd : matmul;
  }
};

bool isF32Ranked(Type type, int64_t minRank, int64_t maxRank) {
  auto ranked = dyn_cast<RankedTensorType>(type);
  return ranked && ranked.getElementType().isF32() &&
         ranked.getRank() >= minRank && ranked.getRank() <= maxRank;
}

bool boolAttr(Operation *op, StringRef name) {
  auto attr = op->getAttrOfType<BoolAttr>(name);
  return attr && attr.getValue();
}

/// Whether `op` is a matmul the pass rewrites.
bool isFusibleMatMul(Operation *op) {
  StringRef name = op->getName().getStringRef();
  bool batched = name == "kiln.BatchMatMulV2";
  if ((!batched && name != "kiln.MatMul") || hasControlEdges(op))
    return false;
  int64_t maxRank = batched ? std::numeric_limits<int64_t>::max() : 2;
  return isF32Ranked(op->getOperand(0).getType(), 2, maxRank) &&
         isF32Ranked(op->getOperand(1).getType(), 2, maxRank) &&
         cast<mlir::TensorType>(op->getResult(0).getType())
             .getElementType()
             .isF32();
}

/// Whether `op` is a Conv2D the pass rewrites.
bool isFusibleConv(Operation *op) {
  return op->getName().getStringRef() == "kiln.Conv2D" &&
         !hasControlEdges(op) &&
         isF32Ranked(op->getOperand(0).getType(), 4, 4) &&
         isF32Ranked(op->getOperand(1).getType(), 4, 4);
}

bool isConv(Operation *op) {
  return op->getName().getStringRef() == "kiln.Conv2D";
}

/// The data format of a Conv2D or BiasAdd ("NHWC" when unset).
StringRef dataFormat(Operation *op) {
  auto format = op->getAttrOfType<StringAttr>("data_format");
  return format ? format.getValue() : StringRef("NHWC");
}

/// The one op that reads `value`, when nothing else does and it has no
/// control edges (absorbing it must not lose an ordering).
Operation *soleConsumer(Value value) {
  if (!value.hasOneUse())
    return nullptr;
  Operation *user = *value.user_begin();
  return hasControlEdges(user) ? nullptr : user;
}

/// `add`'s bias when it adds a 1-D f32 vector over the channels of
/// `producer`'s product: the last dim, or dim 1 of an NCHW convolution
/// (whose bias must then be a BiasAdd in NCHW too).
Value biasOf(Operation *add, Operation *producer) {
  Value product = producer->getResult(0);
  auto productType = dyn_cast<RankedTensorType>(product.getType());
  if (!productType)
    return Value();
  const bool nchw = isConv(producer) && dataFormat(producer) == "NCHW";
  int64_t channels =
      productType.getShape()[nchw ? 1 : productType.getRank() - 1];
  StringRef name = add->getName().getStringRef();
  Value bias;
  if (name == "kiln.BiasAdd") {
    if (add->getOperand(0) != product ||
        dataFormat(add) != (nchw ? "NCHW" : "NHWC"))
      return Value();
    bias = add->getOperand(1);
  } else if (name == "kiln.AddV2" && !nchw) {
    Value lhs = add->getOperand(0), rhs = add->getOperand(1);
    if (lhs == rhs)
      return Value();
    bias = lhs == product ? rhs : lhs;
    // AddV2 broadcasts: only a vector exactly as long as the last dim keeps
    // the product's shape.
    if (ShapedType::isDynamic(channels))
      return Value();
  } else {
    return Value();
  }
  auto biasType = dyn_cast<RankedTensorType>(bias.getType());
  if (!biasType || biasType.getRank() != 1 ||
      !biasType.getElementType().isF32())
    return Value();
  int64_t length = biasType.getDimSize(0);
  if (!ShapedType::isDynamic(length) && !ShapedType::isDynamic(channels) &&
      length != channels)
    return Value();
  if (name == "kiln.AddV2" && length != channels)
    return Value();
  return bias;
}

bool isActivation(Operation *op) {
  return llvm::StringSwitch<bool>(op->getName().getStringRef())
      .Cases("kiln.Relu", "kiln.Elu", "kiln.Selu", "kiln.Tanh", "kiln.Sigmoid",
             true)
      .Default(false);
}

/// The matmul with the bias add and activation that follow it.
Chain chainFrom(Operation *matmul) {
  Chain chain;
  chain.matmul = matmul;
  Value value = matmul->getResult(0);
  Operation *next = soleConsumer(value);
  if (next) {
    if (Value bias = biasOf(next, matmul)) {
      chain.biasAdd = next;
      chain.bias = bias;
      value = next->getResult(0);
      next = soleConsumer(value);
    }
  }
  if (next && isActivation(next) && next->getOperand(0) == value)
    chain.activation = next;
  return chain;
}

/// The fused op replacing `chain`, built at `b` (the last absorbed op: the
/// bias may be defined after the matmul).
Value buildFused(OpBuilder &b, const Chain &chain, Location loc, Type type) {
  Operation *matmul = chain.matmul;
  StringRef activation = chain.activation
                             ? chain.activation->getName().stripDialect()
                             : StringRef();
  if (isConv(matmul)) {
    return b.create<ir::FusedConv2DOp>(loc, type, matmul->getOperand(0),
                                       matmul->getOperand(1), chain.bias,
                                       matmul->getAttrDictionary(), activation);
  }
  bool batched = matmul->getName().getStringRef() == "kiln.BatchMatMulV2";
  auto fused = b.create<ir::FusedMatMulOp>(
      loc, type, matmul->getOperand(0), matmul->getOperand(1), chain.bias,
      boolAttr(matmul, batched ? "adj_x" : "transpose_a"),
      boolAttr(matmul, batched ? "adj_y" : "transpose_b"), batched, activation);
  // The matmul's device string (placement reads it from the plan's node).
  if (Attribute device = matmul->getAttr(ir::kDeviceAttr))
    fused->setAttr(ir::kDeviceAttr, device);
  return fused;
}

void fuse(const Chain &chain) {
  Operation *matmul = chain.matmul;
  Operation *last = chain.last();
  SmallVector<Location> locs = {matmul->getLoc()};
  if (chain.biasAdd)
    locs.push_back(chain.biasAdd->getLoc());
  if (chain.activation)
    locs.push_back(chain.activation->getLoc());
  OpBuilder b(last);
  Type type = ir::refineType(last->getResult(0).getType(),
                             matmul->getResult(0).getType());
  Value fused = buildFused(b, chain, b.getFusedLoc(locs), type);
  last->getResult(0).replaceAllUsesWith(fused);
  for (Operation *op : {chain.activation, chain.biasAdd, matmul})
    if (op)
      op->erase();
}

struct FuseMatMulBiasActivationPass
    : impl::FuseMatMulBiasActivationPassBase<FuseMatMulBiasActivationPass> {
  void runOnOperation() override {
    func::FuncOp func = getOperation();
    Block &body = func.getBody().front();
    SmallVector<Chain> chains;
    for (Operation &op : body)
      if (isFusibleMatMul(&op) || isFusibleConv(&op))
        chains.push_back(chainFrom(&op));
    if (chains.empty())
      return markAllAnalysesPreserved();
    for (const Chain &chain : chains)
      fuse(chain);
    syncResultTypes(func);
  }
};

} // namespace
} // namespace kiln::compiler
