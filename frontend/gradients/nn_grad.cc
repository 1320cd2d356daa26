// Gradients of the neural-network ops: activations, Softmax/LogSoftmax,
// BiasAdd and the cross-entropy ops (whose second derivative goes through
// their backprop output, as TensorFlow's does).
#include "frontend/gradients/grad_helpers.h"
#include "frontend/gradients/registry.h"
#include "frontend/ops/ops.h"

namespace kiln {
namespace {

using grad::Scalar;

constexpr double kSeluScale = 1.0507009873554804934193349852946;
constexpr double kSeluAlpha = 1.6732632423543772848170429916717;

Output Positive(const Scope& s, const Output& y) {
  return ops::Greater(s, y, Scalar(s, 0, y));
}

Status ReluGrad(const Scope& s, const GradOp& op, const OutputList& dy,
                OutputList* dx) {
  Output y = op.output(0);
  dx->push_back(
      ops::SelectV2(s, Positive(s, y), dy[0], ops::ZerosLike(s, dy[0])));
  return s.status();
}

// d relu6 = 1 where 0 < x < 6 (TensorFlow's Relu6Grad reads the features).
Status Relu6Grad(const Scope& s, const GradOp& op, const OutputList& dy,
                 OutputList* dx) {
  Output x = op.input(0);
  Output zeros = ops::ZerosLike(s, dy[0]);
  Output inside =
      ops::SelectV2(s, ops::Less(s, x, Scalar(s, 6, x)), dy[0], zeros);
  dx->push_back(ops::SelectV2(s, Positive(s, x), inside, zeros));
  return s.status();
}

// d leaky_relu = 1 where x > 0, alpha elsewhere.
Status LeakyReluGrad(const Scope& s, const GradOp& op, const OutputList& dy,
                     OutputList* dx) {
  Output x = op.input(0);
  Output alpha = Scalar(s, op.GetFloat("alpha"), x);
  dx->push_back(
      ops::SelectV2(s, Positive(s, x), dy[0], ops::Mul(s, dy[0], alpha)));
  return s.status();
}

// d elu = 1 where y > 0, y + 1 elsewhere.
Status EluGrad(const Scope& s, const GradOp& op, const OutputList& dy,
               OutputList* dx) {
  Output y = op.output(0);
  Output slope = ops::SelectV2(s, Positive(s, y), ops::OnesLike(s, y),
                               ops::AddV2(s, y, Scalar(s, 1, y)));
  dx->push_back(ops::Mul(s, dy[0], slope));
  return s.status();
}

// d selu = scale where y > 0, y + scale * alpha elsewhere.
Status SeluGrad(const Scope& s, const GradOp& op, const OutputList& dy,
                OutputList* dx) {
  Output y = op.output(0);
  Output slope =
      ops::SelectV2(s, Positive(s, y),
                    ops::Mul(s, ops::OnesLike(s, y), Scalar(s, kSeluScale, y)),
                    ops::AddV2(s, y, Scalar(s, kSeluScale * kSeluAlpha, y)));
  dx->push_back(ops::Mul(s, dy[0], slope));
  return s.status();
}

Status SoftplusGrad(const Scope& s, const GradOp& op, const OutputList& dy,
                    OutputList* dx) {
  dx->push_back(ops::Mul(s, dy[0], ops::Sigmoid(s, op.input(0))));
  return s.status();
}

Output RowSum(const Scope& s, const Output& x) {
  return ops::Sum(s, x, -1, ops::SumAttrs().KeepDims(true));
}

// (dy - sum(dy * y)) * y over the last axis.
Output SoftmaxBackward(const Scope& s, const Output& dy, const Output& y) {
  return ops::Mul(s, ops::Sub(s, dy, RowSum(s, ops::Mul(s, dy, y))), y);
}

Status SoftmaxGrad(const Scope& s, const GradOp& op, const OutputList& dy,
                   OutputList* dx) {
  dx->push_back(SoftmaxBackward(s, dy[0], op.output(0)));
  return s.status();
}

// dy - exp(y) * sum(dy).
Status LogSoftmaxGrad(const Scope& s, const GradOp& op, const OutputList& dy,
                      OutputList* dx) {
  Output y = op.output(0);
  dx->push_back(
      ops::Sub(s, dy[0], ops::Mul(s, ops::Exp(s, y), RowSum(s, dy[0]))));
  return s.status();
}

Status BiasAddGrad(const Scope& s, const GradOp& op, const OutputList& dy,
                   OutputList* dx) {
  const Shape& shape = dy[0].shape();
  if (shape.unknown_rank) {
    return Unimplemented("the gradient of node '" + op.name() +
                         "' needs a known rank");
  }
  const int rank = shape.rank();
  const int channel =
      op.GetString("data_format") == "NCHW" && rank >= 3 ? 1 : rank - 1;
  std::vector<int64_t> axes;
  for (int d = 0; d < rank; ++d) {
    if (d != channel) axes.push_back(d);
  }
  dx->push_back(dy[0]);
  dx->push_back(ops::Sum(s, dy[0], grad::Ints(s, axes)));
  return s.status();
}

// Logits' gradient: dloss * backprop, plus, when backprop itself got a
// gradient g (second derivatives), (g - sum(g * softmax)) * softmax.
Output XentLogitsGrad(const Scope& s, const GradOp& op, const OutputList& dy) {
  Output logits = op.input(0), backprop = op.output(1);
  Output out;
  if (dy[0].valid()) {
    out = ops::Mul(s, ops::ExpandDims(s, dy[0], -1), backprop);
  }
  if (dy[1].valid()) {
    Output more = SoftmaxBackward(s, dy[1], ops::Softmax(s, logits));
    out = out.valid() ? ops::AddV2(s, out, more) : more;
  }
  return out;
}

// Labels' gradient: -dloss * log_softmax(logits), minus backprop's gradient
// (backprop = softmax - labels; TensorFlow leaves that second term out).
Status XentGrad(const Scope& s, const GradOp& op, const OutputList& dy,
                OutputList* dx) {
  dx->push_back(XentLogitsGrad(s, op, dy));
  Output labels;
  if (dy[0].valid()) {
    Output log_p = ops::LogSoftmax(s, op.input(0));
    labels = ops::Neg(s, ops::Mul(s, ops::ExpandDims(s, dy[0], -1), log_p));
  }
  if (dy[1].valid()) {
    labels = labels.valid() ? ops::Sub(s, labels, dy[1]) : ops::Neg(s, dy[1]);
  }
  dx->push_back(labels);
  return s.status();
}

Status SparseXentGrad(const Scope& s, const GradOp& op, const OutputList& dy,
                      OutputList* dx) {
  dx->push_back(XentLogitsGrad(s, op, dy));
  dx->push_back(Output());  // integer labels
  return s.status();
}

}  // namespace

void RegisterNNGradients(GradientRegistry& r) {
  r.Register("Relu", ReluGrad);
  r.Register("Relu6", Relu6Grad);
  r.Register("LeakyRelu", LeakyReluGrad);
  r.Register("Elu", EluGrad);
  r.Register("Selu", SeluGrad);
  r.Register("Softplus", SoftplusGrad);
  r.Register("Softmax", SoftmaxGrad);
  r.Register("LogSoftmax", LogSoftmaxGrad);
  r.Register("BiasAdd", BiasAddGrad);
  r.Register("SoftmaxCrossEntropyWithLogits", XentGrad);
  r.Register("SparseSoftmaxCrossEntropyWithLogits", SparseXentGrad);
}

}  // namespace kiln
