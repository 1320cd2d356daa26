// The on-disk pieces of a LevelDB-style sorted table, the format of
// TensorFlow's checkpoint `.index` files (tensorflow/core/lib/io/format.h):
//
//   [data block + trailer]* [metaindex block + trailer] [index block + trailer]
//   [footer: metaindex handle, index handle, zero padding to 40 bytes,
//            fixed64 magic 0xdb4775248b80fb57]
//
// A block is its entries (varint shared key bytes, varint unshared key
// bytes, varint value size, the unshared key bytes, the value), then the
// fixed32 offsets of its restart points and their fixed32 count. The
// trailer is a compression byte (0: none) and the masked CRC-32C of the
// block and that byte. The index block maps a key >= each data block's last
// key to the block's handle (varint offset, varint size).
#ifndef KILN_RUNTIME_IO_TABLE_FORMAT_H_
#define KILN_RUNTIME_IO_TABLE_FORMAT_H_

#include <cstdint>
#include <string>
#include <string_view>

namespace kiln {
namespace table {

inline constexpr uint64_t kMagicNumber = 0xdb4775248b80fb57ull;
inline constexpr size_t kMaxHandleSize = 20;  // two 10-byte varints
inline constexpr size_t kFooterSize = 2 * kMaxHandleSize + 8;
inline constexpr size_t kBlockTrailerSize = 5;
inline constexpr char kNoCompression = 0;

struct BlockHandle {
  uint64_t offset = 0;
  uint64_t size = 0;  // without the trailer
};

void EncodeHandle(const BlockHandle& handle, std::string* out);
bool DecodeHandle(std::string_view* in, BlockHandle* handle);

// The 48-byte footer.
std::string EncodeFooter(const BlockHandle& metaindex,
                         const BlockHandle& index);

// The trailer that follows `block` (uncompressed).
std::string BlockTrailer(std::string_view block);

}  // namespace table
}  // namespace kiln

#endif  // KILN_RUNTIME_IO_TABLE_FORMAT_H_
