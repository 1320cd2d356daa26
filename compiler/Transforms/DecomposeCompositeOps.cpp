//===- DecomposeCompositeOps.cpp - Softmax and losses as primitives -------===//
//
// The kernel generator only knows elementwise ops and reductions, so the
// softmax family is rewritten into them here; kiln-form-fusions then makes
// one kernel of each. The formulas are TensorFlow's numerically stable ones
// (shift each row by its max before exp), the same as the reference kernels.
//
//===----------------------------------------------------------------------===//
#include <cmath>

#include "compiler/Passes.h"

#include "compiler/Transforms/KilnOpBuilding.h"
#include "ir/Dialect/DataTypes.h"
#include "llvm/ADT/StringSwitch.h"

namespace kiln::compiler {
#define GEN_PASS_DEF_DECOMPOSECOMPOSITEOPSPASS
#include "compiler/Passes.h.inc"
} // namespace kiln::compiler

using namespace mlir;

namespace kiln::compiler {
namespace {

enum class Composite { None, Softmax, LogSoftmax, CrossEntropy, SparseXent };

Composite compositeOf(Operation *op) {
  return llvm::StringSwitch<Composite>(op->getName().getStringRef())
      .Case("kiln.Softmax", Composite::Softmax)
      .Case("kiln.LogSoftmax", Composite::LogSoftmax)
      .Case("kiln.SoftmaxCrossEntropyWithLogits", Composite::CrossEntropy)
      .Case("kiln.SparseSoftmaxCrossEntropyWithLogits", Composite::SparseXent)
      .Default(Composite::None);
}

bool isFloatTensor(Type type) {
  auto tensor = dyn_cast<mlir::TensorType>(type);
  return tensor &&
         (tensor.getElementType().isF32() || tensor.getElementType().isF64());
}

bool hasRank(Type type, int64_t rank) {
  auto ranked = dyn_cast<RankedTensorType>(type);
  return ranked && ranked.getRank() == rank;
}

/// Builds the primitive ops replacing one composite op, each named after it;
/// on failure the ops built so far are erased and the composite stays.
class Decomposer {
public:
  explicit Decomposer(Operation *op)
      : op(op), b(op), loc(op->getLoc()),
        element(cast<mlir::TensorType>(op->getOperand(0).getType())
                    .getElementType()) {}

  ~Decomposer() {
    if (!failedOp)
      return;
    for (Operation *created : llvm::reverse(built))
      created->erase();
  }

  /// kiln.`name`(operands) named "<node>/suffix"; null after any failure.
  Value emit(StringRef suffix, StringRef name, ValueRange operands,
             ArrayRef<NamedAttribute> attrs = {}) {
    if (failedOp || llvm::is_contained(operands, Value()))
      return fail();
    Operation *created =
        createKilnOp(b, childLoc(loc, suffix), name, operands, attrs);
    if (!created)
      return fail();
    built.push_back(created);
    return created->getResult(0);
  }

  Value constant(StringRef suffix, Type type, double value) {
    if (failedOp)
      return Value();
    Value c = createScalarConst(b, childLoc(loc, suffix), type, value);
    built.push_back(c.getDefiningOp());
    return c;
  }

  /// The last axis of `x` (its index when the rank is known).
  Value lastAxis(Value x) {
    if (!x)
      return fail();
    auto ranked = dyn_cast<RankedTensorType>(x.getType());
    return constant("axis", b.getI32Type(), ranked ? ranked.getRank() - 1 : -1);
  }

  Value reduce(StringRef suffix, StringRef name, Value x, Value axis,
               bool keepDims) {
    return emit(suffix, name, {x, axis},
                {b.getNamedAttr("keep_dims", b.getBoolAttr(keepDims))});
  }

  /// The shared start of every formula, over the last axis.
  struct Shifted {
    Value shifted; ///< x - max(x)
    Value exp;     ///< exp(x - max(x))
    Value sum;     ///< sum(exp(x - max(x))), keeping dims
  };
  Shifted shift(Value x) {
    Value axis = lastAxis(x);
    Value max = reduce("max", "Max", x, axis, /*keepDims=*/true);
    Value shifted = emit("sub", "Sub", {x, max});
    Value exp = emit("exp", "Exp", {shifted});
    return {shifted, exp, reduce("sum", "Sum", exp, axis, /*keepDims=*/true)};
  }

  /// (x - max) - log(sum).
  Value logSoftmax(const Shifted &s) {
    Value logSum = emit("log", "Log", {s.sum});
    return emit("log_softmax", "Sub", {s.shifted, logSum});
  }

  /// loss = -sum(labels * logsoftmax), backprop = softmax - labels.
  SmallVector<Value> crossEntropy(Value features, Value labels) {
    Shifted s = shift(features);
    Value softmax = emit("softmax", "RealDiv", {s.exp, s.sum});
    Value product = emit("mul", "Mul", {labels, logSoftmax(s)});
    Value axis = lastAxis(product);
    Value total = reduce("sum_1", "Sum", product, axis, /*keepDims=*/false);
    Value loss = emit("loss", "Neg", {total});
    Value backprop = emit("backprop", "Sub", {softmax, labels});
    return {loss, backprop};
  }

