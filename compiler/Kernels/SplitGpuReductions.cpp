//===- SplitGpuReductions.cpp - Long reductions in three parallel stages --===//
#include "compiler/Kernels/SplitGpuReductions.h"

#include "compiler/Passes.h"

#include "mlir/Dialect/Affine/IR/AffineOps.h"
#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/Arith/Utils/Utils.h"
#include "mlir/Dialect/Linalg/IR/Linalg.h"
#include "mlir/Dialect/Math/IR/Math.h"
#include "mlir/Dialect/MemRef/IR/MemRef.h"
#include "mlir/Dialect/SCF/IR/SCF.h"
#include "mlir/IR/IRMapping.h"

#include <optional>

using namespace mlir;

namespace kiln::compiler {
#define GEN_PASS_DEF_SPLITLONGREDUCTIONSPASS
#include "compiler/Passes.h.inc"
} // namespace kiln::compiler

namespace kiln::compiler {
namespace {

/// The payload's last op combines the element's value with the output's
/// (`outOperand`), associatively; nothing else reads the output.
struct Combiner {
  Operation *op;
  unsigned outOperand;
};

std::optional<Combiner> matchCombiner(linalg::GenericOp op) {
  Block &body = op.getRegion().front();
  auto yield = cast<linalg::YieldOp>(body.getTerminator());
  if (yield.getNumOperands() != 1)
    return std::nullopt;
  Operation *def = yield.getOperand(0).getDefiningOp();
  if (!def || def->getBlock() != &body ||
      !isa<arith::AddFOp, arith::MulFOp, arith::MaximumFOp, arith::MinimumFOp,
           arith::MaxNumFOp, arith::MinNumFOp, arith::AddIOp, arith::MulIOp,
           arith::MaxSIOp, arith::MinSIOp, arith::MaxUIOp, arith::MinUIOp,
           arith::AndIOp, arith::OrIOp, arith::XOrIOp>(def))
    return std::nullopt;
  BlockArgument out = body.getArguments().back();
  if (!out.hasOneUse() || !arith::getNeutralElement(def))
    return std::nullopt;
  for (unsigned i = 0; i < 2; ++i)
    if (def->getOperand(i) == out)
      return Combiner{def, i};
  return std::nullopt;
}

Value index(OpBuilder &b, Location loc, int64_t v) {
  return b.create<arith::ConstantIndexOp>(loc, v);
}

Value product(OpBuilder &b, Location loc, ArrayRef<Value> sizes) {
  Value p = index(b, loc, 1);
  for (Value s : sizes)
    p = b.create<arith::MulIOp>(loc, p, s);
  return p;
}

/// `linear` as indices into `sizes` (row-major: the last fastest).
SmallVector<Value> delinearize(OpBuilder &b, Location loc, Value linear,
                               ArrayRef<Value> sizes) {
  SmallVector<Value> out(sizes.size());
  for (int i = static_cast<int>(sizes.size()) - 1; i >= 0; --i) {
    out[i] = b.create<arith::RemUIOp>(loc, linear, sizes[i]);
    linear = b.create<arith::DivUIOp>(loc, linear, sizes[i]);
  }
  return out;
}

/// The indices `map` takes `ivs` (all the op's loop indices) to.
SmallVector<Value> indicesAt(OpBuilder &b, Location loc, AffineMap map,
                             ValueRange ivs) {
  SmallVector<Value> indices;
  for (unsigned i = 0; i < map.getNumResults(); ++i)
    indices.push_back(
        b.create<affine::AffineApplyOp>(loc, map.getSubMap({i}), ivs));
  return indices;
}

/// The loop dims of the op split into parallel (the outputs') and reduced
/// ones, with their extents.
struct LoopDims {
  SmallVector<unsigned> parallel, reduced;
  SmallVector<Value> parallelSizes, reducedSizes;
};

LoopDims loopDims(OpBuilder &b, Location loc, linalg::GenericOp op) {
  LoopDims dims;
  SmallVector<Range, 4> ranges =
      cast<linalg::LinalgOp>(op.getOperation()).createLoopRanges(b, loc);
  for (auto [d, type] : llvm::enumerate(op.getIteratorTypesArray())) {
    Value size = getValueOrCreateConstantIndexOp(b, loc, ranges[d].size);
    bool reduced = type == utils::IteratorType::reduction;
    (reduced ? dims.reduced : dims.parallel).push_back(d);
    (reduced ? dims.reducedSizes : dims.parallelSizes).push_back(size);
  }
  return dims;
}

/// All loop indices from the parallel and reduced ones.
SmallVector<Value> loopIndices(const LoopDims &dims, ArrayRef<Value> parallel,
                               ArrayRef<Value> reduced) {
  SmallVector<Value> ivs(dims.parallel.size() + dims.reduced.size());
  for (auto [d, v] : llvm::zip(dims.parallel, parallel))
    ivs[d] = v;
  for (auto [d, v] : llvm::zip(dims.reduced, reduced))
    ivs[d] = v;
  return ivs;
}

Value ceilDiv(OpBuilder &b, Location loc, Value n, Value d) {
  Value rounded = b.create<arith::AddIOp>(
      loc, n, b.create<arith::SubIOp>(loc, d, index(b, loc, 1)));
  return b.create<arith::DivUIOp>(loc, rounded, d);
}

/// A chunking of `rows` into `chunks` chunks of `chunk` rows (the last
/// may be short).
struct Chunks {
  Value rows, chunk, chunks;
};

/// Chunks of at least `minChunk` rows, about `count` of them.
Chunks chunking(OpBuilder &b, Location loc, Value rows, Value count,
                int64_t minChunk) {
  Chunks c{rows, {}, {}};
  c.chunk = b.create<arith::MaxUIOp>(loc, ceilDiv(b, loc, rows, count),
                                     index(b, loc, minChunk));
  c.chunks = ceilDiv(b, loc, rows, c.chunk);
  return c;
}

/// About sqrt(n) + 1, for a chunking whose two sides balance.
Value squareRoot(OpBuilder &b, Location loc, Value n) {
  Value wide = b.create<arith::IndexCastUIOp>(loc, b.getI64Type(), n);
  Value root = b.create<math::SqrtOp>(
      loc, b.create<arith::UIToFPOp>(loc, b.getF64Type(), wide));
  Value floor = b.create<arith::IndexCastUIOp>(
      loc, b.getIndexType(),
      b.create<arith::FPToUIOp>(loc, b.getI64Type(), root));
  return b.create<arith::AddIOp>(loc, floor, index(b, loc, 1));
}

/// The threads stage 1 aims at: enough warps in flight on every SM of a
/// large GPU to hide the loads' latency.
constexpr int64_t kStageOneThreads = 65536;

/// `idx` (indices into `sizes`, row-major) advanced by one, with carries:
/// compares and selects, no division.
SmallVector<Value> advance(OpBuilder &b, Location loc, ValueRange idx,
                           ArrayRef<Value> sizes) {
  SmallVector<Value> next(idx.begin(), idx.end());
  Value carry = b.create<arith::ConstantIntOp>(loc, 1, 1);
  Value zero = index(b, loc, 0), one = index(b, loc, 1);
  for (int d = static_cast<int>(sizes.size()) - 1; d >= 0; --d) {
    Value bumped = b.create<arith::AddIOp>(loc, idx[d], one);
    Value wraps = b.create<arith::AndIOp>(
        loc, carry,
        b.create<arith::CmpIOp>(loc, arith::CmpIPredicate::eq, bumped,
                                sizes[d]));
    Value moved = b.create<arith::SelectOp>(loc, carry, bumped, idx[d]);
    next[d] = b.create<arith::SelectOp>(loc, wraps, zero, moved);
    carry = wraps;
  }
  return next;
}

/// A nest over (chunk g, output o) whose body gets chunk g's rows
/// [lo, hi) and (g, o).
void forEachChunk(
    OpBuilder &b, Location loc, const Chunks &c, Value outputs,
    function_ref<void(OpBuilder &, Location, Value, Value, ValueRange)> body) {
  Value zero = index(b, loc, 0), one = index(b, loc, 1);
  b.create<scf::ParallelOp>(
      loc, ValueRange{zero, zero}, ValueRange{c.chunks, outputs},
      ValueRange{one, one}, [&](OpBuilder &b, Location loc, ValueRange gi) {
        Value lo = b.create<arith::MulIOp>(loc, gi[0], c.chunk);
        Value hi = b.create<arith::MinUIOp>(
            loc, b.create<arith::AddIOp>(loc, lo, c.chunk), c.rows);
        body(b, loc, lo, hi, gi);
      });
}

/// Stage 1: partial[g, o] = the combination of chunk g's elements of
/// output o, accumulated in a register from the combiner's neutral value;
/// the reduced indices advance without divisions.
void buildPartials(OpBuilder &b, Location loc, linalg::GenericOp op,
                   const LoopDims &dims, Value neutral, Value outputs,
                   const Chunks &c, Value partial) {
  forEachChunk(
      b, loc, c, outputs,
      [&](OpBuilder &b, Location loc, Value lo, Value hi, ValueRange gi) {
        Value one = index(b, loc, 1);
        SmallVector<Value> outIdx =
            delinearize(b, loc, gi[1], dims.parallelSizes);
        SmallVector<Value> carried = {neutral};
        llvm::append_range(carried, delinearize(b, loc, lo, dims.reducedSizes));
        auto loop = b.create<scf::ForOp>(
            loc, lo, hi, one, carried,
            [&](OpBuilder &b, Location loc, Value, ValueRange state) {
              SmallVector<Value> reduced(state.drop_front());
              SmallVector<Value> ivs = loopIndices(dims, outIdx, reduced);
              Block &body = op.getRegion().front();
              IRMapping map;
              for (OpOperand *in : op.getDpsInputOperands()) {
                Value v = in->get();
                if (isa<MemRefType>(v.getType()))
                  v = b.create<memref::LoadOp>(
                      loc, v,
                      indicesAt(b, loc, op.getMatchingIndexingMap(in), ivs));
                map.map(body.getArgument(in->getOperandNumber()), v);
              }
              map.map(body.getArguments().back(), state[0]);
              for (Operation &inner : body.without_terminator())
                b.clone(inner, map);
              SmallVector<Value> yielded = {
                  map.lookup(body.getTerminator()->getOperand(0))};
              llvm::append_range(yielded,
                                 advance(b, loc, reduced, dims.reducedSizes));
              b.create<scf::YieldOp>(loc, yielded);
            });
        b.create<memref::StoreOp>(loc, loop.getResult(0), partial, gi);
      });
}

/// acc combined with src[lo..hi, o] (the combiner cloned per row).
Value combineRows(OpBuilder &b, Location loc, const Combiner &combiner,
                  Value src, Value lo, Value hi, Value o, Value acc) {
  auto loop = b.create<scf::ForOp>(
      loc, lo, hi, index(b, loc, 1), ValueRange{acc},
      [&](OpBuilder &b, Location loc, Value g, ValueRange acc) {
        Value v = b.create<memref::LoadOp>(loc, src, ValueRange{g, o});
        IRMapping map;
        map.map(combiner.op->getOperand(combiner.outOperand), acc[0]);
        map.map(combiner.op->getOperand(1 - combiner.outOperand), v);
        b.create<scf::YieldOp>(loc, b.clone(*combiner.op, map)->getResult(0));
      });
  return loop.getResult(0);
}

/// Stage 2: dst[g, o] = the combination of src's rows in chunk g.
void buildCombinedChunks(OpBuilder &b, Location loc, const Combiner &combiner,
                         Value neutral, Value outputs, const Chunks &c,
                         Value src, Value dst) {
  forEachChunk(
      b, loc, c, outputs,
      [&](OpBuilder &b, Location loc, Value lo, Value hi, ValueRange gi) {
        b.create<memref::StoreOp>(
            loc, combineRows(b, loc, combiner, src, lo, hi, gi[1], neutral),
            dst, gi);
      });
}

/// Stage 3: out[o] = combine(out[o], src[0..rows, o]).
void buildFinal(OpBuilder &b, Location loc, linalg::GenericOp op,
                const Combiner &combiner, const LoopDims &dims, Value outputs,
                Value rows, Value src) {
  Value zero = index(b, loc, 0), one = index(b, loc, 1);
  OpOperand *out = op.getDpsInitOperand(0);
  AffineMap outMap = op.getMatchingIndexingMap(out);
  b.create<scf::ParallelOp>(
      loc, ValueRange{zero}, ValueRange{outputs}, ValueRange{one},
      [&](OpBuilder &b, Location loc, ValueRange oi) {
        SmallVector<Value> reducedZeros(dims.reduced.size(), zero);
        SmallVector<Value> ivs = loopIndices(
            dims, delinearize(b, loc, oi[0], dims.parallelSizes), reducedZeros);
        SmallVector<Value> at = indicesAt(b, loc, outMap, ivs);
        Value init = b.create<memref::LoadOp>(loc, out->get(), at);
        b.create<memref::StoreOp>(
            loc, combineRows(b, loc, combiner, src, zero, rows, oi[0], init),
            out->get(), at);
      });
}

/// Whether the reduced extent is known to be at most `minExtent`.
bool shortReduction(linalg::GenericOp op, int64_t minExtent) {
  int64_t extent = 1;
  for (auto [size, type] :
       llvm::zip(op.getStaticLoopRanges(), op.getIteratorTypesArray())) {
    if (type != utils::IteratorType::reduction)
      continue;
    if (ShapedType::isDynamic(size))
      return false;
    extent *= size;
  }
  return extent <= minExtent;
}

bool splittable(linalg::GenericOp op, int64_t minExtent) {
  return op.hasPureBufferSemantics() && op.getNumDpsInits() == 1 &&
         op.getNumReductionLoops() > 0 && !shortReduction(op, minExtent) &&
         op.getRegion().front().getOps<linalg::IndexOp>().empty() &&
         matchCombiner(op).has_value();
}

} // namespace

void splitLongGpuReductions(func::FuncOp func, int64_t minExtent) {
  SmallVector<linalg::GenericOp> ops;
  func.walk([&](linalg::GenericOp op) {
    if (splittable(op, minExtent))
      ops.push_back(op);
  });
  for (linalg::GenericOp op : ops) {
    OpBuilder b(op);
    Location loc = op.getLoc();
    Combiner combiner = *matchCombiner(op);
    LoopDims dims = loopDims(b, loc, op);
    Value outputs = product(b, loc, dims.parallelSizes);
    Value extent = product(b, loc, dims.reducedSizes);
    // Stage 1 over about kStageOneThreads threads (chunks of 16 at least);
    // stage 2 folds its chunks in sqrt-sized groups; stage 3 each output's.
    Value wanted =
        ceilDiv(b, loc, index(b, loc, kStageOneThreads),
                b.create<arith::MaxUIOp>(loc, outputs, index(b, loc, 1)));
    Chunks first = chunking(b, loc, extent, wanted, 16);
    Chunks second =
        chunking(b, loc, first.chunks, squareRoot(b, loc, first.chunks), 1);
    Type accType = cast<MemRefType>(op.getDpsInitOperand(0)->get().getType())
                       .getElementType();
    auto buffer = [&](Value rows) {
      return b.create<memref::AllocOp>(
          loc,
          MemRefType::get({ShapedType::kDynamic, ShapedType::kDynamic},
                          accType),
          ValueRange{rows, outputs});
    };
    Value neutral = b.create<arith::ConstantOp>(
        loc, *arith::getNeutralElement(combiner.op));
    Value partial = buffer(first.chunks);
    buildPartials(b, loc, op, dims, neutral, outputs, first, partial);
    Value folded = buffer(second.chunks);
    buildCombinedChunks(b, loc, combiner, neutral, outputs, second, partial,
                        folded);
    b.create<memref::DeallocOp>(loc, partial);
    buildFinal(b, loc, op, combiner, dims, outputs, second.chunks, folded);
    b.create<memref::DeallocOp>(loc, folded);
    op.erase();
  }
}

namespace {

struct SplitLongReductionsPass
    : impl::SplitLongReductionsPassBase<SplitLongReductionsPass> {
  using SplitLongReductionsPassBase::SplitLongReductionsPassBase;
  void runOnOperation() override {
    splitLongGpuReductions(getOperation(), minExtent);
  }
};

} // namespace
} // namespace kiln::compiler
