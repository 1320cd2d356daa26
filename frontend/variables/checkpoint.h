// Checkpoints of variables in TensorFlow's V2 layout (runtime/io/
// checkpoint_writer.h): each variable saved under its name (the key
// tf.compat.v1.train.Saver uses, which tf.train.load_checkpoint reads).
//
//   KILN_RETURN_IF_ERROR(SaveCheckpoint("out/ckpt-1", store, names));
//   KILN_RETURN_IF_ERROR(RestoreCheckpoint("out/ckpt-1", store, names));
//
// Restore reads and checks every value first (present, CRC, dtype and shape
// matching the store's variable) and only then sets them all: a truncated,
// corrupted or mismatched checkpoint changes no variable.
//
// A checkpoint TensorFlow wrote with tf.train.Checkpoint keys values by
// object path ("dense/kernel/.ATTRIBUTES/VARIABLE_VALUE"); Restore finds a
// variable named "dense/kernel" there too, and `key_for` maps other names.
#ifndef KILN_FRONTEND_VARIABLES_CHECKPOINT_H_
#define KILN_FRONTEND_VARIABLES_CHECKPOINT_H_

#include <functional>
#include <string>
#include <vector>

#include "runtime/base/status.h"
#include "runtime/exec/variable_store.h"

namespace kiln {

Status SaveCheckpoint(const std::string& prefix, const VariableStore& store,
                      const std::vector<std::string>& names);

struct RestoreOptions {
  // The checkpoint key for a variable name; unset: the name itself, else
  // "<name>/.ATTRIBUTES/VARIABLE_VALUE".
  std::function<std::string(const std::string&)> key_for;
};

Status RestoreCheckpoint(const std::string& prefix, VariableStore& store,
                         const std::vector<std::string>& names,
                         const RestoreOptions& options = {});

}  // namespace kiln

#endif  // KILN_FRONTEND_VARIABLES_CHECKPOINT_H_
