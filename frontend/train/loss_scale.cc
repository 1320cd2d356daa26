// DynamicLossScale: scale, unscale with a finiteness check, and the scale's
// update, as graph ops.
#include "frontend/train/loss_scale.h"

#include "frontend/ops/ops.h"
#include "frontend/variables/initializers.h"
#include "runtime/exec/variable_store.h"

namespace kiln {

StatusOr<Output> DynamicLossScale::Scale(const Scope& s, const Output& loss) {
  if (!scale_.valid()) {
    KILN_ASSIGN_OR_RETURN(
        scale_,
        Variable::Create(s.WithOpName("loss_scale"), DT_FLOAT, Shape::Scalar(),
                         initializers::Constant(options_.initial_scale), 0,
                         /*trainable=*/false));
    KILN_ASSIGN_OR_RETURN(
        good_steps_,
        Variable::Create(s.WithOpName("loss_scale_good_steps"), DT_INT64,
                         Shape::Scalar(), initializers::Zeros(), 0,
                         /*trainable=*/false));
  }
  return ops::Mul(s, loss, ops::Cast(s, scale_.Read(s), loss.dtype()));
}

StatusOr<DynamicLossScale::Unscaled> DynamicLossScale::Unscale(
    const Scope& s, const OutputList& grads) const {
  if (!scale_.valid()) {
    return FailedPrecondition("DynamicLossScale::Unscale before Scale");
  }
  Unscaled out;
  // sum(g * 0) over every gradient: 0 when all are finite, NaN otherwise
  // (inf * 0 and NaN * 0 are NaN).
  Output poison = ops::Const(s, 0.0f);
  const Output scale = scale_.Read(s);
  for (const Output& g : grads) {
    if (!g.valid()) {
      out.grads.push_back(g);
      continue;
    }
    Output unscaled = ops::RealDiv(s, g, ops::Cast(s, scale, g.dtype()));
    out.grads.push_back(unscaled);
    std::vector<int32_t> axes(g.shape().rank() < 0 ? 0 : g.shape().rank());
    for (size_t d = 0; d < axes.size(); ++d) axes[d] = static_cast<int32_t>(d);
    Output zeroed = ops::Sum(
        s, ops::Mul(s, unscaled, ops::Cast(s, ops::Const(s, 0.0f), g.dtype())),
        ops::Const(s, axes, Shape::Of({static_cast<int64_t>(axes.size())})));
    poison = ops::AddV2(s, poison, ops::Cast(s, zeroed, DT_FLOAT));
  }
  out.finite = ops::Equal(s, poison, ops::Const(s, 0.0f));
  KILN_RETURN_IF_ERROR(s.status());
  return out;
}

Operation DynamicLossScale::Update(const Scope& s, const Output& finite) const {
  // finite: good + 1, and at growth_steps the scale doubles, good back to 0;
  // else: the scale halves (not below 1), good back to 0.
  const Output good = ops::AddV2(s, good_steps_.Read(s), int64_t{1});
  const Output grow = ops::Equal(
      s, good, ops::Const(s, static_cast<int64_t>(options_.growth_steps)));
  const Output scale = scale_.Read(s);
  const Output grown = ops::SelectV2(s, grow, ops::Mul(s, scale, 2.0f), scale);
  const Output shrunk = ops::Maximum(s, ops::Mul(s, scale, 0.5f), 1.0f);
  const Output zero = ops::Const(s, int64_t{0});
  Operation set_scale =
      scale_.Assign(s, ops::SelectV2(s, finite, grown, shrunk));
  Operation set_good = good_steps_.Assign(
      s, ops::SelectV2(s, finite, ops::SelectV2(s, grow, zero, good), zero));
  return ops::NoOp(s.WithControlDependencies({set_scale, set_good}));
}

void DynamicLossScale::Initialize(VariableStore& store) const {
  for (const Variable& v : variables()) {
    if (v.valid()) v.Initialize(store);
  }
}

double DynamicLossScale::CurrentScale(const VariableStore& store) const {
  StatusOr<Tensor> t = store.Read(scale_.name());
  return t.ok() ? static_cast<double>(t->flat<float>()[0]) : 0.0;
}

}  // namespace kiln
