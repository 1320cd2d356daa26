// StridedSlice's slice spec, as TensorFlow's ValidateStridedSliceOp reads it:
// the sparse spec (one entry per begin/end/strides value, with an ellipsis,
// new axes and shrunk axes) expanded to a dense spec with one entry per input
// dim. The shape function and the reference kernel both read it.
//
//   StridedSliceMasks masks{.begin = 1, .shrink = 2};
//   KILN_ASSIGN_OR_RETURN(StridedSliceSpec spec,
//       ExpandStridedSlice({4, 6}, masks, begin, end, strides));
//   // spec.dense[1].Resolve(6) -> start and extent of dim 1
#ifndef KILN_RUNTIME_GRAPH_STRIDED_SLICE_SPEC_H_
#define KILN_RUNTIME_GRAPH_STRIDED_SLICE_SPEC_H_

#include <cstdint>
#include <optional>
#include <vector>

#include "runtime/base/status.h"

namespace kiln {

struct StridedSliceMasks {
  int64_t begin = 0, end = 0, ellipsis = 0, new_axis = 0, shrink = 0;
};

// Where one dense dim starts and how many elements it yields.
struct SliceRange {
  int64_t start = 0;
  int64_t extent = 0;
};

// One input dim of the dense spec. begin and end are unset when the values
// are not constants (shape inference); the kernel always has them.
struct StridedSliceDim {
  int input_dim = 0;
  bool begin_masked = true;
  bool end_masked = true;
  bool shrink = false;
  std::optional<int64_t> begin;
  std::optional<int64_t> end;
  int64_t stride = 1;

  // The range over an input dim of size `dim` (known); nullopt when begin or
  // end is needed and unknown. An error when a shrunk index is out of range.
  StatusOr<std::optional<SliceRange>> Resolve(int64_t dim) const;
};

struct StridedSliceSpec {
  // Markers in `gather` for output dims that come from no dense dim.
  static constexpr int kNewAxis = -1;
  static constexpr int kShrinkAxis = -2;

  std::vector<StridedSliceDim> dense;
  // Per sparse position in output order: a dense index, kNewAxis (an output
  // dim of size 1) or kShrinkAxis (no output dim).
  std::vector<int> gather;
};

// An error when the masks name more than one ellipsis (InvalidArgument, no op
// prefix).
Status CheckStridedSliceMasks(const StridedSliceMasks& masks);

// Expands the sparse spec against an input of rank `rank`. begin and end may
// be unknown (nullopt); strides must be known. Errors (InvalidArgument, no
// op prefix): more than one ellipsis, a zero stride, more slice dims than
// the input has, more than 62 slice values.
StatusOr<StridedSliceSpec> ExpandStridedSlice(
    int rank, const StridedSliceMasks& masks,
    const std::optional<std::vector<int64_t>>& begin,
    const std::optional<std::vector<int64_t>>& end,
    const std::vector<int64_t>& strides);

}  // namespace kiln

#endif  // KILN_RUNTIME_GRAPH_STRIDED_SLICE_SPEC_H_
