// Shape functions of the indexing ops: GatherV2, UnsortedSegmentSum, Tile
// and ReverseV2 (TensorFlow's rules).
#include "runtime/graph/internal/shape_fns.h"

namespace kiln {

// params.shape[:axis] + indices.shape[batch_dims:] + params.shape[axis+1:].
Status GatherV2Shape(ShapeContext& c) {
  const Shape& params = c.input_shape(0);
  const Shape& indices = c.input_shape(1);
  KILN_RETURN_IF_ERROR(c.InputWithRank(2, 0).status());
  const int64_t batch_dims = c.attrs().GetInt("batch_dims").value_or(0);
  std::optional<int64_t> axis = ConstantScalarInput(c, 2);
  if (params.unknown_rank || indices.unknown_rank || !axis) {
    c.SetOutputShape(0, Shape::Unknown());
    return OkStatus();
  }
  KILN_ASSIGN_OR_RETURN(int a, CanonicalAxis(c, *axis, params.rank(), "axis"));
  const int64_t bd = batch_dims < 0 ? batch_dims + indices.rank() : batch_dims;
  if (bd < 0 || bd > indices.rank() || bd > a) {
    return c.Error("batch_dims " + std::to_string(batch_dims) +
                   " must be in [0, min(indices rank " +
                   std::to_string(indices.rank()) + ", axis " +
                   std::to_string(a) + ")]");
  }
  Shape out = Shape::Scalar();
  for (int d = 0; d < a; ++d) out.dims.push_back(params.dims[d]);
  for (int d = static_cast<int>(bd); d < indices.rank(); ++d)
    out.dims.push_back(indices.dims[d]);
  for (int d = a + 1; d < params.rank(); ++d)
    out.dims.push_back(params.dims[d]);
  c.SetOutputShape(0, std::move(out));
  return OkStatus();
}

// [num_segments] + data.shape[segment_ids.rank:].
Status UnsortedSegmentSumShape(ShapeContext& c) {
  const Shape& data = c.input_shape(0);
  const Shape& ids = c.input_shape(1);
  KILN_RETURN_IF_ERROR(c.InputWithRank(2, 0).status());
  std::optional<int64_t> segments = ConstantScalarInput(c, 2);
  if (segments && *segments < 0) {
    return c.Error("num_segments must be non-negative, not " +
                   std::to_string(*segments));
  }
  if (data.unknown_rank || ids.unknown_rank) {
    c.SetOutputShape(0, Shape::Unknown());
    return OkStatus();
  }
  if (ids.rank() > data.rank()) {
    return c.Error("segment_ids " + ids.ToString() +
                   " must be a prefix of data's shape " + data.ToString());
  }
  for (int d = 0; d < ids.rank(); ++d) {
    KILN_RETURN_IF_ERROR(
        MergeDim(c, data.dims[d], ids.dims[d], "data and segment_ids dims")
            .status());
  }
  Shape out = Shape::Of({segments ? *segments : kUnknownDim});
  for (int d = ids.rank(); d < data.rank(); ++d)
    out.dims.push_back(data.dims[d]);
  c.SetOutputShape(0, std::move(out));
  return OkStatus();
}

// dims[i] * multiples[i].
Status TileShape(ShapeContext& c) {
  const Shape& in = c.input_shape(0);
  KILN_ASSIGN_OR_RETURN(Shape m_shape, c.InputWithRank(1, 1));
  const int64_t rank = in.unknown_rank ? m_shape.dims[0] : in.rank();
  if (!in.unknown_rank && m_shape.dims[0] >= 0 && m_shape.dims[0] != rank) {
    return c.Error("multiples has " + std::to_string(m_shape.dims[0]) +
                   " values but input has shape " + in.ToString());
  }
  std::optional<std::vector<int64_t>> multiples = c.ConstantInput(1);
  Shape out = UnknownDims(static_cast<int>(rank));
  for (int64_t d = 0; multiples && d < rank; ++d) {
    if ((*multiples)[d] < 0) {
      return c.Error("multiples " + ValuesToString(*multiples) +
                     " must not be negative");
    }
    out.dims[d] = in.unknown_rank ? kUnknownDim
                                  : MultiplyDims(in.dims[d], (*multiples)[d]);
  }
  c.SetOutputShape(0, std::move(out));
  return OkStatus();
}

// The input's shape; axis must be distinct dims of it.
Status ReverseV2Shape(ShapeContext& c) {
  const Shape& in = c.input_shape(0);
  KILN_RETURN_IF_ERROR(c.InputWithRank(1, 1).status());
  std::optional<std::vector<int64_t>> axes = c.ConstantInput(1);
  if (axes && !in.unknown_rank) {
    std::vector<bool> seen(in.rank(), false);
    for (int64_t axis : *axes) {
      KILN_ASSIGN_OR_RETURN(int a, CanonicalAxis(c, axis, in.rank(), "axis"));
      if (seen[a]) {
        return c.Error("axis " + ValuesToString(*axes) + " repeats dim " +
                       std::to_string(a));
      }
      seen[a] = true;
    }
  }
  c.SetOutputShape(0, in);
  return OkStatus();
}

}  // namespace kiln
