// Model::Fit, Evaluate and Predict: batches fed through the compiled graph,
// metrics accumulated on the host, progress and callbacks per epoch.
#include <cmath>
#include <numeric>
#include <random>

#include "frontend/keras/batching.h"
#include "frontend/keras/model.h"
#include "runtime/tensor/types.h"

namespace kiln {
namespace keras {
namespace {

// `t` converted element by element to `dtype` (a copy; t itself when it
// already has that dtype).
StatusOr<Tensor> Converted(const Tensor& t, DataType dtype) {
  if (t.dtype() == dtype) return t;
  KILN_ASSIGN_OR_RETURN(Tensor out, Tensor::Allocate(dtype, t.shape()));
  bool ok = VisitDataType(dtype, [&](auto tag) {
    using T = typename decltype(tag)::type;
    T* dst = out.data<T>();
    for (int64_t i = 0; i < t.NumElements(); ++i) {
      const double v = metrics::ValueAt(t, i);
      if constexpr (std::is_arithmetic_v<T>) {
        dst[i] = static_cast<T>(v);
      } else {
        dst[i] = T(static_cast<float>(v));
      }
    }
  });
  if (!ok) return InvalidArgument("cannot convert to " + DataTypeName(dtype));
  return out;
}

int64_t Rows(const Tensor& t) { return t.dims() == 0 ? 0 : t.dim_size(0); }

// loss and metrics accumulated over batches.
struct Accumulator {
  double loss_sum = 0;
  int64_t samples = 0;
  std::vector<std::unique_ptr<metrics::Metric>> metrics;
  std::vector<std::string> names;

