// CheckpointReader: the tensors of a TensorFlow V2 checkpoint (Kiln's or
// one TensorFlow wrote with tf.train.Checkpoint, tf.keras or
// tf.compat.v1.train.Saver), by key.
//
//   KILN_ASSIGN_OR_RETURN(CheckpointReader reader,
//                         CheckpointReader::Open("out/ckpt-3"));
//   for (const std::string& key : reader.keys()) ...
//   KILN_ASSIGN_OR_RETURN(Tensor w, reader.ReadTensor("dense/kernel"));
//
// Open reads and checks the whole index (block CRCs, entry shapes and
// sizes, every entry inside its data shard), so a truncated or corrupted
// checkpoint fails there; ReadTensor also checks the tensor's CRC. Errors
// name the file, the key and the byte offset. Partitioned (sliced)
// variables are listed but not read.
#ifndef KILN_RUNTIME_IO_CHECKPOINT_READER_H_
#define KILN_RUNTIME_IO_CHECKPOINT_READER_H_

#include <map>
#include <string>
#include <vector>

#include "proto/tensorflow/tensor_bundle.pb.h"
#include "runtime/base/status.h"
#include "runtime/tensor/tensor.h"

namespace kiln {

class CheckpointReader {
 public:
  static StatusOr<CheckpointReader> Open(const std::string& prefix);

  const std::string& prefix() const { return prefix_; }
  // Every tensor's key, sorted (the header's empty key excluded).
  std::vector<std::string> keys() const;
  bool Contains(const std::string& key) const;
  // The entry (dtype, shape, where its bytes are); NotFound naming the key.
  StatusOr<const tensorflow::BundleEntryProto*> Entry(
      const std::string& key) const;
  // A numeric tensor.
  StatusOr<Tensor> ReadTensor(const std::string& key) const;
  // A DT_STRING tensor's elements in row-major order (e.g. the
  // `_CHECKPOINTABLE_OBJECT_GRAPH` of object-based checkpoints).
  StatusOr<std::vector<std::string>> ReadStrings(const std::string& key) const;

 private:
  StatusOr<std::string> ReadBytes(const std::string& key,
                                  const tensorflow::BundleEntryProto& e) const;

  std::string prefix_;
  int num_shards_ = 1;
  std::map<std::string, tensorflow::BundleEntryProto> entries_;
};

}  // namespace kiln

#endif  // KILN_RUNTIME_IO_CHECKPOINT_READER_H_
