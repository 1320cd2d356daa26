// Model::Fit, Evaluate and Predict: batches fed through the compiled graph,
// metrics accumulated on the host, progress and callbacks per epoch.
#include <cmath>
#include <functional>
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

double ScalarOf(const Tensor& t) { return metrics::ValueAt(t, 0); }

// Loss and metrics accumulated over batches; with several outputs, each
// output's loss and metrics too (prefixed "output_<i>_").
class Accumulator {
 public:
  Accumulator(
      size_t outputs, const std::vector<std::string>& names,
      const std::function<std::vector<std::unique_ptr<metrics::Metric>>()>&
          make)
      : names_(names), per_output_loss_(outputs, 0) {
    for (size_t i = 0; i < outputs; ++i) metrics_.push_back(make());
  }
  // `out`: the total loss, the outputs' predictions, then (several outputs)
  // each output's loss.
  Status Add(const std::vector<Tensor>& out, const std::vector<Tensor>& ys) {
    const int64_t rows = Rows(ys[0]);
    const size_t n = metrics_.size();
    loss_sum_ += ScalarOf(out[0]) * rows;
    samples_ += rows;
    for (size_t i = 0; i < n; ++i) {
      if (n > 1) per_output_loss_[i] += ScalarOf(out[1 + n + i]) * rows;
      for (auto& m : metrics_[i])
        KILN_RETURN_IF_ERROR(m->Update(ys[i], out[1 + i]));
    }
    return OkStatus();
  }
  Logs Result() const {
    Logs logs;
    auto mean = [&](double sum) { return samples_ > 0 ? sum / samples_ : 0; };
    logs["loss"] = mean(loss_sum_);
    const size_t n = metrics_.size();
    for (size_t i = 0; i < n; ++i) {
      const std::string prefix =
          n > 1 ? "output_" + std::to_string(i) + "_" : "";
      if (n > 1) logs[prefix + "loss"] = mean(per_output_loss_[i]);
      for (size_t k = 0; k < metrics_[i].size(); ++k) {
        logs[prefix + names_[k]] = metrics_[i][k]->Result();
      }
    }
    return logs;
  }

 private:
  std::vector<std::string> names_;
  std::vector<std::vector<std::unique_ptr<metrics::Metric>>> metrics_;
  std::vector<double> per_output_loss_;
  double loss_sum_ = 0;
  int64_t samples_ = 0;
};

// Rows `order[begin..end)` of every tensor.
StatusOr<std::vector<Tensor>> Gather(const std::vector<Tensor>& ts,
                                     const std::vector<int64_t>& order,
                                     int64_t begin, int64_t end) {
  std::vector<Tensor> out;
  for (const Tensor& t : ts) {
    KILN_ASSIGN_OR_RETURN(Tensor rows, GatherRows(t, order, begin, end));
    out.push_back(std::move(rows));
  }
  return out;
}

StatusOr<std::vector<Tensor>> Slice(const std::vector<Tensor>& ts,
                                    int64_t begin, int64_t end) {
  std::vector<Tensor> out;
  for (const Tensor& t : ts) {
    KILN_ASSIGN_OR_RETURN(Tensor rows, SliceRows(t, begin, end));
    out.push_back(std::move(rows));
  }
  return out;
}

}  // namespace

Status Model::PrepareData(const std::vector<Tensor>& xs,
                          const std::vector<Tensor>& ys,
                          std::vector<Tensor>* fxs,
                          std::vector<Tensor>* fys) const {
  if (!session_) return FailedPrecondition("the model is not compiled");
  if (xs.size() != inputs_.size()) {
    return InvalidArgument("the model takes " + std::to_string(inputs_.size()) +
                           " inputs, got " + std::to_string(xs.size()));
  }
  if (ys.size() != num_outputs_) {
    return InvalidArgument("the model has " + std::to_string(num_outputs_) +
                           " outputs, got " + std::to_string(ys.size()) +
                           " label tensors");
  }
  const int64_t rows = Rows(xs[0]);
  fxs->clear();
  fys->clear();
  for (size_t i = 0; i < xs.size(); ++i) {
    if (Rows(xs[i]) != rows) {
      return InvalidArgument("x has " + std::to_string(rows) + " samples but " +
                             inputs_[i].name + " has " +
                             std::to_string(Rows(xs[i])));
    }
    KILN_ASSIGN_OR_RETURN(Tensor x, Converted(xs[i], inputs_[i].dtype));
    fxs->push_back(std::move(x));
  }
  for (const Tensor& y_in : ys) {
    if (Rows(y_in) != rows) {
      return InvalidArgument("x has " + std::to_string(rows) +
                             " samples but y has " +
                             std::to_string(Rows(y_in)));
    }
    KILN_ASSIGN_OR_RETURN(
        Tensor y, Converted(y_in, sparse_labels_ ? DT_INT32 : DT_FLOAT));
    if (sparse_labels_ && y.dims() == 2 && y.dim_size(1) == 1) {
      KILN_ASSIGN_OR_RETURN(TensorShape flat, TensorShape::Create({rows}));
      KILN_ASSIGN_OR_RETURN(y, y.Reshape(flat));
    }
    fys->push_back(std::move(y));
  }
  return OkStatus();
}

