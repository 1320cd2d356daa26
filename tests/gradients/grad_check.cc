// CheckCase: builds the objective and its symbolic gradient, compiles both
// into one Session, and compares each gradient element with
// (f(x + h) - f(x - h)) / 2h.
#include "tests/gradients/grad_check.h"

#include <cmath>
#include <numeric>
#include <random>

#include "frontend/gradients/gradients.h"
#include "frontend/ops/ops.h"
#include "frontend/session.h"

namespace kiln {
namespace gradcheck {
namespace {

// At most this many elements of each input are perturbed.
constexpr int64_t kMaxChecked = 48;

Output AllSum(const Scope& s, const Output& t) {
  std::vector<int32_t> axes(t.shape().rank());
  std::iota(axes.begin(), axes.end(), 0);
  return ops::Sum(
      s, t,
      ops::Const(s, axes, Shape::Of({static_cast<int64_t>(axes.size())})));
}

// sum(t * w) for a random constant w of t's (static) shape.
StatusOr<Output> Weighted(const Scope& s, const Output& t, uint64_t seed) {
  if (t.shape().unknown_rank) {
    return InvalidArgument("the case's result has an unknown rank");
  }
  for (int64_t d : t.shape().dims) {
    if (d < 0) return InvalidArgument("the case's result has unknown dims");
  }
  InputSpec spec{t.shape().dims, -1, 1};
  Tensor w = RandomInput(spec, seed);
  tensorflow::TensorProto proto;
  KILN_RETURN_IF_ERROR(w.ToProto(&proto));
  Output weights = ops::ConstFromProto(s, proto);
  if (t.dtype() != DT_DOUBLE) weights = ops::Cast(s, weights, t.dtype());
  Output product = ops::Mul(s, t, weights);
  Output sum = AllSum(s, product);
  return t.dtype() == DT_DOUBLE ? sum : ops::Cast(s, sum, DT_DOUBLE);
}

double Scalar(const Tensor& t) { return t.flat<double>()[0]; }

}  // namespace

Tensor RandomInput(const InputSpec& spec, uint64_t seed) {
  std::mt19937_64 rng(seed);
  std::uniform_real_distribution<double> dist(spec.lo, spec.hi);
  Tensor t = Tensor::Allocate(DT_DOUBLE, TensorShape::Create(spec.dims).value())
                 .value();
  for (double& v : t.flat<double>()) {
    v = dist(rng);
    if (std::abs(v) < spec.min_abs) v = v < 0 ? -spec.min_abs : spec.min_abs;
  }
  return t;
}

CheckResult CheckCase(const GradCase& c, int order, uint64_t seed) {
  CheckResult result;
  Scope root = Scope::NewRootScope();
  OutputList xs;
  Session::Feeds feeds;
  for (size_t i = 0; i < c.inputs.size(); ++i) {
    const std::string name = "x" + std::to_string(i);
    xs.push_back(ops::Placeholder(root.WithOpName(name), DT_DOUBLE,
                                  Shape::Of(c.inputs[i].dims)));
    feeds.emplace_back(name, RandomInput(c.inputs[i], seed + 17 * i));
  }
  Output y = c.build(root, xs);
  StatusOr<Output> objective = Weighted(root, y, seed + 1000);
  if (objective.ok() && order == 2) {
    OutputList first;
    Status s = Gradients(root, {*objective}, {xs[0]}, &first);
    if (!s.ok() || !first[0].valid()) {
      result.error = s.ok() ? "no first gradient" : s.ToString();
      return result;
    }
    objective = Weighted(root, first[0], seed + 2000);
  }
  if (!objective.ok()) {
    result.error = objective.status().ToString();
    return result;
  }
  OutputList grads;
  // Second derivatives may be zero for some inputs (x * y in x).
  GradientsOptions options;
  if (order == 2) options.unconnected = UnconnectedGradients::kZero;
  Status s = Gradients(root, {*objective}, xs, &grads, options);
  if (!s.ok()) {
    result.error = s.ToString();
    return result;
  }
  std::vector<std::string> fetches = {objective->name()};
  for (const Output& g : grads) {
    if (g.valid()) fetches.push_back(g.name());
  }
  auto session = Session::Create(root);
  if (!session.ok()) {
    result.error = session.status().ToString();
    return result;
  }
  std::vector<Tensor> out;
  s = (*session)->Run(feeds, fetches, &out);
  if (!s.ok()) {
    result.error = s.ToString();
    return result;
  }
  int fetched = 1;
  for (size_t i = 0; i < xs.size(); ++i) {
    if (!grads[i].valid()) {
      result.error = "no gradient for input " + std::to_string(i);
      return result;
    }
    const Tensor& g = out[fetched++];
    Tensor& x = feeds[i].second;
    const int64_t n = x.NumElements();
    const int64_t stride = n > kMaxChecked ? n / kMaxChecked + 1 : 1;
    for (int64_t j = 0; j < n; j += stride) {
      const double saved = x.flat<double>()[j];
      std::vector<Tensor> plus, minus;
      x.flat<double>()[j] = saved + c.step;
      Status sp = (*session)->Run(feeds, {objective->name()}, &plus);
      x.flat<double>()[j] = saved - c.step;
      Status sm = (*session)->Run(feeds, {objective->name()}, &minus);
      x.flat<double>()[j] = saved;
      if (!sp.ok() || !sm.ok()) {
        result.error = (sp.ok() ? sm : sp).ToString();
        return result;
      }
      const double numeric =
          (Scalar(plus[0]) - Scalar(minus[0])) / (2 * c.step);
      const double symbolic = g.dtype() == DT_DOUBLE
                                  ? g.flat<double>()[j]
                                  : static_cast<double>(g.flat<float>()[j]);
      const double err =
          std::abs(symbolic - numeric) / std::max(1.0, std::abs(numeric));
      ++result.checked;
      if (err > result.worst || std::isnan(err)) {
        result.worst = std::isnan(err) ? INFINITY : err;
        result.where = "input " + std::to_string(i) + " element " +
                       std::to_string(j) + ": symbolic " +
                       std::to_string(symbolic) + ", numeric " +
                       std::to_string(numeric);
      }
    }
  }
  return result;
}

}  // namespace gradcheck
}  // namespace kiln
