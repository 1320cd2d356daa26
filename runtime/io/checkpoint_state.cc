// Text-format CheckpointState files.
#include "runtime/io/checkpoint_state.h"

#include <google/protobuf/text_format.h>

#include "runtime/io/file_util.h"
#include "runtime/io/text_proto.h"

namespace kiln {

std::string CheckpointStateFile(const std::string& directory) {
  return JoinCheckpointPath(directory, "checkpoint");
}

std::string JoinCheckpointPath(const std::string& directory,
                               const std::string& path) {
  if (!path.empty() && path[0] == '/') return path;
  if (directory.empty()) return path;
  if (directory.back() == '/') return directory + path;
  return directory + "/" + path;
}

StatusOr<tensorflow::CheckpointState> ReadCheckpointState(
    const std::string& directory) {
  const std::string file = CheckpointStateFile(directory);
  KILN_ASSIGN_OR_RETURN(std::string text, ReadFileToString(file));
  tensorflow::CheckpointState state;
  KILN_RETURN_IF_ERROR(ParseTextProto(text, file, &state));
  return state;
}

Status WriteCheckpointState(const std::string& directory,
                            const tensorflow::CheckpointState& state) {
  std::string text;
  if (!google::protobuf::TextFormat::PrintToString(state, &text)) {
    return Internal("cannot print the checkpoint state");
  }
  return WriteFileAtomically(CheckpointStateFile(directory), text);
}

StatusOr<std::string> LatestCheckpoint(const std::string& directory) {
  KILN_ASSIGN_OR_RETURN(tensorflow::CheckpointState state,
                        ReadCheckpointState(directory));
  if (state.model_checkpoint_path().empty()) {
    return NotFound(CheckpointStateFile(directory) + ": names no checkpoint");
  }
  return JoinCheckpointPath(directory, state.model_checkpoint_path());
}

}  // namespace kiln
