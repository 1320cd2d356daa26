//===- FusionDims.cpp - Symbolic dims of a kiln.fusion --------------------===//
//
// Dims are terms: a constant, or a variable standing for a `?` dim of an
// argument. Broadcasting two variables unifies them (union-find) and
// records that the kernel assumes them equal. A second walk follows which
// dim of each value the row index (dim 0 of the results) runs along.
//
//===----------------------------------------------------------------------===//
#include "compiler/Analysis/FusionDims.h"

#include "compiler/Analysis/FusibleOps.h"
#include "mlir/Dialect/SCF/IR/SCF.h"
#include "mlir/Dialect/Tensor/IR/Tensor.h"
#include "llvm/ADT/DenseMap.h"

using namespace mlir;

namespace kiln::compiler {
namespace {

struct Term {
  bool isConst = true;
  int64_t value = 0; // the constant, or the variable's id
};

constexpr int kNoRow = -1;
constexpr int kMixed = -2;

SmallVector<int64_t> constantInts(Value value) {
  return constantIntValues(value).value_or(SmallVector<int64_t>());
}

int64_t rankOf(Value value) {
  return cast<RankedTensorType>(value.getType()).getRank();
}

SmallVector<Value> tensorOperands(Operation *op) {
  SmallVector<Value> operands;
  for (Value operand : op->getOperands())
    if (!isa<ir::ControlType>(operand.getType()))
      operands.push_back(operand);
  return operands;
}

/// Axes normalized to [0, rank), sorted and unique.
SmallVector<int64_t> normalizedAxes(ArrayRef<int64_t> axes, int64_t rank) {
  SmallVector<int64_t> out;
  for (int64_t axis : axes)
    out.push_back(axis < 0 ? axis + rank : axis);
  llvm::sort(out);
  out.erase(std::unique(out.begin(), out.end()), out.end());
  return out;
}

bool isNchwBiasAdd(Operation *op) {
  auto format = op->getAttrOfType<StringAttr>("data_format");
  return op->getName().stripDialect() == "BiasAdd" && format &&
         format.getValue() == "NCHW";
}

bool isRowSelect(Operation *op) {
  return op->getName().stripDialect() == "Select" &&
         rankOf(op->getOperand(0)) == 1 && rankOf(op->getOperand(1)) > 1;
}

class DimTracker {
public:
  explicit DimTracker(ir::FusionOp fusion) : fusion(fusion) {}

  FailureOr<FusionDims> run();

private:
  int find(int64_t var) {
    while (parent[var] != var)
      var = parent[var] = parent[parent[var]];
    return var;
  }
  Term canonical(Term t) { return t.isConst ? t : Term{false, find(t.value)}; }
  bool same(Term a, Term b) {
    a = canonical(a);
    b = canonical(b);
    return a.isConst == b.isConst && a.value == b.value;
  }
  FailureOr<Term> broadcast(Operation *op, Term a, Term b);
  FailureOr<SmallVector<Term>> broadcastAll(Operation *op, ValueRange values);
  FailureOr<SmallVector<Term>> resultTerms(Operation *op);
  int rowDimOf(Operation *op);
  DimSource source(Term t);
  LogicalResult visitBlock(Block &block);
  LogicalResult visit(Operation &op);
  LogicalResult visitWhile(scf::WhileOp loop);
  LogicalResult visitIf(scf::IfOp branch);
  void bindArguments(Block &block, ValueRange from);
  void fillStaticDims(Value value, SmallVector<Term> ts);
  bool sameTerms(Value a, Value b);

