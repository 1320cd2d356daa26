// Numerics cases: reductions (empty axis lists, negative axes, keep_dims,
// zero-size reduced dims), ArgMax, MatMul, BatchMatMulV2, BiasAdd, softmax
// and the cross-entropies.
#include "tests/numerics/numerics_cases.h"

namespace kiln {
namespace numerics {
namespace {

using tensorflow::DT_DOUBLE;
using tensorflow::DT_INT32;
using tensorflow::DT_INT64;

Case Reduce(const std::string& name, const std::string& op, Input in,
            Input axes, bool keep_dims = false) {
  Case c{name, op, {std::move(in), std::move(axes)},
         {BoolAttr("keep_dims", keep_dims)}};
  c.tol = Tol::kReduction;
  return c;
}

Case Loose(Case c) {
  c.tol = Tol::kReduction;
  return c;
}

}  // namespace

std::vector<Case> LinalgCases() {
  std::vector<Case> c;
  for (const std::string op : {"Sum", "Mean", "Max", "Min", "Prod"}) {
    std::string p = op;
    p[0] = static_cast<char>(p[0] - 'A' + 'a');
    const double lo = op == "Prod" ? 0.5 : -3, hi = op == "Prod" ? 1.5 : 3;
    c.push_back(Reduce(p + "_f32_axis1", op, F32({3, 4, 5}).Range(lo, hi),
                       Ints({1})));
    c.push_back(Reduce(p + "_f64_neg_axes_keep", op,
                       F64({3, 4, 5}).Range(lo, hi), Ints({-1, 0}), true));
    c.push_back(Reduce(p + "_i32_no_axes", op, I32({4, 6}), Ints({})));
    c.push_back(Reduce(p + "_i32_all_neg", op, I32({4, 6}).Range(-7, 5),
                       Ints({0, 1})));
    c.push_back(Reduce(p + "_i64_scalar_axis_keep", op,
                       I64({3, 4}).Range(-4, 4),
                       Values(DT_INT64, {-1}, {}), true));
    c.push_back(Reduce(p + "_f32_zero_size_reduced", op, F32({2, 0, 3}),
                       Ints({1})));
    c.push_back(Reduce(p + "_i32_zero_size_reduced", op, I32({0, 3}),
                       Ints({0}), true));
    c.push_back(Reduce(p + "_f32_empty_output", op, F32({0, 4}), Ints({1})));
  }
  c.push_back(Reduce("max_f32_special", "Max",
                     F32({4, 6}).With({NaN(), Inf(), -Inf()}), Ints({1})));
  c.push_back(Reduce("min_f32_special", "Min",
                     F32({4, 6}).With({NaN(), Inf(), -Inf()}), Ints({0})));
  c.push_back(Reduce("max_f64_inf_only", "Max",
                     Values(DT_DOUBLE, {-Inf(), -Inf(), 1, Inf()}, {2, 2}),
                     Ints({1})));
  c.push_back(Reduce("sum_f32_special", "Sum",
                     F32({4, 6}).With({NaN(), Inf(), -Inf()}), Ints({1})));
  c.push_back(Reduce("sum_f32_large", "Sum", F32({1000}).Range(0, 1),
                     Ints({0})));

  c.push_back(Reduce("sum_f16", "Sum", Of(tensorflow::DT_HALF, {4, 50}),
                     Ints({1})));
  c.push_back(Reduce("mean_f16_keep", "Mean", Of(tensorflow::DT_HALF, {6, 5}),
                     Ints({0}), true));

  // ArgMax: ties pick the first index; output_type; NaN.
  c.push_back({"argmax_f32", "ArgMax", {F32({3, 5}), IntScalar(1)}});
  c.push_back({"argmax_f64_axis0_i32out", "ArgMax",
               {F64({4, 3}), IntScalar(0)},
               {TypeAttr("output_type", DT_INT32)}});
  c.push_back({"argmax_i32_ties_negaxis", "ArgMax",
               {I32({4, 6}).Range(-1, 1), IntScalar(-1)}});
  c.push_back({"argmax_i64_3d", "ArgMax", {I64({2, 3, 4}), IntScalar(1)}});
  c.push_back({"argmax_f32_nan", "ArgMax",
               {F32({4, 5}).With({NaN(), Inf(), NaN()}), IntScalar(1)}});
  c.push_back({"argmax_bool", "ArgMax", {Bool({3, 4}), IntScalar(1)}});
  c.push_back({"argmax_empty_outer", "ArgMax", {F32({0, 4}), IntScalar(1)}});

  // MatMul with transposes; K = 0 gives zeros.
  c.push_back(Loose({"matmul_f32", "MatMul", {F32({3, 4}), F32({4, 5})}}));
  c.push_back(Loose({"matmul_f32_ta", "MatMul", {F32({4, 3}), F32({4, 5})},
                     {BoolAttr("transpose_a", true)}}));
  c.push_back(Loose({"matmul_f64_tb", "MatMul", {F64({3, 4}), F64({5, 4})},
                     {BoolAttr("transpose_b", true)}}));
  c.push_back(Loose({"matmul_f32_ta_tb", "MatMul", {F32({6, 2}), F32({3, 6})},
                     {BoolAttr("transpose_a", true),
                      BoolAttr("transpose_b", true)}}));
  c.push_back(Loose({"matmul_f16", "MatMul",
                     {Of(tensorflow::DT_HALF, {3, 8}), Of(tensorflow::DT_HALF, {8, 2})}}));
  c.push_back({"matmul_i32", "MatMul", {I32({2, 3}), I32({3, 4})}});
  c.push_back({"matmul_k0", "MatMul", {F32({3, 0}), F32({0, 2})}});
  c.push_back({"matmul_m0", "MatMul", {F64({0, 3}), F64({3, 2})}});
  c.push_back(Loose({"matmul_f32_special", "MatMul",
                     {F32({3, 4}).With({NaN(), Inf()}), F32({4, 2})}}));

  // BatchMatMulV2: broadcast batch dims, adjoints.
  c.push_back(Loose({"bmm_f32_bcast", "BatchMatMulV2",
                     {F32({2, 1, 3, 4}), F32({5, 4, 2})}}));
  c.push_back(Loose({"bmm_f64_adj", "BatchMatMulV2",
                     {F64({3, 4, 2}), F64({3, 5, 4})},
                     {BoolAttr("adj_x", true), BoolAttr("adj_y", true)}}));
  c.push_back(Loose({"bmm_f32_rank2_vs_3", "BatchMatMulV2",
                     {F32({3, 4}), F32({2, 4, 5})}}));
  c.push_back({"bmm_i32_adj_y", "BatchMatMulV2",
               {I32({2, 2, 3}), I32({1, 4, 3})}, {BoolAttr("adj_y", true)}});
  c.push_back({"bmm_i64", "BatchMatMulV2", {I64({2, 2, 3}), I64({2, 3, 2})}});
  c.push_back({"bmm_zero_batch", "BatchMatMulV2",
               {F32({0, 2, 3}), F32({1, 3, 4})}});

  // BiasAdd in both layouts.
  c.push_back({"biasadd_f32_nhwc", "BiasAdd", {F32({2, 3, 4}), F32({4})}});
  c.push_back({"biasadd_f64_nchw", "BiasAdd", {F64({2, 3, 4, 5}), F64({3})},
               {StringAttr("data_format", "NCHW")}});
  c.push_back({"biasadd_i32_nhwc_2d", "BiasAdd", {I32({5, 3}), I32({3})},
               {StringAttr("data_format", "NHWC")}});
  c.push_back({"biasadd_i64_nchw_3d", "BiasAdd", {I64({2, 3, 2}), I64({3})},
               {StringAttr("data_format", "NCHW")}});
  c.push_back({"biasadd_empty", "BiasAdd", {F32({0, 4}), F32({4})}});

  for (const std::string op : {"Softmax", "LogSoftmax"}) {
    const std::string p = op == "Softmax" ? "softmax" : "logsoftmax";
    c.push_back(Loose({p + "_f32", op, {F32({3, 5}).Range(-10, 10)}}));
    c.push_back(Loose({p + "_f64_3d", op, {F64({2, 3, 4})}}));
    c.push_back(Loose({p + "_f32_large", op, {F32({4, 6}).Range(-1000, 1000)}}));
    c.push_back(Loose({p + "_f32_special", op,
                       {F32({4, 5}).With({-Inf(), -Inf(), Inf(), NaN()})}}));
    c.push_back(Loose({p + "_empty", op, {F32({0, 5})}}));
    c.push_back(Loose({p + "_1d", op, {F64({7})}}));
    c.push_back(Loose({p + "_f16", op, {Of(tensorflow::DT_HALF, {2, 6})}}));
  }

  c.push_back(Loose({"xent_f32", "SoftmaxCrossEntropyWithLogits",
                     {F32({4, 5}).Range(-5, 5), F32({4, 5}).Range(0, 1)}}));
  c.push_back(Loose({"xent_f64", "SoftmaxCrossEntropyWithLogits",
                     {F64({3, 6}).Range(-20, 20), F64({3, 6}).Range(0, 1)}}));
  c.push_back(Loose({"xent_f32_bcast_labels", "SoftmaxCrossEntropyWithLogits",
                     {F32({4, 5}), F32({1, 5}).Range(0, 1)}}));
  c.push_back(Loose({"xent_empty_batch", "SoftmaxCrossEntropyWithLogits",
                     {F32({0, 5}), F32({0, 5})}}));
  c.push_back(Loose({"sparse_xent_f32_i64", "SparseSoftmaxCrossEntropyWithLogits",
                     {F32({4, 5}).Range(-5, 5), I64({4}).Range(0, 4)}}));
  c.push_back(Loose({"sparse_xent_f64_i32", "SparseSoftmaxCrossEntropyWithLogits",
                     {F64({6, 3}).Range(-30, 30), I32({6}).Range(0, 2)}}));
  c.push_back(Loose({"sparse_xent_empty", "SparseSoftmaxCrossEntropyWithLogits",
                     {F32({0, 3}), I64({0})}}));
  c.push_back(Loose({"sparse_xent_bad_label", "SparseSoftmaxCrossEntropyWithLogits",
                     {F32({3, 4}), Values(DT_INT64, {0, 4, -1})}}));
  return c;
}

}  // namespace numerics
}  // namespace kiln
