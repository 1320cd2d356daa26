// Losses as graph ops, with Keras' formulas, reductions and sample weights.
//
//   Output loss = losses::SparseCategoricalCrossentropy(
//       root, labels, logits, {.from_logits = true});      // a scalar
//   LossFn fn = losses::Named("sparse_categorical_crossentropy", true);
//
// Each loss first computes one value per sample (over the last axis, as
// Keras does), multiplies by sample_weight when given (broadcast against
// the per-sample losses), then reduces: kSumOverBatchSize (the default)
// divides the weighted sum by the number of per-sample values, kSum sums,
// kNone returns them. Probabilities are clipped to [1e-7, 1 - 1e-7] before
// logs, as Keras' backend does.
#ifndef KILN_FRONTEND_TRAIN_LOSSES_H_
#define KILN_FRONTEND_TRAIN_LOSSES_H_

#include <functional>
#include <string>

#include "frontend/output.h"
#include "frontend/scope.h"

namespace kiln {
namespace losses {

enum class Reduction { kSumOverBatchSize, kSum, kNone };

struct LossOptions {
  bool from_logits = false;  // cross-entropies only
  Reduction reduction = Reduction::kSumOverBatchSize;
  Output sample_weight;  // optional
  double delta = 1.0;    // Huber only
};

Output MeanSquaredError(const Scope& s, const Output& y_true,
                        const Output& y_pred, const LossOptions& o = {});
Output MeanAbsoluteError(const Scope& s, const Output& y_true,
                         const Output& y_pred, const LossOptions& o = {});
Output Huber(const Scope& s, const Output& y_true, const Output& y_pred,
             const LossOptions& o = {});
Output BinaryCrossentropy(const Scope& s, const Output& y_true,
                          const Output& y_pred, const LossOptions& o = {});
// y_true is one-hot (or a distribution) over the last axis.
Output CategoricalCrossentropy(const Scope& s, const Output& y_true,
                               const Output& y_pred, const LossOptions& o = {});
// y_true holds class indices ([batch] or [batch, 1]; int or float).
Output SparseCategoricalCrossentropy(const Scope& s, const Output& y_true,
                                     const Output& y_pred,
                                     const LossOptions& o = {});

// A loss as Model::Compile takes it: (y_true, y_pred, sample_weight) -> a
// scalar, with the name Keras uses ("mse", "sparse_categorical_crossentropy").
struct LossFn {
  std::string name;
  std::function<Output(const Scope&, const Output&, const Output&,
                       const Output&)>
      fn;
};
// By Keras' name: mse / mean_squared_error, mae / mean_absolute_error, huber,
// binary_crossentropy, categorical_crossentropy,
// sparse_categorical_crossentropy. An empty fn for an unknown name.
LossFn Named(const std::string& name, bool from_logits = false);

}  // namespace losses
}  // namespace kiln

#endif  // KILN_FRONTEND_TRAIN_LOSSES_H_
