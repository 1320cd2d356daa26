// Numerics cases: unary and binary elementwise ops, Select and SelectV2 (broadcasting,
// integer division, NaN/inf, zero-size tensors).
#include "tests/numerics/numerics_cases.h"

#include <cctype>

namespace kiln {
namespace numerics {
namespace {

using tensorflow::DT_DOUBLE;
using tensorflow::DT_INT32;
using tensorflow::DT_INT64;

// NaN, +-inf, -0 and 0, sprinkled over random values.
const std::vector<double>& Specials() {
  static const std::vector<double> s = {NaN(), Inf(), -Inf(), -0.0, 0.0, NaN()};
  return s;
}

void Unary(std::vector<Case>& cases, const std::string& op,
           const std::string& prefix, bool ints, bool specials,
           double lo = -3, double hi = 3) {
  cases.push_back({prefix + "_f32", op, {F32({3, 4}).Range(lo, hi)}});
  cases.push_back({prefix + "_f64", op, {F64({2, 3, 2}).Range(lo, hi)}});
  cases.push_back({prefix + "_empty", op, {F32({0, 3})}});
  if (ints) {
    cases.push_back({prefix + "_i32", op, {I32({5})}});
    cases.push_back({prefix + "_i64", op, {I64({2, 3})}});
  }
  if (specials) {
    cases.push_back(
        {prefix + "_f32_special", op, {F32({4, 5}).Range(lo, hi).With(Specials())}});
  }
}

// Shapes: broadcasting with 1-dims, scalar vs vector, zero-size.
void Binary(std::vector<Case>& cases, const std::string& op,
            const std::string& prefix, bool ints) {
  cases.push_back({prefix + "_f32_bcast", op, {F32({3, 1, 4}), F32({5, 1})}});
  cases.push_back({prefix + "_f64", op, {F64({2, 3}), F64({3})}});
  cases.push_back({prefix + "_empty", op, {F32({0, 3}), F32({1, 3})}});
  if (ints) {
    cases.push_back({prefix + "_i32", op, {I32({4, 5}), I32({4, 1})}});
    cases.push_back({prefix + "_i64_scalar", op, {I64({}), I64({6})}});
  }
}

}  // namespace

std::vector<Case> ElementwiseCases() {
  std::vector<Case> c;
  Unary(c, "Neg", "neg", true, false);
  Unary(c, "Square", "square", true, false);
  Unary(c, "Sqrt", "sqrt", false, true, -1, 9);
  Unary(c, "Rsqrt", "rsqrt", false, true, -1, 9);
  Unary(c, "Exp", "exp", false, true, -100, 100);
  Unary(c, "Log", "log", false, true, -1, 9);
  Unary(c, "Tanh", "tanh", false, true, -10, 10);
  Unary(c, "Sin", "sin", false, true, -10, 10);
  Unary(c, "Cos", "cos", false, true, -10, 10);
  Unary(c, "Sigmoid", "sigmoid", false, true, -20, 20);
  Unary(c, "Relu", "relu", true, true);
  Unary(c, "Relu6", "relu6", true, true, -9, 9);
  Unary(c, "LeakyRelu", "leaky_relu", false, true);
  c.push_back({"leaky_relu_alpha", "LeakyRelu", {F32({4, 3})},
               {FloatAttr("alpha", 0.01)}});
  c.push_back({"leaky_relu_f16", "LeakyRelu", {Of(tensorflow::DT_HALF, {2, 3})},
               {FloatAttr("alpha", 0.3)}});
  Unary(c, "Elu", "elu", false, true);
  Unary(c, "Selu", "selu", false, true);
  Unary(c, "Softplus", "softplus", false, true, -30, 30);
  Unary(c, "Identity", "identity", true, true);
  Unary(c, "StopGradient", "stop_gradient", true, false);
  Unary(c, "ZerosLike", "zeros_like", true, true);
  Unary(c, "OnesLike", "ones_like", true, false);
  c.push_back({"identity_bool", "Identity", {Bool({3, 2})}});

  Binary(c, "AddV2", "add", true);
  Binary(c, "Sub", "sub", true);
  Binary(c, "Mul", "mul", true);
  Binary(c, "RealDiv", "realdiv", false);
  Binary(c, "Maximum", "maximum", true);
  Binary(c, "Minimum", "minimum", true);
  Binary(c, "Equal", "equal", true);
  Binary(c, "Greater", "greater", true);
  Binary(c, "Less", "less", true);
  c.push_back({"add_f32_special", "AddV2",
               {F32({4, 6}).With(Specials()), F32({4, 6}).With(Specials())}});
  c.push_back({"mul_f32_special", "Mul",
               {F32({4, 6}).With(Specials()), F32({4, 6}).With(Specials())}});
  c.push_back({"add_i32_wrap", "AddV2",
               {Values(DT_INT32, {2147483647, -2147483647 - 1.0}),
                Values(DT_INT32, {1, -1})}});

  // RealDiv: floats by zero and NaN; integers with negative operands.
  c.push_back({"realdiv_f32_special", "RealDiv",
               {F32({4, 6}).With(Specials()), F32({4, 6}).With(Specials())}});
  c.push_back({"realdiv_i32_neg", "RealDiv",
               {I32({3, 8}), I32({8}).Range(-9, -1)}});
  c.push_back({"realdiv_i32_pos_divisor", "RealDiv",
               {I32({3, 8}), I32({3, 8}).Range(1, 9)}});
  c.push_back({"realdiv_i64_neg", "RealDiv",
               {Values(DT_INT64, {-7, 7, -7, 7, -1, 0, 9, -9}),
                Values(DT_INT64, {2, -2, -2, 2, 3, -5, -4, 4})}});

  for (const char* op : {"Maximum", "Minimum"}) {
    const std::string p = op == std::string("Maximum") ? "maximum" : "minimum";
    c.push_back({p + "_f32_special", op,
                 {F32({4, 6}).With(Specials()), F32({4, 6}).With(Specials())}});
    c.push_back({p + "_f64_special_bcast", op,
                 {F64({3, 1}).With({NaN()}), F64({1, 4}).With({Inf(), -Inf()})}});
  }
  for (const char* op : {"Equal", "Greater", "Less"}) {
    std::string p = op;
    for (char& ch : p) ch = static_cast<char>(std::tolower(ch));
    c.push_back({p + "_f32_special", op,
                 {F32({4, 6}).With(Specials()), F32({4, 6}).With(Specials())}});
    c.push_back({p + "_i32_equal_values", op,
                 {I32({4, 5}).Range(-2, 2), I32({5}).Range(-2, 2)}});
  }
  c.push_back({"equal_bool", "Equal", {Bool({3, 4}), Bool({4})}});
  c.push_back({"equal_incompatible_no_error", "Equal",
               {F32({2, 3}), F32({4})},
               {BoolAttr("incompatible_shape_error", false)}});

  // Pow: positive bases; negative bases (NaN unless integral exponent);
  // integers with small non-negative exponents.
  c.push_back({"pow_f32", "Pow", {F32({3, 4}).Range(0.1, 3), F32({4})}});
  c.push_back({"pow_f64_negbase", "Pow",
               {F64({2, 5}).Range(-3, 3),
                Values(DT_DOUBLE, {2, 3, 0.5, -1, 0})}});
  c.push_back({"pow_f32_special", "Pow",
               {F32({4, 6}).With(Specials()), F32({4, 6}).With(Specials())}});
  c.push_back({"pow_i32", "Pow", {I32({3, 4}).Range(-5, 5), I32({4}).Range(0, 4)}});
  c.push_back({"pow_i64", "Pow", {I64({6}).Range(-3, 3), I64({}).Range(0, 5)}});
  c.push_back({"pow_empty", "Pow", {F32({2, 0}), F32({1})}});

  // half: Kiln computes in float and rounds, as TensorFlow does.
  const Input h34 = Of(tensorflow::DT_HALF, {3, 4});
  c.push_back({"add_f16_bcast", "AddV2", {Of(tensorflow::DT_HALF, {3, 1, 4}), h34}});
  c.push_back({"exp_f16", "Exp", {h34.Range(-5, 5)}});
  c.push_back({"relu_f16_special", "Relu", {h34.With(Specials())}});
  c.push_back({"maximum_f16_special", "Maximum",
               {h34.With(Specials()), h34.With(Specials())}});
  c.push_back({"realdiv_f16", "RealDiv", {h34, h34.Range(0.5, 4)}});
  c.push_back({"tanh_f16", "Tanh", {h34.Range(-4, 4)}});

  // SelectV2: condition, t and e all broadcasting.
  c.push_back({"select_f32_bcast", "SelectV2",
               {Bool({3, 1}), F32({1, 4}), F32({3, 4})}});
  c.push_back({"select_i64_scalar_cond", "SelectV2",
               {Bool({}), I64({2, 3}), I64({3})}});
  c.push_back({"select_f64_nan", "SelectV2",
               {Bool({5}), F64({5}).With({NaN(), Inf()}), F64({5})}});
  c.push_back({"select_empty", "SelectV2",
               {Bool({0, 1}), F32({0, 2}), F32({1, 2})}});

  // Select (v1): the same shape, or a vector condition picking rows.
  c.push_back({"select_v1_same_f32", "Select",
               {Bool({3, 4}), F32({3, 4}), F32({3, 4})}});
  c.push_back({"select_v1_rows_i32", "Select",
               {Bool({3}), I32({3, 4, 2}), I32({3, 4, 2})}});
  c.push_back({"select_v1_bad_rows", "Select",
               {Bool({2}), F32({3, 4}), F32({3, 4})}});
  return c;
}

}  // namespace numerics
}  // namespace kiln
