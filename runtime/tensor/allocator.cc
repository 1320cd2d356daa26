// CpuAllocator: aligned host memory with statistics and an optional limit.
#include "runtime/tensor/allocator.h"

#include <algorithm>
#include <cstdlib>

namespace kiln {

namespace {

// Large blocks are page-aligned and sized in 64 KiB steps so that freed
// blocks fit later requests of about the same size.
constexpr size_t kLargeAlignment = 4096;
constexpr size_t kLargeStep = size_t{64} << 10;

size_t Rounded(size_t bytes) {
  return bytes < CpuAllocator::kLargeBlock
             ? bytes
             : (bytes + kLargeStep - 1) / kLargeStep * kLargeStep;
}

}  // namespace

CpuAllocator::~CpuAllocator() {
  for (auto& [size, ptr] : cache_) std::free(ptr);
}

void* CpuAllocator::TakeCached(size_t rounded) {
  std::lock_guard<std::mutex> lock(mu_);
  auto it = cache_.find(rounded);
  if (it == cache_.end()) return nullptr;
  void* ptr = it->second;
  cache_.erase(it);
  cached_bytes_ -= rounded;
  return ptr;
}

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
  const size_t rounded = Rounded(bytes);
  const bool large = rounded >= kLargeBlock && alignment <= kLargeAlignment;
  if (large) ptr = TakeCached(rounded);
  const size_t align =
      large ? kLargeAlignment : std::max(alignment, sizeof(void*));
  // Round up so a zero-byte request still gets a unique pointer.
  if (ptr == nullptr &&
      posix_memalign(&ptr, align, std::max<size_t>(rounded, 1)) != 0) {
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
  const size_t rounded = Rounded(bytes);
  std::lock_guard<std::mutex> lock(mu_);
  stats_.bytes_in_use -= static_cast<int64_t>(bytes);
  // Blocks Allocate made large (page-aligned) are the only ones cached.
  if (rounded >= kLargeBlock &&
      reinterpret_cast<uintptr_t>(ptr) % kLargeAlignment == 0 &&
      cached_bytes_ + rounded <= kMaxCachedBytes) {
    cache_.emplace(rounded, ptr);
    cached_bytes_ += rounded;
    return;
  }
  std::free(ptr);
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
