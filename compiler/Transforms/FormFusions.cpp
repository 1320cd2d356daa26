//===- FormFusions.cpp - Cluster fusible ops into kiln.fusion -------------===//
//
// Each cluster becomes one generated kernel, so the fewer clusters the fewer
// passes over memory. Clustering is greedy in program order (XLA's and
// IREE's first-cut policy): an op joins its fusible producers' clusters
// unless a path would then leave the cluster and re-enter it, through
// outside ops or other clusters, which no order of the fusions could run.
//
//===----------------------------------------------------------------------===//
#include "compiler/Passes.h"

#include "compiler/Analysis/FusibleOps.h"
#include "compiler/Transforms/KilnOpBuilding.h"
#include "ir/Translate/Conventions.h"
#include "mlir/Analysis/TopologicalSortUtils.h"
#include "mlir/IR/IRMapping.h"
#include "llvm/ADT/SetVector.h"
#include "llvm/ADT/SmallPtrSet.h"

namespace kiln::compiler {
#define GEN_PASS_DEF_FORMFUSIONSPASS
#include "compiler/Passes.h.inc"
} // namespace kiln::compiler

using namespace mlir;

namespace kiln::compiler {
namespace {

/// Greedy clustering of one block's fusible ops.
/// "CPU", "GPU" or "" (no placement) from an op's device string.
StringRef deviceKind(Operation *op) {
  auto device = op->getAttrOfType<StringAttr>(ir::kDeviceAttr);
  if (!device)
    return "";
  if (device.getValue().contains_insensitive("GPU"))
    return "GPU";
  return device.getValue().contains_insensitive("CPU") ? "CPU" : "";
}

class Clustering {
public:
  explicit Clustering(Block &body) : body(body) {
    for (auto [index, op] : llvm::enumerate(body))
      position[&op] = index;
  }

  /// Starts a cluster holding `op` and, unless `singleton`, merges it with
  /// each of its producers' clusters that keeps the clusters acyclic.
  void add(Operation *op, bool singleton) {
    clusterOf[op] = clusters.size();
    clusters.push_back({op});
    if (singleton)
      return;
    for (Value operand : op->getOperands()) {
      Operation *producer = operand.getDefiningOp();
      auto it = producer ? clusterOf.find(producer) : clusterOf.end();
      if (it == clusterOf.end() || it->second == clusterOf[op])
        continue;
      // Ops placed on different kinds of device (NodeDef device strings:
      // CPU, GPU, none) stay apart.
      if (deviceKind(producer) != deviceKind(op))
        continue;
      if (!wouldCreateCycle(clusterOf[op], it->second))
        merge(it->second, clusterOf[op]);
    }
  }

  /// The non-empty clusters, each in program order.
  SmallVector<SmallVector<Operation *>> result() {
    SmallVector<SmallVector<Operation *>> nonEmpty;
    for (SmallVector<Operation *> &cluster : clusters) {
      if (cluster.empty())
        continue;
      llvm::sort(cluster, [&](Operation *a, Operation *b) {
        return position[a] < position[b];
      });
      nonEmpty.push_back(cluster);
    }
    return nonEmpty;
  }

private:
  /// Moves cluster `from`'s members into `into`.
  void merge(unsigned into, unsigned from) {
    for (Operation *op : clusters[from]) {
      clusterOf[op] = into;
      clusters[into].push_back(op);
    }
    clusters[from].clear();
  }