  /// TensorFlow's GPU kernel's answer to a label outside [0, classes):
  /// NaN for that row's loss and backprop (its OneHot row has no 1).
  SmallVector<Value> nanForBadLabels(SmallVector<Value> xent, Value oneHot) {
    if (xent.size() != 2)
      return {};
    Value hits =
        reduce("hits", "Sum", oneHot, lastAxis(oneHot), /*keepDims=*/false);
    Value valid = emit("valid", "Equal", {hits, constant("one", element, 1)});
    Value nan = constant("nan", element, std::nan(""));
    Value rows = emit("valid_rows", "ExpandDims",
                      {valid, constant("row_axis", b.getI32Type(), -1)});
    return {emit("loss_checked", "SelectV2", {valid, xent[0], nan}),
            emit("backprop_checked", "SelectV2", {rows, xent[1], nan})};
  }

  Value fail() {
    failedOp = true;
    return Value();
  }

  /// The values replacing the composite's data results; empty on failure.
  SmallVector<Value> run(Composite kind) {
    Value x = op->getOperand(0);
    SmallVector<Value> results;
    switch (kind) {
    case Composite::Softmax: {
      Shifted s = shift(x);
      results = {emit("softmax", "RealDiv", {s.exp, s.sum})};
      break;
    }
    case Composite::LogSoftmax:
      results = {logSoftmax(shift(x))};
      break;
    case Composite::CrossEntropy:
      results = crossEntropy(x, op->getOperand(1));
      break;
    case Composite::SparseXent: {
      int64_t classes = cast<RankedTensorType>(x.getType()).getDimSize(1);
      Value depth = constant("depth", b.getI32Type(), classes);
      Value on = constant("on_value", element, 1.0);
      Value off = constant("off_value", element, 0.0);
      Value labels =
          emit("one_hot", "OneHot", {op->getOperand(1), depth, on, off},
               {b.getNamedAttr("axis", b.getI64IntegerAttr(-1))});
      results = nanForBadLabels(crossEntropy(x, labels), labels);
      break;
    }
    case Composite::None:
      fail();
    }
    if (failedOp)
      return {};
    return results;
  }

private:
  Operation *op;
  OpBuilder b;
  Location loc;
  Type element;
  SmallVector<Operation *> built;
  bool failedOp = false;
};

/// Whether `op` is a composite this pass rewrites.
bool isDecomposable(Operation *op, Composite kind, bool uncheckedLabels) {
  if (kind == Composite::SparseXent && !uncheckedLabels)
    return false;
  if (kind == Composite::None || hasControlEdges(op) ||
      !isFloatTensor(op->getOperand(0).getType()))
    return false;
  Type features = op->getOperand(0).getType();
  Type labels = kind == Composite::Softmax || kind == Composite::LogSoftmax
                    ? Type()
                    : op->getOperand(1).getType();
  switch (kind) {
  case Composite::CrossEntropy:
    return hasRank(features, 2) && hasRank(labels, 2) &&
           cast<mlir::TensorType>(labels).getElementType() ==
               cast<mlir::TensorType>(features).getElementType();
  case Composite::SparseXent: {
    auto indices = dyn_cast<RankedTensorType>(labels);
    return hasRank(features, 2) &&
           !cast<RankedTensorType>(features).isDynamicDim(1) && indices &&
           indices.getRank() == 1 &&
           (indices.getElementType().isInteger(32) ||
            indices.getElementType().isInteger(64));
  }
  default:
    return true;
  }
}

struct DecomposeCompositeOpsPass
    : impl::DecomposeCompositeOpsPassBase<DecomposeCompositeOpsPass> {
  using DecomposeCompositeOpsPassBase::DecomposeCompositeOpsPassBase;

  void runOnOperation() override {
    func::FuncOp func = getOperation();
    Block &body = func.getBody().front();
    bool changed = false;
    for (Operation &op : llvm::make_early_inc_range(body)) {
      Composite kind = compositeOf(&op);
      if (!isDecomposable(&op, kind, uncheckedSparseLabels))
        continue;
      SmallVector<Value> replacements = Decomposer(&op).run(kind);
      if (replacements.empty())
        continue;
      for (auto [old, replacement] :
           llvm::zip(dataResults(&op), replacements)) {
        // Keep what the graph already knew about the result's shape.
        replacement.setType(
            ir::refineType(replacement.getType(), old.getType()));
        old.replaceAllUsesWith(replacement);
      }
      op.erase();
      changed = true;
    }
    if (!changed)
      return markAllAnalysesPreserved();
    syncResultTypes(func);
  }
};

} // namespace
} // namespace kiln::compiler
