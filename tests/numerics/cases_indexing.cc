// Numerics cases of the indexing ops: GatherV2 (axes, negative axis,
// batch_dims, int64 indices, out-of-range indices), UnsortedSegmentSum
// (empty and negative segments, ids out of range), Tile, ReverseV2,
// MirrorPad and MirrorPadGrad.
#include "tests/numerics/numerics_cases.h"

namespace kiln {
namespace numerics {

using tensorflow::DT_BOOL;
using tensorflow::DT_INT32;
using tensorflow::DT_INT64;

std::vector<Case> IndexingCases() {
  std::vector<Case> c;
  c.push_back({"gather_rows_f32",
               "GatherV2",
               {F32({7, 4}), I32({3, 5}).Range(0, 6), IntScalar(0)}});
  c.push_back({"gather_axis1_i64_indices",
               "GatherV2",
               {F64({3, 6, 2}), I64({4}).Range(0, 5), IntScalar(1)}});
  c.push_back(
      {"gather_negative_axis_i32",
       "GatherV2",
       {I32({2, 3, 5}), I32({2, 2}).Range(0, 4), Values(DT_INT64, {-1}, {})}});
  c.push_back({"gather_batch_dims",
               "GatherV2",
               {F32({2, 5, 3}), I32({2, 4}).Range(0, 4), IntScalar(1)},
               {IntAttr("batch_dims", 1)}});
  c.push_back({"gather_scalar_index_bool",
               "GatherV2",
               {Bool({4, 3}), Values(DT_INT32, {2}, {}), IntScalar(0)}});
  c.push_back({"gather_out_of_range",
               "GatherV2",
               {F32({3, 2}), Ints({0, 3}), IntScalar(0)}});
  c.push_back({"gather_negative_index",
               "GatherV2",
               {F32({3, 2}), Ints({-1}), IntScalar(0)}});

  c.push_back({"segment_sum_rows",
               "UnsortedSegmentSum",
               {F32({8, 3}), I32({8}).Range(0, 4), IntScalar(6)}});
  c.push_back({"segment_sum_2d_ids_f64",
               "UnsortedSegmentSum",
               {F64({2, 3, 2}), I32({2, 3}).Range(0, 2), IntScalar(3)}});
  c.push_back({"segment_sum_negative_ids_dropped",
               "UnsortedSegmentSum",
               {I32({6}), Ints({0, -1, 2, -3, 2, 0}), IntScalar(3)}});
  c.push_back({"segment_sum_i64_segments",
               "UnsortedSegmentSum",
               {I64({4, 2}), I64({4}).Range(0, 1), Values(DT_INT64, {2}, {})}});
  c.push_back({"segment_sum_id_too_large",
               "UnsortedSegmentSum",
               {F32({3}), Ints({0, 3, 1}), IntScalar(3)}});

  c.push_back({"tile_f32", "Tile", {F32({2, 3}), Ints({2, 3})}});
  c.push_back({"tile_i64_multiples_bool",
               "Tile",
               {Bool({3, 1, 2}), Values(DT_INT64, {1, 4, 2})}});
  c.push_back({"tile_zero", "Tile", {F64({2, 2}), Ints({0, 2})}});
  c.push_back({"tile_wrong_length", "Tile", {F32({2, 2}), Ints({2})}});

  c.push_back({"reverse_f32_axis1", "ReverseV2", {F32({3, 4, 2}), Ints({1})}});
  c.push_back({"reverse_i32_two_axes_neg",
               "ReverseV2",
               {I32({2, 3, 4}), Values(DT_INT64, {0, -1})}});
  c.push_back({"reverse_none", "ReverseV2", {F64({2, 3}), Ints({})}});
  c.push_back(
      {"reverse_repeated_axis", "ReverseV2", {F32({2, 3}), Ints({1, -1})}});
  // MirrorPad: REFLECT (pads < dim), SYMMETRIC (pads <= dim), and both
  // over their limits; MirrorPadGrad folds back.
  c.push_back({"mirror_pad_reflect",
               "MirrorPad",
               {F32({3, 4}), Values(DT_INT32, {2, 1, 0, 3}, {2, 2})},
               {StringAttr("mode", "REFLECT")}});
  c.push_back({"mirror_pad_symmetric_i64",
               "MirrorPad",
               {I32({2, 3, 2}), Values(DT_INT64, {2, 0, 1, 3, 1, 1}, {3, 2})},
               {StringAttr("mode", "SYMMETRIC")}});
  c.push_back({"mirror_pad_reflect_too_wide",
               "MirrorPad",
               {F32({2, 3}), Values(DT_INT32, {2, 0, 0, 0}, {2, 2})},
               {StringAttr("mode", "REFLECT")}});
  c.push_back({"mirror_pad_grad_reflect",
               "MirrorPadGrad",
               {F64({6, 8}), Values(DT_INT32, {2, 1, 0, 3}, {2, 2})},
               {StringAttr("mode", "REFLECT")}});
  c.push_back({"mirror_pad_grad_symmetric",
               "MirrorPadGrad",
               {F32({5, 4}), Values(DT_INT32, {1, 2, 2, 0}, {2, 2})},
               {StringAttr("mode", "SYMMETRIC")}});
  return c;
}

}  // namespace numerics
}  // namespace kiln
