// Gradients of FusedBatchNormV3 and, to second order, of its gradient
// FusedBatchNormGradV3. The second derivative is TensorFlow's: the batch
// norm gradient rebuilt from elementwise ops and reductions (in training
// with the statistics recomputed from x, so their dependence on x counts),
// then differentiated symbolically.
#include "frontend/gradients/grad_helpers.h"
#include "frontend/gradients/gradients.h"
#include "frontend/gradients/registry.h"
#include "frontend/ops/ops.h"

namespace kiln {
namespace {

// dx, dscale and doffset from FusedBatchNormGradV3 with the forward pass's
// reserve spaces (its batch statistics in training, the given ones in
// inference); none for the mean and variance inputs, and the statistics
// outputs' gradients are not propagated (as TensorFlow's).
Status FusedBatchNormGrad(const Scope& s, const GradOp& op,
                          const OutputList& dy, OutputList* dx) {
  auto g = ops::FusedBatchNormGradV3(
      s, grad::OrZeros(s, dy[0], op.output(0)), op.input(0), op.input(1),
      op.output(3), op.output(4), op.output(5),
      ops::FusedBatchNormGradV3Attrs()
          .Epsilon(op.GetFloat("epsilon"))
          .DataFormat(op.GetString("data_format"))
          .IsTraining(op.GetBool("is_training")));
  dx->push_back(g.x_backprop);
  dx->push_back(g.scale_backprop);
  dx->push_back(g.offset_backprop);
  dx->push_back(Output());  // mean
  dx->push_back(Output());  // variance
  return s.status();
}

// The pieces of FusedBatchNormGradV3's inputs the composed gradient uses,
// float32 and shaped to broadcast against x.
struct BatchNormTerms {
  Output dy, x, scale, mean, variance;
  std::vector<int64_t> axes;  // the reduced (non-channel) axes
  bool nchw = false;
};

// Per-channel vector -> [1, C, 1, 1] for NCHW (NHWC broadcasts as is).
Output ToChannels(const Scope& s, const BatchNormTerms& t, const Output& v) {
  return t.nchw ? ops::Reshape(s, v, grad::Ints(s, {1, -1, 1, 1})) : v;
}

// [1, C, 1, 1] or [C] sums -> [C].
Output FromChannels(const Scope& s, const BatchNormTerms& t, const Output& v) {
  return t.nchw ? ops::Reshape(s, v, grad::Ints(s, {-1})) : v;
}

Output SumOver(const Scope& s, const BatchNormTerms& t, const Output& v) {
  return ops::Sum(s, v, grad::Ints(s, t.axes),
                  ops::SumAttrs().KeepDims(t.nchw));
}

Output MeanOver(const Scope& s, const BatchNormTerms& t, const Output& v) {
  return ops::Mean(s, v, grad::Ints(s, t.axes),
                   ops::MeanAttrs().KeepDims(t.nchw));
}

// (dx, dscale, doffset) of batch norm in elementwise ops:
//   training:  dx = scale rsqrt(v + eps) (dy - mean(dy) - xc mean(dy xc) /
//              (v + eps)), with xc = x - mean(x), v = mean(xc^2)
//   inference: dx = dy scale rsqrt(v + eps), xc = x - mean
//   dscale = rsqrt(v + eps) sum(dy xc), doffset = sum(dy).
OutputList ComposedBatchNormGrad(const Scope& s, const BatchNormTerms& t,
                                 double epsilon, bool training) {
  Output scale = ToChannels(s, t, t.scale);
  Output mean = training ? MeanOver(s, t, t.x) : ToChannels(s, t, t.mean);
  Output xc = ops::Sub(s, t.x, mean);
  Output variance =
      training ? MeanOver(s, t,
                          ops::Square(
                              s, ops::Sub(s, t.x, ops::StopGradient(s, mean))))
               : ToChannels(s, t, t.variance);
  Output var_eps = ops::AddV2(s, variance, grad::Scalar(s, epsilon, variance));
  Output inv = ops::Rsqrt(s, var_eps);
  Output dx;
  if (training) {
    Output centred_dy = ops::Sub(s, t.dy, MeanOver(s, t, t.dy));
    Output projection = ops::Mul(
        s, ops::RealDiv(s, MeanOver(s, t, ops::Mul(s, t.dy, xc)), var_eps), xc);
    dx = ops::Mul(s, ops::Mul(s, scale, inv),
                  ops::Sub(s, centred_dy, projection));
  } else {
    dx = ops::Mul(s, t.dy, ops::Mul(s, scale, inv));
  }
  Output dscale = FromChannels(
      s, t, ops::Mul(s, inv, SumOver(s, t, ops::Mul(s, t.dy, xc))));
  Output doffset = FromChannels(s, t, SumOver(s, t, t.dy));
  return {dx, dscale, doffset};
}

Output AsFloat(const Scope& s, const Output& v) {
  return v.dtype() == DT_FLOAT ? v : ops::Cast(s, v, DT_FLOAT);
}

// Gradients of FusedBatchNormGradV3 (dy, x, scale, mean, variance,
// reserve_space_3) from the incoming gradients of (dx, dscale, doffset):
// TensorFlow's _FusedBatchNormGradGrad. The statistics inputs get none.
Status FusedBatchNormGradGrad(const Scope& s, const GradOp& op,
                              const OutputList& dy, OutputList* dx) {
  BatchNormTerms t;
  t.nchw = op.GetString("data_format") == "NCHW";
  t.axes =
      t.nchw ? std::vector<int64_t>{0, 2, 3} : std::vector<int64_t>{0, 1, 2};
  t.dy = AsFloat(s, op.input(0));
  t.x = AsFloat(s, op.input(1));
  t.scale = op.input(2);
  t.mean = op.input(3);
  t.variance = op.input(4);
  OutputList composed = ComposedBatchNormGrad(s, t, op.GetFloat("epsilon"),
                                              op.GetBool("is_training"));
  GradientsOptions options;
  options.unconnected = UnconnectedGradients::kZero;
  for (int i = 0; i < 3; ++i) {
    options.grad_ys.push_back(
        AsFloat(s, grad::OrZeros(s, dy[i], op.output(i))));
  }
  OutputList grads;
  KILN_RETURN_IF_ERROR(
      Gradients(s, composed, {t.dy, t.x, t.scale}, &grads, options));
  const DataType dtype = op.input(1).dtype();
  for (int i = 0; i < 2; ++i) {
    dx->push_back(dtype == DT_FLOAT ? grads[i] : ops::Cast(s, grads[i], dtype));
  }
  dx->push_back(grads[2]);
  for (int i = 0; i < 3; ++i) dx->push_back(Output());  // statistics
  return s.status();
}

}  // namespace

void RegisterBatchNormGradients(GradientRegistry& r) {
  r.Register("FusedBatchNormV3", FusedBatchNormGrad);
  r.Register("FusedBatchNormGradV3", FusedBatchNormGradGrad);
}

}  // namespace kiln
