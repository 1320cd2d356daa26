// WriteCheckpoint: tensors by name in TensorFlow's V2 checkpoint layout,
// `<prefix>.index` (a sorted table of BundleEntryProto, the header under
// the empty key) and `<prefix>.data-00000-of-00001` (the tensors' bytes),
// which tf.train.load_checkpoint and tf.compat.v1.train.Saver read.
//
//   KILN_RETURN_IF_ERROR(WriteCheckpoint("out/ckpt-3", {{"dense/kernel", w},
//                                                      {"dense/bias", b}}));
//
// Each file is written to a temporary name, fsynced and renamed, the index
// last: readers never see a partial file. Overwriting an existing prefix is
// not atomic across the two files (a crash between the renames leaves the
// old index over new data, which CheckpointReader rejects by CRC); keep
// older checkpoints by writing new prefixes, as CheckpointManager does.
#ifndef KILN_RUNTIME_IO_CHECKPOINT_WRITER_H_
#define KILN_RUNTIME_IO_CHECKPOINT_WRITER_H_

#include <string>
#include <utility>
#include <vector>

#include "runtime/base/status.h"
#include "runtime/tensor/tensor.h"

namespace kiln {

// Names must be non-empty and distinct; tensors initialized.
Status WriteCheckpoint(
    const std::string& prefix,
    const std::vector<std::pair<std::string, Tensor>>& tensors);

// `<prefix>.index` and `<prefix>.data-<shard>-of-<num_shards>` (5 digits).
std::string CheckpointIndexFile(const std::string& prefix);
std::string CheckpointDataFile(const std::string& prefix, int shard,
                               int num_shards);

}  // namespace kiln

#endif  // KILN_RUNTIME_IO_CHECKPOINT_WRITER_H_
