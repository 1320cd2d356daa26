// ExpandStridedSlice and StridedSliceDim::Resolve, after TensorFlow's
// ValidateStridedSliceOp.
#include "runtime/graph/strided_slice_spec.h"

#include <algorithm>
#include <string>

namespace kiln {

namespace {

std::string Str(int64_t v) { return std::to_string(v); }

// The sparse spec gets an implicit trailing ellipsis when it has none.
struct SparseSpec {
  int dims = 0;
  int64_t ellipsis = 0;
  int new_axes_after_ellipsis = 0;
};

SparseSpec ReadSparseSpec(int length, const StridedSliceMasks& m) {
  SparseSpec s;
  s.dims = length;
  s.ellipsis = m.ellipsis & ((int64_t{1} << length) - 1);
  if (s.ellipsis == 0) s.ellipsis = int64_t{1} << s.dims++;
  bool seen_ellipsis = false;
  for (int i = 0; i < s.dims; ++i) {
    const int64_t bit = int64_t{1} << i;
    if (seen_ellipsis && (m.new_axis & bit)) ++s.new_axes_after_ellipsis;
    if (s.ellipsis & bit) seen_ellipsis = true;
  }
  return s;
}

}  // namespace

StatusOr<std::optional<SliceRange>> StridedSliceDim::Resolve(
    int64_t dim) const {
  const int64_t s = stride;
  if (shrink) {
    if (s <= 0) {
      return InvalidArgument(
          "only stride 1 is allowed on an index (dimension " + Str(input_dim) +
          ")");
    }
    if (!begin) return std::optional<SliceRange>();
    const int64_t fwd = *begin < 0 ? dim + *begin : *begin;
    if (fwd < 0 || fwd >= dim) {
      return InvalidArgument("index " + Str(*begin) +
                             " is out of bounds for dimension " +
                             Str(input_dim) + " of size " + Str(dim));
    }
    return std::optional<SliceRange>(SliceRange{fwd, 1});
  }
  if ((!begin_masked && !begin) || (!end_masked && !end)) {
    return std::optional<SliceRange>();
  }
  // The valid [lo, hi] for begin and end, which a negative stride shifts.
  const int64_t lo = s > 0 ? 0 : -1;
  const int64_t hi = s > 0 ? dim : dim - 1;
  auto canonical = [&](std::optional<int64_t> x, bool masked, bool is_end) {
    if (masked) return (s > 0) != is_end ? lo : hi;
    const int64_t fwd = *x < 0 ? dim + *x : *x;
    return std::clamp(fwd, lo, hi);
  };
  const int64_t b = canonical(begin, begin_masked, false);
  const int64_t e = canonical(end, end_masked, true);
  const int64_t interval = e - b;
  SliceRange range{b, 0};
  if (interval != 0 && (interval < 0) == (s < 0)) {
    range.extent = interval / s + (interval % s != 0 ? 1 : 0);
  }
  return std::optional<SliceRange>(range);
}

Status CheckStridedSliceMasks(const StridedSliceMasks& m) {
  if (m.ellipsis & (m.ellipsis - 1)) {
    return InvalidArgument("has more than one ellipsis (ellipsis_mask " +
                           Str(m.ellipsis) + ")");
  }
  return OkStatus();
}

StatusOr<StridedSliceSpec> ExpandStridedSlice(
    int rank, const StridedSliceMasks& m,
    const std::optional<std::vector<int64_t>>& begin,
    const std::optional<std::vector<int64_t>>& end,
    const std::vector<int64_t>& strides) {
  KILN_RETURN_IF_ERROR(CheckStridedSliceMasks(m));
  if (strides.size() > 62) {
    return InvalidArgument("has " + Str(strides.size()) +
                           " slice values; at most 62 are supported");
  }
  const SparseSpec sparse = ReadSparseSpec(static_cast<int>(strides.size()), m);
  StridedSliceSpec spec;
  int full_index = 0;
  for (int i = 0; i < sparse.dims; ++i) {
    const int64_t bit = int64_t{1} << i;
    if (sparse.ellipsis & bit) {
      const int next = std::min(
          rank - (sparse.dims - i) + 1 + sparse.new_axes_after_ellipsis, rank);
      for (; full_index < next; ++full_index) {
        StridedSliceDim d;
        d.input_dim = full_index;
        spec.gather.push_back(static_cast<int>(spec.dense.size()));
        spec.dense.push_back(d);
      }
    } else if (m.new_axis & bit) {
      spec.gather.push_back(StridedSliceSpec::kNewAxis);
    } else {
      if (full_index == rank) {
        return InvalidArgument(
            "slice spec indexes more dims than the input's rank " + Str(rank));
      }
      StridedSliceDim d;
      d.input_dim = full_index++;
      d.begin_masked = (m.begin & bit) != 0;
      d.end_masked = (m.end & bit) != 0;
      d.shrink = (m.shrink & bit) != 0;
      if (begin) d.begin = (*begin)[i];
      if (end) d.end = (*end)[i];
      d.stride = strides[i];
      if (d.stride == 0) {
        return InvalidArgument("strides[" + Str(i) + "] must be non-zero");
      }
      spec.gather.push_back(d.shrink ? StridedSliceSpec::kShrinkAxis
                                     : static_cast<int>(spec.dense.size()));
      spec.dense.push_back(d);
    }
  }
  return spec;
}

}  // namespace kiln