namespace {

// Batches of x/y rows in `order`, `batch` at a time.
Model::BatchSource TensorBatches(std::vector<Tensor> xs, std::vector<Tensor> ys,
                                 std::vector<int64_t> order, int64_t batch) {
  auto next = std::make_shared<int64_t>(0);
  return
      [=](std::vector<Tensor>* bx, std::vector<Tensor>* by) -> StatusOr<bool> {
        const int64_t n = static_cast<int64_t>(order.size());
        if (*next >= n) return false;
        const int64_t end = std::min(n, *next + batch);
        KILN_ASSIGN_OR_RETURN(*bx, Gather(xs, order, *next, end));
        KILN_ASSIGN_OR_RETURN(*by, Gather(ys, order, *next, end));
        *next = end;
        return true;
      };
}

std::vector<int64_t> Identity(int64_t n) {
  std::vector<int64_t> order(n);
  std::iota(order.begin(), order.end(), 0);
  return order;
}

}  // namespace

Model::BatchSource Model::DatasetBatches(const data::Dataset& ds,
                                         int64_t epoch) const {
  std::shared_ptr<data::Iterator> it = ds.MakeIterator(epoch);
  const size_t inputs = inputs_.size(), outputs = num_outputs_;
  return [this, it, inputs, outputs](
             std::vector<Tensor>* bx,
             std::vector<Tensor>* by) -> StatusOr<bool> {
    KILN_ASSIGN_OR_RETURN(std::optional<data::Element> e, it->Next());
    if (!e) return false;
    if (e->size() < inputs + outputs) {
      return InvalidArgument(
          "dataset elements have " + std::to_string(e->size()) +
          " components; the model needs " + std::to_string(inputs) +
          " inputs and " + std::to_string(outputs) + " labels");
    }
    std::vector<Tensor> xs(e->begin(), e->begin() + inputs);
    std::vector<Tensor> ys(e->begin() + inputs, e->begin() + inputs + outputs);
    KILN_RETURN_IF_ERROR(PrepareData(xs, ys, bx, by));
    return true;
  };
}

// The total loss, each output's predictions and (several outputs) each
// output's loss: what Accumulator::Add reads.
std::vector<std::string> Model::StepFetches(
    const std::string& loss, const std::string& predictions) const {
  std::vector<std::string> fetches = {loss};
  for (size_t i = 0; i < num_outputs_; ++i) {
    fetches.push_back(Suffixed(predictions, i));
  }
  for (size_t i = 0; num_outputs_ > 1 && i < num_outputs_; ++i) {
    fetches.push_back(loss + "_" + std::to_string(i));
  }
  return fetches;
}

Session::Feeds Model::BatchFeeds(const std::vector<Tensor>& xs,
                                 const std::vector<Tensor>& ys) const {
  Session::Feeds feeds;
  for (size_t i = 0; i < xs.size(); ++i)
    feeds.emplace_back(InputName(i), xs[i]);
  for (size_t i = 0; i < ys.size(); ++i) {
    feeds.emplace_back(Suffixed("y", i), ys[i]);
  }
  return feeds;
}

Status Model::TrainEpoch(const BatchSource& next, const FitOptions& o,
                         int epoch, ProgressBar* bar, Logs* logs, bool* nan) {
  Accumulator acc(num_outputs_, options_.metrics,
                  [this] { return MakeMetrics(); });
  Optimizer& opt = *options_.optimizer;
  VariableStore& store = session_->variables();
  const std::vector<std::string> fetches =
      StepFetches("loss", "train_predictions");
  std::vector<Tensor> out, bx, by;
  for (int64_t step = 0; !stop_training; ++step) {
    KILN_ASSIGN_OR_RETURN(bool more, next(&bx, &by));
    if (!more) break;
    const Session::Feeds feeds = BatchFeeds(bx, by);
    if (opt.schedule()) {
      opt.SetLearningRate(
          opt.schedule()(Optimizer::Iterations(opt.iterations(), store)),
          store);
    }
    KILN_RETURN_IF_ERROR(session_->Run(feeds, fetches, {"train_step"}, &out));
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
    KILN_RETURN_IF_ERROR(acc.Add(out, by));
    *logs = acc.Result();
    bar->Update(step + 1, *logs);
    for (Callback* c : o.callbacks) c->OnBatchEnd(*this, step, *logs);
  }
  *logs = acc.Result();
  return OkStatus();
}

