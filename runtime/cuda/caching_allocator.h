// CachingAllocator: device memory the way TensorFlow's BFC and PyTorch's
// caching allocator hand it out. Large segments come from a backend (the
// CUDA driver; a host heap in tests) and are cut into blocks: a request takes
// the smallest free block that fits (best fit, lowest address on ties),
// splitting off the rest when it is worth keeping; a freed block merges with
// free neighbours of its segment. Segments stay cached until ReleaseCached
// (or a backend allocation fails, which releases them and retries). A limit
// bounds the reserved bytes: a request beyond it is ResourceExhausted naming
// the request, what is in use and the limit, and changes nothing.
//
//   CachingAllocator a(std::make_unique<DeviceMemory>(device), {});
//   KILN_ASSIGN_OR_RETURN(void* p, a.Allocate(bytes));
//   ...
//   a.Free(p);
//
// Thread-safe. Not tied to CUDA: this header and its .cc build everywhere.
#ifndef KILN_RUNTIME_CUDA_CACHING_ALLOCATOR_H_
#define KILN_RUNTIME_CUDA_CACHING_ALLOCATOR_H_

#include <cstddef>
#include <cstdint>
#include <map>
#include <memory>
#include <mutex>
#include <set>
#include <string>

#include "runtime/base/status.h"

namespace kiln {
namespace cuda {

// Where segments come from.
class MemoryBackend {
 public:
  virtual ~MemoryBackend() = default;
  // `bytes` (a multiple of the segment granularity), or an error.
  virtual StatusOr<void*> Allocate(size_t bytes) = 0;
  virtual void Free(void* ptr, size_t bytes) = 0;
  virtual std::string name() const = 0;  // "GPU:0", for messages
};

struct AllocatorOptions {
  // Reserved bytes never exceed this (0: no limit), the seeds'
  // memory_limit of a logical device.
  size_t limit_bytes = 0;
  // Segments are multiples of this; requests are rounded to `alignment`.
  size_t segment_bytes = size_t{2} << 20;
  size_t alignment = 256;
  // A split leaves a free remainder only when it is at least this big.
  size_t min_split_bytes = 512;
};

struct AllocatorStats {
  size_t bytes_in_use = 0, peak_bytes_in_use = 0;
  size_t bytes_reserved = 0, peak_bytes_reserved = 0;
  size_t largest_free_block = 0;
  int64_t num_allocs = 0, num_segments = 0, num_backend_allocs = 0;
  std::string ToString() const;
};

class CachingAllocator {
 public:
  CachingAllocator(std::unique_ptr<MemoryBackend> backend,
                   AllocatorOptions options);
  ~CachingAllocator();  // returns every segment to the backend
  CachingAllocator(const CachingAllocator&) = delete;
  CachingAllocator& operator=(const CachingAllocator&) = delete;

  // At least `bytes` (aligned; 0 bytes gives a distinct 1-byte block).
  StatusOr<void*> Allocate(size_t bytes);
  // A pointer Allocate returned; anything else is an InvalidArgument.
  Status Free(void* ptr);
  // The block size `ptr` holds (0: not allocated here).
  size_t AllocatedSize(void* ptr) const;
  // Returns the segments with no block in use to the backend.
  void ReleaseCached();
  AllocatorStats stats() const;

 private:
  struct Block;
  struct BySize {
    bool operator()(const Block* a, const Block* b) const;
  };
  Block* FindFree(size_t bytes);
  StatusOr<Block*> NewSegment(size_t bytes);
  void Split(Block* block, size_t bytes);
  void Merge(Block* block);
  void ReleaseCachedLocked();

  std::unique_ptr<MemoryBackend> backend_;
  AllocatorOptions options_;
  mutable std::mutex mu_;
  std::set<Block*, BySize> free_;
  std::map<uintptr_t, Block*> in_use_;    // by address
  std::map<uintptr_t, Block*> segments_;  // first block of each, by address
  AllocatorStats stats_;
};

}  // namespace cuda
}  // namespace kiln

#endif  // KILN_RUNTIME_CUDA_CACHING_ALLOCATOR_H_