  /// Whether merging clusters `a` and `b` would make the graph of fusions
  /// cyclic: a path leaves the union and comes back to it, through outside
  /// ops or other clusters (each of which becomes one node, so entering any
  /// of its members leads on from all of them).
  bool wouldCreateCycle(unsigned a, unsigned b) {
    auto clusterIdOf = [&](Operation *op) -> std::optional<unsigned> {
      auto it = clusterOf.find(op);
      if (it == clusterOf.end())
        return std::nullopt;
      return it->second;
    };
    SmallVector<Operation *> work;
    llvm::SmallPtrSet<Operation *, 32> seen;
    auto enter = [&](Operation *op) {
      std::optional<unsigned> id = clusterIdOf(op);
      if (!id) {
        if (seen.insert(op).second)
          work.push_back(op);
        return;
      }
      for (Operation *member : clusters[*id])
        if (seen.insert(member).second)
          work.push_back(member);
    };
    // Returns true when `op`'s users reach back into the union.
    auto visitUsers = [&](Operation *op, bool fromUnion) {
      for (Operation *user : op->getUsers()) {
        Operation *outer = body.findAncestorOpInBlock(*user);
        if (!outer)
          continue;
        std::optional<unsigned> id = clusterIdOf(outer);
        if (id && (*id == a || *id == b)) {
          if (!fromUnion)
            return true;
          continue;
        }
        enter(outer);
      }
      return false;
    };
    for (unsigned id : {a, b})
      for (Operation *op : clusters[id])
        visitUsers(op, /*fromUnion=*/true);
    while (!work.empty())
      if (visitUsers(work.pop_back_val(), /*fromUnion=*/false))
        return true;
    return false;
  }

  Block &body;
  DenseMap<Operation *, unsigned> position;
  DenseMap<Operation *, unsigned> clusterOf;
  SmallVector<SmallVector<Operation *>> clusters;
};

/// Replaces `members` (in program order) by one kiln.fusion; returns the
/// constants it cloned, which may now be dead outside.
SmallVector<Operation *> materialize(ArrayRef<Operation *> members) {
  llvm::SmallPtrSet<Operation *, 16> isMember(members.begin(), members.end());
  Block *body = members.front()->getBlock();
  auto outside = [&](OpOperand &use) {
    return !isMember.contains(body->findAncestorOpInBlock(*use.getOwner()));
  };

  llvm::SetVector<Value> inputs;
  llvm::SetVector<Operation *> constants;
  SmallVector<Value> outputs;
  for (Operation *member : members) {
    SmallVector<unsigned> constantPositions = constantOperandPositions(member);
    for (auto [index, operand] : llvm::enumerate(member->getOperands())) {
      Operation *producer = operand.getDefiningOp();
      if (producer && isMember.contains(producer))
        continue;
      auto constant = dyn_cast_or_null<ir::ConstOp>(producer);
      if (constant && (llvm::is_contained(constantPositions, index) ||
                       isSmallConstant(constant)))
        constants.insert(constant);
      else
        inputs.insert(operand);
    }
    for (Value result : dataResults(member))
      if (llvm::any_of(result.getUses(), outside))
        outputs.push_back(result);
  }

  SmallVector<Location> locs;
  for (Operation *member : members)
    locs.push_back(member->getLoc());
  OpBuilder b(members.back());
  ir::FusionOp fusion =
      buildFusion(b, b.getFusedLoc(locs), inputs.getArrayRef(),
                  constants.getArrayRef(), members, outputs);
  // Members share their device string (see Clustering::add); the kernel
  // keeps it for placement.
  if (Attribute device = members.front()->getAttr(ir::kDeviceAttr))
    fusion->setAttr(ir::kDeviceAttr, device);

  for (auto [output, result] : llvm::zip(outputs, fusion.getResults()))
    output.replaceUsesWithIf(result, outside);
  for (Operation *member : llvm::reverse(members))
    member->erase();
  return SmallVector<Operation *>(constants.begin(), constants.end());
}

struct FormFusionsPass : impl::FormFusionsPassBase<FormFusionsPass> {
  using FormFusionsPassBase::FormFusionsPassBase;

  void runOnOperation() override {
    Block &body = getOperation().getBody().front();
    Clustering clustering(body);
    for (Operation &op : body)
      if (isFusible(&op))
        clustering.add(&op, singletons);
    SmallVector<SmallVector<Operation *>> clusters = clustering.result();
    if (clusters.empty())
      return markAllAnalysesPreserved();

    llvm::SetVector<Operation *> cloned;
    for (ArrayRef<Operation *> cluster : clusters)
      for (Operation *constant : materialize(cluster))
        cloned.insert(constant);
    for (Operation *constant : cloned)
      if (constant->use_empty())
        constant->erase();
    // A fusion sits where its last member was; users of its results that
    // came between its members move after it.
    if (!sortTopologically(&body)) {
      getOperation().emitOpError("fusions formed a cycle");
      return signalPassFailure();
    }
  }
};

} // namespace
} // namespace kiln::compiler