StatusOr<History> Model::FitLoop(
    const std::function<BatchSource(int epoch)>& train, int64_t steps,
    const std::function<BatchSource()>& validation, const FitOptions& o) {
  History history;
  stop_training = false;
  for (Callback* c : o.callbacks) c->OnTrainBegin(*this);
  Logs logs;
  for (int epoch = 0; epoch < o.epochs && !stop_training; ++epoch) {
    if (o.out && o.verbose) {
      std::fprintf(o.out, "Epoch %d/%d\n", epoch + 1, o.epochs);
    }
    for (Callback* c : o.callbacks) c->OnEpochBegin(*this, epoch);
    bool nan = false;
    ProgressBar bar(o.out, steps, o.verbose);
    KILN_RETURN_IF_ERROR(TrainEpoch(train(epoch), o, epoch, &bar, &logs, &nan));
    if (nan) {
      history.terminated_on_nan = true;
      break;
    }
    if (validation) {
      KILN_ASSIGN_OR_RETURN(Logs val, RunEval(validation()));
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

StatusOr<History> Model::Fit(const Tensor& x, const Tensor& y,
                             const FitOptions& o) {
  return Fit(std::vector<Tensor>{x}, std::vector<Tensor>{y}, o);
}

StatusOr<History> Model::Fit(const std::vector<Tensor>& xs_in,
                             const std::vector<Tensor>& ys_in,
                             const FitOptions& o) {
  std::vector<Tensor> xs, ys, vxs, vys;
  KILN_RETURN_IF_ERROR(PrepareData(xs_in, ys_in, &xs, &ys));
  if (o.batch_size < 1 || o.epochs < 0) {
    return InvalidArgument("batch_size must be >= 1 and epochs >= 0");
  }
  bool validate = false;
  if (o.validation_x && o.validation_y) {
    KILN_RETURN_IF_ERROR(
        PrepareData({*o.validation_x}, {*o.validation_y}, &vxs, &vys));
    validate = true;
  } else if (o.validation_split > 0) {
    if (o.validation_split >= 1) {
      return InvalidArgument("validation_split must be in [0, 1)");
    }
    const int64_t rows = Rows(xs[0]);
    const int64_t keep = rows - static_cast<int64_t>(rows * o.validation_split);
    KILN_ASSIGN_OR_RETURN(vxs, Slice(xs, keep, rows));
    KILN_ASSIGN_OR_RETURN(vys, Slice(ys, keep, rows));
    KILN_ASSIGN_OR_RETURN(xs, Slice(xs, 0, keep));
    KILN_ASSIGN_OR_RETURN(ys, Slice(ys, 0, keep));
    validate = true;
  }
  const int64_t n = Rows(xs[0]);
  auto train = [&](int epoch) {
    std::vector<int64_t> order = Identity(n);
    if (o.shuffle) {
      std::mt19937_64 rng(o.seed * 1000003 + epoch);
      std::shuffle(order.begin(), order.end(), rng);
    }
    return TensorBatches(xs, ys, std::move(order), o.batch_size);
  };
  std::function<BatchSource()> validation;
  if (validate) {
    validation = [&] {
      return TensorBatches(vxs, vys, Identity(Rows(vxs[0])), o.batch_size);
    };
  }
  return FitLoop(train, (n + o.batch_size - 1) / o.batch_size, validation, o);
}

StatusOr<History> Model::Fit(const data::Dataset& train, const FitOptions& o,
                             const data::Dataset* validation) {
  if (!session_) return FailedPrecondition("the model is not compiled");
  std::function<BatchSource()> val;
  if (validation != nullptr) {
    val = [this, validation] { return DatasetBatches(*validation, 0); };
  }
  return FitLoop([&](int epoch) { return DatasetBatches(train, epoch); },
                 /*steps=*/0, val, o);
}

StatusOr<Logs> Model::Evaluate(const data::Dataset& ds) {
  if (!session_) return FailedPrecondition("the model is not compiled");
  return RunEval(DatasetBatches(ds, 0));
}

StatusOr<Logs> Model::RunEval(const BatchSource& next) {
  Accumulator acc(num_outputs_, options_.metrics,
                  [this] { return MakeMetrics(); });
  const std::vector<std::string> fetches =
      StepFetches("eval_loss", "predictions");
  std::vector<Tensor> out, bx, by;
  while (true) {
    KILN_ASSIGN_OR_RETURN(bool more, next(&bx, &by));
    if (!more) break;
    const Session::Feeds feeds = BatchFeeds(bx, by);
    KILN_RETURN_IF_ERROR(session_->Run(feeds, fetches, {}, &out));
    KILN_RETURN_IF_ERROR(acc.Add(out, by));
  }
  return acc.Result();
}

StatusOr<Logs> Model::Evaluate(const Tensor& x, const Tensor& y,
                               int64_t batch_size) {
  return Evaluate(std::vector<Tensor>{x}, std::vector<Tensor>{y}, batch_size);
}

StatusOr<Logs> Model::Evaluate(const std::vector<Tensor>& xs_in,
                               const std::vector<Tensor>& ys_in,
                               int64_t batch_size) {
  std::vector<Tensor> xs, ys;
  KILN_RETURN_IF_ERROR(PrepareData(xs_in, ys_in, &xs, &ys));
  if (batch_size < 1) return InvalidArgument("batch_size must be >= 1");
  return RunEval(TensorBatches(xs, ys, Identity(Rows(xs[0])), batch_size));
}

StatusOr<Tensor> Model::Predict(const Tensor& x, int64_t batch_size) {
  KILN_ASSIGN_OR_RETURN(std::vector<Tensor> all,
                        Predict(std::vector<Tensor>{x}, batch_size));
  return all[0];
}

StatusOr<std::vector<Tensor>> Model::Predict(const std::vector<Tensor>& xs_in,
                                             int64_t batch_size) {
  if (batch_size < 1) return InvalidArgument("batch_size must be >= 1");
  if (xs_in.size() != inputs_.size()) {
    return InvalidArgument("the model takes " + std::to_string(inputs_.size()) +
                           " inputs, got " + std::to_string(xs_in.size()));
  }
  const int64_t n = Rows(xs_in[0]);
  auto begin = std::make_shared<int64_t>(0);
  return RunPredict([&, begin](std::vector<Tensor>* bx) -> StatusOr<bool> {
    if (*begin >= n) return false;
    const int64_t end = std::min(n, *begin + batch_size);
    KILN_ASSIGN_OR_RETURN(*bx, Slice(xs_in, *begin, end));
    *begin = end;
    return true;
  });
}

StatusOr<std::vector<Tensor>> Model::Predict(const data::Dataset& ds) {
  std::shared_ptr<data::Iterator> it = ds.MakeIterator(0);
  const size_t inputs = inputs_.size();
  // Components after the inputs (labels) are ignored, as Keras does.
  return RunPredict([it, inputs](std::vector<Tensor>* bx) -> StatusOr<bool> {
    KILN_ASSIGN_OR_RETURN(std::optional<data::Element> e, it->Next());
    if (!e) return false;
    if (e->size() < inputs) {
      return InvalidArgument(
          "dataset elements have " + std::to_string(e->size()) +
          " components; the model needs " + std::to_string(inputs) + " inputs");
    }
    bx->assign(e->begin(), e->begin() + inputs);
    return true;
  });
}

StatusOr<std::vector<Tensor>> Model::RunPredict(
    const std::function<StatusOr<bool>(std::vector<Tensor>*)>& next) {
  if (!session_) return FailedPrecondition("the model is not compiled");
  std::vector<std::string> fetches;
  for (size_t i = 0; i < num_outputs_; ++i) {
    fetches.push_back(Suffixed("predictions", i));
  }
  std::vector<std::vector<Tensor>> parts(num_outputs_);
  std::vector<Tensor> bx, out;
  while (true) {
    KILN_ASSIGN_OR_RETURN(bool more, next(&bx));
    if (!more) break;
    for (size_t i = 0; i < bx.size(); ++i) {
      KILN_ASSIGN_OR_RETURN(bx[i], Converted(bx[i], inputs_[i].dtype));
    }
    KILN_RETURN_IF_ERROR(session_->Run(BatchFeeds(bx, {}), fetches, {}, &out));
    for (size_t i = 0; i < num_outputs_; ++i) parts[i].push_back(out[i]);
  }
  if (parts.empty() || parts[0].empty()) {
    return InvalidArgument("predict: no input rows");
  }
  std::vector<Tensor> result;
  for (const auto& p : parts) {
    KILN_ASSIGN_OR_RETURN(Tensor joined, ConcatRows(p));
    result.push_back(std::move(joined));
  }
  return result;
}

}  // namespace keras
}  // namespace kiln
