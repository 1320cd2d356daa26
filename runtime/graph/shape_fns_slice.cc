// Shape functions of Slice and StridedSlice. StridedSlice expands its slice
// spec with ExpandStridedSlice (strided_slice_spec.h), then computes each
// dense dim's extent.
#include <algorithm>

#include "runtime/graph/internal/shape_fns.h"
#include "runtime/graph/strided_slice_spec.h"

namespace kiln {

namespace {

std::string LengthOrUnknown(const std::optional<std::vector<int64_t>>& values,
                            const Shape& shape) {
  if (values) return std::to_string(values->size());
  return shape.dims[0] < 0 ? "?" : std::to_string(shape.dims[0]);
}

// The one length that all known candidates agree on, -1 when none is known,
// or nullopt when two differ.
std::optional<int64_t> AgreedLength(const std::vector<int64_t>& candidates) {
  int64_t length = -1;
  for (int64_t n : candidates) {
    if (n < 0) continue;
    if (length >= 0 && n != length) return std::nullopt;
    length = n;
  }
  return length;
}

int64_t SizeOrUnknown(const std::optional<std::vector<int64_t>>& values) {
  return values ? static_cast<int64_t>(values->size()) : -1;
}

}  // namespace

Status SliceShape(ShapeContext& c) {
  const Shape& in = c.input_shape(0);
  KILN_ASSIGN_OR_RETURN(Shape begin_shape, c.InputWithRank(1, 1));
  KILN_ASSIGN_OR_RETURN(Shape size_shape, c.InputWithRank(2, 1));
  std::optional<std::vector<int64_t>> begin = c.ConstantInput(1);
  std::optional<std::vector<int64_t>> size = c.ConstantInput(2);
  std::optional<int64_t> rank =
      AgreedLength({in.rank(), begin_shape.dims[0], size_shape.dims[0],
                    SizeOrUnknown(begin), SizeOrUnknown(size)});
  if (!rank) {
    return c.Error("begin and size must have one value per dim of input shape " +
                   in.ToString() + ", not " + LengthOrUnknown(begin, begin_shape) +
                   " and " + LengthOrUnknown(size, size_shape));
  }
  if (*rank < 0) {
    c.SetOutputShape(0, Shape::Unknown());
    return OkStatus();
  }
  Shape out = UnknownDims(static_cast<int>(*rank));
  for (int i = 0; i < *rank; ++i) {
    const int64_t dim = DimOrUnknown(in, i);
    const std::string where =
        " in dimension " + std::to_string(i) + " of shape " + in.ToString();
    std::optional<int64_t> b, s;
    if (begin) b = (*begin)[i];
    if (size) s = (*size)[i];
    if (b && (*b < 0 || (dim >= 0 && *b > dim))) {
      return c.Error("begin " + std::to_string(*b) + " is out of range" +
                     where);
    }
    if (s && *s < -1) {
      return c.Error("size " + std::to_string(*s) + " is invalid" + where);
    }
    if (s && *s >= 0) {
      if (b && dim >= 0 && *b + *s > dim) {
        return c.Error("slice of size " + std::to_string(*s) + " at " +
                       std::to_string(*b) + " is out of range" + where);
      }
      out.dims[i] = *s;
    } else if (s && b && dim >= 0) {
      out.dims[i] = dim - *b;  // size -1: to the end
    }
  }
  c.SetOutputShape(0, std::move(out));
  return OkStatus();
}

namespace {

// The extent of one dense dim, -1 when it cannot be known.
StatusOr<int64_t> DenseExtent(const ShapeContext& c, const Shape& in,
                              const StridedSliceDim& d) {
  const int64_t dim = in.dims[d.input_dim];
  if (dim < 0) return d.shrink ? 1 : kUnknownDim;
  StatusOr<std::optional<SliceRange>> range = d.Resolve(dim);
  if (!range.ok()) {
    return c.Error(range.status().message() + " (input shape " +
                   in.ToString() + ")");
  }
  if (d.shrink) return 1;
  return *range ? (*range)->extent : kUnknownDim;
}

}  // namespace

Status StridedSliceShape(ShapeContext& c) {
  const Shape& in = c.input_shape(0);
  KILN_ASSIGN_OR_RETURN(Shape begin_shape, c.InputWithRank(1, 1));
  KILN_ASSIGN_OR_RETURN(Shape end_shape, c.InputWithRank(2, 1));
  KILN_ASSIGN_OR_RETURN(Shape strides_shape, c.InputWithRank(3, 1));
  StridedSliceMasks m;
  KILN_ASSIGN_OR_RETURN(m.begin, GetIntAttr(c, "begin_mask"));
  KILN_ASSIGN_OR_RETURN(m.end, GetIntAttr(c, "end_mask"));
  KILN_ASSIGN_OR_RETURN(m.ellipsis, GetIntAttr(c, "ellipsis_mask"));
  KILN_ASSIGN_OR_RETURN(m.new_axis, GetIntAttr(c, "new_axis_mask"));
  KILN_ASSIGN_OR_RETURN(m.shrink, GetIntAttr(c, "shrink_axis_mask"));
  if (Status masks = CheckStridedSliceMasks(m); !masks.ok()) {
    return c.Error(masks.message());
  }
  std::optional<std::vector<int64_t>> begin = c.ConstantInput(1);
  std::optional<std::vector<int64_t>> end = c.ConstantInput(2);
  std::optional<std::vector<int64_t>> strides = c.ConstantInput(3);
  std::optional<int64_t> sparse_length = AgreedLength(
      {begin_shape.dims[0], end_shape.dims[0], strides_shape.dims[0],
       SizeOrUnknown(begin), SizeOrUnknown(end), SizeOrUnknown(strides)});
  if (!sparse_length) {
    return c.Error("begin, end and strides must have the same length, not " +
                   LengthOrUnknown(begin, begin_shape) + ", " +
                   LengthOrUnknown(end, end_shape) + " and " +
                   LengthOrUnknown(strides, strides_shape));
  }
  // Like TensorFlow, nothing is inferred without the strides.
  if (in.unknown_rank || *sparse_length < 0 || !strides) {
    const bool plain = m.ellipsis == 0 && m.new_axis == 0 && m.shrink == 0;
    c.SetOutputShape(0, plain ? UnknownDims(in.rank()) : Shape::Unknown());
    return OkStatus();
  }

  StatusOr<StridedSliceSpec> spec =
      ExpandStridedSlice(in.rank(), m, begin, end, *strides);
  if (!spec.ok()) {
    return c.Error(spec.status().message() + " (input shape " + in.ToString() +
                   ")");
  }
  std::vector<int64_t> extents;
  for (const StridedSliceDim& d : spec->dense) {
    KILN_ASSIGN_OR_RETURN(int64_t extent, DenseExtent(c, in, d));
    extents.push_back(extent);
  }
  Shape out = Shape::Scalar();
  for (int g : spec->gather) {
    if (g == StridedSliceSpec::kShrinkAxis) continue;
    out.dims.push_back(g == StridedSliceSpec::kNewAxis ? 1 : extents[g]);
  }
  c.SetOutputShape(0, std::move(out));
  return OkStatus();
}

// The output is `shape` (the sliced input's shape); dy is not checked
// against the slice, which the kernel does.
Status StridedSliceGradShape(ShapeContext& c) {
  KILN_ASSIGN_OR_RETURN(Shape shape_shape, c.InputWithRank(0, 1));
  std::optional<std::vector<int64_t>> shape = c.ConstantInput(0);
  if (!shape) {
    c.SetOutputShape(0, UnknownDims(static_cast<int>(shape_shape.dims[0])));
    return OkStatus();
  }
  for (int64_t d : *shape) {
    if (d < 0) {
      return c.Error("shape " + ValuesToString(*shape) +
                     " must not be negative");
    }
  }
  c.SetOutputShape(0, Shape::Of(*shape));
  return OkStatus();
}

// Each dim grows by its row of paddings: [rank, 2] non-negative values.
Status PadShape(ShapeContext& c) {
  const Shape& in = c.input_shape(0);
  KILN_ASSIGN_OR_RETURN(Shape pad_shape, c.InputWithRank(1, 2));
  const int64_t rank = in.unknown_rank ? pad_shape.dims[0] : in.rank();
  if ((pad_shape.dims[0] >= 0 && pad_shape.dims[0] != rank && rank >= 0) ||
      (pad_shape.dims[1] >= 0 && pad_shape.dims[1] != 2)) {
    return c.Error("paddings must be [" + std::to_string(rank) +
                   ", 2], not " + pad_shape.ToString());
  }
  if (rank < 0) {
    c.SetOutputShape(0, Shape::Unknown());
    return OkStatus();
  }
  std::optional<std::vector<int64_t>> pads = c.ConstantInput(1);
  Shape out = UnknownDims(static_cast<int>(rank));
  for (int64_t d = 0; d < rank; ++d) {
    if (!pads) continue;
    const int64_t before = (*pads)[2 * d], after = (*pads)[2 * d + 1];
    if (before < 0 || after < 0) {
      return c.Error("paddings " + ValuesToString(*pads) +
                     " must not be negative");
    }
    const int64_t dim = in.unknown_rank ? -1 : in.dims[d];
    out.dims[d] = dim < 0 ? kUnknownDim : dim + before + after;
  }
  c.SetOutputShape(0, std::move(out));
  return OkStatus();
}

// The padded input's shape minus the paddings.
Status MirrorPadGradShape(ShapeContext& c) {
  KILN_RETURN_IF_ERROR(PadShape(c));  // validates paddings' shape and values
  const Shape& in = c.input_shape(0);
  std::optional<std::vector<int64_t>> pads = c.ConstantInput(1);
  if (in.unknown_rank) return OkStatus();
  Shape out = UnknownDims(in.rank());
  for (int d = 0; pads && d < in.rank(); ++d) {
    if (in.dims[d] < 0) continue;
    out.dims[d] = in.dims[d] - (*pads)[2 * d] - (*pads)[2 * d + 1];
    if (out.dims[d] < 0) {
      return c.Error("paddings " + ValuesToString(*pads) +
                     " exceed the input " + in.ToString());
    }
  }
  c.SetOutputShape(0, std::move(out));
  return OkStatus();
}

}  // namespace kiln
