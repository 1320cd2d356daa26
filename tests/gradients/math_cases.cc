// Gradient cases: elementwise math (with broadcasting), reductions, MatMul,
// BatchMatMulV2, Cast and Select.
#include "frontend/ops/ops.h"
#include "tests/gradients/grad_check.h"

namespace kiln {
namespace gradcheck {
namespace {

using Build = std::function<Output(const Scope&, const OutputList&)>;

GradCase Unary(const std::string& name, Output (*op)(const Scope&, Input),
               InputSpec spec = {{3, 4}}) {
  return {name,
          {spec},
          [op](const Scope& s, const OutputList& x) { return op(s, x[0]); },
          true};
}

GradCase Binary(const std::string& name,
                Output (*op)(const Scope&, Input, Input), InputSpec a,
                InputSpec b) {
  return {
      name,
      {a, b},
      [op](const Scope& s, const OutputList& x) { return op(s, x[0], x[1]); },
      true};
}

template <typename Attrs>
GradCase Reduce(const std::string& name,
                Output (*op)(const Scope&, Input, Input, const Attrs&),
                std::vector<int32_t> axes, bool keep) {
  return {
      name,
      {{{2, 3, 4}}},
      [=](const Scope& s, const OutputList& x) {
        return op(
            s, x[0],
            ops::Const(s, axes, Shape::Of({static_cast<int64_t>(axes.size())})),
            Attrs().KeepDims(keep));
      },
      true};
}

GradCase MatMulCase(bool ta, bool tb) {
  std::vector<int64_t> a =
      ta ? std::vector<int64_t>{4, 3} : std::vector<int64_t>{3, 4};
  std::vector<int64_t> b =
      tb ? std::vector<int64_t>{5, 4} : std::vector<int64_t>{4, 5};
  return {"matmul_" + std::to_string(ta) + std::to_string(tb),
          {{a}, {b}},
          [=](const Scope& s, const OutputList& x) {
            return ops::MatMul(
                s, x[0], x[1],
                ops::MatMulAttrs().TransposeA(ta).TransposeB(tb));
          },
          true};
}

}  // namespace

std::vector<GradCase> MathCases() {
  const InputSpec positive{{3, 4}, 0.5, 2};
  std::vector<GradCase> c = {
      Unary("neg", ops::Neg),
      Unary("square", ops::Square),
      Unary("sqrt", ops::Sqrt, positive),
      Unary("rsqrt", ops::Rsqrt, positive),
      Unary("exp", ops::Exp),
      Unary("log", ops::Log, positive),
      Unary("tanh", ops::Tanh),
      Unary("sin", ops::Sin),
      Unary("cos", ops::Cos),
      Unary("sigmoid", ops::Sigmoid),
      Binary("add_broadcast", ops::AddV2, {{3, 1}}, {{4}}),
      Binary("sub_broadcast", ops::Sub, {{2, 3, 4}}, {{3, 1}}),
      Binary("mul_broadcast", ops::Mul, {{3, 4}}, {{1, 4}}),
      Binary("mul_scalar", ops::Mul, {{3, 4}}, {{}}),
      Binary("realdiv", ops::RealDiv, {{3, 4}}, {{4}, 0.5, 2}),
      Binary("maximum", ops::Maximum, {{3, 4}}, {{3, 4}}),
      Binary("minimum_broadcast", ops::Minimum, {{3, 4}}, {{4}}),
      Binary("pow", ops::Pow, {{3, 4}, 0.5, 2}, {{3, 4}}),
      Reduce("sum_axis1", ops::Sum, {1}, false),
      Reduce("sum_keep_neg", ops::Sum, {-1, 0}, true),
      Reduce("mean_axis02", ops::Mean, {0, 2}, false),
      Reduce("mean_keep", ops::Mean, {1}, true),
      Reduce("max_axis2", ops::Max, {2}, false),
      Reduce("min_keep", ops::Min, {0}, true),
      Reduce("prod_axis1", ops::Prod, {1}, false),
      MatMulCase(false, false),
      MatMulCase(false, true),
      MatMulCase(true, false),
      MatMulCase(true, true),
  };
  c.push_back({"batch_matmul_broadcast",
               {{{2, 1, 3, 4}}, {{3, 4, 2}}},
               [](const Scope& s, const OutputList& x) {
                 return ops::BatchMatMulV2(s, x[0], x[1]);
               },
               true});
  c.push_back({"batch_matmul_adj",
               {{{2, 4, 3}}, {{2, 5, 4}}},
               [](const Scope& s, const OutputList& x) {
                 return ops::BatchMatMulV2(
                     s, x[0], x[1],
                     ops::BatchMatMulV2Attrs().AdjX(true).AdjY(true));
               }});
  // Through float32 and back: float32's rounding needs a larger step.
  GradCase cast{
      "cast_f32", {{{3, 4}}}, [](const Scope& s, const OutputList& x) {
        return ops::Cast(s, ops::Tanh(s, ops::Cast(s, x[0], DT_FLOAT)),
                         DT_DOUBLE);
      }};
  cast.step = 1e-2;
  cast.tolerance = 1e-3;
  c.push_back(cast);
  c.push_back({"selectv2_broadcast",
               {{{3, 4}}, {{4}}},
               [](const Scope& s, const OutputList& x) {
                 Output cond =
                     ops::Const(s,
                                {true, false, true, true, false, false, true,
                                 false, false, true, true, false},
                                Shape::Of({3, 4}));
                 return ops::SelectV2(s, cond, x[0], x[1]);
               }});
  c.push_back({"select_rows",
               {{{3, 2}}, {{3, 2}}},
               [](const Scope& s, const OutputList& x) {
                 Output cond = ops::Const(s, {true, false, true});
                 return ops::Select(s, cond, x[0], x[1]);
               }});
  return c;
}

}  // namespace gradcheck
}  // namespace kiln
