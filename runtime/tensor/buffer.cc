// Buffer: allocator-owned or externally owned shared bytes.
#include "runtime/tensor/buffer.h"

#include <utility>

namespace kiln {

StatusOr<std::shared_ptr<Buffer>> Buffer::Allocate(Allocator* allocator,
                                                   size_t bytes,
                                                   size_t alignment) {
  if (allocator == nullptr) return InvalidArgument("Buffer: null allocator");
  void* data = allocator->Allocate(bytes, alignment);
  if (data == nullptr) {
    return ResourceExhausted("out of memory: allocator '" + allocator->Name() +
                              "' could not allocate " + std::to_string(bytes) +
                              " bytes");
  }
  return std::shared_ptr<Buffer>(new Buffer(data, bytes, allocator, nullptr));
}

std::shared_ptr<Buffer> Buffer::Wrap(void* data, size_t bytes,
                                     ReleaseFn release) {
  return std::shared_ptr<Buffer>(
      new Buffer(data, bytes, nullptr, std::move(release)));
}

Buffer::~Buffer() {
  if (allocator_ != nullptr) {
    allocator_->Deallocate(data_, size_);
  } else if (release_) {
    release_(data_);
  }
}

}  // namespace kiln
