// Shape functions of the math ops: comparisons, matrix products,
// reductions, ArgMax and Select.
#include <algorithm>
#include <set>

#include "runtime/graph/internal/shape_fns.h"

namespace kiln {

// With incompatible_shape_error=false, TensorFlow's Equal returns a scalar
// `false` for shapes that do not broadcast, so the output shape is only known
// when the shapes provably broadcast.
Status EqualShape(ShapeContext& c) {
  KILN_ASSIGN_OR_RETURN(bool strict,
                        GetBoolAttr(c, "incompatible_shape_error"));
  if (strict) return BroadcastBinaryShape(c);
  const Shape& a = c.input_shape(0);
  const Shape& b = c.input_shape(1);
  if (a.unknown_rank || b.unknown_rank) {
    c.SetOutputShape(0, Shape::Unknown());
    return OkStatus();
  }
  const size_t rank = std::max(a.dims.size(), b.dims.size());
  for (size_t i = 0; i < rank; ++i) {
    const size_t pa = rank - a.dims.size(), pb = rank - b.dims.size();
    const int64_t da = i < pa ? 1 : a.dims[i - pa];
    const int64_t db = i < pb ? 1 : b.dims[i - pb];
    if (da != 1 && db != 1 && (da < 0 || da != db)) {
      c.SetOutputShape(0, Shape::Unknown());
      return OkStatus();
    }
  }
  return BroadcastBinaryShape(c);
}

// [m, k] x [k, n] -> [m, n], either side optionally transposed.
Status MatMulShape(ShapeContext& c) {
  KILN_ASSIGN_OR_RETURN(Shape a, c.InputWithRank(0, 2));
  KILN_ASSIGN_OR_RETURN(Shape b, c.InputWithRank(1, 2));
  KILN_ASSIGN_OR_RETURN(bool transpose_a, GetBoolAttr(c, "transpose_a"));
  KILN_ASSIGN_OR_RETURN(bool transpose_b, GetBoolAttr(c, "transpose_b"));
  const int64_t m = DimOrUnknown(a, transpose_a ? 1 : 0);
  const int64_t k = DimOrUnknown(a, transpose_a ? 0 : 1);
  const int64_t k2 = DimOrUnknown(b, transpose_b ? 1 : 0);
  const int64_t n = DimOrUnknown(b, transpose_b ? 0 : 1);
  KILN_RETURN_IF_ERROR(MergeDim(c, k, k2, "inner dimensions").status());
  c.SetOutputShape(0, Shape::Of({m, n}));
  return OkStatus();
}

// [..., r, c] x [..., c, s] -> [broadcast(...), r, s], with adjoints.
Status BatchMatMulV2Shape(ShapeContext& c) {
  KILN_ASSIGN_OR_RETURN(Shape x, c.InputWithRankAtLeast(0, 2));
  KILN_ASSIGN_OR_RETURN(Shape y, c.InputWithRankAtLeast(1, 2));
  KILN_ASSIGN_OR_RETURN(bool adj_x, GetBoolAttr(c, "adj_x"));
  KILN_ASSIGN_OR_RETURN(bool adj_y, GetBoolAttr(c, "adj_y"));
  const int64_t rows = DimOrUnknown(x, adj_x ? -1 : -2);
  const int64_t inner_x = DimOrUnknown(x, adj_x ? -2 : -1);
  const int64_t inner_y = DimOrUnknown(y, adj_y ? -1 : -2);
  const int64_t cols = DimOrUnknown(y, adj_y ? -2 : -1);
  KILN_RETURN_IF_ERROR(
      MergeDim(c, inner_x, inner_y, "inner dimensions").status());
  if (x.unknown_rank || y.unknown_rank) {
    c.SetOutputShape(0, Shape::Unknown());
    return OkStatus();
  }
  const Shape x_batch =
      Shape::Of(std::vector<int64_t>(x.dims.begin(), x.dims.end() - 2));
  const Shape y_batch =
      Shape::Of(std::vector<int64_t>(y.dims.begin(), y.dims.end() - 2));
  KILN_ASSIGN_OR_RETURN(Shape out, BroadcastShapes(c, x_batch, y_batch));
  out.dims.push_back(rows);
  out.dims.push_back(cols);
  c.SetOutputShape(0, std::move(out));
  return OkStatus();
}

// Sum, Mean, Max, Min, Prod: drop (or keep as 1) the dims named by the
// reduction_indices; duplicates and negative indices are allowed.
Status ReductionShape(ShapeContext& c) {
  const Shape& input = c.input_shape(0);
  const Shape& indices_shape = c.input_shape(1);
  if (indices_shape.rank() > 1) {
    return c.Error(
        "reduction_indices must be a scalar or vector but has shape " +
        indices_shape.ToString());
  }
  KILN_ASSIGN_OR_RETURN(bool keep_dims, GetBoolAttr(c, "keep_dims"));
  std::optional<std::vector<int64_t>> indices = c.ConstantInput(1);
  if (!indices) {
    if (indices_shape.rank() == 1 && indices_shape.dims[0] == 0) {
      c.SetOutputShape(0, input);  // an empty list reduces nothing
    } else if (input.unknown_rank) {
      c.SetOutputShape(0, Shape::Unknown());
    } else if (keep_dims) {
      c.SetOutputShape(0, UnknownDims(input.rank()));
    } else if (indices_shape.rank() == 0 && input.rank() > 0) {
      c.SetOutputShape(0, UnknownDims(input.rank() - 1));
    } else {
      c.SetOutputShape(0, Shape::Unknown());
    }
    return OkStatus();
  }
  if (indices->empty()) {
    c.SetOutputShape(0, input);
    return OkStatus();
  }
  if (input.unknown_rank) {
    c.SetOutputShape(0, Shape::Unknown());
    return OkStatus();
  }
  const int rank = input.rank();
  std::set<int> axes;
  for (int64_t index : *indices) {
    KILN_ASSIGN_OR_RETURN(int axis,
                          CanonicalAxis(c, index, rank, "reduction index"));
    axes.insert(axis);
  }
  Shape out = Shape::Scalar();
  for (int i = 0; i < rank; ++i) {
    if (!axes.count(i)) {
      out.dims.push_back(input.dims[i]);
    } else if (keep_dims) {
      out.dims.push_back(1);
    }
  }
  c.SetOutputShape(0, std::move(out));
  return OkStatus();
}

// Drops the `dimension` axis.
Status ArgMaxShape(ShapeContext& c) {
  KILN_ASSIGN_OR_RETURN(Shape input, c.InputWithRankAtLeast(0, 1));
  KILN_RETURN_IF_ERROR(c.InputWithRank(1, 0).status());
  if (input.unknown_rank) {
    c.SetOutputShape(0, Shape::Unknown());
    return OkStatus();
  }
  const int rank = input.rank();
  std::optional<int64_t> dimension = ConstantScalarInput(c, 1);
  if (!dimension) {
    c.SetOutputShape(0, UnknownDims(rank - 1));
    return OkStatus();
  }
  KILN_ASSIGN_OR_RETURN(int axis,
                        CanonicalAxis(c, *dimension, rank, "dimension"));
  Shape out = input;
  out.dims.erase(out.dims.begin() + axis);
  c.SetOutputShape(0, std::move(out));
  return OkStatus();
}

// TensorFlow's Select: t and e have one shape; condition is a scalar, that
// same shape, or (for t of rank >= 1) a vector over t's first dim.
Status SelectShape(ShapeContext& c) {
  KILN_ASSIGN_OR_RETURN(
      Shape data,
      MergeShapes(c, c.input_shape(1), c.input_shape(2), "shapes of t and e"));
  const Shape& cond = c.input_shape(0);
  if (!cond.unknown_rank && !data.unknown_rank && cond.rank() != 0) {
    if (cond.rank() == 1 && data.rank() >= 1) {
      const int64_t first = data.dims[0];
      KILN_ASSIGN_OR_RETURN(
          int64_t merged,
          MergeDim(c, cond.dims[0], first,
                   "size of condition and first dimension of t"));
      data.dims[0] = merged;
    } else {
      KILN_ASSIGN_OR_RETURN(
          data, MergeShapes(c, data, cond, "shapes of t and condition"));
    }
  } else if (!cond.unknown_rank && data.unknown_rank && cond.rank() > 1) {
    data = cond;  // a condition of rank > 1 must match t exactly
  }
  c.SetOutputShape(0, std::move(data));
  return OkStatus();
}

// SelectV2 broadcasts condition, t and e together.
Status SelectV2Shape(ShapeContext& c) {
  KILN_ASSIGN_OR_RETURN(Shape data,
                        BroadcastShapes(c, c.input_shape(1), c.input_shape(2)));
  KILN_ASSIGN_OR_RETURN(Shape out, BroadcastShapes(c, c.input_shape(0), data));
  c.SetOutputShape(0, std::move(out));
  return OkStatus();
}

}  // namespace kiln
