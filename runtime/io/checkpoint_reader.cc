// Reads TensorFlow V2 checkpoints: the index table, then entries' bytes
// from their data shards with pread.
#include "runtime/io/checkpoint_reader.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>

#include "runtime/io/checkpoint_writer.h"
#include "runtime/io/crc32c.h"
#include "runtime/io/file_util.h"
#include "runtime/io/internal/coding.h"
#include "runtime/io/table_reader.h"

namespace kiln {
namespace {

constexpr int kMaxShards = 1 << 16;

Status BadEntry(const std::string& index_file, const std::string& key,
                const std::string& what) {
  return DataLoss(index_file + ": entry \"" + key + "\": " + what);
}

StatusOr<tensorflow::BundleHeaderProto> ParseHeader(
    const std::vector<table::Entry>& entries, const std::string& index_file) {
  tensorflow::BundleHeaderProto header;
  if (entries.empty() || !entries[0].key.empty() ||
      !header.ParseFromString(entries[0].value)) {
    return DataLoss(index_file +
                    ": no checkpoint header (not a checkpoint index)");
  }
  if (header.endianness() != tensorflow::BundleHeaderProto::LITTLE) {
    return Unimplemented(index_file + ": big-endian checkpoints are not read");
  }
  if (header.num_shards() < 1 || header.num_shards() > kMaxShards) {
    return DataLoss(index_file + ": bad shard count " +
                    std::to_string(header.num_shards()));
  }
  return header;
}

// The bytes an entry must have for its dtype and shape (strings: unknown).
Status CheckEntry(const tensorflow::BundleEntryProto& e,
                  const std::string& index_file, const std::string& key,
                  int num_shards) {
  if (e.shard_id() < 0 || e.shard_id() >= num_shards) {
    return BadEntry(index_file, key,
                    "shard " + std::to_string(e.shard_id()) + " of " +
                        std::to_string(num_shards));
  }
  if (e.offset() < 0 || e.size() < 0) {
    return BadEntry(index_file, key, "negative offset or size");
  }
  if (e.slices_size() > 0 || e.dtype() == tensorflow::DT_STRING) {
    return OkStatus();
  }
  StatusOr<TensorShape> shape = TensorShape::FromProto(e.shape());
  if (!shape.ok()) {
    return BadEntry(index_file, key, shape.status().message());
  }
  const size_t width = DataTypeSize(e.dtype());
  if (width == 0) {
    return Unimplemented(index_file + ": entry \"" + key + "\" has dtype " +
                         tensorflow::DataType_Name(e.dtype()) +
                         ", which Kiln does not read");
  }
  const uint64_t want = static_cast<uint64_t>(shape->num_elements()) * width;
  if (static_cast<uint64_t>(e.size()) != want) {
    return BadEntry(index_file, key,
                    "size " + std::to_string(e.size()) + " bytes, but shape " +
                        shape->ToString() + " needs " + std::to_string(want));
  }
  return OkStatus();
}

StatusOr<uint64_t> FileSize(const std::string& path) {
  struct stat st;
  if (::stat(path.c_str(), &st) != 0) {
    const std::string msg =
        path + ": cannot open checkpoint data: " + std::strerror(errno);
    if (errno == ENOENT) return NotFound(msg);
    return Status(StatusCode::kUnknown, msg);
  }
  return static_cast<uint64_t>(st.st_size);
}

}  // namespace

StatusOr<CheckpointReader> CheckpointReader::Open(const std::string& prefix) {
  const std::string index_file = CheckpointIndexFile(prefix);
  KILN_ASSIGN_OR_RETURN(std::string bytes, ReadFileToString(index_file));
  KILN_ASSIGN_OR_RETURN(std::vector<table::Entry> entries,
                        table::ReadTable(bytes, index_file));
  KILN_ASSIGN_OR_RETURN(tensorflow::BundleHeaderProto header,
                        ParseHeader(entries, index_file));
  CheckpointReader reader;
  reader.prefix_ = prefix;
  reader.num_shards_ = header.num_shards();
  std::vector<uint64_t> shard_sizes(reader.num_shards_);
  for (int s = 0; s < reader.num_shards_; ++s) {
    KILN_ASSIGN_OR_RETURN(shard_sizes[s], FileSize(CheckpointDataFile(
                                              prefix, s, reader.num_shards_)));
  }
  for (size_t i = 1; i < entries.size(); ++i) {
    tensorflow::BundleEntryProto e;
    const std::string& key = entries[i].key;
    if (!e.ParseFromString(entries[i].value)) {
      return BadEntry(index_file, key, "unparsable BundleEntryProto");
    }
    KILN_RETURN_IF_ERROR(CheckEntry(e, index_file, key, reader.num_shards_));
    const uint64_t shard_size = shard_sizes[e.shard_id()];
    if (static_cast<uint64_t>(e.offset()) > shard_size ||
        static_cast<uint64_t>(e.size()) > shard_size - e.offset()) {
      return DataLoss(
          CheckpointDataFile(prefix, e.shard_id(), reader.num_shards_) +
          ": truncated: entry \"" + key + "\" needs bytes [" +
          std::to_string(e.offset()) + ", " +
          std::to_string(e.offset() + e.size()) + ") of a " +
          std::to_string(shard_size) + "-byte file");
    }
    reader.entries_.emplace(key, std::move(e));
  }
  return reader;
}

std::vector<std::string> CheckpointReader::keys() const {
  std::vector<std::string> out;
  for (const auto& [key, entry] : entries_) out.push_back(key);
  return out;
}

bool CheckpointReader::Contains(const std::string& key) const {
  return entries_.count(key) > 0;
}

StatusOr<const tensorflow::BundleEntryProto*> CheckpointReader::Entry(
    const std::string& key) const {
  auto it = entries_.find(key);
  if (it == entries_.end()) {
    return NotFound(CheckpointIndexFile(prefix_) + ": no tensor \"" + key +
                    "\" in the checkpoint");
  }
  return &it->second;
}

StatusOr<std::string> CheckpointReader::ReadBytes(
    const std::string& key, const tensorflow::BundleEntryProto& e) const {
  const std::string path =
      CheckpointDataFile(prefix_, e.shard_id(), num_shards_);
  const int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) {
    return NotFound(path + ": cannot open: " + std::strerror(errno));
  }
  std::string out(static_cast<size_t>(e.size()), '\0');
  size_t done = 0;
  while (done < out.size()) {
    const ssize_t n = ::pread(fd, out.data() + done, out.size() - done,
                              e.offset() + static_cast<off_t>(done));
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) {
      ::close(fd);
      return DataLoss(path + ": truncated: entry \"" + key +
                      "\" ends at byte offset " +
                      std::to_string(e.offset() + done));
    }
    done += static_cast<size_t>(n);
  }
  ::close(fd);
  return out;
}

