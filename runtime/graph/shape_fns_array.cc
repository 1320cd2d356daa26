// Shape functions of the array ops that reshape, reorder, join or create
// tensors. The slices live in shape_fns_slice.cc.
#include <set>

#include "runtime/graph/internal/shape_fns.h"

namespace kiln {

namespace {

// Inserts `dim` at position `pos` of a known-rank shape.
Shape InsertDim(Shape s, int pos, int64_t dim) {
  s.dims.insert(s.dims.begin() + pos, dim);
  return s;
}

}  // namespace

// The shape input's values, with at most one -1 inferred from the element
// count when the input's shape says enough.
Status ReshapeShape(ShapeContext& c) {
  const Shape& in = c.input_shape(0);
  KILN_ASSIGN_OR_RETURN(Shape shape_shape, c.InputWithRank(1, 1));
  std::optional<std::vector<int64_t>> values = c.ConstantInput(1);
  if (!values) {
    c.SetOutputShape(0, UnknownDims(static_cast<int>(shape_shape.dims[0])));
    return OkStatus();
  }
  int unknown_out = -1;
  int64_t known_out = 1;
  for (size_t i = 0; i < values->size(); ++i) {
    const int64_t v = (*values)[i];
    if (v < -1) {
      return c.Error("shape " + ValuesToString(*values) +
                     " has a negative dimension other than -1");
    }
    if (v == -1) {
      if (unknown_out >= 0) {
        return c.Error("shape " + ValuesToString(*values) +
                       " has more than one -1");
      }
      unknown_out = static_cast<int>(i);
    } else {
      known_out *= v;
    }
  }
  Shape out = Shape::Of(*values);
  if (in.unknown_rank) {
    c.SetOutputShape(0, std::move(out));
    return OkStatus();
  }
  const std::string target = ValuesToString(*values);
  if (in.IsFullyDefined()) {
    const int64_t n = in.NumElements();
    if (unknown_out < 0) {
      if (n != known_out) {
        return c.Error("cannot reshape " + std::to_string(n) +
                       " elements into " + target);
      }
    } else if (known_out == 0) {
      // [0, -1] fits 0 elements with any -1; it stays unknown.
      if (n != 0) {
        return c.Error("cannot reshape " + std::to_string(n) +
                       " elements into " + target);
      }
    } else if (n % known_out != 0) {
      return c.Error("cannot reshape " + std::to_string(n) + " elements into " +
                     target);
    } else {
      out.dims[unknown_out] = n / known_out;
    }
  } else if (unknown_out < 0) {
    // known_in * (unknown dims) must equal the output's element count.
    int64_t known_in = 1;
    for (int64_t d : in.dims) known_in *= d < 0 ? 1 : d;
    const bool fits =
        known_in == 0 ? known_out == 0 : known_out % known_in == 0;
    if (!fits) {
      return c.Error("cannot reshape a tensor of shape " + in.ToString() +
                     " into " + target);
    }
  }
  c.SetOutputShape(0, std::move(out));
  return OkStatus();
}

// y.shape[i] = x.shape[perm[i]].
Status TransposeShape(ShapeContext& c) {
  const Shape& x = c.input_shape(0);
  KILN_ASSIGN_OR_RETURN(Shape perm_shape, c.InputWithRank(1, 1));
  const int64_t perm_size = perm_shape.dims[0];
  if (!x.unknown_rank && perm_size >= 0 && perm_size != x.rank()) {
    return c.Error("perm has " + std::to_string(perm_size) +
                   " values but x has shape " + x.ToString());
  }
  std::optional<std::vector<int64_t>> perm = c.ConstantInput(1);
  if (!perm) {
    c.SetOutputShape(0, UnknownDims(x.unknown_rank ? static_cast<int>(perm_size)
                                                   : x.rank()));
    return OkStatus();
  }
  const int n = static_cast<int>(perm->size());
  if (!x.unknown_rank && n != x.rank()) {
    return c.Error("perm " + ValuesToString(*perm) + " has " +
                   std::to_string(n) + " values but x has shape " +
                   x.ToString());
  }
  std::vector<bool> seen(n, false);
  Shape out = Shape::Scalar();
  for (int64_t p : *perm) {
    if (p < 0 || p >= n || seen[p]) {
      return c.Error("perm " + ValuesToString(*perm) +
                     " is not a permutation of 0.." + std::to_string(n - 1));
    }
    seen[p] = true;
    out.dims.push_back(x.unknown_rank ? kUnknownDim : x.dims[p]);
  }
  c.SetOutputShape(0, std::move(out));
  return OkStatus();
}

// Values agree on every dim but `axis`, whose sizes add up.
Status ConcatV2Shape(ShapeContext& c) {
  const int n = c.num_inputs() - 1;
  if (n < 2) {
    return c.Error("needs at least 2 values but got " + std::to_string(n));
  }
  KILN_RETURN_IF_ERROR(c.InputWithRank(n, 0).status());
  int rank = -1, first = -1;
  for (int i = 0; i < n; ++i) {
    const Shape& s = c.input_shape(i);
    if (s.unknown_rank) continue;
    if (rank < 0) {
      rank = s.rank();
      first = i;
    } else if (s.rank() != rank) {
      return c.Error("values[" + std::to_string(i) + "] has shape " +
                     s.ToString() + " but values[" + std::to_string(first) +
                     "] has shape " + c.input_shape(first).ToString() +
                     " (ranks differ)");
    }
  }
  if (rank < 0) {
    c.SetOutputShape(0, Shape::Unknown());
    return OkStatus();
  }
  if (rank == 0) return c.Error("cannot concatenate scalars");
  std::optional<int64_t> axis_value = ConstantScalarInput(c, n);
  if (!axis_value) {
    c.SetOutputShape(0, UnknownDims(rank));
    return OkStatus();
  }
  KILN_ASSIGN_OR_RETURN(int axis, CanonicalAxis(c, *axis_value, rank, "axis"));
  Shape out = c.input_shape(first);
  out.dims[axis] = 0;
  for (int i = 0; i < n; ++i) {
    const Shape& s = c.input_shape(i);
    if (s.unknown_rank) {
      out.dims[axis] = kUnknownDim;
      continue;
    }
    for (int d = 0; d < rank; ++d) {
      if (d == axis) continue;
      const int64_t a = out.dims[d], b = s.dims[d];
      if (a >= 0 && b >= 0 && a != b) {
        return c.Error("values[" + std::to_string(first) + "] and values[" +
                       std::to_string(i) + "] differ in dimension " +
                       std::to_string(d) + ": " + std::to_string(a) + " vs " +
                       std::to_string(b));
      }
      if (a < 0) out.dims[d] = b < 0 ? kUnknownDim : b;
    }
    out.dims[axis] = AddDims(out.dims[axis], s.dims[axis]);
  }
  c.SetOutputShape(0, std::move(out));
  return OkStatus();
}

// N tensors of one shape stacked into a new dim at `axis`.
Status PackShape(ShapeContext& c) {
  const int n = c.num_inputs();
  if (n < 1) return c.Error("needs at least 1 value");
  Shape merged = Shape::Unknown();
  for (int i = 0; i < n; ++i) {
    KILN_ASSIGN_OR_RETURN(merged, MergeShapes(c, merged, c.input_shape(i),
                                              "shapes of the values"));
  }
  KILN_ASSIGN_OR_RETURN(int64_t axis_value, GetIntAttr(c, "axis"));
  if (merged.unknown_rank) {
    c.SetOutputShape(0, Shape::Unknown());
    return OkStatus();
  }
  KILN_ASSIGN_OR_RETURN(
      int axis, CanonicalAxis(c, axis_value, merged.rank() + 1, "axis"));
  c.SetOutputShape(0, InsertDim(std::move(merged), axis, n));
  return OkStatus();
}

// Inserts a 1 at `dim` in [-rank - 1, rank].
Status ExpandDimsShape(ShapeContext& c) {
  const Shape& in = c.input_shape(0);
  const Shape& dim_shape = c.input_shape(1);
  if (dim_shape.rank() > 1 ||
      (dim_shape.rank() == 1 && dim_shape.dims[0] >= 0 &&
       dim_shape.dims[0] != 1)) {
    return c.Error("dim must hold one value but has shape " +
                   dim_shape.ToString());
  }
  if (in.unknown_rank) {
    c.SetOutputShape(0, Shape::Unknown());
    return OkStatus();
  }
  std::optional<int64_t> dim = ConstantScalarInput(c, 1);
  if (!dim) {
    c.SetOutputShape(0, UnknownDims(in.rank() + 1));
    return OkStatus();
  }
  KILN_ASSIGN_OR_RETURN(int pos, CanonicalAxis(c, *dim, in.rank() + 1, "dim"));
  c.SetOutputShape(0, InsertDim(in, pos, 1));
  return OkStatus();
}

// Removes the listed size-1 dims, or every size-1 dim when none are listed.
Status SqueezeShape(ShapeContext& c) {
  const Shape& in = c.input_shape(0);
  KILN_ASSIGN_OR_RETURN(std::vector<int64_t> squeeze_dims,
                        GetIntListAttr(c, "squeeze_dims"));
  if (in.unknown_rank) {
    c.SetOutputShape(0, Shape::Unknown());
    return OkStatus();
  }
  const int rank = in.rank();
  std::set<int> axes;
  for (int64_t d : squeeze_dims) {
    KILN_ASSIGN_OR_RETURN(int axis, CanonicalAxis(c, d, rank, "squeeze dim"));
    if (in.dims[axis] >= 0 && in.dims[axis] != 1) {
      return c.Error("cannot squeeze dimension " + std::to_string(axis) +
                     " of shape " + in.ToString() + ": its size is not 1");
    }
    axes.insert(axis);
  }
  Shape out = Shape::Scalar();
  for (int i = 0; i < rank; ++i) {
    const int64_t d = in.dims[i];
    if (axes.count(i) || (axes.empty() && d == 1)) continue;
    if (axes.empty() && d < 0) {
      // Squeezing every 1: an unknown dim may or may not go.
      c.SetOutputShape(0, Shape::Unknown());
      return OkStatus();
    }
    out.dims.push_back(d);
  }
  c.SetOutputShape(0, std::move(out));
  return OkStatus();
}

Status ShapeShape(ShapeContext& c) {
  c.SetOutputShape(0, Shape::Of({c.input_shape(0).rank()}));
  return OkStatus();
}

// The shape that input `i` (a vector of non-negative sizes) holds.
Status ShapeFromDimsInput(ShapeContext& c, int i) {
  KILN_ASSIGN_OR_RETURN(Shape dims_shape, c.InputWithRank(i, 1));
  std::optional<std::vector<int64_t>> dims = c.ConstantInput(i);
  if (!dims) {
    c.SetOutputShape(0, UnknownDims(static_cast<int>(dims_shape.dims[0])));
    return OkStatus();
  }
  for (int64_t d : *dims) {
    if (d < 0) {
      return c.Error("dims " + ValuesToString(*dims) + " must not be negative");
    }
  }
  c.SetOutputShape(0, Shape::Of(*dims));
  return OkStatus();
}

Status FillShape(ShapeContext& c) {
  KILN_RETURN_IF_ERROR(c.InputWithRank(1, 0).status());
  return ShapeFromDimsInput(c, 0);
}

Status RandomShape(ShapeContext& c) { return ShapeFromDimsInput(c, 0); }

// indices' shape with `depth` inserted at `axis` (-1: last).
Status OneHotShape(ShapeContext& c) {
  const Shape& indices = c.input_shape(0);
  KILN_RETURN_IF_ERROR(c.InputWithRank(1, 0).status());
  KILN_RETURN_IF_ERROR(c.InputWithRank(2, 0).status());
  KILN_RETURN_IF_ERROR(c.InputWithRank(3, 0).status());
  KILN_ASSIGN_OR_RETURN(int64_t axis, GetIntAttr(c, "axis"));
  if (axis < -1) {
    return c.Error("axis " + std::to_string(axis) +
                   " must be -1 or non-negative");
  }
  std::optional<int64_t> depth = ConstantScalarInput(c, 1);
  if (depth && *depth < 0) {
    return c.Error("depth must be non-negative but is " +
                   std::to_string(*depth));
  }
  if (indices.unknown_rank) {
    c.SetOutputShape(0, Shape::Unknown());
    return OkStatus();
  }
  const int rank = indices.rank();
  if (axis > rank) {
    return c.Error("axis " + std::to_string(axis) +
                   " is out of range for indices of shape " +
                   indices.ToString());
  }
  const int pos = axis == -1 ? rank : static_cast<int>(axis);
  c.SetOutputShape(0, InsertDim(indices, pos, depth.value_or(kUnknownDim)));
  return OkStatus();
}

}  // namespace kiln
