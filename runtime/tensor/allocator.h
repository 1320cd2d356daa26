// Allocator: where tensor memory comes from. CpuAllocator hands out 64-byte
// aligned host memory, keeps thread-safe statistics and can enforce a limit.
//
//   kiln::CpuAllocator alloc(/*bytes_limit=*/1 << 20);
//   void* p = alloc.Allocate(4096);           // nullptr past the limit
//   alloc.Deallocate(p, 4096);
//   kiln::AllocatorStats s = alloc.GetStats();  // in use, peak, count
#ifndef KILN_RUNTIME_TENSOR_ALLOCATOR_H_
#define KILN_RUNTIME_TENSOR_ALLOCATOR_H_

#include <cstddef>
#include <cstdint>
#include <map>
#include <mutex>
#include <string>

namespace kiln {

// Alignment of every tensor buffer: a cache line, and enough for AVX-512.
inline constexpr size_t kTensorAlignment = 64;

class Allocator {
 public:
  virtual ~Allocator() = default;

  virtual std::string Name() const = 0;
  // Returns `bytes` bytes aligned to `alignment` (a power of two), or nullptr
  // when the memory cannot be had (out of memory, over a limit, bad
  // alignment). Never throws or aborts. Allocate(0, a) returns a valid,
  // unique pointer that must still be deallocated.
  virtual void* Allocate(size_t bytes, size_t alignment = kTensorAlignment) = 0;
  // Frees memory from Allocate; `bytes` is the size that was requested.
  virtual void Deallocate(void* ptr, size_t bytes) = 0;
  // The GPU whose memory this allocator hands out, or -1 for host memory
  // (which the host may read and write).
  virtual int device_ordinal() const { return -1; }
};

struct AllocatorStats {
  int64_t num_allocs = 0;         // successful Allocate calls, ever
  int64_t num_failed_allocs = 0;  // Allocate calls that returned nullptr
  int64_t bytes_in_use = 0;
  int64_t peak_bytes_in_use = 0;
  int64_t largest_alloc_size = 0;
  int64_t bytes_limit = 0;  // 0: no limit
};

// Host memory from posix_memalign. Thread-safe. Freed blocks of 1 MiB and
// more are kept (up to kMaxCachedBytes) and handed out again for the same
// rounded size: the C library returns large blocks to the kernel on free,
// and touching fresh pages again on every Session::Run cost more than the
// kernels themselves (a 64 MiB output: 16K page faults per run).
class CpuAllocator : public Allocator {
 public:
  // `bytes_limit` caps bytes in use; 0 means no cap.
  explicit CpuAllocator(int64_t bytes_limit = 0) : bytes_limit_(bytes_limit) {}
  ~CpuAllocator() override;

  static constexpr size_t kLargeBlock = size_t{1} << 20;
  static constexpr size_t kMaxCachedBytes = size_t{1} << 29;

  std::string Name() const override { return "cpu"; }
  void* Allocate(size_t bytes, size_t alignment = kTensorAlignment) override;
  void Deallocate(void* ptr, size_t bytes) override;

  AllocatorStats GetStats() const;
  // Sets the peak to the bytes now in use (to measure one phase).
  void ResetPeak();

 private:
  // A cached block of the rounded size, or nullptr.
  void* TakeCached(size_t rounded);

  const int64_t bytes_limit_;
  mutable std::mutex mu_;
  AllocatorStats stats_;  // guarded by mu_
  std::multimap<size_t, void*> cache_;  // rounded size -> block; guarded
  size_t cached_bytes_ = 0;             // guarded by mu_
};

// The process-wide CPU allocator (no limit). Never destroyed, so tensors in
// static storage may outlive main().
Allocator* DefaultCpuAllocator();

}  // namespace kiln

#endif  // KILN_RUNTIME_TENSOR_ALLOCATOR_H_
