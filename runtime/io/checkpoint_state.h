// The `checkpoint` file of a checkpoint directory: a text-format
// tensorflow.CheckpointState naming the newest checkpoint and every kept
// one, as tf.train.CheckpointManager writes it and tf.train.latest_checkpoint
// reads it.
//
//   KILN_ASSIGN_OR_RETURN(std::string prefix, LatestCheckpoint("out/ckpt"));
#ifndef KILN_RUNTIME_IO_CHECKPOINT_STATE_H_
#define KILN_RUNTIME_IO_CHECKPOINT_STATE_H_

#include <string>

#include "proto/tensorflow/checkpoint_state.pb.h"
#include "runtime/base/status.h"

namespace kiln {

// `<directory>/checkpoint`.
std::string CheckpointStateFile(const std::string& directory);

// NotFound when the directory has no state file; DataLoss naming the file
// when it does not parse.
StatusOr<tensorflow::CheckpointState> ReadCheckpointState(
    const std::string& directory);
// Atomically (temporary file, fsync, rename).
Status WriteCheckpointState(const std::string& directory,
                            const tensorflow::CheckpointState& state);

// The newest checkpoint's prefix, joined to `directory` when relative.
StatusOr<std::string> LatestCheckpoint(const std::string& directory);

// `path` joined to `directory` unless it is absolute.
std::string JoinCheckpointPath(const std::string& directory,
                               const std::string& path);

}  // namespace kiln

#endif  // KILN_RUNTIME_IO_CHECKPOINT_STATE_H_
