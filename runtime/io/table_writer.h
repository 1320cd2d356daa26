// TableWriter: builds a sorted string table (runtime/io/table_format.h) in
// memory, as TensorFlow's TableBuilder lays it out (256 KiB blocks, a
// restart point every 16 keys, no compression), so TensorFlow reads it.
//
//   table::TableWriter writer;
//   KILN_RETURN_IF_ERROR(writer.Add("", header_bytes));
//   KILN_RETURN_IF_ERROR(writer.Add("dense/bias", entry_bytes));
//   std::string bytes = writer.Finish();
#ifndef KILN_RUNTIME_IO_TABLE_WRITER_H_
#define KILN_RUNTIME_IO_TABLE_WRITER_H_

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "runtime/base/status.h"
#include "runtime/io/table_format.h"

namespace kiln {
namespace table {

// One block's entries with prefix-compressed keys and restart points.
class BlockBuilder {
 public:
  explicit BlockBuilder(int restart_interval) : interval_(restart_interval) {}
  void Add(std::string_view key, std::string_view value);
  // The block with its restart array; the builder is then empty again.
  std::string Finish();
  bool empty() const { return count_ == 0 && restarts_.empty(); }
  size_t EstimatedSize() const {
    return buffer_.size() + 4 * (restarts_.size() + 2);
  }

 private:
  int interval_;
  std::string buffer_;
  std::vector<uint32_t> restarts_;
  int count_ = 0;  // entries since the last restart
  std::string last_key_;
};

class TableWriter {
 public:
  explicit TableWriter(size_t block_size = 256 * 1024,
                       int restart_interval = 16)
      : block_size_(block_size),
        interval_(restart_interval),
        data_(restart_interval) {}

  // Keys must come in strictly increasing bytewise order.
  Status Add(std::string_view key, std::string_view value);
  // The whole table; the writer must not be used afterwards.
  std::string Finish();

 private:
  void FlushDataBlock();
  BlockHandle AppendBlock(std::string block);

  size_t block_size_;
  int interval_;
  std::string out_;
  BlockBuilder data_;
  std::vector<std::pair<std::string, BlockHandle>> index_;
  std::string last_key_;
  bool has_key_ = false;
};

}  // namespace table
}  // namespace kiln

#endif  // KILN_RUNTIME_IO_TABLE_WRITER_H_
