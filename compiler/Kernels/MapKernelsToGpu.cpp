//===- MapKernelsToGpu.cpp - A kernel's loop nests as GPU launches --------===//
//
// Runs on bufferized kernels marked `kiln.gpu` whose linalg ops became
// scf.parallel nests (reductions as scf.for inside). Each top-level nest is
// collapsed to one parallel dim, tiled by the block size and mapped to
// blocks x threads; what is left at the top level that touches memory runs
// as a one-iteration nest (one thread). Long reductions are first split in
// three parallel stages (SplitGpuReductions.h). Temporaries and copies move
// to the device. SCF-to-GPU then makes the gpu.launch ops.
//
//===----------------------------------------------------------------------===//
#include "compiler/Passes.h"

#include "compiler/Kernels/SplitGpuReductions.h"

#include "mlir/Conversion/SCFToGPU/SCFToGPU.h"
#include "mlir/Dialect/GPU/IR/GPUDialect.h"
#include "mlir/Dialect/GPU/Transforms/ParallelLoopMapper.h"
#include "mlir/Dialect/Linalg/IR/Linalg.h"
#include "mlir/Dialect/Linalg/Transforms/Transforms.h"
#include "mlir/Dialect/MemRef/IR/MemRef.h"
#include "mlir/Dialect/SCF/Transforms/Transforms.h"
#include "mlir/Dialect/SCF/Utils/Utils.h"
#include "mlir/IR/AffineMap.h"
#include "mlir/IR/PatternMatch.h"
#include "mlir/Interfaces/SideEffectInterfaces.h"
#include "mlir/Transforms/DialectConversion.h"
#include "mlir/Transforms/RegionUtils.h"
#include "llvm/ADT/SetVector.h"

namespace kiln::compiler {
#define GEN_PASS_DEF_MAPKERNELSTOGPUPASS
#include "compiler/Passes.h.inc"
} // namespace kiln::compiler

using namespace mlir;

