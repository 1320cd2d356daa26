// Reads a sorted table: footer -> index block -> data blocks, checking
// every bound and CRC before use.
#include "runtime/io/table_reader.h"

#include "runtime/io/crc32c.h"
#include "runtime/io/internal/coding.h"
#include "runtime/io/table_format.h"

namespace kiln {
namespace table {
namespace {

Status Corrupt(const std::string& source, uint64_t offset,
               const std::string& what) {
  return DataLoss(source + ": corrupted table at byte offset " +
                  std::to_string(offset) + ": " + what);
}

// The block `handle` names, its trailer checked.
StatusOr<std::string_view> ReadBlock(std::string_view bytes,
                                     const BlockHandle& handle,
                                     const std::string& source) {
  if (handle.offset > bytes.size() ||
      handle.size > bytes.size() - handle.offset ||
      bytes.size() - handle.offset - handle.size < kBlockTrailerSize) {
    return Corrupt(source, handle.offset,
                   "block of " + std::to_string(handle.size) +
                       " bytes runs past the end of the file (" +
                       std::to_string(bytes.size()) + " bytes)");
  }
  std::string_view block = bytes.substr(handle.offset, handle.size);
  const char* trailer = block.data() + block.size();
  uint32_t crc = crc32c::Value(block.data(), block.size());
  crc = crc32c::Extend(crc, trailer, 1);
  if (crc32c::Unmask(coding::DecodeFixed32(trailer + 1)) != crc) {
    return Corrupt(source, handle.offset, "block checksum mismatch");
  }
  if (trailer[0] != kNoCompression) {
    return Unimplemented(
        source + ": block at byte offset " + std::to_string(handle.offset) +
        " is compressed (type " + std::to_string(static_cast<int>(trailer[0])) +
        "); only uncompressed tables are read");
  }
  return block;
}

// Appends the block's entries to `out`, restoring shared key prefixes.
Status DecodeBlock(std::string_view block, uint64_t block_offset,
                   const std::string& source, std::vector<Entry>* out) {
  if (block.size() < 4) return Corrupt(source, block_offset, "block too small");
  const uint64_t restarts =
      coding::DecodeFixed32(block.data() + block.size() - 4);
  if (restarts == 0 || restarts > (block.size() - 4) / 4) {
    return Corrupt(source, block_offset, "bad restart count");
  }
  std::string_view in = block.substr(0, block.size() - 4 * (restarts + 1));
  std::string key;
  while (!in.empty()) {
    const uint64_t at = block_offset + (in.data() - block.data());
    uint64_t shared = 0, unshared = 0, value_size = 0;
    if (!coding::GetVarint64(&in, &shared) ||
        !coding::GetVarint64(&in, &unshared) ||
        !coding::GetVarint64(&in, &value_size) || shared > key.size() ||
        unshared > in.size() || value_size > in.size() - unshared) {
      return Corrupt(source, at, "bad entry");
    }
    key.resize(shared);
    key.append(in.substr(0, unshared));
    if (!out->empty() && key <= out->back().key) {
      return Corrupt(source, at, "key \"" + key + "\" out of order");
    }
    out->push_back({key, std::string(in.substr(unshared, value_size))});
    in.remove_prefix(unshared + value_size);
  }
  return OkStatus();
}

}  // namespace

StatusOr<std::vector<Entry>> ReadTable(std::string_view bytes,
                                       const std::string& source) {
  if (bytes.size() < kFooterSize) {
    return Corrupt(source, 0,
                   "file of " + std::to_string(bytes.size()) +
                       " bytes is shorter than a table footer");
  }
  const uint64_t footer_at = bytes.size() - kFooterSize;
  std::string_view footer = bytes.substr(footer_at);
  if (coding::DecodeFixed64(footer.data() + 2 * kMaxHandleSize) !=
      kMagicNumber) {
    return Corrupt(source, footer_at + 2 * kMaxHandleSize,
                   "bad magic number (not a table)");
  }
  BlockHandle metaindex, index;
  if (!DecodeHandle(&footer, &metaindex) || !DecodeHandle(&footer, &index)) {
    return Corrupt(source, footer_at, "bad block handles in the footer");
  }
  std::string_view file = bytes.substr(0, footer_at);
  // The metaindex (empty in TensorFlow's tables) is checked, not used.
  KILN_RETURN_IF_ERROR(ReadBlock(file, metaindex, source).status());
  KILN_ASSIGN_OR_RETURN(std::string_view index_block,
                        ReadBlock(file, index, source));
  std::vector<Entry> handles;
  KILN_RETURN_IF_ERROR(
      DecodeBlock(index_block, index.offset, source, &handles));
  std::vector<Entry> entries;
  for (const Entry& h : handles) {
    std::string_view encoded = h.value;
    BlockHandle data;
    if (!DecodeHandle(&encoded, &data)) {
      return Corrupt(source, index.offset, "bad handle in the index block");
    }
    KILN_ASSIGN_OR_RETURN(std::string_view block,
                          ReadBlock(file, data, source));
    KILN_RETURN_IF_ERROR(DecodeBlock(block, data.offset, source, &entries));
  }
  return entries;
}

}  // namespace table
}  // namespace kiln
