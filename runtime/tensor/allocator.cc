// CpuAllocator: aligned host memory with statistics and an optional limit.
#include "runtime/tensor/allocator.h"

#include <algorithm>
#include <cstdlib>

namespace kiln {

void* CpuAllocator::Allocate(size_t bytes, size_t alignment) {
  const bool bad_alignment =
      alignment == 0 || (alignment & (alignment - 1)) != 0;
  const int64_t size = static_cast<int64_t>(bytes);
  {
    std::lock_guard<std::mutex> lock(mu_);
    if (bad_alignment || size < 0 ||
        (bytes_limit_ > 0 && size > bytes_limit_ - stats_.bytes_in_use)) {
      ++stats_.num_failed_allocs;
      return nullptr;
    }
    // Reserve before allocating so concurrent callers respect the limit.
    stats_.bytes_in_use += size;
  }
  void* ptr = nullptr;
  const size_t align = std::max(alignment, sizeof(void*));
  // Round up so a zero-byte request still gets a unique pointer.
  if (posix_memalign(&ptr, align, std::max<size_t>(bytes, 1)) != 0) {
    ptr = nullptr;
  }
  std::lock_guard<std::mutex> lock(mu_);
  if (ptr == nullptr) {
    stats_.bytes_in_use -= size;
    ++stats_.num_failed_allocs;
    return nullptr;
  }
  ++stats_.num_allocs;
  stats_.peak_bytes_in_use =
      std::max(stats_.peak_bytes_in_use, stats_.bytes_in_use);
  stats_.largest_alloc_size = std::max(stats_.largest_alloc_size, size);
  return ptr;
}

void CpuAllocator::Deallocate(void* ptr, size_t bytes) {
  if (ptr == nullptr) return;
  std::free(ptr);
  std::lock_guard<std::mutex> lock(mu_);
  stats_.bytes_in_use -= static_cast<int64_t>(bytes);
}

AllocatorStats CpuAllocator::GetStats() const {
  std::lock_guard<std::mutex> lock(mu_);
  AllocatorStats s = stats_;
  s.bytes_limit = bytes_limit_;
  return s;
}

void CpuAllocator::ResetPeak() {
  std::lock_guard<std::mutex> lock(mu_);
  stats_.peak_bytes_in_use = stats_.bytes_in_use;
}

Allocator* DefaultCpuAllocator() {
  static Allocator* const allocator = new CpuAllocator();
  return allocator;
}

}  // namespace kiln
