// CheckpointManager: numbered checkpoints in one directory, keeping the
// newest `max_to_keep` and the best by a monitored value, as
// tf.train.CheckpointManager does (its `checkpoint` state file too, so
// tf.train.latest_checkpoint finds Kiln's checkpoints).
//
//   KILN_ASSIGN_OR_RETURN(CheckpointManager manager,
//       CheckpointManager::Open("out/ckpt", options));
//   KILN_ASSIGN_OR_RETURN(std::string prefix,
//       manager.Save(store, names, /*step=*/epoch, /*metric=*/val_loss));
//   ...  // after a restart:
//   KILN_RETURN_IF_ERROR(manager.RestoreLatest(store, names));
//
// Nothing is lost to a crash: a save writes a new prefix (ckpt-<step>),
// then replaces the state file atomically, and only then deletes what fell
// out of the kept set; a process killed at any point leaves the state file
// naming complete checkpoints.
#ifndef KILN_FRONTEND_TRAIN_CHECKPOINT_MANAGER_H_
#define KILN_FRONTEND_TRAIN_CHECKPOINT_MANAGER_H_

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "frontend/variables/checkpoint.h"
#include "proto/tensorflow/checkpoint_state.pb.h"
#include "runtime/base/status.h"
#include "runtime/exec/variable_store.h"

namespace kiln {

struct CheckpointManagerOptions {
  int max_to_keep = 5;  // newest checkpoints kept; 0 keeps all
  std::string checkpoint_name = "ckpt";
  bool higher_is_better = false;  // for the metric Save is given
};

class CheckpointManager {
 public:
  // Creates `directory` when missing and takes over the checkpoints a
  // previous run recorded there.
  static StatusOr<CheckpointManager> Open(
      std::string directory, CheckpointManagerOptions options = {});

  // Saves `names` from `store` as `<directory>/<checkpoint_name>-<step>`
  // and returns that prefix. A `metric` (e.g. val_loss) that beats every
  // earlier one makes this checkpoint the best, kept whatever its age.
  StatusOr<std::string> Save(const VariableStore& store,
                             const std::vector<std::string>& names,
                             int64_t step,
                             std::optional<double> metric = std::nullopt);

  // As Save, numbered one past the newest checkpoint (1 in an empty
  // directory), so numbering continues across restarts as TensorFlow's
  // save_counter does.
  StatusOr<std::string> SaveNext(const VariableStore& store,
                                 const std::vector<std::string>& names,
                                 std::optional<double> metric = std::nullopt);

  // Full prefixes; "" when there is none.
  std::string latest() const;
  std::string best() const;
  std::optional<double> best_metric() const { return best_metric_; }
  // Every kept prefix, oldest first.
  std::vector<std::string> checkpoints() const;
  const std::string& directory() const { return directory_; }

  // Restores the newest checkpoint; NotFound when there is none.
  Status RestoreLatest(VariableStore& store,
                       const std::vector<std::string>& names,
                       const RestoreOptions& options = {}) const;

 private:
  bool Better(double metric) const;
  // The state with `relative` appended as the newest.
  tensorflow::CheckpointState Appended(const std::string& relative) const;
  // `all` without what falls out of the kept set (listed in `dropped`).
  tensorflow::CheckpointState Pruned(const tensorflow::CheckpointState& all,
                                     std::vector<std::string>* dropped) const;
  Status WriteBest() const;
  void DeleteCheckpoint(const std::string& relative) const;

  std::string directory_;
  CheckpointManagerOptions options_;
  tensorflow::CheckpointState state_;  // paths relative to directory_
  std::string best_;                   // relative; "" when none
  std::optional<double> best_metric_;
};

}  // namespace kiln

#endif  // KILN_FRONTEND_TRAIN_CHECKPOINT_MANAGER_H_
