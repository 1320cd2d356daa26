// Gradients of the indexing ops. GatherV2 (axis 0, no batch_dims: the
// embedding lookup) sums its gradient's rows into the rows it read, with
// UnsortedSegmentSum, whose own gradient gathers back (negative segment ids
// read nothing and get zeros); Tile's sums the tiles; ReverseV2's reverses;
// MirrorPad's folds back (MirrorPadGrad), and the fold's pads again.
#include "frontend/gradients/grad_helpers.h"
#include "frontend/gradients/registry.h"
#include "frontend/ops/ops.h"

namespace kiln {
namespace {

Status GatherV2Grad(const Scope& s, const GradOp& op, const OutputList& dy,
                    OutputList* dx) {
  Output params = op.input(0), indices = op.input(1);
  std::optional<std::vector<int64_t>> axis = grad::ConstantInts(op.input(2));
  if (!axis || (*axis)[0] != 0 || op.GetInt("batch_dims") != 0 ||
      params.shape().unknown_rank) {
    return Unimplemented("the gradient of node '" + op.name() +
                         "' needs axis 0 (a constant), batch_dims 0 and a "
                         "known params rank");
  }
  // dy is [indices..., params.shape[1:]...]: one row per index (the row
  // dims read at run time when some are unknown).
  std::vector<int64_t> rows = {-1};
  bool known_rows = true;
  for (int d = 1; d < params.shape().rank(); ++d) {
    rows.push_back(params.shape().dims[d]);
    known_rows = known_rows && params.shape().dims[d] >= 0;
  }
  Output row_shape =
      known_rows
          ? grad::Ints(s, rows)
          : ops::ConcatV2(
                s,
                {grad::Ints(s, {-1}),
                 ops::StridedSlice(s, ops::Shape(s, params), grad::Ints(s, {1}),
                                   grad::Ints(s, {0}), grad::Ints(s, {1}),
                                   ops::StridedSliceAttrs().EndMask(1))},
                0);
  Output flat_dy = ops::Reshape(s, dy[0], row_shape);
  Output flat_ids = ops::Reshape(s, indices, grad::Ints(s, {-1}));
  // The row count: a Const when known, so the result's shape is.
  const int64_t known = params.shape().dims[0];
  Output count = known >= 0 ? ops::Const(s, static_cast<int32_t>(known))
                            : ops::StridedSlice(
                                  s, ops::Shape(s, params), grad::Ints(s, {0}),
                                  grad::Ints(s, {1}), grad::Ints(s, {1}),
                                  ops::StridedSliceAttrs().ShrinkAxisMask(1));
  dx->push_back(ops::UnsortedSegmentSum(s, flat_dy, flat_ids, count));
  dx->push_back(Output());  // indices
  dx->push_back(Output());  // axis
  return s.status();
}

// d data[j...] = dy[ids[j...]] where ids >= 0, else 0.
Status UnsortedSegmentSumGrad(const Scope& s, const GradOp& op,
                              const OutputList& dy, OutputList* dx) {
  Output data = op.input(0), ids = op.input(1);
  Output clipped = ops::Maximum(s, ids, grad::Scalar(s, 0, ids));
  Output gathered = ops::GatherV2(s, dy[0], clipped, ops::Const(s, int32_t{0}));
  // ids with trailing 1s, to broadcast against data's trailing dims.
  const int extra = data.shape().unknown_rank || ids.shape().unknown_rank
                        ? -1
                        : data.shape().rank() - ids.shape().rank();
  if (extra < 0) {
    return Unimplemented("the gradient of node '" + op.name() +
                         "' needs known ranks");
  }
  Output kept = ids;
  for (int i = 0; i < extra; ++i) kept = ops::ExpandDims(s, kept, -1);
  Output valid = ops::Greater(s, kept, grad::Scalar(s, -1, ids));
  dx->push_back(ops::SelectV2(s, valid, gathered, ops::ZerosLike(s, gathered)));
  dx->push_back(Output());
  dx->push_back(Output());
  return s.status();
}

// dy viewed as [m0, d0, m1, d1, ...] summed over the m axes.
Status TileGrad(const Scope& s, const GradOp& op, const OutputList& dy,
                OutputList* dx) {
  const Shape& shape = op.input(0).shape();
  std::optional<std::vector<int64_t>> multiples =
      grad::ConstantInts(op.input(1));
  bool known = multiples && !shape.unknown_rank;
  for (int64_t d : known ? shape.dims : std::vector<int64_t>{})
    known = known && d >= 0;
  if (!known) {
    return Unimplemented("the gradient of node '" + op.name() +
                         "' needs constant multiples and a known input shape");
  }
  std::vector<int64_t> split, axes;
  for (int d = 0; d < shape.rank(); ++d) {
    split.push_back((*multiples)[d]);
    split.push_back(shape.dims[d]);
    axes.push_back(2 * d);
  }
  Output tiles = ops::Reshape(s, dy[0], grad::Ints(s, split));
  dx->push_back(ops::Sum(s, tiles, grad::Ints(s, axes)));
  dx->push_back(Output());
  return s.status();
}

Status ReverseV2Grad(const Scope& s, const GradOp& op, const OutputList& dy,
                     OutputList* dx) {
  dx->push_back(ops::ReverseV2(s, dy[0], op.input(1)));
  dx->push_back(Output());
  return s.status();
}

// MirrorPad and MirrorPadGrad are linear and each other's transpose.
Status MirrorPadGrad(const Scope& s, const GradOp& op, const OutputList& dy,
                     OutputList* dx) {
  const std::string mode = op.GetString("mode");
  dx->push_back(op.type() == "MirrorPad"
                    ? ops::MirrorPadGrad(s, dy[0], op.input(1), mode)
                    : ops::MirrorPad(s, dy[0], op.input(1), mode));
  dx->push_back(Output());
  return s.status();
}

}  // namespace

void RegisterIndexingGradients(GradientRegistry& r) {
  r.Register("MirrorPad", MirrorPadGrad);
  r.Register("MirrorPadGrad", MirrorPadGrad);
  r.Register("GatherV2", GatherV2Grad);
  r.Register("UnsortedSegmentSum", UnsortedSegmentSumGrad);
  r.Register("Tile", TileGrad);
  r.Register("ReverseV2", ReverseV2Grad);
}

}  // namespace kiln
