// Numbered checkpoints with TensorFlow's `checkpoint` state file and a
// `checkpoint_best` file for the best one.
#include "frontend/train/checkpoint_manager.h"

#include <google/protobuf/text_format.h>
#include <unistd.h>

#include <chrono>
#include <cstdlib>

#include "proto/kiln/best_checkpoint.pb.h"
#include "runtime/io/checkpoint_state.h"
#include "runtime/io/checkpoint_writer.h"
#include "runtime/io/file_util.h"
#include "runtime/io/text_proto.h"

namespace kiln {
namespace {

constexpr char kBestFile[] = "checkpoint_best";

double Now() {
  return std::chrono::duration<double>(
             std::chrono::system_clock::now().time_since_epoch())
      .count();
}

bool IndexExists(const std::string& prefix) {
  return ::access(CheckpointIndexFile(prefix).c_str(), F_OK) == 0;
}

StatusOr<kiln::BestCheckpoint> ReadBest(const std::string& directory) {
  const std::string file = JoinCheckpointPath(directory, kBestFile);
  KILN_ASSIGN_OR_RETURN(std::string text, ReadFileToString(file));
  kiln::BestCheckpoint best;
  KILN_RETURN_IF_ERROR(ParseTextProto(text, file, &best));
  return best;
}

}  // namespace

StatusOr<CheckpointManager> CheckpointManager::Open(
    std::string directory, CheckpointManagerOptions options) {
  if (options.max_to_keep < 0) {
    return InvalidArgument("max_to_keep must be >= 0 (0 keeps all)");
  }
  KILN_RETURN_IF_ERROR(RecursivelyCreateDir(directory));
  CheckpointManager m;
  m.directory_ = std::move(directory);
  m.options_ = std::move(options);
  StatusOr<tensorflow::CheckpointState> state =
      ReadCheckpointState(m.directory_);
  if (state.ok()) {
    m.state_ = *std::move(state);
  } else if (state.status().code() != StatusCode::kNotFound) {
    return state.status();
  }
  m.state_.set_last_preserved_timestamp(Now());
  StatusOr<kiln::BestCheckpoint> best = ReadBest(m.directory_);
  if (best.ok() &&
      IndexExists(JoinCheckpointPath(m.directory_, best->path()))) {
    m.best_ = best->path();
    m.best_metric_ = best->metric();
  } else if (!best.ok() && best.status().code() != StatusCode::kNotFound) {
    return best.status();
  }
  return m;
}

bool CheckpointManager::Better(double metric) const {
  if (!best_metric_) return true;
  return options_.higher_is_better ? metric > *best_metric_
                                   : metric < *best_metric_;
}

Status CheckpointManager::WriteBest() const {
  kiln::BestCheckpoint best;
  best.set_path(best_);
  best.set_metric(best_metric_.value_or(0));
  std::string text;
  google::protobuf::TextFormat::PrintToString(best, &text);
  return WriteFileAtomically(JoinCheckpointPath(directory_, kBestFile), text);
}

void CheckpointManager::DeleteCheckpoint(const std::string& relative) const {
  const std::string prefix = JoinCheckpointPath(directory_, relative);
  // The index first: a crash between the two leaves no listed-looking
  // checkpoint without its data.
  ::unlink(CheckpointIndexFile(prefix).c_str());
  ::unlink(CheckpointDataFile(prefix, 0, 1).c_str());
}

tensorflow::CheckpointState CheckpointManager::Appended(
    const std::string& relative) const {
  tensorflow::CheckpointState next;
  next.set_model_checkpoint_path(relative);
  next.set_last_preserved_timestamp(state_.last_preserved_timestamp());
  for (int i = 0; i < state_.all_model_checkpoint_paths_size(); ++i) {
    // A step saved again replaces its earlier entry.
    if (state_.all_model_checkpoint_paths(i) == relative) continue;
    next.add_all_model_checkpoint_paths(state_.all_model_checkpoint_paths(i));
    next.add_all_model_checkpoint_timestamps(
        i < state_.all_model_checkpoint_timestamps_size()
            ? state_.all_model_checkpoint_timestamps(i)
            : 0);
  }
  next.add_all_model_checkpoint_paths(relative);
  next.add_all_model_checkpoint_timestamps(Now());
  return next;
}

tensorflow::CheckpointState CheckpointManager::Pruned(
    const tensorflow::CheckpointState& all,
    std::vector<std::string>* dropped) const {
  tensorflow::CheckpointState kept = all;
  kept.clear_all_model_checkpoint_paths();
  kept.clear_all_model_checkpoint_timestamps();
  const int n = all.all_model_checkpoint_paths_size();
  for (int i = 0; i < n; ++i) {
    const std::string& path = all.all_model_checkpoint_paths(i);
    const bool recent =
        options_.max_to_keep == 0 || i >= n - options_.max_to_keep;
    if (!recent && path != best_) {
      dropped->push_back(path);
      continue;
    }
    kept.add_all_model_checkpoint_paths(path);
    kept.add_all_model_checkpoint_timestamps(
        all.all_model_checkpoint_timestamps(i));
  }
  return kept;
}

StatusOr<std::string> CheckpointManager::Save(
    const VariableStore& store, const std::vector<std::string>& names,
    int64_t step, std::optional<double> metric) {
  const std::string relative =
      options_.checkpoint_name + "-" + std::to_string(step);
  const std::string prefix = JoinCheckpointPath(directory_, relative);
  KILN_RETURN_IF_ERROR(SaveCheckpoint(prefix, store, names));
  if (metric.has_value() && Better(*metric)) {
    best_ = relative;
    best_metric_ = metric;
    KILN_RETURN_IF_ERROR(WriteBest());
  }
  std::vector<std::string> dropped;
  tensorflow::CheckpointState next = Pruned(Appended(relative), &dropped);
  KILN_RETURN_IF_ERROR(WriteCheckpointState(directory_, next));
  state_ = std::move(next);
  for (const std::string& path : dropped) DeleteCheckpoint(path);
  return prefix;
}

StatusOr<std::string> CheckpointManager::SaveNext(
    const VariableStore& store, const std::vector<std::string>& names,
    std::optional<double> metric) {
  int64_t next = 1;
  const std::string& newest = state_.model_checkpoint_path();
  const size_t dash = newest.rfind('-');
  if (dash != std::string::npos) {
    char* end = nullptr;
    const long long n = std::strtoll(newest.c_str() + dash + 1, &end, 10);
    if (end != nullptr && *end == '\0' && n >= 0) next = n + 1;
  }
  return Save(store, names, next, metric);
}

std::string CheckpointManager::latest() const {
  if (state_.model_checkpoint_path().empty()) return "";
  return JoinCheckpointPath(directory_, state_.model_checkpoint_path());
}

std::string CheckpointManager::best() const {
  return best_.empty() ? "" : JoinCheckpointPath(directory_, best_);
}

std::vector<std::string> CheckpointManager::checkpoints() const {
  std::vector<std::string> out;
  for (const std::string& path : state_.all_model_checkpoint_paths()) {
    out.push_back(JoinCheckpointPath(directory_, path));
  }
  return out;
}

Status CheckpointManager::RestoreLatest(VariableStore& store,
                                        const std::vector<std::string>& names,
                                        const RestoreOptions& options) const {
  if (state_.model_checkpoint_path().empty()) {
    return NotFound(directory_ + ": no checkpoint to restore");
  }
  return RestoreCheckpoint(latest(), store, names, options);
}

}  // namespace kiln
