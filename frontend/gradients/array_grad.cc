// Gradients of the array ops: re-shapes reshape the gradient back,
// Transpose applies the inverse permutation, ConcatV2 and Pack slice the
// gradient into their inputs' pieces, Fill sums it into the value, Slice
// pads it back (and Pad slices), StridedSlice scatters it with
// StridedSliceGrad.
#include <numeric>

#include "frontend/gradients/grad_helpers.h"
#include "frontend/gradients/registry.h"
#include "frontend/ops/ops.h"

namespace kiln {
namespace {

// `dy` reshaped to `x`'s shape: a constant shape when at most one dim is
// unknown (it becomes -1), x's run-time Shape otherwise.
Output ReshapeLike(const Scope& s, const Output& dy, const Output& x) {
  const Shape& shape = x.shape();
  int unknown = 0;
  for (int64_t d : shape.dims) unknown += d < 0 ? 1 : 0;
  if (shape.unknown_rank || unknown > 1) {
    return ops::Reshape(s, dy, ops::Shape(s, x));
  }
  return ops::Reshape(s, dy, grad::Ints(s, shape.dims));
}

// Reshape, ExpandDims, Squeeze: the gradient takes the input's shape; the
// shape/axis inputs get none.
Status ReshapeGrad(const Scope& s, const GradOp& op, const OutputList& dy,
                   OutputList* dx) {
  dx->push_back(ReshapeLike(s, dy[0], op.input(0)));
  for (int i = 1; i < op.num_inputs(); ++i) dx->push_back(Output());
  return s.status();
}

Status TransposeGrad(const Scope& s, const GradOp& op, const OutputList& dy,
                     OutputList* dx) {
  std::optional<std::vector<int64_t>> perm = grad::ConstantInts(op.input(1));
  if (!perm) {
    return Unimplemented("the gradient of node '" + op.name() +
                         "' needs a constant perm");
  }
  const int64_t rank = static_cast<int64_t>(perm->size());
  std::vector<int64_t> inverse(perm->size());
  for (int64_t i = 0; i < rank; ++i) {
    inverse[(*perm)[i] < 0 ? (*perm)[i] + rank : (*perm)[i]] = i;
  }
  dx->push_back(ops::Transpose(s, dy[0], grad::Ints(s, inverse)));
  dx->push_back(Output());
  return s.status();
}

// Slices [offset, offset + size) of `dy` along `axis`.
Output SliceAlong(const Scope& s, const Output& dy, int rank, int64_t axis,
                  int64_t offset, int64_t size) {
  std::vector<int64_t> begin(rank, 0), sizes(rank, -1);
  begin[axis] = offset;
  sizes[axis] = size;
  return ops::Slice(s, dy, grad::Ints(s, begin), grad::Ints(s, sizes));
}

Status ConcatGrad(const Scope& s, const GradOp& op, const OutputList& dy,
                  OutputList* dx) {
  const int n = op.num_inputs() - 1;
  const Shape out = op.output(0).shape();
  std::optional<std::vector<int64_t>> axis_value =
      grad::ConstantInts(op.input(n));
  if (out.unknown_rank || !axis_value || axis_value->size() != 1) {
    return Unimplemented("the gradient of node '" + op.name() +
                         "' needs a constant axis and a known rank");
  }
  const int rank = out.rank();
  const int64_t axis =
      (*axis_value)[0] < 0 ? (*axis_value)[0] + rank : (*axis_value)[0];
  int64_t offset = 0;
  for (int i = 0; i < n; ++i) {
    const int64_t size = op.input(i).shape().dims[axis];
    if (size < 0) {
      return Unimplemented("the gradient of node '" + op.name() +
                           "' needs each input's size along the axis");
    }
    dx->push_back(SliceAlong(s, dy[0], rank, axis, offset, size));
    offset += size;
  }
  dx->push_back(Output());
  return s.status();
}

// Input i is slice i of the gradient along the packed axis.
Status PackGrad(const Scope& s, const GradOp& op, const OutputList& dy,
                OutputList* dx) {
  const Shape out = op.output(0).shape();
  if (out.unknown_rank) {
    return Unimplemented("the gradient of node '" + op.name() +
                         "' needs a known rank");
  }
  const int rank = out.rank();
  int64_t axis = op.GetInt("axis");
  if (axis < 0) axis += rank;
  for (int i = 0; i < op.num_inputs(); ++i) {
    Output piece = SliceAlong(s, dy[0], rank, axis, i, 1);
    dx->push_back(
        ops::Squeeze(s, piece, ops::SqueezeAttrs().SqueezeDims({axis})));
  }
  return s.status();
}

// Fill(dims, value): the value gets the sum of the gradient.
Status FillGrad(const Scope& s, const GradOp& op, const OutputList& dy,
                OutputList* dx) {
  const Shape out = op.output(0).shape();
  if (out.unknown_rank) {
    return Unimplemented("the gradient of node '" + op.name() +
                         "' needs a known rank");
  }
  std::vector<int64_t> all(out.rank());
  std::iota(all.begin(), all.end(), 0);
  dx->push_back(Output());
  dx->push_back(ops::Sum(s, dy[0], grad::Ints(s, all)));
  return s.status();
}

// Slice(x, begin, size): dy padded back to x's shape with zeros.
Status SliceGrad(const Scope& s, const GradOp& op, const OutputList& dy,
                 OutputList* dx) {
  const Output& x = op.input(0);
  const Shape out = op.output(0).shape();
  std::optional<std::vector<int64_t>> begin = grad::ConstantInts(op.input(1));
  bool known = begin && !x.shape().unknown_rank && !out.unknown_rank;
  for (int d = 0; known && d < x.shape().rank(); ++d) {
    known = x.shape().dims[d] >= 0 && out.dims[d] >= 0;
  }
  if (!known) {
    return Unimplemented("the gradient of node '" + op.name() +
                         "' needs a constant begin and known shapes");
  }
  std::vector<int32_t> pads;
  for (int d = 0; d < x.shape().rank(); ++d) {
    pads.push_back(static_cast<int32_t>((*begin)[d]));
    pads.push_back(
        static_cast<int32_t>(x.shape().dims[d] - (*begin)[d] - out.dims[d]));
  }
  const int64_t rank = x.shape().rank();
  dx->push_back(ops::Pad(s, dy[0], ops::Const(s, pads, Shape::Of({rank, 2}))));
  dx->push_back(Output());
  dx->push_back(Output());
  return s.status();
}

// Pad(x, paddings): the slice of dy where x went.
Status PadGrad(const Scope& s, const GradOp& op, const OutputList& dy,
               OutputList* dx) {
  const Output& x = op.input(0);
  std::optional<std::vector<int64_t>> pads = grad::ConstantInts(op.input(1));
  if (!pads || x.shape().unknown_rank) {
    return Unimplemented("the gradient of node '" + op.name() +
                         "' needs constant paddings and a known rank");
  }
  std::vector<int64_t> begin;
  for (int d = 0; d < x.shape().rank(); ++d) begin.push_back((*pads)[2 * d]);
  dx->push_back(
      ops::Slice(s, dy[0], grad::Ints(s, begin), grad::ShapeOf(s, x)));
  dx->push_back(Output());
  return s.status();
}

ops::StridedSliceAttrs SliceMasks(const GradOp& op) {
  return ops::StridedSliceAttrs()
      .BeginMask(op.GetInt("begin_mask"))
      .EndMask(op.GetInt("end_mask"))
      .EllipsisMask(op.GetInt("ellipsis_mask"))
      .NewAxisMask(op.GetInt("new_axis_mask"))
      .ShrinkAxisMask(op.GetInt("shrink_axis_mask"));
}

Status StridedSliceGrad(const Scope& s, const GradOp& op, const OutputList& dy,
                        OutputList* dx) {
  ops::StridedSliceAttrs m = SliceMasks(op);
  // The shape in the slice spec's index type (int32 or int64).
  Output shape = grad::ShapeOf(s, op.input(0), op.input(1).dtype());
  dx->push_back(ops::StridedSliceGrad(s, shape, op.input(1), op.input(2),
                                      op.input(3), dy[0],
                                      ops::StridedSliceGradAttrs()
                                          .BeginMask(m.begin_mask)
                                          .EndMask(m.end_mask)
                                          .EllipsisMask(m.ellipsis_mask)
                                          .NewAxisMask(m.new_axis_mask)
                                          .ShrinkAxisMask(m.shrink_axis_mask)));
  for (int i = 1; i < 4; ++i) dx->push_back(Output());
  return s.status();
}

// StridedSliceGrad is linear in dy: its gradient slices again.
Status StridedSliceGradGrad(const Scope& s, const GradOp& op,
                            const OutputList& dy, OutputList* dx) {
  for (int i = 0; i < 4; ++i) dx->push_back(Output());
  dx->push_back(ops::StridedSlice(s, dy[0], op.input(1), op.input(2),
                                  op.input(3), SliceMasks(op)));
  return s.status();
}

}  // namespace

void RegisterArrayGradients(GradientRegistry& r) {
  for (const char* op : {"Reshape", "ExpandDims", "Squeeze"}) {
    r.Register(op, ReshapeGrad);
  }
  r.Register("Transpose", TransposeGrad);
  r.Register("ConcatV2", ConcatGrad);
  r.Register("Pack", PackGrad);
  r.Register("Fill", FillGrad);
  r.Register("Slice", SliceGrad);
  r.Register("Pad", PadGrad);
  r.Register("StridedSlice", StridedSliceGrad);
  r.Register("StridedSliceGrad", StridedSliceGradGrad);
  for (const char* op : {"Shape", "ZerosLike", "OnesLike", "OneHot"}) {
    r.RegisterNoGradient(op);
  }
}

}  // namespace kiln