  ir::FusionOp fusion;
  SmallVector<int64_t> parent;
  SmallVector<std::pair<int, int>> origin; // variable -> (argument, dim)
  llvm::DenseMap<Value, SmallVector<Term>> terms;
  llvm::DenseMap<Value, int> rowDim;
  SmallVector<DimEquality> equalities;
};

FailureOr<Term> DimTracker::broadcast(Operation *op, Term a, Term b) {
  a = canonical(a);
  b = canonical(b);
  if (a.isConst && b.isConst) {
    if (a.value == b.value || b.value == 1)
      return a;
    if (a.value == 1)
      return b;
    return op->emitOpError("dims ")
           << a.value << " and " << b.value << " do not broadcast";
  }
  if (a.isConst != b.isConst) {
    Term constant = a.isConst ? a : b, variable = a.isConst ? b : a;
    if (constant.value == 1)
      return variable;
    auto [arg, dim] = origin[variable.value];
    equalities.push_back({arg, dim, -1, static_cast<int>(constant.value)});
    return constant;
  }
  if (a.value != b.value) {
    parent[b.value] = a.value;
    equalities.push_back({origin[a.value].first, origin[a.value].second,
                          origin[b.value].first, origin[b.value].second});
  }
  return a;
}

FailureOr<SmallVector<Term>> DimTracker::broadcastAll(Operation *op,
                                                      ValueRange values) {
  int64_t rank = 0;
  for (Value v : values)
    rank = std::max(rank, rankOf(v));
  SmallVector<Term> out(rank, Term{true, 1});
  for (Value v : values) {
    ArrayRef<Term> vt = terms[v];
    int64_t offset = rank - static_cast<int64_t>(vt.size());
    for (auto [i, t] : llvm::enumerate(vt)) {
      FailureOr<Term> merged = broadcast(op, out[offset + i], t);
      if (failed(merged))
        return failure();
      out[offset + i] = *merged;
    }
  }
  return out;
}

FailureOr<SmallVector<Term>> DimTracker::resultTerms(Operation *op) {
  StringRef name = op->getName().stripDialect();
  SmallVector<Value> operands = tensorOperands(op);
  FusibleKind kind = classifyFusible(op);
  if (name == "Const" || name == "Fill")
    return SmallVector<Term>(); // static: filled from the type
  if (kind == FusibleKind::Reduction) {
    SmallVector<Term> in = terms[operands[0]];
    SmallVector<int64_t> axes =
        normalizedAxes(constantInts(operands[1]), in.size());
    bool keep = name != "ArgMax" && op->getAttrOfType<BoolAttr>("keep_dims") &&
                op->getAttrOfType<BoolAttr>("keep_dims").getValue();
    SmallVector<Term> out;
    for (auto [i, t] : llvm::enumerate(in)) {
      if (!llvm::is_contained(axes, static_cast<int64_t>(i)))
        out.push_back(t);
      else if (keep)
        out.push_back(Term{true, 1});
    }
    return out;
  }
  if (name == "MatMul")         // (only small static ones, in loop kernels)
    return SmallVector<Term>(); // filled from the type
  if (name == "Transpose") {
    SmallVector<Term> out;
    for (int64_t p : constantInts(operands[1]))
      out.push_back(terms[operands[0]][p]);
    return out;
  }
  if (name == "OneHot") {
    SmallVector<Term> out = terms[operands[0]];
    auto axisAttr = op->getAttrOfType<IntegerAttr>("axis");
    int64_t axis = axisAttr ? axisAttr.getInt() : -1;
    if (axis < 0)
      axis = out.size();
    out.insert(out.begin() + axis, Term{true, constantInts(operands[1])[0]});
    return out;
  }
  if (isNchwBiasAdd(op))
    return SmallVector<Term>(terms[operands[0]]);
  if (isRowSelect(op)) {
    FailureOr<SmallVector<Term>> out =
        broadcastAll(op, ValueRange{operands[1], operands[2]});
    if (failed(out) || failed(broadcast(op, (*out)[0], terms[operands[0]][0])))
      return failure();
    return out;
  }
  return broadcastAll(op, operands);
}

/// The dim of `op`'s first result that the row index runs along, kNoRow,
/// or kMixed when a row's result needs other rows.
int DimTracker::rowDimOf(Operation *op) {
  StringRef name = op->getName().stripDialect();
  SmallVector<Value> operands = tensorOperands(op);
  if (name == "Const" || name == "Fill")
    return kNoRow;
  FusibleKind kind = classifyFusible(op);
  int in = operands.empty() ? kNoRow : rowDim.lookup(operands[0]);
  if (in == kMixed)
    return kMixed;
  if (kind == FusibleKind::Reduction) {
    if (in == kNoRow)
      return kNoRow;
    SmallVector<int64_t> axes =
        normalizedAxes(constantInts(operands[1]), rankOf(operands[0]));
    if (llvm::is_contained(axes, in))
      return kMixed;
    bool keep = name != "ArgMax" && op->getAttrOfType<BoolAttr>("keep_dims") &&
                op->getAttrOfType<BoolAttr>("keep_dims").getValue();
    return keep ? in
                : in - llvm::count_if(axes, [&](int64_t a) { return a < in; });
  }
  if (name == "Transpose") {
    if (in == kNoRow)
      return kNoRow;
    SmallVector<int64_t> perm = constantInts(operands[1]);
    return llvm::find(perm, in) - perm.begin();
  }
  if (name == "OneHot") {
    if (in == kNoRow)
      return kNoRow;
    auto axisAttr = op->getAttrOfType<IntegerAttr>("axis");
    int64_t axis = axisAttr ? axisAttr.getInt() : -1;
    return (axis >= 0 && axis <= in) ? in + 1 : in;
  }
  if (isNchwBiasAdd(op))
    return rowDim.lookup(operands[1]) == kNoRow ? in : kMixed;
  int64_t rank = rankOf(op->getResult(0));
  int result = kNoRow;
  for (auto [index, operand] : llvm::enumerate(operands)) {
    int k = rowDim.lookup(operand);
    if (k == kNoRow)
      continue;
    if (k == kMixed)
      return kMixed;
    int j = (index == 0 && isRowSelect(op)) ? k : k + rank - rankOf(operand);
    if (result != kNoRow && result != j)
      return kMixed;
    result = j;
  }
  return result;
}

DimSource DimTracker::source(Term t) {
  t = canonical(t);
  if (t.isConst)
    return DimSource{t.value, -1, 0};
  return DimSource{0, origin[t.value].first, origin[t.value].second};
}

/// Records `ts` for `value`, its type's static dims overriding.
void DimTracker::fillStaticDims(Value value, SmallVector<Term> ts) {
  auto type = cast<RankedTensorType>(value.getType());
  ts.resize(type.getRank(), Term{true, 1});
  for (int64_t d = 0; d < type.getRank(); ++d)
    if (!type.isDynamicDim(d))
      ts[d] = Term{true, type.getDimSize(d)};
  terms[value] = ts;
}

bool DimTracker::sameTerms(Value a, Value b) {
  // Copies: looking a value up may grow the map.
  SmallVector<Term> ta = terms[a], tb = terms[b];
  if (ta.size() != tb.size())
    return false;
  for (auto [x, y] : llvm::zip(ta, tb))
    if (!same(x, y))
      return false;
  return true;
}

/// A region's arguments take the dims of the values entering it.
void DimTracker::bindArguments(Block &block, ValueRange from) {
  for (auto [arg, value] : llvm::zip(block.getArguments(), from))
    fillStaticDims(arg, terms[value]);
}

LogicalResult DimTracker::visitBlock(Block &block) {
  for (Operation &op : block.without_terminator())
    if (failed(visit(op)))
      return failure();
  return success();
}

/// A loop keeps its variables' dims, or the kernel could not size its
/// results before it runs: each trip's yielded dims must be the entering
/// ones (the same constant, or provably the same `?`).
LogicalResult DimTracker::visitWhile(scf::WhileOp loop) {
  bindArguments(loop.getBefore().front(), loop.getInits());
  if (failed(visitBlock(loop.getBefore().front())))
    return failure();
  ValueRange forwarded = loop.getConditionOp().getArgs();
  bindArguments(loop.getAfter().front(), loop.getInits());
  if (failed(visitBlock(loop.getAfter().front())))
    return failure();
  ValueRange yielded = loop.getYieldOp().getResults();
  for (auto [index, init] : llvm::enumerate(loop.getInits())) {
    if (!sameTerms(forwarded[index], init) || !sameTerms(yielded[index], init))
      return loop.emitOpError("loop variable ")
             << index << " may change its shape across iterations";
    fillStaticDims(loop.getResult(index), terms[init]);
  }
  return success();
}

/// A result's dim is the branches' when they agree, else its static size.
LogicalResult DimTracker::visitIf(scf::IfOp branch) {
  if (failed(visitBlock(branch.getThenRegion().front())) ||
      failed(visitBlock(branch.getElseRegion().front())))
    return failure();
  ValueRange thenValues = branch.thenYield().getResults();
  ValueRange elseValues = branch.elseYield().getResults();
  for (auto [index, result] : llvm::enumerate(branch.getResults())) {
    auto type = cast<RankedTensorType>(result.getType());
    SmallVector<Term> a = terms[thenValues[index]];
    SmallVector<Term> b = terms[elseValues[index]];
    SmallVector<Term> ts;
    for (int64_t d = 0; d < type.getRank(); ++d) {
      if (!type.isDynamicDim(d))
        ts.push_back(Term{true, type.getDimSize(d)});
      else if (same(a[d], b[d]))
        ts.push_back(a[d]);
      else
        return branch.emitOpError("result ")
               << index << " has branches of different shapes";
    }
    terms[result] = ts;
  }
  return success();
}

LogicalResult DimTracker::visit(Operation &op) {
  if (auto loop = dyn_cast<scf::WhileOp>(op))
    return visitWhile(loop);
  if (auto branch = dyn_cast<scf::IfOp>(op))
    return visitIf(branch);
  if (isa<tensor::ExtractOp>(op))
    return success(); // a scalar, not a tensor
  if (auto cast = dyn_cast<tensor::CastOp>(op)) {
    fillStaticDims(cast.getResult(), terms[cast.getSource()]);
    return success();
  }
  if (!isa<ir::KilnDialect>(op.getDialect()))
    return op.emitOpError("is not followed by the fusion dims analysis");
  FailureOr<SmallVector<Term>> ts = resultTerms(&op);
  if (failed(ts))
    return failure();
  fillStaticDims(op.getResult(0), *ts);
  return success();
}

FailureOr<FusionDims> DimTracker::run() {
  Block &body = fusion.getBody().front();
  for (BlockArgument arg : body.getArguments()) {
    auto type = cast<RankedTensorType>(arg.getType());
    SmallVector<Term> &ts = terms[arg];
    for (int64_t d = 0; d < type.getRank(); ++d) {
      if (!type.isDynamicDim(d)) {
        ts.push_back(Term{true, type.getDimSize(d)});
        continue;
      }
      ts.push_back(Term{false, static_cast<int64_t>(parent.size())});
      parent.push_back(parent.size());
      origin.push_back(
          {static_cast<int>(arg.getArgNumber()), static_cast<int>(d)});
    }
  }
  if (failed(visitBlock(body)))
    return failure();

  FusionDims dims;
  dims.equalities = equalities;
  auto yield = cast<ir::YieldOp>(body.getTerminator());
  for (Value v : yield.getValues()) {
    SmallVector<DimSource> &out = dims.results.emplace_back();
    for (Term t : terms[v])
      out.push_back(source(t));
  }

  // Rows: dim 0 of the first result, shared by every result.
  if (yield.getValues().empty() || terms[yield.getValues()[0]].empty())
    return dims;
  // A loop's trips are not row-independent: control flow runs whole.
  bool hasRegions = llvm::any_of(body.without_terminator(), [](Operation &op) {
    return op.getNumRegions() > 0;
  });
  if (hasRegions)
    return dims;
  Term rows = terms[yield.getValues()[0]][0];
  if (canonical(rows).isConst && canonical(rows).value <= 1)
    return dims;
  for (BlockArgument arg : body.getArguments())
    rowDim[arg] =
        (!terms[arg].empty() && same(terms[arg][0], rows)) ? 0 : kNoRow;
  for (Operation &op : body.without_terminator())
    rowDim[op.getResult(0)] = rowDimOf(&op);
  for (Value v : yield.getValues())
    if (rowDim.lookup(v) != 0)
      return dims;
  for (BlockArgument arg : body.getArguments())
    dims.split.push_back(rowDim[arg] == 0);
  dims.split.append(yield.getValues().size(), true);
  return dims;
}

} // namespace

FailureOr<FusionDims> analyzeFusionDims(ir::FusionOp fusion) {
  WalkResult checked = fusion.getBody().walk([](Operation *op) {
    if (isa<scf::WhileOp, scf::IfOp, scf::YieldOp, scf::ConditionOp,
            tensor::ExtractOp, ir::YieldOp>(op) ||
        (op->getNumResults() > 0 &&
         isa<RankedTensorType>(op->getResult(0).getType())))
      return WalkResult::advance();
    op->emitOpError("has no ranked tensor result to follow");
    return WalkResult::interrupt();
  });
  if (checked.wasInterrupted())
    return failure();
  return DimTracker(fusion).run();
}

} // namespace kiln::compiler
