// Handles, footer and block trailers of sorted tables.
#include "runtime/io/table_format.h"

#include "runtime/io/crc32c.h"
#include "runtime/io/internal/coding.h"

namespace kiln {
namespace table {

void EncodeHandle(const BlockHandle& handle, std::string* out) {
  coding::PutVarint64(out, handle.offset);
  coding::PutVarint64(out, handle.size);
}

bool DecodeHandle(std::string_view* in, BlockHandle* handle) {
  return coding::GetVarint64(in, &handle->offset) &&
         coding::GetVarint64(in, &handle->size);
}

std::string EncodeFooter(const BlockHandle& metaindex,
                         const BlockHandle& index) {
  std::string footer;
  EncodeHandle(metaindex, &footer);
  EncodeHandle(index, &footer);
  footer.resize(2 * kMaxHandleSize, '\0');
  coding::PutFixed64(&footer, kMagicNumber);
  return footer;
}

std::string BlockTrailer(std::string_view block) {
  std::string trailer(1, kNoCompression);
  uint32_t crc = crc32c::Value(block.data(), block.size());
  crc = crc32c::Extend(crc, trailer.data(), 1);
  coding::PutFixed32(&trailer, crc32c::Mask(crc));
  return trailer;
}

}  // namespace table
}  // namespace kiln
