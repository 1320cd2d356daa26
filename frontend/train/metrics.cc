// The metrics: each reduces a batch to counts or sums on the host.
#include "frontend/train/metrics.h"

#include <algorithm>
#include <cmath>
#include <type_traits>

#include "runtime/tensor/types.h"

namespace kiln {
namespace metrics {

double ValueAt(const Tensor& t, int64_t i) {
  double v = 0;
  VisitDataType(t.dtype(), [&](auto tag) {
    using T = typename decltype(tag)::type;
    if constexpr (std::is_arithmetic_v<T>) {
      v = static_cast<double>(t.data<T>()[i]);
    } else {  // half, bfloat16
      v = static_cast<double>(static_cast<float>(t.data<T>()[i]));
    }
  });
  return v;
}

namespace {

double WeightAt(const Tensor* w, int64_t i) {
  return w == nullptr ? 1.0 : ValueAt(*w, i);
}

int64_t Rows(const Tensor& t) { return t.dims() == 0 ? 1 : t.dim_size(0); }

int64_t ArgMaxRow(const Tensor& t, int64_t row) {
  const int64_t width = t.NumElements() / Rows(t);
  int64_t best = 0;
  for (int64_t j = 1; j < width; ++j) {
    if (ValueAt(t, row * width + j) > ValueAt(t, row * width + best)) best = j;
  }
  return best;
}

Status SameRows(const Tensor& a, const Tensor& b) {
  if (Rows(a) != Rows(b)) {
    return InvalidArgument("labels have " + std::to_string(Rows(a)) +
                           " rows but predictions " + std::to_string(Rows(b)));
  }
  return OkStatus();
}

class MeanMetric : public Metric {
 public:
  using Metric::Metric;
  Status Update(const Tensor& values, const Tensor&, const Tensor* w) override {
    for (int64_t i = 0; i < values.NumElements(); ++i) {
      sum_ += ValueAt(values, i) * WeightAt(w, i);
      count_ += WeightAt(w, i);
    }
    return OkStatus();
  }
  double Result() const override { return count_ > 0 ? sum_ / count_ : 0; }
  void Reset() override { sum_ = count_ = 0; }

 protected:
  void Add(double v, double w) {
    sum_ += v * w;
    count_ += w;
  }

 private:
  double sum_ = 0, count_ = 0;
};

// A mean of per-sample 0/1 hits from `hit(y, p, row)`.
template <typename Hit>
class HitRate : public MeanMetric {
 public:
  HitRate(std::string name, Hit hit) : MeanMetric(std::move(name)), hit_(hit) {}
  Status Update(const Tensor& y, const Tensor& p, const Tensor* w) override {
    KILN_RETURN_IF_ERROR(SameRows(y, p));
    for (int64_t i = 0; i < Rows(p); ++i)
      Add(hit_(y, p, i) ? 1 : 0, WeightAt(w, i));
    return OkStatus();
  }

 private:
  Hit hit_;
};

template <typename Hit>
std::unique_ptr<Metric> MakeHitRate(std::string name, Hit hit) {
  return std::make_unique<HitRate<Hit>>(std::move(name), hit);
}

// Confusion counts of element-wise binary predictions at thresholds.
class Confusion : public Metric {
 public:
  enum Kind { kPrecision, kRecall, kAuc };
  Confusion(std::string name, Kind kind, std::vector<double> thresholds)
      : Metric(std::move(name)),
        kind_(kind),
        thresholds_(std::move(thresholds)) {
    Reset();
  }
  Status Update(const Tensor& y, const Tensor& p, const Tensor* w) override {
    if (y.NumElements() != p.NumElements()) {
      return InvalidArgument("labels and predictions differ in size");
    }
    const int64_t per_row = p.NumElements() / std::max<int64_t>(1, Rows(p));
    for (int64_t i = 0; i < p.NumElements(); ++i) {
      const bool positive = ValueAt(y, i) > 0.5;
      const double weight = WeightAt(w, i / std::max<int64_t>(1, per_row));
      for (size_t k = 0; k < thresholds_.size(); ++k) {
        const bool predicted = ValueAt(p, i) > thresholds_[k];
        (positive ? (predicted ? tp_ : fn_) : (predicted ? fp_ : tn_))[k] +=
            weight;
      }
    }
    return OkStatus();
  }
  double Result() const override {
    auto ratio = [](double a, double b) { return a + b > 0 ? a / (a + b) : 0; };
    if (kind_ == kPrecision) return ratio(tp_[0], fp_[0]);
    if (kind_ == kRecall) return ratio(tp_[0], fn_[0]);
    // ROC AUC: trapezoids between consecutive thresholds.
    double area = 0;
    for (size_t k = 0; k + 1 < thresholds_.size(); ++k) {
      const double tpr0 = ratio(tp_[k], fn_[k]),
                   tpr1 = ratio(tp_[k + 1], fn_[k + 1]);
      const double fpr0 = ratio(fp_[k], tn_[k]),
                   fpr1 = ratio(fp_[k + 1], tn_[k + 1]);
      area += (fpr0 - fpr1) * (tpr0 + tpr1) / 2;
    }
    return area;
  }
  void Reset() override {
    for (auto* v : {&tp_, &fp_, &tn_, &fn_}) v->assign(thresholds_.size(), 0);
  }

