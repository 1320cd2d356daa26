// Buffer: a reference-counted block of bytes that tensors (and their views)
// share. Either owned by an Allocator (64-byte aligned) or wrapping external
// memory that a callback releases when the last reference goes (zero copy).
//
//   KILN_ASSIGN_OR_RETURN(std::shared_ptr<kiln::Buffer> buf,
//                         kiln::Buffer::Allocate(DefaultCpuAllocator(), 256));
//   auto ext = kiln::Buffer::Wrap(ptr, size, [](void* p) { free(p); });
//
// The reference count is std::shared_ptr's (atomic): copies of a Tensor may
// be made and dropped on any thread.
#ifndef KILN_RUNTIME_TENSOR_BUFFER_H_
#define KILN_RUNTIME_TENSOR_BUFFER_H_

#include <cstddef>
#include <functional>
#include <memory>

#include "runtime/base/status.h"
#include "runtime/tensor/allocator.h"

namespace kiln {

class Buffer {
 public:
  using ReleaseFn = std::function<void(void* data)>;

  // `bytes` from `allocator`, aligned to `alignment`. When the allocator
  // returns nullptr (out of memory, over its limit) the error is
  // FailedPrecondition "out of memory: ..." (Status has no
  // RESOURCE_EXHAUSTED code yet).
  static StatusOr<std::shared_ptr<Buffer>> Allocate(
      Allocator* allocator, size_t bytes, size_t alignment = kTensorAlignment);
  // Borrows `data` (`bytes` long); `release` (may be empty) runs once when
  // the last reference is dropped.
  static std::shared_ptr<Buffer> Wrap(void* data, size_t bytes,
                                      ReleaseFn release);

  ~Buffer();
  Buffer(const Buffer&) = delete;
  Buffer& operator=(const Buffer&) = delete;

  void* data() const { return data_; }
  size_t size() const { return size_; }
  // The owning allocator; nullptr for wrapped external memory.
  Allocator* allocator() const { return allocator_; }

 private:
  Buffer(void* data, size_t size, Allocator* allocator, ReleaseFn release)
      : data_(data),
        size_(size),
        allocator_(allocator),
        release_(std::move(release)) {}

  void* const data_;
  const size_t size_;
  Allocator* const allocator_;
  ReleaseFn release_;
};

}  // namespace kiln

#endif  // KILN_RUNTIME_TENSOR_BUFFER_H_