StatusOr<Tensor> CheckpointReader::ReadTensor(const std::string& key) const {
  KILN_ASSIGN_OR_RETURN(const tensorflow::BundleEntryProto* e, Entry(key));
  const std::string path =
      CheckpointDataFile(prefix_, e->shard_id(), num_shards_);
  if (e->slices_size() > 0) {
    return Unimplemented(path + ": \"" + key +
                         "\" is a partitioned variable's slice; not read");
  }
  if (e->dtype() == tensorflow::DT_STRING) {
    return InvalidArgument(path + ": \"" + key +
                           "\" holds strings; use ReadStrings");
  }
  KILN_ASSIGN_OR_RETURN(std::string bytes, ReadBytes(key, *e));
  if (crc32c::Mask(crc32c::Value(bytes.data(), bytes.size())) != e->crc32c()) {
    return DataLoss(path + ": corrupted: checksum mismatch in \"" + key +
                    "\" at byte offset " + std::to_string(e->offset()));
  }
  KILN_ASSIGN_OR_RETURN(TensorShape shape, TensorShape::FromProto(e->shape()));
  KILN_ASSIGN_OR_RETURN(Tensor t, Tensor::Allocate(e->dtype(), shape));
  if (!bytes.empty()) std::memcpy(t.raw_data(), bytes.data(), bytes.size());
  return t;
}

StatusOr<std::vector<std::string>> CheckpointReader::ReadStrings(
    const std::string& key) const {
  KILN_ASSIGN_OR_RETURN(const tensorflow::BundleEntryProto* e, Entry(key));
  const std::string path =
      CheckpointDataFile(prefix_, e->shard_id(), num_shards_);
  if (e->dtype() != tensorflow::DT_STRING) {
    return InvalidArgument(path + ": \"" + key + "\" does not hold strings");
  }
  KILN_ASSIGN_OR_RETURN(TensorShape shape, TensorShape::FromProto(e->shape()));
  KILN_ASSIGN_OR_RETURN(std::string bytes, ReadBytes(key, *e));
  auto corrupt = [&](const std::string& what) {
    return DataLoss(path + ": corrupted string tensor \"" + key +
                    "\" at byte offset " + std::to_string(e->offset()) + ": " +
                    what);
  };
  // Layout: varint64 length of each element, the masked CRC-32C of the
  // lengths as uint32s, then the elements' bytes.
  std::string_view in = bytes;
  std::vector<uint64_t> lengths;
  uint32_t crc = 0;
  uint64_t total = 0;
  for (int64_t i = 0; i < shape.num_elements(); ++i) {
    uint64_t n = 0;
    if (!coding::GetVarint64(&in, &n) || n > in.size()) {
      return corrupt("bad length of element " + std::to_string(i));
    }
    const uint32_t n32 = static_cast<uint32_t>(n);
    crc = crc32c::Extend(crc, &n32, sizeof(n32));
    lengths.push_back(n);
    total += n;
  }
  if (in.size() < 4 || coding::DecodeFixed32(in.data()) != crc32c::Mask(crc) ||
      in.size() - 4 != total) {
    return corrupt("lengths do not match their checksum or the data");
  }
  crc = crc32c::Extend(crc, in.data(), in.size());
  if (crc32c::Mask(crc) != e->crc32c()) return corrupt("checksum mismatch");
  in.remove_prefix(4);
  std::vector<std::string> out;
  for (uint64_t n : lengths) {
    out.emplace_back(in.substr(0, n));
    in.remove_prefix(n);
  }
  return out;
}

}  // namespace kiln
