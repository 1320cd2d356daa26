// Gradients of the math ops: unary and binary elementwise ops (binary ones
// reduce over what they broadcast), reductions, MatMul/BatchMatMulV2, Cast
// and Select. Written with primitive ops, so they are differentiable again.
#include "frontend/gradients/grad_helpers.h"
#include "frontend/gradients/registry.h"
#include "frontend/ops/ops.h"

namespace kiln {
namespace {

using grad::Scalar;

// ---- Unary -----------------------------------------------------------------

Status NegGrad(const Scope& s, const GradOp&, const OutputList& dy,
               OutputList* dx) {
  dx->push_back(ops::Neg(s, dy[0]));
  return s.status();
}

Status SquareGrad(const Scope& s, const GradOp& op, const OutputList& dy,
                  OutputList* dx) {
  Output x = op.input(0);
  dx->push_back(ops::Mul(s, dy[0], ops::Mul(s, x, Scalar(s, 2, x))));
  return s.status();
}

// d sqrt(x) = 0.5 / y.
Status SqrtGrad(const Scope& s, const GradOp& op, const OutputList& dy,
                OutputList* dx) {
  Output y = op.output(0);
  dx->push_back(ops::RealDiv(s, ops::Mul(s, dy[0], Scalar(s, 0.5, y)), y));
  return s.status();
}

// d x^-1/2 = -0.5 y^3.
Status RsqrtGrad(const Scope& s, const GradOp& op, const OutputList& dy,
                 OutputList* dx) {
  Output y = op.output(0);
  Output y3 = ops::Mul(s, ops::Square(s, y), y);
  dx->push_back(ops::Mul(s, dy[0], ops::Mul(s, y3, Scalar(s, -0.5, y))));
  return s.status();
}

Status ExpGrad(const Scope& s, const GradOp& op, const OutputList& dy,
               OutputList* dx) {
  dx->push_back(ops::Mul(s, dy[0], op.output(0)));
  return s.status();
}

Status LogGrad(const Scope& s, const GradOp& op, const OutputList& dy,
               OutputList* dx) {
  dx->push_back(ops::RealDiv(s, dy[0], op.input(0)));
  return s.status();
}

// d tanh = 1 - y^2.
Status TanhGrad(const Scope& s, const GradOp& op, const OutputList& dy,
                OutputList* dx) {
  Output y = op.output(0);
  dx->push_back(
      ops::Mul(s, dy[0], ops::Sub(s, Scalar(s, 1, y), ops::Square(s, y))));
  return s.status();
}

// d sin = cos x, d cos = -sin x.
Status SinGrad(const Scope& s, const GradOp& op, const OutputList& dy,
               OutputList* dx) {
  dx->push_back(ops::Mul(s, dy[0], ops::Cos(s, op.input(0))));
  return s.status();
}

Status CosGrad(const Scope& s, const GradOp& op, const OutputList& dy,
               OutputList* dx) {
  dx->push_back(ops::Neg(s, ops::Mul(s, dy[0], ops::Sin(s, op.input(0)))));
  return s.status();
}

// d sigmoid = y (1 - y).
Status SigmoidGrad(const Scope& s, const GradOp& op, const OutputList& dy,
                   OutputList* dx) {
  Output y = op.output(0);
  dx->push_back(
      ops::Mul(s, dy[0], ops::Mul(s, y, ops::Sub(s, Scalar(s, 1, y), y))));
  return s.status();
}

// ---- Binary ----------------------------------------------------------------

// Appends dx and dy, each summed down to its input's shape.
Status Reduced(const Scope& s, const GradOp& op, const Output& gx,
               const Output& gy, OutputList* dx) {
  dx->push_back(gx.valid() ? grad::ReduceToShape(s, gx, op.input(0))
                           : Output());
  dx->push_back(gy.valid() ? grad::ReduceToShape(s, gy, op.input(1))
                           : Output());
  return s.status();
}

Status AddGrad(const Scope& s, const GradOp& op, const OutputList& dy,
               OutputList* dx) {
  return Reduced(s, op, dy[0], dy[0], dx);
}

Status SubGrad(const Scope& s, const GradOp& op, const OutputList& dy,
               OutputList* dx) {
  return Reduced(s, op, dy[0], ops::Neg(s, dy[0]), dx);
}

Status MulGrad(const Scope& s, const GradOp& op, const OutputList& dy,
               OutputList* dx) {
  return Reduced(s, op, ops::Mul(s, dy[0], op.input(1)),
                 ops::Mul(s, op.input(0), dy[0]), dx);
}

// d x/y = 1/y dx - x/y^2 dy.
Status RealDivGrad(const Scope& s, const GradOp& op, const OutputList& dy,
                   OutputList* dx) {
  Output x = op.input(0), y = op.input(1);
  Output gy =
      ops::Neg(s, ops::RealDiv(s, ops::Mul(s, dy[0], x), ops::Square(s, y)));
  return Reduced(s, op, ops::RealDiv(s, dy[0], y), gy, dx);
}

// The gradient goes to x where x wins (ties to x, as TensorFlow's
// x >= y for Maximum and x <= y for Minimum).
Status SelectingGrad(const Scope& s, const GradOp& op, const OutputList& dy,
                     bool maximum, OutputList* dx) {
  Output x = op.input(0), y = op.input(1);
  Output y_wins = maximum ? ops::Less(s, x, y) : ops::Greater(s, x, y);
  Output zeros = ops::ZerosLike(s, dy[0]);
  return Reduced(s, op, ops::SelectV2(s, y_wins, zeros, dy[0]),
                 ops::SelectV2(s, y_wins, dy[0], zeros), dx);
}

Status MaximumGrad(const Scope& s, const GradOp& op, const OutputList& dy,
                   OutputList* dx) {
  return SelectingGrad(s, op, dy, /*maximum=*/true, dx);
}

Status MinimumGrad(const Scope& s, const GradOp& op, const OutputList& dy,
                   OutputList* dx) {
  return SelectingGrad(s, op, dy, /*maximum=*/false, dx);
}

// d x^y = y x^(y-1) dx + z log(x) dy, the latter 0 where x <= 0.
Status PowGrad(const Scope& s, const GradOp& op, const OutputList& dy,
               OutputList* dx) {
  Output x = op.input(0), y = op.input(1), z = op.output(0);
  Output gx =
      ops::Mul(s, dy[0],
               ops::Mul(s, y, ops::Pow(s, x, ops::Sub(s, y, Scalar(s, 1, y)))));
  Output positive = ops::Greater(s, x, Scalar(s, 0, x));
  Output safe_x = ops::SelectV2(s, positive, x, ops::OnesLike(s, x));
  Output log_x =
      ops::SelectV2(s, positive, ops::Log(s, safe_x), ops::ZerosLike(s, x));
  Output gy = ops::Mul(s, dy[0], ops::Mul(s, z, log_x));
  return Reduced(s, op, gx, gy, dx);
}

// ---- Reductions ------------------------------------------------------------

// The reduction's axes (input 1) over its input's rank, sorted.
StatusOr<std::vector<int64_t>> ReducedAxes(const GradOp& op) {
  return grad::ConstantAxes(op.input(1), op.input(0).shape().rank(),
                            "node '" + op.name() + "'");
}

Status SumGrad(const Scope& s, const GradOp& op, const OutputList& dy,
               OutputList* dx) {
  Output x = op.input(0);
  KILN_ASSIGN_OR_RETURN(std::vector<int64_t> axes, ReducedAxes(op));
  dx->push_back(
      grad::BroadcastReduced(s, dy[0], x, axes, op.GetBool("keep_dims")));
  dx->push_back(Output());
  return s.status();
}

Status MeanGrad(const Scope& s, const GradOp& op, const OutputList& dy,
                OutputList* dx) {
  Output x = op.input(0);
  KILN_ASSIGN_OR_RETURN(std::vector<int64_t> axes, ReducedAxes(op));
  Output spread =
      grad::BroadcastReduced(s, dy[0], x, axes, op.GetBool("keep_dims"));
  dx->push_back(ops::RealDiv(s, spread, grad::ReducedCount(s, x, axes)));
  dx->push_back(Output());
  return s.status();
}

// The gradient is shared equally by the elements equal to the max (min).
Status ExtremumGrad(const Scope& s, const GradOp& op, const OutputList& dy,
                    OutputList* dx) {
  Output x = op.input(0), y = op.output(0);
  KILN_ASSIGN_OR_RETURN(std::vector<int64_t> axes, ReducedAxes(op));
  const bool keep = op.GetBool("keep_dims");
  Output y_full = grad::BroadcastReduced(s, y, x, axes, keep);
  Output hits = ops::Cast(s, ops::Equal(s, x, y_full), x.dtype());
  Output count =
      ops::Sum(s, hits, grad::Ints(s, axes), ops::SumAttrs().KeepDims(true));
  Output spread = grad::BroadcastReduced(s, dy[0], x, axes, keep);
  dx->push_back(ops::RealDiv(s, ops::Mul(s, spread, hits), count));
  dx->push_back(Output());
  return s.status();
}

// d prod = prod / x, for inputs without zeros (TensorFlow's formula also
// handles zeros; this one gives inf/nan there).
Status ProdGrad(const Scope& s, const GradOp& op, const OutputList& dy,
                OutputList* dx) {
  Output x = op.input(0), y = op.output(0);
  KILN_ASSIGN_OR_RETURN(std::vector<int64_t> axes, ReducedAxes(op));
  const bool keep = op.GetBool("keep_dims");
  Output spread =
      grad::BroadcastReduced(s, ops::Mul(s, dy[0], y), x, axes, keep);
  dx->push_back(ops::RealDiv(s, spread, x));
  dx->push_back(Output());
  return s.status();
}

// ---- MatMul ----------------------------------------------------------------

// TensorFlow's four cases: with op(a) x op(b) = y, da and db from dy by
// `mm(l, r, transpose_l, transpose_r)`.
template <typename MM>
std::pair<Output, Output> MatMulGrads(const Output& a, const Output& b,
                                      const Output& g, bool ta, bool tb,
                                      MM mm) {
  if (!ta && !tb) return {mm(g, b, false, true), mm(a, g, true, false)};
  if (!ta && tb) return {mm(g, b, false, false), mm(g, a, true, false)};
  if (ta && !tb) return {mm(b, g, false, true), mm(a, g, false, false)};
  return {mm(b, g, true, true), mm(g, a, true, true)};
}

Status MatMulGrad(const Scope& s, const GradOp& op, const OutputList& dy,
                  OutputList* dx) {
  auto [ga, gb] = MatMulGrads(
      op.input(0), op.input(1), dy[0], op.GetBool("transpose_a"),
      op.GetBool("transpose_b"),
      [&](const Output& l, const Output& r, bool tl, bool tr) {
        return ops::MatMul(s, l, r,
                           ops::MatMulAttrs().TransposeA(tl).TransposeB(tr));
      });
  dx->push_back(ga);
  dx->push_back(gb);
  return s.status();
}

// As MatMul's; batch dims that broadcast are summed back.
Status BatchMatMulGrad(const Scope& s, const GradOp& op, const OutputList& dy,
                       OutputList* dx) {
  auto [ga, gb] = MatMulGrads(
      op.input(0), op.input(1), dy[0], op.GetBool("adj_x"), op.GetBool("adj_y"),
      [&](const Output& l, const Output& r, bool tl, bool tr) {
        return ops::BatchMatMulV2(s, l, r,
                                  ops::BatchMatMulV2Attrs().AdjX(tl).AdjY(tr));
      });
  return Reduced(s, op, ga, gb, dx);
}

// ---- Cast and Select -------------------------------------------------------

Status CastGrad(const Scope& s, const GradOp& op, const OutputList& dy,
                OutputList* dx) {
  Output x = op.input(0);
  if (grad::IsDifferentiable(x.dtype()) &&
      grad::IsDifferentiable(op.output(0).dtype())) {
    dx->push_back(ops::Cast(s, dy[0], x.dtype()));
  } else {
    dx->push_back(Output());
  }
  return s.status();
}

Status SelectV2Grad(const Scope& s, const GradOp& op, const OutputList& dy,
                    OutputList* dx) {
  Output c = op.input(0), zeros = ops::ZerosLike(s, dy[0]);
  dx->push_back(Output());
  dx->push_back(
      grad::ReduceToShape(s, ops::SelectV2(s, c, dy[0], zeros), op.input(1)));
  dx->push_back(
      grad::ReduceToShape(s, ops::SelectV2(s, c, zeros, dy[0]), op.input(2)));
  return s.status();
}

// Select (v1) does not broadcast; a vector condition picks rows.
Status SelectGrad(const Scope& s, const GradOp& op, const OutputList& dy,
                  OutputList* dx) {
  Output c = op.input(0), zeros = ops::ZerosLike(s, dy[0]);
  dx->push_back(Output());
  dx->push_back(ops::Select(s, c, dy[0], zeros));
  dx->push_back(ops::Select(s, c, zeros, dy[0]));
  return s.status();
}

}  // namespace

void RegisterMathGradients(GradientRegistry& r) {
  r.Register("Neg", NegGrad);
  r.Register("Square", SquareGrad);
  r.Register("Sqrt", SqrtGrad);
  r.Register("Rsqrt", RsqrtGrad);
  r.Register("Exp", ExpGrad);
  r.Register("Log", LogGrad);
  r.Register("Tanh", TanhGrad);
  r.Register("Sin", SinGrad);
  r.Register("Cos", CosGrad);
  r.Register("Sigmoid", SigmoidGrad);
  r.Register("AddV2", AddGrad);
  r.Register("Sub", SubGrad);
  r.Register("Mul", MulGrad);
  r.Register("RealDiv", RealDivGrad);
  r.Register("Maximum", MaximumGrad);
  r.Register("Minimum", MinimumGrad);
  r.Register("Pow", PowGrad);
  r.Register("Sum", SumGrad);
  r.Register("Mean", MeanGrad);
  r.Register("Max", ExtremumGrad);
  r.Register("Min", ExtremumGrad);
  r.Register("Prod", ProdGrad);
  r.Register("MatMul", MatMulGrad);
  r.Register("BatchMatMulV2", BatchMatMulGrad);
  r.Register("Cast", CastGrad);
  r.Register("SelectV2", SelectV2Grad);
  r.Register("Select", SelectGrad);
  for (const char* op : {"Equal", "Greater", "Less", "ArgMax", "RandomUniform",
                         "RandomStandardNormal", "TruncatedNormal"}) {
    r.RegisterNoGradient(op);
  }
}

}  // namespace kiln
