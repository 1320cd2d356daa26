// Numerics cases: array ops (Reshape, Transpose, Slice, StridedSlice,
// StridedSliceGrad, Pad, ConcatV2, Pack, ExpandDims, Squeeze, Fill, OneHot,
// Shape) and Cast.
#include <cctype>

#include "tests/numerics/numerics_cases.h"

namespace kiln {
namespace numerics {
namespace {

using tensorflow::DT_BOOL;
using tensorflow::DT_DOUBLE;
using tensorflow::DT_FLOAT;
using tensorflow::DT_INT32;
using tensorflow::DT_INT64;

Case CastTo(const std::string& name, Input in, DataType to,
            bool truncate = false) {
  Case c{name, "Cast", {std::move(in)}, {TypeAttr("DstT", to)}};
  if (truncate) c.attrs.push_back(BoolAttr("Truncate", true));
  return c;
}

}  // namespace

std::vector<Case> ArrayCases() {
  std::vector<Case> c;
  c.push_back(
      {"reshape_f32_infer", "Reshape", {F32({2, 3, 4}), Ints({4, -1})}});
  c.push_back({"reshape_i64_flat_i64shape",
               "Reshape",
               {I64({2, 3}), Values(DT_INT64, {-1})}});
  c.push_back({"reshape_zero_size", "Reshape", {F32({0, 3}), Ints({3, 0})}});
  c.push_back({"reshape_to_scalar", "Reshape", {F64({1, 1}), Ints({})}});
  c.push_back({"reshape_bool", "Reshape", {Bool({6}), Ints({3, 2})}});

  c.push_back(
      {"transpose_f32_3d", "Transpose", {F32({2, 3, 4}), Ints({2, 0, 1})}});
  c.push_back({"transpose_f64_i64perm",
               "Transpose",
               {F64({3, 5}), Values(DT_INT64, {1, 0})}});
  c.push_back({"transpose_i32_4d",
               "Transpose",
               {I32({2, 1, 3, 2}), Ints({3, 1, 2, 0})}});
  c.push_back({"transpose_empty", "Transpose", {F32({0, 3}), Ints({1, 0})}});

  // Slice: size -1 takes the rest; int64 indices; empty; out of bounds.
  c.push_back(
      {"slice_f32", "Slice", {F32({4, 6}), Ints({1, 2}), Ints({2, -1})}});
  c.push_back({"slice_i32_3d",
               "Slice",
               {I32({3, 4, 5}), Ints({0, 1, 2}), Ints({3, 2, 2})}});
  c.push_back(
      {"slice_f64_i64",
       "Slice",
       {F64({5, 3}), Values(DT_INT64, {2, 0}), Values(DT_INT64, {3, 3})}});
  c.push_back({"slice_bool_empty",
               "Slice",
               {Bool({4, 2}), Ints({4, 0}), Ints({0, 2})}});
  c.push_back({"slice_out_of_bounds",
               "Slice",
               {F32({4, 6}), Ints({3, 0}), Ints({2, 6})}});

  // StridedSlice: masks, negative strides, ellipsis, new and shrunk axes,
  // clamped ends, empty ranges, int64 indices, an index out of bounds.
  auto strided = [](int64_t begin_mask, int64_t end_mask, int64_t ellipsis,
                    int64_t new_axis, int64_t shrink) {
    return std::vector<Attr>{
        IntAttr("begin_mask", begin_mask), IntAttr("end_mask", end_mask),
        IntAttr("ellipsis_mask", ellipsis), IntAttr("new_axis_mask", new_axis),
        IntAttr("shrink_axis_mask", shrink)};
  };
  c.push_back({"strided_slice_step2",
               "StridedSlice",
               {F32({7, 6}), Ints({1, 0}), Ints({6, 6}), Ints({2, 3})},
               strided(0, 0, 0, 0, 0)});
  c.push_back({"strided_slice_reverse",
               "StridedSlice",
               {I32({5, 4}), Ints({-1, 3}), Ints({0, 0}), Ints({-1, -2})},
               strided(0, 1, 0, 0, 0)});
  c.push_back(
      {"strided_slice_ellipsis_newaxis",
       "StridedSlice",
       {F64({2, 3, 4}), Ints({0, 0, 1}), Ints({0, 0, 3}), Ints({1, 1, 1})},
       strided(0, 0, 1, 2, 0)});
  c.push_back({"strided_slice_shrink_row",
               "StridedSlice",
               {F32({4, 5}), Ints({-2, 1}), Ints({-1, 4}), Ints({1, 1})},
               strided(0, 0, 0, 0, 1)});
  c.push_back({"strided_slice_shrink_all",
               "StridedSlice",
               {I64({3, 4}), Ints({2, 3}), Ints({3, 4}), Ints({1, 1})},
               strided(0, 0, 0, 0, 3)});
  c.push_back({"strided_slice_clamped_i64",
               "StridedSlice",
               {F32({6, 3}), Values(DT_INT64, {-100, 1}),
                Values(DT_INT64, {100, 100}), Values(DT_INT64, {3, 1})},
               strided(0, 0, 0, 0, 0)});
  c.push_back({"strided_slice_empty_bool",
               "StridedSlice",
               {Bool({4, 3}), Ints({3, 0}), Ints({1, 3}), Ints({1, 1})},
               strided(0, 0, 0, 0, 0)});
  c.push_back({"strided_slice_masks",
               "StridedSlice",
               {F32({5, 6}), Ints({9, 2}), Ints({9, 0}), Ints({-2, 1})},
               strided(1, 3, 0, 0, 0)});
  c.push_back({"strided_slice_index_out_of_bounds",
               "StridedSlice",
               {F32({3, 2}), Ints({3}), Ints({4}), Ints({1})},
               strided(0, 0, 0, 0, 1)});

  // StridedSliceGrad: dy scattered where StridedSlice read.
  c.push_back(
      {"strided_slice_grad_step2",
       "StridedSliceGrad",
       {Ints({7, 6}), Ints({1, 0}), Ints({6, 6}), Ints({2, 3}), F32({3, 2})},
       strided(0, 0, 0, 0, 0)});
  c.push_back(
      {"strided_slice_grad_reverse_shrink",
       "StridedSliceGrad",
       {Ints({5, 4}), Ints({-1, 2}), Ints({0, 3}), Ints({-1, 1}), F64({4})},
       strided(0, 1, 0, 0, 2)});
  c.push_back(
      {"strided_slice_grad_wrong_dy",
       "StridedSliceGrad",
       {Ints({4, 4}), Ints({0, 0}), Ints({2, 2}), Ints({1, 1}), F32({3, 2})},
       strided(0, 0, 0, 0, 0)});

  // Pad: zeros around; int64 paddings; an empty input; negative paddings.
  c.push_back({"pad_f32",
               "Pad",
               {F32({2, 3}), Values(DT_INT32, {1, 2, 0, 3}, {2, 2})}});
  c.push_back({"pad_i32_3d_i64",
               "Pad",
               {I32({2, 1, 2}), Values(DT_INT64, {0, 1, 2, 0, 1, 1}, {3, 2})}});
  c.push_back({"pad_empty_bool",
               "Pad",
               {Bool({0, 2}), Values(DT_INT32, {1, 1, 0, 0}, {2, 2})}});
  c.push_back({"pad_negative",
               "Pad",
               {F32({2, 2}), Values(DT_INT32, {-1, 0, 0, 0}, {2, 2})}});

  // Random ops: TensorFlow's values differ, their distributions do not.
  for (const char* op :
       {"RandomUniform", "RandomStandardNormal", "TruncatedNormal"}) {
    const std::string name = op;
    std::string lower;
    for (char ch : name) {
      if (std::isupper(static_cast<unsigned char>(ch)) && !lower.empty()) {
        lower += '_';
      }
      lower += static_cast<char>(std::tolower(static_cast<unsigned char>(ch)));
    }
    c.push_back({lower + "_f32",
                 op,
                 {Ints({100, 50})},
                 {TypeAttr("dtype", DT_FLOAT), IntAttr("seed", 7)},
                 Tol::kDistribution});
    c.push_back({lower + "_f64_i64shape",
                 op,
                 {Values(DT_INT64, {20, 30, 10})},
                 {TypeAttr("dtype", DT_DOUBLE), IntAttr("seed", 3),
                  IntAttr("seed2", 11)},
                 Tol::kDistribution});
  }
  c.push_back({"random_uniform_negative_shape",
               "RandomUniform",
               {Ints({3, -2})},
               {TypeAttr("dtype", DT_FLOAT)},
               Tol::kDistribution});

  c.push_back({"concat_f32_axis1",
               "ConcatV2",
               {F32({2, 3}), F32({2, 4}), IntScalar(1)},
               {IntAttr("N", 2)}});
  c.push_back({"concat_i32_zero_piece",
               "ConcatV2",
               {I32({1, 3}), I32({2, 3}), I32({0, 3}), IntScalar(0)},
               {IntAttr("N", 3)}});
  c.push_back({"concat_f64_neg_axis_i64",
               "ConcatV2",
               {F64({2, 2, 1}), F64({2, 2, 3}), Values(DT_INT64, {-1}, {})},
               {IntAttr("N", 2)}});
  c.push_back({"concat_bool_n1",
               "ConcatV2",
               {Bool({2, 2}), IntScalar(0)},
               {IntAttr("N", 1)}});

  c.push_back({"pack_f32_axis0",
               "Pack",
               {F32({2, 3}), F32({2, 3}), F32({2, 3})},
               {IntAttr("N", 3), IntAttr("axis", 0)}});
  c.push_back({"pack_i64_neg_axis",
               "Pack",
               {I64({4}), I64({4})},
               {IntAttr("N", 2), IntAttr("axis", -1)}});
  c.push_back({"pack_bool_axis1",
               "Pack",
               {Bool({2, 3}), Bool({2, 3})},
               {IntAttr("N", 2), IntAttr("axis", 1)}});
  c.push_back({"pack_zero_size",
               "Pack",
               {F32({0, 2}), F32({0, 2})},
               {IntAttr("N", 2), IntAttr("axis", 1)}});
  c.push_back(
      {"pack_scalars", "Pack", {F64({}), F64({}), F64({})}, {IntAttr("N", 3)}});

  c.push_back({"expand_dims_0", "ExpandDims", {F32({2, 3}), IntScalar(0)}});
  c.push_back({"expand_dims_neg1", "ExpandDims", {I32({2, 3}), IntScalar(-1)}});
  c.push_back({"expand_dims_mid_i64",
               "ExpandDims",
               {F64({2, 3}), Values(DT_INT64, {1}, {})}});
  c.push_back({"expand_dims_scalar", "ExpandDims", {F32({}), IntScalar(0)}});

  c.push_back({"squeeze_all", "Squeeze", {F32({1, 3, 1, 2})}});
  c.push_back({"squeeze_dim2",
               "Squeeze",
               {I64({1, 3, 1, 2})},
               {IntListAttr("squeeze_dims", {2})}});
  c.push_back({"squeeze_neg",
               "Squeeze",
               {F64({2, 1})},
               {IntListAttr("squeeze_dims", {-1})}});
  c.push_back({"squeeze_zero_size",
               "Squeeze",
               {F32({0, 1})},
               {IntListAttr("squeeze_dims", {1})}});

  c.push_back({"fill_f32", "Fill", {Ints({2, 3}), F32({})}});
  c.push_back({"fill_i32_zero_dim_i64dims",
               "Fill",
               {Values(DT_INT64, {0, 4}), I32({})}});
  c.push_back({"fill_scalar", "Fill", {Ints({}), F64({})}});
  c.push_back({"fill_bool", "Fill", {Ints({3}), Values(DT_BOOL, {1}, {})}});
  c.push_back({"fill_nan", "Fill", {Ints({2}), Values(DT_FLOAT, {NaN()}, {})}});

  // OneHot: out-of-range and negative indices give all-off rows.
  c.push_back({"onehot_f32",
               "OneHot",
               {Ints({0, 4, -1, 5, 2}), IntScalar(5), Values(DT_FLOAT, {1}, {}),
                Values(DT_FLOAT, {0}, {})}});
  c.push_back({"onehot_i32_axis0",
               "OneHot",
               {I32({2, 3}).Range(-1, 4), IntScalar(4),
                Values(DT_INT32, {7}, {}), Values(DT_INT32, {-3}, {})},
               {IntAttr("axis", 0)}});
  c.push_back({"onehot_i64idx_f64_axis1",
               "OneHot",
               {I64({2, 3}).Range(0, 2), IntScalar(3),
                Values(DT_DOUBLE, {0.5}, {}), Values(DT_DOUBLE, {-0.25}, {})},
               {IntAttr("axis", 1)}});
  c.push_back({"onehot_depth0",
               "OneHot",
               {Ints({1, 0}), IntScalar(0), Values(DT_FLOAT, {1}, {}),
                Values(DT_FLOAT, {0}, {})}});

  c.push_back({"shape_f32", "Shape", {F32({2, 0, 3})}});
  c.push_back({"shape_i64_out",
               "Shape",
               {I32({4, 1})},
               {TypeAttr("out_type", DT_INT64)}});
  c.push_back({"shape_scalar", "Shape", {Bool({})}});

  // Cast: float -> int truncates toward zero; NaN/inf; wrapping; bools.
  c.push_back(
      CastTo("cast_f32_i32_negfrac", F32({4, 5}).Range(-5, 5), DT_INT32));
  c.push_back(
      CastTo("cast_f64_i64_negfrac", F64({3, 4}).Range(-100, 100), DT_INT64));
  c.push_back(
      CastTo("cast_f32_i32_halves",
             Values(DT_FLOAT, {-2.5, -1.5, -0.5, -0.0, 0.5, 1.5, 2.5, -0.9}),
             DT_INT32));
  c.push_back(CastTo("cast_f32_i32_special",
                     Values(DT_FLOAT, {NaN(), Inf(), -Inf(), 3e9, -3e9}),
                     DT_INT32));
  c.push_back(CastTo("cast_f32_i64_special",
                     Values(DT_FLOAT, {NaN(), Inf(), -Inf(), 1e19, -1e19}),
                     DT_INT64));
  c.push_back(
      CastTo("cast_f32_f64", F32({3, 3}).With({NaN(), Inf()}), DT_DOUBLE));
  c.push_back(CastTo("cast_f64_f32_overflow",
                     Values(DT_DOUBLE, {1e39, -1e39, 1e-50, 0.1, NaN()}),
                     DT_FLOAT));
  c.push_back(CastTo("cast_f64_f32_truncate", F64({6}), DT_FLOAT, true));
  c.push_back(CastTo("cast_i32_f32", I32({5}).Range(-1e6, 1e6), DT_FLOAT));
  c.push_back(
      CastTo("cast_i64_i32_wrap",
             Values(DT_INT64, {4294967297.0, -4294967297.0, 2147483648.0, -5}),
             DT_INT32));
  c.push_back(CastTo("cast_bool_f32", Bool({2, 3}), DT_FLOAT));
  c.push_back(CastTo("cast_f32_bool", F32({6}).With({NaN(), -0.0, 0.0, 1e-30}),
                     DT_BOOL));
  c.push_back(CastTo("cast_i32_bool", I32({6}).Range(-1, 1), DT_BOOL));
  c.push_back(CastTo("cast_f32_f16_overflow",
                     Values(DT_FLOAT, {1e5, -1e5, 1e-8, 0.1, NaN(), 65519}),
                     tensorflow::DT_HALF));
  c.push_back(CastTo("cast_f16_i32", Of(tensorflow::DT_HALF, {5}), DT_INT32));
  c.push_back(CastTo("cast_empty", F32({0, 2}), DT_INT64));
  return c;
}

}  // namespace numerics
}  // namespace kiln
