// Shape functions of Slice and StridedSlice. StridedSlice follows
// TensorFlow's ValidateStridedSliceOp: the sparse spec (one entry per
// begin/end/strides value, with ellipsis and new axes) is expanded to a dense
// spec over the input's dims, then each dim's extent is computed.
#include <algorithm>

#include "runtime/graph/internal/shape_fns.h"

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

constexpr int kNewAxis = -1;
constexpr int kShrinkAxis = -2;

// One input dim of the dense spec.
struct DenseDim {
  int input_dim = 0;
  bool begin_masked = true;
  bool end_masked = true;
  bool shrink = false;
  std::optional<int64_t> begin;
  std::optional<int64_t> end;
  int64_t stride = 1;
};

struct SliceMasks {
  int64_t begin = 0, end = 0, ellipsis = 0, new_axis = 0, shrink = 0;
};

// The extent of one dense dim, -1 when it cannot be known.
StatusOr<int64_t> DenseExtent(const ShapeContext& c, const Shape& in,
                              const DenseDim& d) {
  const int64_t dim = in.dims[d.input_dim];
  const int64_t s = d.stride;
  if (d.shrink) {
    if (s <= 0) {
      return c.Error("only stride 1 is allowed on an index (dimension " +
                     std::to_string(d.input_dim) + ")");
    }
    if (d.begin && dim >= 0) {
      const int64_t fwd = *d.begin < 0 ? dim + *d.begin : *d.begin;
      if (fwd < 0 || fwd >= dim) {
        return c.Error("index " + std::to_string(*d.begin) +
                       " is out of bounds for dimension " +
                       std::to_string(d.input_dim) + " of shape " +
                       in.ToString());
      }
    }
    return 1;
  }
  if (dim < 0) return kUnknownDim;
  int64_t interval;
  if (d.begin_masked && d.end_masked) {
    interval = s < 0 ? -dim : dim;
  } else {
    if ((!d.begin_masked && !d.begin) || (!d.end_masked && !d.end)) {
      return kUnknownDim;
    }
    // The valid [lo, hi] for begin and end, which a negative stride shifts.
    const int64_t lo = s > 0 ? 0 : -1;
    const int64_t hi = s > 0 ? dim : dim - 1;
    auto canonical = [&](std::optional<int64_t> x, bool masked, bool is_end) {
      if (masked) return (s > 0) != is_end ? lo : hi;
      const int64_t fwd = *x < 0 ? dim + *x : *x;
      return std::clamp(fwd, lo, hi);
    };
    const int64_t b = canonical(d.begin, d.begin_masked, false);
    const int64_t e = canonical(d.end, d.end_masked, true);
    interval = e - b;
  }
  if (interval == 0 || (interval < 0) != (s < 0)) return 0;
  return interval / s + (interval % s != 0 ? 1 : 0);
}

}  // namespace

Status StridedSliceShape(ShapeContext& c) {
  const Shape& in = c.input_shape(0);
  KILN_ASSIGN_OR_RETURN(Shape begin_shape, c.InputWithRank(1, 1));
  KILN_ASSIGN_OR_RETURN(Shape end_shape, c.InputWithRank(2, 1));
  KILN_ASSIGN_OR_RETURN(Shape strides_shape, c.InputWithRank(3, 1));
  SliceMasks m;
  KILN_ASSIGN_OR_RETURN(m.begin, GetIntAttr(c, "begin_mask"));
  KILN_ASSIGN_OR_RETURN(m.end, GetIntAttr(c, "end_mask"));
  KILN_ASSIGN_OR_RETURN(m.ellipsis, GetIntAttr(c, "ellipsis_mask"));
  KILN_ASSIGN_OR_RETURN(m.new_axis, GetIntAttr(c, "new_axis_mask"));
  KILN_ASSIGN_OR_RETURN(m.shrink, GetIntAttr(c, "shrink_axis_mask"));
  if (m.ellipsis & (m.ellipsis - 1)) {
    return c.Error("has more than one ellipsis (ellipsis_mask " +
                   std::to_string(m.ellipsis) + ")");
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

  if (*sparse_length > 62) {
    return c.Error("has " + std::to_string(*sparse_length) +
                   " slice values; at most 62 are supported");
  }
  // The sparse spec gets an implicit trailing ellipsis when it has none.
  int sparse_dims = static_cast<int>(*sparse_length);
  const int64_t sparse_bits = (int64_t{1} << sparse_dims) - 1;
  int64_t ellipsis = m.ellipsis & sparse_bits;
  if (ellipsis == 0) ellipsis = int64_t{1} << sparse_dims++;
  int new_axes_after_ellipsis = 0;
  bool seen_ellipsis = false;
  for (int i = 0; i < sparse_dims; ++i) {
    const int64_t bit = int64_t{1} << i;
    if (seen_ellipsis && (m.new_axis & bit)) ++new_axes_after_ellipsis;
    if (ellipsis & bit) seen_ellipsis = true;
  }

  const int rank = in.rank();
  std::vector<DenseDim> dense;
  std::vector<int> gather;  // per output dim: a dense index, kNewAxis or
                            // kShrinkAxis
  int full_index = 0;
  for (int i = 0; i < sparse_dims; ++i) {
    const int64_t bit = int64_t{1} << i;
    if (ellipsis & bit) {
      const int next = std::min(
          rank - (sparse_dims - i) + 1 + new_axes_after_ellipsis, rank);
      for (; full_index < next; ++full_index) {
        DenseDim d;
        d.input_dim = full_index;
        gather.push_back(static_cast<int>(dense.size()));
        dense.push_back(d);
      }
    } else if (m.new_axis & bit) {
      gather.push_back(kNewAxis);
    } else {
      if (full_index == rank) {
        return c.Error("slice spec indexes more dims than input shape " +
                       in.ToString() + " has");
      }
      DenseDim d;
      d.input_dim = full_index++;
      d.begin_masked = (m.begin & bit) != 0;
      d.end_masked = (m.end & bit) != 0;
      d.shrink = (m.shrink & bit) != 0;
      if (begin) d.begin = (*begin)[i];
      if (end) d.end = (*end)[i];
      d.stride = (*strides)[i];
      if (d.stride == 0) {
        return c.Error("strides[" + std::to_string(i) + "] must be non-zero");
      }
      gather.push_back(d.shrink ? kShrinkAxis : static_cast<int>(dense.size()));
      dense.push_back(d);
    }
  }

  std::vector<int64_t> extents;
  for (const DenseDim& d : dense) {
    KILN_ASSIGN_OR_RETURN(int64_t extent, DenseExtent(c, in, d));
    extents.push_back(extent);
  }
  Shape out = Shape::Scalar();
  for (int g : gather) {
    if (g == kShrinkAxis) continue;
    out.dims.push_back(g == kNewAxis ? 1 : extents[g]);
  }
  c.SetOutputShape(0, std::move(out));
  return OkStatus();
}

}  // namespace kiln
