// Metrics, accumulated on the host over batches (Keras' stateful metrics):
// Update with each batch's labels and predictions, Result for the value so
// far, Reset between epochs.
//
//   auto acc = metrics::Named("sparse_categorical_accuracy");
//   acc->Update(labels, probabilities);
//   acc->Result();
//
// Labels and predictions are float, double or integer tensors; sparse
// metrics take class indices ([batch] or [batch, 1]). Sample weights
// (optional, [batch]) weight each sample.
#ifndef KILN_FRONTEND_TRAIN_METRICS_H_
#define KILN_FRONTEND_TRAIN_METRICS_H_

#include <memory>
#include <string>
#include <vector>

#include "runtime/base/status.h"
#include "runtime/tensor/tensor.h"

namespace kiln {
namespace metrics {

class Metric {
 public:
  explicit Metric(std::string name) : name_(std::move(name)) {}
  virtual ~Metric() = default;
  const std::string& name() const { return name_; }
  virtual Status Update(const Tensor& y_true, const Tensor& y_pred,
                        const Tensor* sample_weight = nullptr) = 0;
  virtual double Result() const = 0;
  virtual void Reset() = 0;

 private:
  std::string name_;
};

// The weighted mean of the values passed to Update (y_pred is ignored).
std::unique_ptr<Metric> Mean(std::string name = "mean");
// Fraction of samples whose prediction is right, by kind:
std::unique_ptr<Metric> Accuracy();                   // y_true == y_pred
std::unique_ptr<Metric> SparseCategoricalAccuracy();  // argmax(y_pred) == y
std::unique_ptr<Metric> CategoricalAccuracy();  // argmax(y_pred) == argmax(y)
std::unique_ptr<Metric> BinaryAccuracy(double threshold = 0.5);
// Binary classification metrics over a threshold (predictions are
// probabilities): precision tp/(tp+fp), recall tp/(tp+fn), and the area
// under the ROC curve from `num_thresholds` evenly spaced thresholds, as
// Keras' AUC (interpolated by the trapezoidal rule).
std::unique_ptr<Metric> Precision(double threshold = 0.5);
std::unique_ptr<Metric> Recall(double threshold = 0.5);
std::unique_ptr<Metric> AUC(int num_thresholds = 200);

// By Keras' name: "accuracy"/"acc" picks by `loss` as Keras does (sparse
// categorical, categorical or binary accuracy). Null for an unknown name.
std::unique_ptr<Metric> Named(const std::string& name,
                              const std::string& loss = "");

// Element i of t as a double (any real dtype).
double ValueAt(const Tensor& t, int64_t i);

}  // namespace metrics
}  // namespace kiln

#endif  // KILN_FRONTEND_TRAIN_METRICS_H_
