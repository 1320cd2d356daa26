//===- FunctionalControlFlowToScf.cpp - If/While nodes to scf -------------===//
//
// TensorFlow's functional control flow names its branches and bodies as
// library functions; scf holds them as regions, which later passes can
// compile into one kernel. A node converts when its functions are plain
// (data arguments and results only) and its predicate a bool scalar; the
// rest stays for the host.
//
//===----------------------------------------------------------------------===//
#include "compiler/Passes.h"
#include "compiler/Transforms/KilnOpBuilding.h"
#include "ir/Translate/Conventions.h"

#include "mlir/IR/IRMapping.h"
#include "mlir/IR/SymbolTable.h"

namespace kiln::compiler {
#define GEN_PASS_DEF_FUNCTIONALCONTROLFLOWTOSCFPASS
#include "compiler/Passes.h.inc"
} // namespace kiln::compiler

using namespace mlir;

namespace kiln::compiler {
namespace {

bool isIf(StringRef type) { return type == "If" || type == "StatelessIf"; }
bool isWhile(StringRef type) {
  return type == "While" || type == "StatelessWhile";
}
bool isFunctionalControlFlow(Operation *op) {
  auto opaque = dyn_cast<ir::OpaqueOp>(op);
  return opaque && (isIf(opaque.getOpType()) || isWhile(opaque.getOpType()));
}

/// A tensor of a numeric or bool element type (not a resource, variant or
/// string).
bool isDataTensor(Type type) {
  auto tensor = dyn_cast<TensorType>(type);
  return tensor && isa<FloatType, IntegerType>(tensor.getElementType());
}

/// A data tensor of known rank, as the node's operands must be (the
/// regions' arguments take their types).
bool isRankedDataTensor(Type type) {
  return isa<RankedTensorType>(type) && isDataTensor(type);
}

/// The library function a func attr of `op` names, if it may be inlined:
/// data arguments and results only (of any rank: the clones are refined
/// from the node's operands), no control outputs. Control flow inside is
/// cloned as it is and converted in a later round, when its operands have
/// the types the caller's operands give them.
func::FuncOp plainCallee(ir::OpaqueOp op, StringRef attr,
                         SymbolTable &symbols) {
  auto ref = dyn_cast_or_null<ir::FuncAttr>(op.getAttrs().get(attr));
  if (!ref || !ref.getAttrs().empty())
    return nullptr;
  auto callee = symbols.lookup<func::FuncOp>(ref.getName().getRootReference());
  if (!callee || callee.isExternal() || !callee->hasAttr(ir::kFunctionDefAttr))
    return nullptr;
  for (Type type : callee.getArgumentTypes())
    if (!isDataTensor(type))
      return nullptr;
  for (Type type : callee.getResultTypes())
    if (!isa<TensorType>(type) || isa<ir::ControlType>(type))
      return nullptr;
  for (unsigned i = 0; i < callee.getNumResults(); ++i)
    if (callee.getResultAttr(i, ir::kControlRetAttr))
      return nullptr;
  return callee;
}

/// Clones `callee`'s body at `b`'s insertion point with its arguments bound
/// to `args`, refining each cloned op's types; returns the returned values.
SmallVector<Value> inlineBody(OpBuilder &b, func::FuncOp callee,
                              ValueRange args) {
  Block &entry = callee.getBody().front();
  IRMapping mapping;
  mapping.map(entry.getArguments(), args);
  for (Operation &op : entry.without_terminator()) {
    Operation *clone = b.clone(op, mapping);
    refineResultTypes(clone);
  }
  SmallVector<Value> results;
  for (Value value : entry.getTerminator()->getOperands())
    results.push_back(mapping.lookupOrDefault(value));
  return results;
}

/// `values` cast to `types` where they differ; failure when incompatible.
FailureOr<SmallVector<Value>> castTo(OpBuilder &b, Location loc,
                                     ValueRange values, TypeRange types) {
  SmallVector<Value> out;
  for (auto [value, type] : llvm::zip(values, types)) {
    if (value.getType() == type) {
      out.push_back(value);
      continue;
    }
    if (!tensor::CastOp::areCastCompatible(value.getType(), type))
      return failure();
    out.push_back(b.create<tensor::CastOp>(loc, type, value));
  }
  return out;
}

/// A bool scalar as the i1 scf wants; failure for any other predicate
/// (TensorFlow's truthiness of other dtypes and shapes stays on the host).
FailureOr<Value> predicateOf(OpBuilder &b, Location loc, Value pred) {
  auto type = dyn_cast<TensorType>(pred.getType());
  if (!type || !type.getElementType().isInteger(1))
    return failure();
  // A nested node's result is unranked until that node converts.
  auto scalar = RankedTensorType::get({}, type.getElementType());
  if (!type.hasRank())
    pred = b.create<tensor::CastOp>(loc, scalar, pred);
  else if (type.getRank() != 0)
    return failure();
  return b.create<tensor::ExtractOp>(loc, pred, ValueRange{}).getResult();
}

/// Whether the node's own edges allow the rewrite.
bool hasPlainEdges(ir::OpaqueOp op) {
  if (!op.getControlInputs().empty() || !op.getControl().use_empty())
    return false;
  return llvm::all_of(op.getInputs().getTypes(), isRankedDataTensor);
}

/// Replaces the node's outputs by `results` and erases it. Kiln ops take
/// the (more precise) new types; an enclosing region's terminator, whose
/// types must stay those of its loop or branch, reads a cast back.
void replaceOutputs(ir::OpaqueOp op, ValueRange results) {
  for (auto [from, to] : llvm::zip(op.getOutputs(), results)) {
    for (OpOperand &use : llvm::make_early_inc_range(from.getUses())) {
      Operation *user = use.getOwner();
      if (from.getType() == to.getType() ||
          !isa<scf::YieldOp, scf::ConditionOp>(user)) {
        use.set(to);
        continue;
      }
      OpBuilder b(user);
      use.set(b.create<tensor::CastOp>(user->getLoc(), from.getType(), to));
    }
  }
  op.erase();
}

LogicalResult convertWhile(ir::OpaqueOp op, SymbolTable &symbols) {
  func::FuncOp cond = plainCallee(op, "cond", symbols);
  func::FuncOp body = plainCallee(op, "body", symbols);
  ValueRange inits = op.getInputs();
  if (!cond || !body || cond.getNumArguments() != inits.size() ||
      body.getNumArguments() != inits.size() ||
      body.getNumResults() != inits.size() || cond.getNumResults() != 1)
    return failure();
  OpBuilder b(op);
  Location loc = op.getLoc();
  TypeRange types = inits.getTypes();
  auto loop = b.create<scf::WhileOp>(loc, types, inits);
  Block *before = b.createBlock(&loop.getBefore(), {}, types,
                                SmallVector<Location>(types.size(), loc));
  SmallVector<Value> decided = inlineBody(b, cond, before->getArguments());
  FailureOr<Value> pred = predicateOf(b, loc, decided[0]);
  Block *after = b.createBlock(&loop.getAfter(), {}, types,
                               SmallVector<Location>(types.size(), loc));
  SmallVector<Value> next = inlineBody(b, body, after->getArguments());
  FailureOr<SmallVector<Value>> yielded = castTo(b, loc, next, types);
  if (failed(pred) || failed(yielded)) {
    loop.erase();
    return failure();
  }
  b.create<scf::YieldOp>(loc, *yielded);
  b.setInsertionPointToEnd(before);
  b.create<scf::ConditionOp>(loc, *pred, before->getArguments());
  replaceOutputs(op, loop.getResults());
  return success();
}

/// One branch of an If, inlined from `callee` over `args` into a new block
/// (not yet in a region); its results in `results`.
Block *inlineBranch(OpBuilder &b, func::FuncOp callee, ValueRange args,
                    SmallVectorImpl<Value> &results) {
  OpBuilder::InsertionGuard guard(b);
  auto *block = new Block();
  b.setInsertionPointToStart(block);
  results = inlineBody(b, callee, args);
  return block;
}

/// The type both branches' values can be cast to: theirs when they agree,
/// else the node's declared output type.
FailureOr<Type> joinType(Value a, Value b, Type declared) {
  if (a.getType() == b.getType())
    return a.getType();
  if (tensor::CastOp::areCastCompatible(a.getType(), declared) &&
      tensor::CastOp::areCastCompatible(b.getType(), declared))
    return declared;
  return failure();
}

/// Moves `block` into `region` (replacing its block) and ends it with a
/// yield of `values` cast to `types`.
LogicalResult placeBranch(OpBuilder &b, Region &region, Block *block,
                          ValueRange values, TypeRange types, Location loc) {
  region.getBlocks().clear();
  region.push_back(block);
  OpBuilder::InsertionGuard guard(b);
  b.setInsertionPointToEnd(block);
  FailureOr<SmallVector<Value>> cast = castTo(b, loc, values, types);
  if (failed(cast))
    return failure();
  b.create<scf::YieldOp>(loc, *cast);
  return success();
}

LogicalResult convertIf(ir::OpaqueOp op, SymbolTable &symbols) {
  func::FuncOp thenFn = plainCallee(op, "then_branch", symbols);
  func::FuncOp elseFn = plainCallee(op, "else_branch", symbols);
  ValueRange inputs = op.getInputs();
  if (!thenFn || !elseFn || inputs.empty())
    return failure();
  ValueRange args = inputs.drop_front();
  unsigned count = op.getOutputs().size();
  for (func::FuncOp fn : {thenFn, elseFn})
    if (fn.getNumArguments() != args.size() || fn.getNumResults() != count)
      return failure();
  OpBuilder b(op);
  Location loc = op.getLoc();
  FailureOr<Value> pred = predicateOf(b, loc, inputs.front());
  if (failed(pred))
    return failure();
  SmallVector<Value> thenValues, elseValues;
  std::unique_ptr<Block> thenBlock(inlineBranch(b, thenFn, args, thenValues));
  std::unique_ptr<Block> elseBlock(inlineBranch(b, elseFn, args, elseValues));
  SmallVector<Type> types;
  for (unsigned i = 0; i < count; ++i) {
    FailureOr<Type> type =
        joinType(thenValues[i], elseValues[i], op.getOutputs()[i].getType());
    if (failed(type)) {
      pred->getDefiningOp()->erase();
      return failure();
    }
    types.push_back(*type);
  }
  auto ifOp = b.create<scf::IfOp>(loc, types, *pred, /*withElse=*/true);
  // Both casts succeed: each type was joined from the values.
  (void)placeBranch(b, ifOp.getThenRegion(), thenBlock.release(), thenValues,
                    types, loc);
  (void)placeBranch(b, ifOp.getElseRegion(), elseBlock.release(), elseValues,
                    types, loc);
  replaceOutputs(op, ifOp.getResults());
  return success();
}

/// `value` without the tensor.cast a conversion put on it.
Value uncast(Value value) {
  auto cast = value.getDefiningOp<tensor::CastOp>();
  return cast ? cast.getSource() : value;
}

/// Gives an scf.if's results the type both branches now yield, when a
/// nested node converted since (its results were unranked before).
void tightenIf(scf::IfOp ifOp) {
  if (ifOp.getNumResults() == 0)
    return;
  scf::YieldOp thenYield = ifOp.thenYield(), elseYield = ifOp.elseYield();
  for (auto [index, result] : llvm::enumerate(ifOp.getResults())) {
    Value a = uncast(thenYield.getOperand(index));
    Value b = uncast(elseYield.getOperand(index));
    if (a.getType() != b.getType() || a.getType() == result.getType() ||
        !tensor::CastOp::areCastCompatible(a.getType(), result.getType()))
      continue;
    thenYield.setOperand(index, a);
    elseYield.setOperand(index, b);
    result.setType(a.getType());
  }
}

/// Refines types after a round: kiln ops from their operands, scf.if
/// results from their branches, inner before outer and in program order.
void refineAll(ModuleOp module) {
  module.walk([](Operation *op) {
    if (auto ifOp = dyn_cast<scf::IfOp>(op))
      tightenIf(ifOp);
    else
      refineResultTypes(op);
  });
}

/// Converts what it can, callees before callers; true when anything did.
bool convertOnce(ModuleOp module, SymbolTable &symbols) {
  SmallVector<ir::OpaqueOp> candidates;
  module.walk([&](ir::OpaqueOp op) {
    if (isFunctionalControlFlow(op) && hasPlainEdges(op))
      candidates.push_back(op);
  });
  bool changed = false;
  for (ir::OpaqueOp op : candidates) {
    bool isLoop = isWhile(op.getOpType());
    changed |=
        succeeded(isLoop ? convertWhile(op, symbols) : convertIf(op, symbols));
  }
  return changed;
}

/// The library functions a func attr of the ops in `func` names.
SmallVector<func::FuncOp> calleesOf(func::FuncOp func, SymbolTable &symbols) {
  SmallVector<func::FuncOp> callees;
  func.walk([&](ir::OpaqueOp op) {
    for (NamedAttribute attr : op.getAttrs())
      if (auto ref = dyn_cast<ir::FuncAttr>(attr.getValue()))
        if (auto callee =
                symbols.lookup<func::FuncOp>(ref.getName().getRootReference()))
          callees.push_back(callee);
  });
  return callees;
}

/// Erases the library functions (kiln.function_def) no longer reachable
/// from the graph's functions through the nodes left.
void eraseUnreachableFunctions(ModuleOp module, SymbolTable &symbols) {
  llvm::SmallPtrSet<Operation *, 8> reached;
  SmallVector<func::FuncOp> work;
  for (auto func : module.getOps<func::FuncOp>())
    if (!func->hasAttr(ir::kFunctionDefAttr))
      work.push_back(func);
  while (!work.empty()) {
    func::FuncOp func = work.pop_back_val();
    if (!reached.insert(func).second)
      continue;
    llvm::append_range(work, calleesOf(func, symbols));
  }
  for (auto func : llvm::make_early_inc_range(module.getOps<func::FuncOp>()))
    if (func->hasAttr(ir::kFunctionDefAttr) && !reached.contains(func))
      symbols.erase(func);
}

struct FunctionalControlFlowToScfPass
    : impl::FunctionalControlFlowToScfPassBase<FunctionalControlFlowToScfPass> {
  void runOnOperation() override {
    ModuleOp module = getOperation();
    SymbolTable symbols(module);
    // Each round refines what reads the converted nodes, so a node fed by
    // an earlier one, or cloned from a body, sees ranked operands in the
    // next. Rounds are capped: a function that recurses through If would
    // unfold forever; what is left runs on the host.
    constexpr int kMaxRounds = 64;
    for (int round = 0; round < kMaxRounds && convertOnce(module, symbols);
         ++round)
      refineAll(module);
    for (auto func : module.getOps<func::FuncOp>())
      syncResultTypes(func);
    eraseUnreachableFunctions(module, symbols);
  }
};

} // namespace
} // namespace kiln::compiler
