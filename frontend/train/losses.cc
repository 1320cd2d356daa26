// The losses: a per-sample value, an optional weight, a reduction.
#include "frontend/train/losses.h"

#include <numeric>

#include "frontend/gradients/grad_helpers.h"
#include "frontend/ops/ops.h"

namespace kiln {
namespace losses {
namespace {

constexpr double kEpsilon = 1e-7;

using grad::Scalar;

Output LastAxisMean(const Scope& s, const Output& x) {
  return ops::Mean(s, x, -1);
}

Output Abs(const Scope& s, const Output& x) {
  return ops::Maximum(s, x, ops::Neg(s, x));
}

Output Clip(const Scope& s, const Output& p) {
  return ops::Minimum(s, ops::Maximum(s, p, Scalar(s, kEpsilon, p)),
                      Scalar(s, 1 - kEpsilon, p));
}

Output AllSum(const Scope& s, const Output& x) {
  const int rank = x.shape().unknown_rank ? 1 : x.shape().rank();
  std::vector<int64_t> axes(rank);
  std::iota(axes.begin(), axes.end(), 0);
  return rank == 0 ? x : ops::Sum(s, x, grad::Ints(s, axes));
}

// Weights, then reduces, the per-sample losses.
Output Reduce(const Scope& s, const Output& per_sample, const LossOptions& o) {
  Output weighted = per_sample;
  if (o.sample_weight.valid()) {
    Output w = o.sample_weight;
    if (w.dtype() != per_sample.dtype())
      w = ops::Cast(s, w, per_sample.dtype());
    weighted = ops::Mul(s, per_sample, w);
  }
  switch (o.reduction) {
    case Reduction::kNone:
      return weighted;
    case Reduction::kSum:
      return AllSum(s, weighted);
    default: {
      Output count = ops::Cast(s, AllSum(s, ops::OnesLike(s, per_sample)),
                               per_sample.dtype());
      return ops::RealDiv(s, AllSum(s, weighted), count);
    }
  }
}

Output SameType(const Scope& s, const Output& y_true, const Output& y_pred) {
  return y_true.dtype() == y_pred.dtype()
             ? y_true
             : ops::Cast(s, y_true, y_pred.dtype());
}

}  // namespace

Output MeanSquaredError(const Scope& s, const Output& y_true,
                        const Output& y_pred, const LossOptions& o) {
  Output diff = ops::Sub(s, y_pred, SameType(s, y_true, y_pred));
  return Reduce(s, LastAxisMean(s, ops::Square(s, diff)), o);
}

Output MeanAbsoluteError(const Scope& s, const Output& y_true,
                         const Output& y_pred, const LossOptions& o) {
  Output diff = ops::Sub(s, y_pred, SameType(s, y_true, y_pred));
  return Reduce(s, LastAxisMean(s, Abs(s, diff)), o);
}

// 0.5 e^2 where |e| <= delta, delta (|e| - 0.5 delta) beyond.
Output Huber(const Scope& s, const Output& y_true, const Output& y_pred,
             const LossOptions& o) {
  Output e = Abs(s, ops::Sub(s, y_pred, SameType(s, y_true, y_pred)));
  Output delta = Scalar(s, o.delta, y_pred);
  Output quadratic = ops::Minimum(s, e, delta);
  Output linear = ops::Sub(s, e, quadratic);
  Output per_element = ops::AddV2(
      s, ops::Mul(s, Scalar(s, 0.5, y_pred), ops::Square(s, quadratic)),
      ops::Mul(s, delta, linear));
  return Reduce(s, LastAxisMean(s, per_element), o);
}

// From logits: max(x, 0) - x z + softplus(-|x|) (stable for any x).
Output BinaryCrossentropy(const Scope& s, const Output& y_true,
                          const Output& y_pred, const LossOptions& o) {
  Output z = SameType(s, y_true, y_pred);
  Output per_element;
  if (o.from_logits) {
    Output x = y_pred;
    per_element = ops::AddV2(s, ops::Sub(s, ops::Relu(s, x), ops::Mul(s, x, z)),
                             ops::Softplus(s, ops::Neg(s, Abs(s, x))));
  } else {
    Output p = Clip(s, y_pred);
    Output one = Scalar(s, 1, p);
    per_element =
        ops::Neg(s, ops::AddV2(s, ops::Mul(s, z, ops::Log(s, p)),
                               ops::Mul(s, ops::Sub(s, one, z),
                                        ops::Log(s, ops::Sub(s, one, p)))));
  }
  return Reduce(s, LastAxisMean(s, per_element), o);
}

Output CategoricalCrossentropy(const Scope& s, const Output& y_true,
                               const Output& y_pred, const LossOptions& o) {
  Output z = SameType(s, y_true, y_pred);
  Output per_sample;
  if (o.from_logits) {
    per_sample = ops::SoftmaxCrossEntropyWithLogits(s, y_pred, z).loss;
  } else {
    // Keras rescales the probabilities to sum to 1 first.
    Output p = ops::RealDiv(
        s, y_pred, ops::Sum(s, y_pred, -1, ops::SumAttrs().KeepDims(true)));
    per_sample =
        ops::Neg(s, ops::Sum(s, ops::Mul(s, z, ops::Log(s, Clip(s, p))), -1));
  }
  return Reduce(s, per_sample, o);
}

Output SparseCategoricalCrossentropy(const Scope& s, const Output& y_true,
                                     const Output& y_pred,
                                     const LossOptions& o) {
  Output labels = y_true;
  if (labels.dtype() != DT_INT32 && labels.dtype() != DT_INT64) {
    labels = ops::Cast(s, labels, DT_INT64);
  }
  if (!labels.shape().unknown_rank && labels.shape().rank() == 2) {
    labels = ops::Squeeze(s, labels, ops::SqueezeAttrs().SqueezeDims({-1}));
  }
  // From probabilities, TensorFlow's backend takes their (clipped) logs as
  // logits: the op then rejects labels outside [0, classes).
  Output logits = o.from_logits ? y_pred : ops::Log(s, Clip(s, y_pred));
  Output per_sample =
      ops::SparseSoftmaxCrossEntropyWithLogits(s, logits, labels).loss;
  return Reduce(s, per_sample, o);
}

LossFn Named(const std::string& name, bool from_logits) {
  using Builder = Output (*)(const Scope&, const Output&, const Output&,
                             const LossOptions&);
  Builder builder = nullptr;
  if (name == "mse" || name == "mean_squared_error") builder = MeanSquaredError;
  if (name == "mae" || name == "mean_absolute_error")
    builder = MeanAbsoluteError;
  if (name == "huber") builder = Huber;
  if (name == "binary_crossentropy") builder = BinaryCrossentropy;
  if (name == "categorical_crossentropy") builder = CategoricalCrossentropy;
  if (name == "sparse_categorical_crossentropy") {
    builder = SparseCategoricalCrossentropy;
  }
  LossFn loss{name, nullptr};
  if (builder == nullptr) return loss;
  loss.fn = [builder, from_logits](const Scope& s, const Output& y_true,
                                   const Output& y_pred, const Output& weight) {
    LossOptions o;
    o.from_logits = from_logits;
    o.sample_weight = weight;
    return builder(s, y_true, y_pred, o);
  };
  return loss;
}

}  // namespace losses
}  // namespace kiln
