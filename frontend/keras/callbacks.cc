// The standard callbacks; each is a few lines over Monitor and the Model.
#include "frontend/keras/callbacks.h"

#include <cmath>
#include <cstdio>
#include <set>

#include "frontend/keras/model.h"
#include "runtime/io/file_util.h"

namespace kiln {
namespace keras {
namespace {

bool Minimizes(const std::string& name, Mode mode) {
  if (mode != Mode::kAuto) return mode == Mode::kMin;
  return name.find("loss") != std::string::npos;
}

std::string EpochPath(const std::string& path, int epoch) {
  const size_t at = path.find("{epoch}");
  if (at == std::string::npos) return path;
  char number[16];
  std::snprintf(number, sizeof(number), "%02d", epoch + 1);
  return path.substr(0, at) + number + path.substr(at + 7);
}

}  // namespace

bool Monitor::Improved(const Logs& logs) {
  auto it = logs.find(name);
  if (it == logs.end() || std::isnan(it->second)) return false;
  const double v = it->second;
  const bool better = !best || (Minimizes(name, mode) ? v < *best - min_delta
                                                      : v > *best + min_delta);
  if (better) best = v;
  return better;
}

EarlyStopping::EarlyStopping(EarlyStoppingOptions options)
    : options_(std::move(options)) {
  monitor_.name = options_.monitor;
  monitor_.mode = options_.mode;
  monitor_.min_delta = options_.min_delta;
}

void EarlyStopping::OnTrainBegin(Model&) {
  monitor_.best.reset();
  wait_ = 0;
  stopped_epoch_ = best_epoch_ = -1;
  best_weights_.clear();
}

void EarlyStopping::OnEpochEnd(Model& model, int epoch, const Logs& logs) {
  if (monitor_.Improved(logs)) {
    wait_ = 0;
    best_epoch_ = epoch;
    if (options_.restore_best_weights) {
      StatusOr<std::vector<Tensor>> w = model.GetWeights();
      if (w.ok()) best_weights_ = *std::move(w);
    }
    return;
  }
  if (++wait_ >= options_.patience && epoch > 0) {
    stopped_epoch_ = epoch;
    model.stop_training = true;
  }
}

void EarlyStopping::OnTrainEnd(Model& model, const Logs&) {
  if (options_.restore_best_weights && !best_weights_.empty()) {
    (void)model.SetWeights(best_weights_);
  }
}

ModelCheckpoint::ModelCheckpoint(std::string path,
                                 ModelCheckpointOptions options)
    : path_(std::move(path)), options_(std::move(options)) {
  monitor_.name = options_.monitor;
  monitor_.mode = options_.mode;
}

void ModelCheckpoint::OnEpochEnd(Model& model, int epoch, const Logs& logs) {
  if (options_.save_best_only && !monitor_.Improved(logs)) return;
  const std::string path = EpochPath(path_, epoch);
  Status s = model.SaveWeights(path);
  if (s.ok()) {
    saved_.push_back(path);
  } else if (status_.ok()) {
    status_ = s;
  }
}

void ManagedCheckpoint::OnEpochEnd(Model& model, int, const Logs& logs) {
  std::optional<double> metric;
  if (auto it = logs.find(monitor_); it != logs.end()) metric = it->second;
  StatusOr<std::string> saved = manager_->SaveNext(
      model.session()->variables(), model.VariableNames(), metric);
  if (!saved.ok() && status_.ok()) status_ = saved.status();
}

ReduceLROnPlateau::ReduceLROnPlateau(ReduceLROnPlateauOptions options)
    : options_(std::move(options)) {
  monitor_.name = options_.monitor;
  monitor_.mode = options_.mode;
  monitor_.min_delta = options_.min_delta;
}

void ReduceLROnPlateau::OnEpochEnd(Model& model, int, const Logs& logs) {
  if (cooldown_ > 0) --cooldown_;
  if (monitor_.Improved(logs)) {
    wait_ = 0;
    return;
  }
  if (cooldown_ > 0 || ++wait_ < options_.patience) return;
  Optimizer* opt = model.optimizer();
  if (opt == nullptr || model.session() == nullptr) return;
  const double lr =
      std::max(opt->learning_rate() * options_.factor, options_.min_lr);
  opt->SetLearningRate(lr, model.session()->variables());
  wait_ = 0;
  cooldown_ = options_.cooldown;
}

void LearningRateScheduler::OnEpochBegin(Model& model, int epoch) {
  Optimizer* opt = model.optimizer();
  if (opt == nullptr || model.session() == nullptr) return;
  opt->SetLearningRate(schedule_(epoch, opt->learning_rate()),
                       model.session()->variables());
}

void CSVLogger::OnEpochEnd(Model&, int epoch, const Logs& logs) {
  rows_.emplace_back(epoch, logs);
  std::set<std::string> keys;
  for (const auto& [e, row] : rows_) {
    for (const auto& [k, v] : row) keys.insert(k);
  }
  std::string csv = "epoch";
  for (const std::string& k : keys) csv += "," + k;
  csv += "\n";
  for (const auto& [e, row] : rows_) {
    csv += std::to_string(e);
    for (const std::string& k : keys) {
      auto it = row.find(k);
      char value[32] = "";
      if (it != row.end())
        std::snprintf(value, sizeof(value), "%.17g", it->second);
      csv += std::string(",") + value;
    }
    csv += "\n";
  }
  Status s = WriteFileAtomically(path_, csv);
  if (!s.ok() && status_.ok()) status_ = s;
}

}  // namespace keras
}  // namespace kiln
