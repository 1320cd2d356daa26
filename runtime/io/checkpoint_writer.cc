// TensorFlow V2 checkpoints: one data shard, entries in key order.
#include "runtime/io/checkpoint_writer.h"

#include <algorithm>
#include <cstdio>
#include <map>

#include "proto/tensorflow/tensor_bundle.pb.h"
#include "runtime/io/crc32c.h"
#include "runtime/io/file_util.h"
#include "runtime/io/table_writer.h"

namespace kiln {
namespace {

std::string HeaderBytes() {
  tensorflow::BundleHeaderProto header;
  header.set_num_shards(1);
  header.set_endianness(tensorflow::BundleHeaderProto::LITTLE);
  header.mutable_version()->set_producer(1);  // kTensorBundleVersion
  return header.SerializeAsString();
}

}  // namespace

std::string CheckpointIndexFile(const std::string& prefix) {
  return prefix + ".index";
}

std::string CheckpointDataFile(const std::string& prefix, int shard,
                               int num_shards) {
  char suffix[48];
  std::snprintf(suffix, sizeof(suffix), ".data-%05d-of-%05d", shard,
                num_shards);
  return prefix + suffix;
}

Status WriteCheckpoint(
    const std::string& prefix,
    const std::vector<std::pair<std::string, Tensor>>& tensors) {
  std::map<std::string, const Tensor*> sorted;
  for (const auto& [name, tensor] : tensors) {
    if (name.empty()) return InvalidArgument(prefix + ": empty tensor name");
    if (!tensor.IsInitialized()) {
      return InvalidArgument(prefix + ": tensor \"" + name +
                             "\" is not initialized");
    }
    if (!sorted.emplace(name, &tensor).second) {
      return InvalidArgument(prefix + ": tensor \"" + name + "\" given twice");
    }
  }
  std::string data;
  table::TableWriter index;
  KILN_RETURN_IF_ERROR(index.Add("", HeaderBytes()));
  for (const auto& [name, tensor] : sorted) {
    tensorflow::BundleEntryProto entry;
    entry.set_dtype(tensor->dtype());
    tensor->shape().ToProto(entry.mutable_shape());
    entry.set_offset(static_cast<int64_t>(data.size()));
    entry.set_size(static_cast<int64_t>(tensor->bytes()));
    entry.set_crc32c(
        crc32c::Mask(crc32c::Value(tensor->raw_data(), tensor->bytes())));
    data.append(static_cast<const char*>(tensor->raw_data()), tensor->bytes());
    KILN_RETURN_IF_ERROR(index.Add(name, entry.SerializeAsString()));
  }
  KILN_RETURN_IF_ERROR(
      WriteFileAtomically(CheckpointDataFile(prefix, 0, 1), data));
  return WriteFileAtomically(CheckpointIndexFile(prefix), index.Finish());
}

}  // namespace kiln
