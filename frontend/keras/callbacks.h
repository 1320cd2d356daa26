// Keras' standard callbacks. Monitored values come from the epoch's logs
// ("val_loss", "accuracy", ...); `mode` kAuto minimizes names containing
// "loss" and maximizes the others.
//
//   keras::EarlyStopping stop({.monitor = "val_loss", .patience = 3,
//                              .restore_best_weights = true});
//   fit.callbacks = {&stop};
#ifndef KILN_FRONTEND_KERAS_CALLBACKS_H_
#define KILN_FRONTEND_KERAS_CALLBACKS_H_

#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "frontend/keras/callback.h"
#include "frontend/train/checkpoint_manager.h"
#include "runtime/io/summary_writer.h"
#include "runtime/tensor/tensor.h"

namespace kiln {
namespace keras {

enum class Mode { kAuto, kMin, kMax };

// Tracks the best value of one monitored log.
struct Monitor {
  std::string name = "val_loss";
  Mode mode = Mode::kAuto;
  double min_delta = 0;
  std::optional<double> best;
  // True when `logs` has the value and it beats the best by min_delta (the
  // best is then updated).
  bool Improved(const Logs& logs);
};

struct EarlyStoppingOptions {
  std::string monitor = "val_loss";
  double min_delta = 0;
  int patience = 0;
  Mode mode = Mode::kAuto;
  bool restore_best_weights = false;
};
// Stops training after `patience` epochs without improvement; optionally
// puts back the best epoch's weights when training ends.
class EarlyStopping : public Callback {
 public:
  explicit EarlyStopping(EarlyStoppingOptions options = {});
  void OnTrainBegin(Model& model) override;
  void OnEpochEnd(Model& model, int epoch, const Logs& logs) override;
  void OnTrainEnd(Model& model, const Logs& logs) override;
  int stopped_epoch() const { return stopped_epoch_; }  // -1: did not stop
  int best_epoch() const { return best_epoch_; }

 private:
  EarlyStoppingOptions options_;
  Monitor monitor_;
  int wait_ = 0, stopped_epoch_ = -1, best_epoch_ = -1;
  std::vector<Tensor> best_weights_;
};

struct ModelCheckpointOptions {
  std::string monitor = "val_loss";
  bool save_best_only = false;
  Mode mode = Mode::kAuto;
};
// Saves the model's weights (Model::SaveWeights) after each epoch, or only
// when the monitored value improves. "{epoch}" in the path becomes the
// epoch number (from 1, two digits).
class ModelCheckpoint : public Callback {
 public:
  explicit ModelCheckpoint(std::string path,
                           ModelCheckpointOptions options = {});
  void OnEpochEnd(Model& model, int epoch, const Logs& logs) override;
  // The first error a save hit (training goes on, as Keras' does).
  const Status& status() const { return status_; }
  std::vector<std::string> saved() const { return saved_; }

 private:
  std::string path_;
  ModelCheckpointOptions options_;
  Monitor monitor_;
  Status status_;
  std::vector<std::string> saved_;
};

// Saves a TensorFlow checkpoint of every variable through `manager` after
// each epoch (CheckpointManager::SaveNext: numbered on from the newest, so
// a resumed run goes on counting), handing it the monitored value so the
// manager keeps the best checkpoint as well as the newest.
//
//   KILN_ASSIGN_OR_RETURN(CheckpointManager manager,
//       CheckpointManager::Open("out/ckpt", options));
//   keras::ManagedCheckpoint checkpoints(&manager, "val_loss");
class ManagedCheckpoint : public Callback {
 public:
  ManagedCheckpoint(CheckpointManager* manager, std::string monitor)
      : manager_(manager), monitor_(std::move(monitor)) {}
  void OnEpochEnd(Model& model, int epoch, const Logs& logs) override;
  // The first error a save hit (training goes on, as Keras' does).
  const Status& status() const { return status_; }

 private:
  CheckpointManager* manager_;
  std::string monitor_;
  Status status_;
};

struct ReduceLROnPlateauOptions {
  std::string monitor = "val_loss";
  double factor = 0.1;
  int patience = 10;
  double min_delta = 1e-4;
  int cooldown = 0;
  double min_lr = 0;
  Mode mode = Mode::kAuto;
};
// Multiplies the optimizer's learning rate by `factor` after `patience`
// epochs without improvement (not below min_lr), then waits `cooldown`.
class ReduceLROnPlateau : public Callback {
 public:
  explicit ReduceLROnPlateau(ReduceLROnPlateauOptions options = {});
  void OnEpochEnd(Model& model, int epoch, const Logs& logs) override;

 private:
  ReduceLROnPlateauOptions options_;
  Monitor monitor_;
  int wait_ = 0, cooldown_ = 0;
};

// Sets the learning rate to schedule(epoch, current rate) before each epoch.
class LearningRateScheduler : public Callback {
 public:
  explicit LearningRateScheduler(std::function<double(int, double)> schedule)
      : schedule_(std::move(schedule)) {}
  void OnEpochBegin(Model& model, int epoch) override;

 private:
  std::function<double(int, double)> schedule_;
};

// Writes epoch,<log names...> and one row per epoch to a CSV file, the
// whole file rewritten atomically after each epoch.
class CSVLogger : public Callback {
 public:
  explicit CSVLogger(std::string path) : path_(std::move(path)) {}
  void OnTrainBegin(Model& model) override { rows_.clear(); }
  void OnEpochEnd(Model& model, int epoch, const Logs& logs) override;
  const Status& status() const { return status_; }

 private:
  std::string path_;
  std::vector<std::pair<int, Logs>> rows_;
  Status status_;
};

struct TensorBoardOptions {
  bool write_graph = true;  // the model's inference graph, once
  int histogram_freq = 0;   // weight histograms every N epochs (0: none)
  int64_t update_freq =
      0;  // batch-level scalars every N batches (0: epochs only)
};
// Keras' TensorBoard callback: per epoch, the logs' loss and metrics (the
// "val_" ones into <log_dir>/validation, the others into <log_dir>/train,
// as "epoch_<name>"), the learning rate, optionally weight histograms and
// batch-level scalars ("batch_<name>"), and the graph.
class TensorBoard : public Callback {
 public:
  explicit TensorBoard(std::string log_dir, TensorBoardOptions options = {});
  ~TensorBoard() override;
  void OnTrainBegin(Model& model) override;
  void OnBatchEnd(Model& model, int64_t batch, const Logs& logs) override;
  void OnEpochEnd(Model& model, int epoch, const Logs& logs) override;
  void OnTrainEnd(Model& model, const Logs& logs) override;
  const Status& status() const { return status_; }

 private:
  void Keep(const Status& s);
  std::string log_dir_;
  TensorBoardOptions options_;
  std::unique_ptr<SummaryWriter> train_, validation_;
  int64_t batches_ = 0;
  Status status_;
};

}  // namespace keras
}  // namespace kiln

#endif  // KILN_FRONTEND_KERAS_CALLBACKS_H_
