// Reference kernels, softmax family: Softmax and LogSoftmax over the last
// dim, and the two cross-entropy losses with their backprop. All compute in
// double, shifting by the row's max so exp() cannot overflow.
#include <cmath>
#include <vector>

#include "runtime/reference/broadcast.h"
#include "runtime/reference/kernels.h"

namespace kiln {
namespace reference {
namespace {

// Row `logits` -> (max, log(sum(exp(logits - max)))).
struct RowStats {
  double max;
  double log_sum;
};
RowStats Stats(const std::vector<double>& logits) {
  double max = -INFINITY;
  for (double v : logits) max = std::isnan(v) || v > max ? v : max;
  double sum = 0;
  for (double v : logits) sum += std::exp(v - max);
  return {max, std::log(sum)};
}

template <typename T>
void SoftmaxKernel(const Tensor& in, bool log, Tensor& out) {
  const int64_t classes = in.dims() == 0 ? 1 : in.dim_size(in.dims() - 1);
  const int64_t rows = classes == 0 ? 0 : in.NumElements() / classes;
  const T* x = in.data<T>();
  T* y = out.data<T>();
  std::vector<double> row(classes);
  for (int64_t r = 0; r < rows; ++r) {
    for (int64_t j = 0; j < classes; ++j) row[j] = Load(x, r * classes + j);
    const RowStats s = Stats(row);
    for (int64_t j = 0; j < classes; ++j) {
      const double shifted = row[j] - s.max;
      Store(y, r * classes + j,
            log ? shifted - s.log_sum : std::exp(shifted - s.log_sum));
    }
  }
}

// features and labels are read broadcast to backprop's [batch, classes];
// labels are class indices ([batch]) when `sparse`.
template <typename T>
Status CrossEntropyKernel(KernelContext& c, bool sparse) {
  const Tensor& features = c.inputs[0];
  const Tensor& labels = c.inputs[1];
  Tensor& loss = c.outputs[0];
  Tensor& backprop = c.outputs[1];
  const std::vector<int64_t>& dims = Dims(backprop);
  const int64_t batch = dims[0];
  const int64_t classes = dims[1];
  const std::vector<int64_t> f_strides = BroadcastStrides(Dims(features), dims);
  const std::vector<int64_t> l_strides =
      sparse ? std::vector<int64_t>{1, 0} : BroadcastStrides(Dims(labels), dims);
  const std::vector<int64_t> sparse_labels = sparse ? IntValues(labels)
                                                    : std::vector<int64_t>();
  const T* f = features.data<T>();
  const T* l = sparse ? nullptr : labels.data<T>();
  std::vector<double> row(classes);
  std::vector<double> target(classes);
  for (int64_t b = 0; b < batch; ++b) {
    for (int64_t j = 0; j < classes; ++j) {
      row[j] = Load(f, b * f_strides[0] + j * f_strides[1]);
      if (!sparse) target[j] = Load(l, b * l_strides[0] + j * l_strides[1]);
    }
    if (sparse) {
      const int64_t label = sparse_labels[b];
      if (label < 0 || label >= classes) {
        return c.Error("received a label value of " + std::to_string(label) +
                       " which is outside the valid range of [0, " +
                       std::to_string(classes) + ")");
      }
      for (int64_t j = 0; j < classes; ++j) target[j] = j == label ? 1 : 0;
    }
    const RowStats s = Stats(row);
    // loss = sum_j labels_j * (log_sum - (x_j - max))
    // backprop_j = softmax_j - labels_j
    double total = 0;
    for (int64_t j = 0; j < classes; ++j) {
      const double log_p = row[j] - s.max - s.log_sum;
      if (!sparse || target[j] != 0) total += -target[j] * log_p;
      Store(backprop.data<T>(), b * classes + j, std::exp(log_p) - target[j]);
    }
    Store(loss.data<T>(), b, total);
  }
  return OkStatus();
}

}  // namespace

Status EvalSoftmax(KernelContext& c) {
  const bool log = c.op() == "LogSoftmax";
  const bool known = VisitFloat(c.inputs[0].dtype(), [&](auto tag) {
    SoftmaxKernel<typename decltype(tag)::type>(c.inputs[0], log, c.outputs[0]);
  });
  return known ? OkStatus() : c.UnsupportedType(c.inputs[0].dtype());
}

Status EvalCrossEntropy(KernelContext& c) {
  const bool sparse = c.op() == "SparseSoftmaxCrossEntropyWithLogits";
  Status status = c.UnsupportedType(c.inputs[0].dtype());
  VisitFloat(c.inputs[0].dtype(), [&](auto tag) {
    status = CrossEntropyKernel<typename decltype(tag)::type>(c, sparse);
  });
  return status;
}

}  // namespace reference
}  // namespace kiln