  Status Add(double loss, const Tensor& y, const Tensor& predictions) {
    loss_sum += loss * Rows(y);
    samples += Rows(y);
    for (auto& m : metrics) KILN_RETURN_IF_ERROR(m->Update(y, predictions));
    return OkStatus();
  }
  Logs Result(const std::string& prefix) const {
    Logs logs;
    logs[prefix + "loss"] = samples > 0 ? loss_sum / samples : 0;
    for (size_t i = 0; i < metrics.size(); ++i) {
      logs[prefix + names[i]] = metrics[i]->Result();
    }
    return logs;
  }
};

double ScalarOf(const Tensor& t) { return metrics::ValueAt(t, 0); }

}  // namespace

Status Model::PrepareData(const Tensor& x, const Tensor& y, Tensor* fx,
                          Tensor* fy) const {
  if (!session_) return FailedPrecondition("the model is not compiled");
  if (Rows(x) != Rows(y)) {
    return InvalidArgument("x has " + std::to_string(Rows(x)) +
                           " samples but y has " + std::to_string(Rows(y)));
  }
  KILN_ASSIGN_OR_RETURN(*fx, Converted(x, input_dtype_));
  KILN_ASSIGN_OR_RETURN(*fy,
                        Converted(y, sparse_labels_ ? DT_INT32 : DT_FLOAT));
  if (sparse_labels_ && fy->dims() == 2 && fy->dim_size(1) == 1) {
    KILN_ASSIGN_OR_RETURN(TensorShape flat, TensorShape::Create({Rows(y)}));
    KILN_ASSIGN_OR_RETURN(*fy, fy->Reshape(flat));
  }
  return OkStatus();
}

Status Model::TrainEpoch(const Tensor& x, const Tensor& y, const FitOptions& o,
                         int epoch, ProgressBar* bar, Logs* logs, bool* nan) {
  const int64_t n = Rows(x);
  std::vector<int64_t> order(n);
  std::iota(order.begin(), order.end(), 0);
  if (o.shuffle) {
    std::mt19937_64 rng(o.seed * 1000003 + epoch);
    std::shuffle(order.begin(), order.end(), rng);
  }
  const int64_t steps = (n + o.batch_size - 1) / o.batch_size;
  Accumulator acc{0, 0, MakeMetrics(), options_.metrics};
  Optimizer& opt = *options_.optimizer;
  VariableStore& store = session_->variables();
  std::vector<Tensor> out;
  for (int64_t step = 0; step < steps && !stop_training; ++step) {
    const int64_t begin = step * o.batch_size;
    const int64_t end = std::min(n, begin + o.batch_size);
    KILN_ASSIGN_OR_RETURN(Tensor bx, GatherRows(x, order, begin, end));
    KILN_ASSIGN_OR_RETURN(Tensor by, GatherRows(y, order, begin, end));
    if (opt.schedule()) {
      opt.SetLearningRate(
          opt.schedule()(Optimizer::Iterations(opt.iterations(), store)),
          store);
    }
    KILN_RETURN_IF_ERROR(session_->Run({{"x", bx}, {"y", by}},
                                       {"loss", "train_predictions"},
                                       {"train_step"}, &out));
    const double loss = ScalarOf(out[0]);
    if (!std::isfinite(loss)) {
      if (o.out && o.verbose) {
        std::fprintf(o.out,
                     "\nEpoch %d, batch %lld: invalid loss %g, "
                     "terminating training\n",
                     epoch + 1, static_cast<long long>(step), loss);
      }
      *nan = true;
      break;
    }
    KILN_RETURN_IF_ERROR(acc.Add(loss, by, out[1]));
    *logs = acc.Result("");
    bar->Update(step + 1, *logs);
    for (Callback* c : o.callbacks) c->OnBatchEnd(*this, step, *logs);
  }
  *logs = acc.Result("");
  return OkStatus();
}

StatusOr<History> Model::Fit(const Tensor& x_in, const Tensor& y_in,
                             const FitOptions& o) {
  Tensor x, y, vx, vy;
  KILN_RETURN_IF_ERROR(PrepareData(x_in, y_in, &x, &y));
  if (o.batch_size < 1 || o.epochs < 0) {
    return InvalidArgument("batch_size must be >= 1 and epochs >= 0");
  }
  bool validate = false;
  if (o.validation_x && o.validation_y) {
    KILN_RETURN_IF_ERROR(
        PrepareData(*o.validation_x, *o.validation_y, &vx, &vy));
    validate = true;
  } else if (o.validation_split > 0) {
    if (o.validation_split >= 1) {
      return InvalidArgument("validation_split must be in [0, 1)");
    }
    const int64_t keep =
        Rows(x) - static_cast<int64_t>(Rows(x) * o.validation_split);
    KILN_ASSIGN_OR_RETURN(vx, SliceRows(x, keep, Rows(x)));
    KILN_ASSIGN_OR_RETURN(vy, SliceRows(y, keep, Rows(y)));
    KILN_ASSIGN_OR_RETURN(x, SliceRows(x, 0, keep));
    KILN_ASSIGN_OR_RETURN(y, SliceRows(y, 0, keep));
    validate = true;
  }
  History history;
  stop_training = false;
  for (Callback* c : o.callbacks) c->OnTrainBegin(*this);
  Logs logs;
  for (int epoch = 0; epoch < o.epochs && !stop_training; ++epoch) {
    if (o.out && o.verbose)
      std::fprintf(o.out, "Epoch %d/%d\n", epoch + 1, o.epochs);
    for (Callback* c : o.callbacks) c->OnEpochBegin(*this, epoch);
    bool nan = false;
    ProgressBar bar(o.out, (Rows(x) + o.batch_size - 1) / o.batch_size,
                    o.verbose);
    KILN_RETURN_IF_ERROR(TrainEpoch(x, y, o, epoch, &bar, &logs, &nan));
    if (nan) {
      history.terminated_on_nan = true;
      break;
    }
    if (validate) {
      KILN_ASSIGN_OR_RETURN(Logs val, RunEval(vx, vy, o.batch_size));
      for (const auto& [k, v] : val) logs["val_" + k] = v;
    }
    bar.Finish(logs);
    history.epoch.push_back(epoch);
    for (const auto& [k, v] : logs) history.history[k].push_back(v);
    for (Callback* c : o.callbacks) c->OnEpochEnd(*this, epoch, logs);
  }
  for (Callback* c : o.callbacks) c->OnTrainEnd(*this, logs);
  return history;
}

StatusOr<Logs> Model::RunEval(const Tensor& x, const Tensor& y,
                              int64_t batch_size) {
  Accumulator acc{0, 0, MakeMetrics(), options_.metrics};
  std::vector<Tensor> out;
  for (int64_t begin = 0; begin < Rows(x); begin += batch_size) {
    const int64_t end = std::min(Rows(x), begin + batch_size);
    KILN_ASSIGN_OR_RETURN(Tensor bx, SliceRows(x, begin, end));
    KILN_ASSIGN_OR_RETURN(Tensor by, SliceRows(y, begin, end));
    KILN_RETURN_IF_ERROR(session_->Run({{"x", bx}, {"y", by}},
                                       {"eval_loss", "predictions"}, {}, &out));
    KILN_RETURN_IF_ERROR(acc.Add(ScalarOf(out[0]), by, out[1]));
  }
  return acc.Result("");
}

StatusOr<Logs> Model::Evaluate(const Tensor& x_in, const Tensor& y_in,
                               int64_t batch_size) {
  Tensor x, y;
  KILN_RETURN_IF_ERROR(PrepareData(x_in, y_in, &x, &y));
  if (batch_size < 1) return InvalidArgument("batch_size must be >= 1");
  return RunEval(x, y, batch_size);
}

StatusOr<Tensor> Model::Predict(const Tensor& x_in, int64_t batch_size) {
  if (!session_) return FailedPrecondition("the model is not compiled");
  if (batch_size < 1) return InvalidArgument("batch_size must be >= 1");
  KILN_ASSIGN_OR_RETURN(Tensor x, Converted(x_in, input_dtype_));
  std::vector<Tensor> parts, out;
  for (int64_t begin = 0; begin < Rows(x); begin += batch_size) {
    KILN_ASSIGN_OR_RETURN(
        Tensor bx, SliceRows(x, begin, std::min(Rows(x), begin + batch_size)));
    KILN_RETURN_IF_ERROR(session_->Run({{"x", bx}}, {"predictions"}, {}, &out));
    parts.push_back(out[0]);
  }
  return ConcatRows(parts);
}

}  // namespace keras
}  // namespace kiln