namespace kiln::compiler {
namespace {

/// Linalg ops (on buffers) as scf.parallel nests, reductions inside.
LogicalResult linalgToParallelLoops(func::FuncOp func) {
  IRRewriter rewriter(func.getContext());
  SmallVector<linalg::LinalgOp> ops;
  func.walk([&](linalg::LinalgOp op) { ops.push_back(op); });
  for (linalg::LinalgOp op : ops) {
    rewriter.setInsertionPoint(op);
    if (failed(linalg::linalgOpToParallelLoops(rewriter, op)))
      return op->emitError("cannot lower to parallel loops for the GPU");
    rewriter.eraseOp(op);
  }
  return success();
}

/// A parallel nest inside another (linalg makes one after a reduction dim:
/// [parallel, reduction, parallel]) as sequential loops: a thread runs it.
void sequentialize(scf::ParallelOp loop) {
  OpBuilder builder(loop);
  SmallVector<Value> ivs;
  for (auto [lb, ub, step] :
       llvm::zip(loop.getLowerBound(), loop.getUpperBound(), loop.getStep())) {
    auto inner = builder.create<scf::ForOp>(loop.getLoc(), lb, ub, step);
    ivs.push_back(inner.getInductionVar());
    builder.setInsertionPoint(inner.getBody()->getTerminator());
  }
  Block *old = loop.getBody();
  old->getTerminator()->erase(); // scf.reduce with no operands
  for (auto [iv, replacement] : llvm::zip(old->getArguments(), ivs))
    iv.replaceAllUsesWith(replacement);
  Block *dest = builder.getInsertionBlock();
  dest->getOperations().splice(builder.getInsertionPoint(),
                               old->getOperations());
  loop.erase();
}

LogicalResult sequentializeNestedParallels(func::FuncOp func) {
  SmallVector<scf::ParallelOp> nested;
  func.walk([&](scf::ParallelOp loop) {
    if (loop->getParentOfType<scf::ParallelOp>())
      nested.push_back(loop);
  });
  for (scf::ParallelOp loop : llvm::reverse(nested)) {
    if (loop.getNumReductions() != 0)
      return loop.emitError("a nested parallel reduction on the GPU");
    sequentialize(loop);
  }
  return success();
}

/// A top-level sequential loop around one parallel nest (a reduction over
/// the leading dim, [reduction, parallel]) as the parallel nest around the
/// loop: each thread then owns its outputs and walks the reduced dim.
void interchangeReductionLoops(func::FuncOp func) {
  SmallVector<scf::ForOp> loops;
  for (Operation &op : func.getBody().front())
    if (auto loop = dyn_cast<scf::ForOp>(op))
      if (loop.getNumRegionIterArgs() == 0 &&
          llvm::hasSingleElement(loop.getBody()->without_terminator()) &&
          isa<scf::ParallelOp>(loop.getBody()->front()) &&
          cast<scf::ParallelOp>(loop.getBody()->front()).getNumReductions() ==
              0)
        loops.push_back(loop);
  for (scf::ForOp loop : loops) {
    auto inner = cast<scf::ParallelOp>(loop.getBody()->front());
    OpBuilder builder(loop);
    auto outer =
        builder.create<scf::ParallelOp>(inner.getLoc(), inner.getLowerBound(),
                                        inner.getUpperBound(), inner.getStep());
    builder.setInsertionPoint(outer.getBody()->getTerminator());
    auto seq = builder.create<scf::ForOp>(loop.getLoc(), loop.getLowerBound(),
                                          loop.getUpperBound(), loop.getStep());
    Block *body = inner.getBody();
    body->getTerminator()->erase();
    for (auto [iv, replacement] :
         llvm::zip(body->getArguments(), outer.getInductionVars()))
      iv.replaceAllUsesWith(replacement);
    loop.getInductionVar().replaceAllUsesWith(seq.getInductionVar());
    seq.getBody()->getOperations().splice(
        seq.getBody()->getTerminator()->getIterator(), body->getOperations());
    loop.erase();
  }
}

/// A constant tensor the kernel holds is a memref.global: got in host code,
/// its address is host memory, which a launch must not read. Each launch
/// gets its own get_global instead, so outlining copies the global into the
/// GPU module (device memory).
void sinkGlobalsIntoLaunches(func::FuncOp func) {
  func.walk([](gpu::LaunchOp launch) {
    llvm::SetVector<Value> above;
    getUsedValuesDefinedAbove(launch.getBody(), above);
    OpBuilder b = OpBuilder::atBlockBegin(&launch.getBody().front());
    for (Value v : above) {
      auto global = v.getDefiningOp<memref::GetGlobalOp>();
      if (!global)
        continue;
      Value inside = b.clone(*global)->getResult(0);
      replaceAllUsesInRegionWith(v, inside, launch.getBody());
    }
  });
}

/// Nothing but launches may touch memory in the host code left.
LogicalResult checkHostCode(func::FuncOp func) {
  WalkResult walk = func.walk([](Operation *op) {
    if (op->getParentOfType<gpu::LaunchOp>())
      return WalkResult::skip();
    if (isa<scf::ParallelOp, memref::LoadOp, memref::StoreOp>(op)) {
      op->emitError("GPU kernel lowering left host code touching device "
                    "memory");
      return WalkResult::interrupt();
    }
    return WalkResult::advance();
  });
  return failure(walk.wasInterrupted());
}

/// memref.alloc/dealloc/copy in host code become their gpu forms.
void moveBuffersToDevice(func::FuncOp func) {
  IRRewriter rewriter(func.getContext());
  func.walk([&](Operation *op) {
    rewriter.setInsertionPoint(op);
    if (auto alloc = dyn_cast<memref::AllocOp>(op)) {
      auto gpuAlloc = rewriter.create<gpu::AllocOp>(
          alloc.getLoc(), alloc.getType(), /*asyncToken=*/Type(),
          /*asyncDependencies=*/ValueRange(), alloc.getDynamicSizes(),
          alloc.getSymbolOperands(), /*hostShared=*/false);
      rewriter.replaceOp(alloc, gpuAlloc.getMemref());
    } else if (auto dealloc = dyn_cast<memref::DeallocOp>(op)) {
      rewriter.create<gpu::DeallocOp>(dealloc.getLoc(), Type(), ValueRange(),
                                      dealloc.getMemref());
      rewriter.eraseOp(dealloc);
    } else if (auto copy = dyn_cast<memref::CopyOp>(op)) {
      rewriter.create<gpu::MemcpyOp>(copy.getLoc(), Type(), ValueRange(),
                                     copy.getTarget(), copy.getSource());
      rewriter.eraseOp(copy);
    }
  });
}

/// Whether `op` reads or writes buffer contents (so must run on the device).
bool touchesMemory(Operation *op) {
  if (isa<scf::ParallelOp, gpu::AllocOp, gpu::DeallocOp, gpu::MemcpyOp>(op))
    return false;
  WalkResult walk = op->walk([](Operation *inner) {
    return isa<memref::LoadOp, memref::StoreOp>(inner) ? WalkResult::interrupt()
                                                       : WalkResult::advance();
  });
  return walk.wasInterrupted();
}

/// Scalar work between memory ops (a mean's division between the sum's
/// load and the result's store) that joins their serial run.
bool joinsSerialRun(Operation *op) {
  return op->getNumRegions() == 0 && !op->hasTrait<OpTrait::ConstantLike>() &&
         isMemoryEffectFree(op) &&
         llvm::none_of(op->getResultTypes(),
                       [](Type t) { return isa<BaseMemRefType>(t); });
}

/// Wraps each run of top-level memory-touching ops (with the scalar work
/// between them) in a one-iteration scf.parallel. Fails when a wrapped
/// op's result is used outside its run.
LogicalResult wrapSerialWork(func::FuncOp func) {
  Block &body = func.getBody().front();
  SmallVector<SmallVector<Operation *>> runs;
  SmallVector<Operation *> pending; // scalar ops after the run's last op
  bool open = false;
  for (Operation &op : body) {
    if (touchesMemory(&op)) {
      if (!open)
        runs.emplace_back();
      runs.back().append(pending.begin(), pending.end());
      runs.back().push_back(&op);
      pending.clear();
      open = true;
    } else if (open && joinsSerialRun(&op)) {
      pending.push_back(&op);
    } else if (!op.hasTrait<OpTrait::ConstantLike>()) {
      open = false;
      pending.clear();
    }
  }
  OpBuilder builder(func.getContext());
  for (SmallVector<Operation *> &run : runs) {
    for (Operation *op : run)
      for (Value result : op->getResults())
        for (Operation *user : result.getUsers())
          if (!llvm::is_contained(run, body.findAncestorOpInBlock(*user)))
            return op->emitError("a value computed serially is used by "
                                 "other GPU work");
    // After the ops outside the run that lie between its members (constants,
    // dims), which its members may use.
    builder.setInsertionPoint(run.back());
    Location loc = run.front()->getLoc();
    Value zero = builder.create<arith::ConstantIndexOp>(loc, 0);
    Value one = builder.create<arith::ConstantIndexOp>(loc, 1);
    auto loop = builder.create<scf::ParallelOp>(
        loc, ValueRange{zero}, ValueRange{one}, ValueRange{one});
    Block *loopBody = loop.getBody();
    for (Operation *op : run)
      op->moveBefore(loopBody->getTerminator());
  }
  return success();
}

/// Marks an outer (tiles) x inner (within a tile) pair for SCF-to-GPU.
LogicalResult setMapping(scf::ParallelOp outer, scf::ParallelOp inner) {
  MLIRContext *context = outer.getContext();
  AffineMap id = AffineMap::getMultiDimIdentityMap(1, context);
  auto dim = [&](gpu::Processor processor) {
    return gpu::ParallelLoopDimMappingAttr::get(context, processor, id, id);
  };
  if (failed(gpu::setMappingAttr(outer, {dim(gpu::Processor::BlockX)})) ||
      failed(gpu::setMappingAttr(inner, {dim(gpu::Processor::ThreadX)})))
    return failure();
  // Nests inside a thread (none after collapsing, but be exact) are loops.
  WalkResult walk = inner.getBody()->walk([&](scf::ParallelOp nested) {
    SmallVector<gpu::ParallelLoopDimMappingAttr> seq(
        nested.getNumLoops(), dim(gpu::Processor::Sequential));
    return failed(gpu::setMappingAttr(nested, seq)) ? WalkResult::interrupt()
                                                    : WalkResult::advance();
  });
  return failure(walk.wasInterrupted());
}

struct MapKernelsToGpuPass
    : impl::MapKernelsToGpuPassBase<MapKernelsToGpuPass> {
  using MapKernelsToGpuPassBase::MapKernelsToGpuPassBase;

  void runOnOperation() override {
    func::FuncOp func = getOperation();
    if (!func->hasAttr("kiln.gpu"))
      return;
    splitLongGpuReductions(func);
    if (failed(linalgToParallelLoops(func)) ||
        failed(sequentializeNestedParallels(func)))
      return signalPassFailure();
    interchangeReductionLoops(func);
    moveBuffersToDevice(func);
    // Serial work becomes a one-thread nest; what it holds runs in order.
    if (failed(wrapSerialWork(func)) ||
        failed(sequentializeNestedParallels(func)))
      return signalPassFailure();
    SmallVector<scf::ParallelOp> nests(
        func.getBody().front().getOps<scf::ParallelOp>());
    IRRewriter rewriter(&getContext());
    for (scf::ParallelOp nest : nests) {
      // One parallel dim, so the grid covers any shape with one block size.
      if (nest.getNumLoops() > 1) {
        std::vector<unsigned> all(nest.getNumLoops());
        for (unsigned i = 0; i < all.size(); ++i)
          all[i] = i;
        Operation *next = nest->getNextNode();
        rewriter.setInsertionPoint(nest);
        collapseParallelLoops(rewriter, nest, {all});
        nest = cast<scf::ParallelOp>(next->getPrevNode());
      }
      auto [outer, inner] = scf::tileParallelLoop(nest, {blockSize},
                                                  /*noMinMaxBounds=*/true);
      if (failed(setMapping(outer, inner)))
        return signalPassFailure();
    }
    RewritePatternSet patterns(&getContext());
    populateParallelLoopToGPUPatterns(patterns);
    ConversionTarget target(getContext());
    target.markUnknownOpDynamicallyLegal([](Operation *) { return true; });
    configureParallelLoopToGPULegality(target);
    if (failed(applyPartialConversion(func, target, std::move(patterns))))
      return signalPassFailure();
    finalizeParallelLoopToGPUConversion(func);
    sinkGlobalsIntoLaunches(func);
    if (failed(checkHostCode(func)))
      return signalPassFailure();
  }
};

} // namespace
} // namespace kiln::compiler
