// Sorted tables in TensorFlow's layout: data blocks, an empty metaindex
// block, the index block and the footer.
#include "runtime/io/table_writer.h"

#include <algorithm>

#include "runtime/io/internal/coding.h"

namespace kiln {
namespace table {

void BlockBuilder::Add(std::string_view key, std::string_view value) {
  size_t shared = 0;
  if (count_ < interval_ && !restarts_.empty()) {
    const size_t limit = std::min(last_key_.size(), key.size());
    while (shared < limit && last_key_[shared] == key[shared]) ++shared;
  } else {
    restarts_.push_back(static_cast<uint32_t>(buffer_.size()));
    count_ = 0;
  }
  coding::PutVarint64(&buffer_, shared);
  coding::PutVarint64(&buffer_, key.size() - shared);
  coding::PutVarint64(&buffer_, value.size());
  buffer_.append(key.substr(shared));
  buffer_.append(value);
  last_key_.assign(key);
  ++count_;
}

std::string BlockBuilder::Finish() {
  if (restarts_.empty()) restarts_.push_back(0);  // an empty block
  std::string block = std::move(buffer_);
  for (uint32_t r : restarts_) coding::PutFixed32(&block, r);
  coding::PutFixed32(&block, static_cast<uint32_t>(restarts_.size()));
  buffer_.clear();
  restarts_.clear();
  last_key_.clear();
  count_ = 0;
  return block;
}

Status TableWriter::Add(std::string_view key, std::string_view value) {
  if (has_key_ && key <= std::string_view(last_key_)) {
    return InvalidArgument("table keys must increase: \"" + std::string(key) +
                           "\" after \"" + last_key_ + "\"");
  }
  data_.Add(key, value);
  last_key_.assign(key);
  has_key_ = true;
  if (data_.EstimatedSize() >= block_size_) FlushDataBlock();
  return OkStatus();
}

BlockHandle TableWriter::AppendBlock(std::string block) {
  BlockHandle handle{out_.size(), block.size()};
  out_ += block;
  out_ += BlockTrailer(block);
  return handle;
}

void TableWriter::FlushDataBlock() {
  if (data_.empty()) return;
  // The index key is the block's last key: >= every key in it and < the
  // next block's first key.
  index_.emplace_back(last_key_, AppendBlock(data_.Finish()));
}

std::string TableWriter::Finish() {
  FlushDataBlock();
  const BlockHandle metaindex = AppendBlock(BlockBuilder(interval_).Finish());
  BlockBuilder index(1);
  for (const auto& [key, handle] : index_) {
    std::string encoded;
    EncodeHandle(handle, &encoded);
    index.Add(key, encoded);
  }
  const BlockHandle index_handle = AppendBlock(index.Finish());
  out_ += EncodeFooter(metaindex, index_handle);
  return std::move(out_);
}

}  // namespace table
}  // namespace kiln