 private:
  Kind kind_;
  std::vector<double> thresholds_;
  std::vector<double> tp_, fp_, tn_, fn_;
};

}  // namespace

std::unique_ptr<Metric> Mean(std::string name) {
  return std::make_unique<MeanMetric>(std::move(name));
}

std::unique_ptr<Metric> Accuracy() {
  return MakeHitRate(
      "accuracy", [](const Tensor& y, const Tensor& p, int64_t i) {
        const int64_t width = p.NumElements() / Rows(p);
        for (int64_t j = 0; j < width; ++j) {
          if (ValueAt(y, i * width + j) != ValueAt(p, i * width + j))
            return false;
        }
        return true;
      });
}

std::unique_ptr<Metric> SparseCategoricalAccuracy() {
  return MakeHitRate("sparse_categorical_accuracy",
                     [](const Tensor& y, const Tensor& p, int64_t i) {
                       return ArgMaxRow(p, i) ==
                              static_cast<int64_t>(ValueAt(y, i));
                     });
}

std::unique_ptr<Metric> CategoricalAccuracy() {
  return MakeHitRate("categorical_accuracy",
                     [](const Tensor& y, const Tensor& p, int64_t i) {
                       return ArgMaxRow(p, i) == ArgMaxRow(y, i);
                     });
}

std::unique_ptr<Metric> BinaryAccuracy(double threshold) {
  return MakeHitRate("binary_accuracy",
                     [threshold](const Tensor& y, const Tensor& p, int64_t i) {
                       const int64_t width = p.NumElements() / Rows(p);
                       for (int64_t j = 0; j < width; ++j) {
                         const bool predicted =
                             ValueAt(p, i * width + j) > threshold;
                         if (predicted != (ValueAt(y, i * width + j) > 0.5))
                           return false;
                       }
                       return true;
                     });
}

std::unique_ptr<Metric> Precision(double threshold) {
  return std::make_unique<Confusion>("precision", Confusion::kPrecision,
                                     std::vector<double>{threshold});
}

std::unique_ptr<Metric> Recall(double threshold) {
  return std::make_unique<Confusion>("recall", Confusion::kRecall,
                                     std::vector<double>{threshold});
}

std::unique_ptr<Metric> AUC(int num_thresholds) {
  // Keras: thresholds 0 - eps, (1..n-2)/(n-1), 1 + eps.
  std::vector<double> t = {-1e-7};
  for (int i = 1; i < num_thresholds - 1; ++i) {
    t.push_back(static_cast<double>(i) / (num_thresholds - 1));
  }
  t.push_back(1 + 1e-7);
  return std::make_unique<Confusion>("auc", Confusion::kAuc, t);
}

std::unique_ptr<Metric> Named(const std::string& name,
                              const std::string& loss) {
  if (name == "accuracy" || name == "acc") {
    if (loss == "sparse_categorical_crossentropy") {
      return SparseCategoricalAccuracy();
    }
    if (loss == "categorical_crossentropy") return CategoricalAccuracy();
    if (loss == "binary_crossentropy") return BinaryAccuracy();
    return Accuracy();
  }
  if (name == "sparse_categorical_accuracy") return SparseCategoricalAccuracy();
  if (name == "categorical_accuracy") return CategoricalAccuracy();
  if (name == "binary_accuracy") return BinaryAccuracy();
  if (name == "precision") return Precision();
  if (name == "recall") return Recall();
  if (name == "auc") return AUC();
  return nullptr;
}

}  // namespace metrics
}  // namespace kiln
