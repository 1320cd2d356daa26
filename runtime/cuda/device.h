// A CUDA device for the runtime: its primary context, raw and pinned
// memory, streams with asynchronous copies, and events. Every driver call's
// failure comes back as a Status naming the call and the driver's error.
// Built only where cuda.h was found (runtime/cuda/driver.h says whether a
// device can be used).
//
//   KILN_ASSIGN_OR_RETURN(auto gpu, kiln::cuda::Device::Open(0));
//   KILN_ASSIGN_OR_RETURN(auto stream, gpu->NewStream());
//   KILN_RETURN_IF_ERROR(stream->CopyToDevice(d, host, bytes));
//   KILN_RETURN_IF_ERROR(stream->Synchronize());
#ifndef KILN_RUNTIME_CUDA_DEVICE_H_
#define KILN_RUNTIME_CUDA_DEVICE_H_

#include <cstddef>
#include <cstdint>
#include <memory>
#include <string>

#include "runtime/base/status.h"
#include "runtime/cuda/caching_allocator.h"
#include "runtime/cuda/driver.h"

namespace kiln {
namespace cuda {

// Element types of the device libraries' calls (cuBLASLt, cuDNN).
enum class GpuType { kF32, kBF16, kF16 };

class Stream;

class Device : public std::enable_shared_from_this<Device> {
 public:
  // Retains device `ordinal`'s primary context (released with the last
  // reference).
  static StatusOr<std::shared_ptr<Device>> Open(int ordinal);
  ~Device();
  Device(const Device&) = delete;
  Device& operator=(const Device&) = delete;

  const DeviceInfo& info() const { return info_; }
  std::string name() const { return "GPU:" + std::to_string(info_.ordinal); }
  // Makes the context current on the calling thread (each call here does).
  Status MakeCurrent() const;

  StatusOr<void*> AllocateRaw(size_t bytes);
  Status FreeRaw(void* ptr);
  // Page-locked host memory (fast, truly asynchronous copies).
  StatusOr<void*> AllocatePinned(size_t bytes);
  Status FreePinned(void* ptr);
  // (free, total) device bytes.
  StatusOr<std::pair<size_t, size_t>> MemoryInfo();
  StatusOr<std::unique_ptr<Stream>> NewStream();

 private:
  Device() = default;
  DeviceInfo info_;
  int handle_ = 0;           // CUdevice
  void* context_ = nullptr;  // CUcontext
};

class Stream {
 public:
  ~Stream();
  Stream(const Stream&) = delete;
  Stream& operator=(const Stream&) = delete;

  // Asynchronous in stream order; host memory should be pinned for the
  // copies to overlap (pageable memory works, synchronously).
  Status CopyToDevice(void* device_dst, const void* host_src, size_t bytes);
  Status CopyToHost(void* host_dst, const void* device_src, size_t bytes);
  Status CopyOnDevice(void* device_dst, const void* device_src, size_t bytes);
  Status Memset(void* device_dst, uint8_t value, size_t bytes);
  Status Synchronize();
  void* handle() const { return stream_; }  // CUstream
  Device& device() const { return *device_; }

 private:
  friend class Device;
  Stream(std::shared_ptr<Device> device, void* stream)
      : device_(std::move(device)), stream_(stream) {}
  std::shared_ptr<Device> device_;
  void* stream_;
};

// A point in a stream's work, for timing and cross-stream waits.
class Event {
 public:
  static StatusOr<std::unique_ptr<Event>> Create(std::shared_ptr<Device> d);
  ~Event();
  Status Record(Stream& stream);
  Status Synchronize();
  // Milliseconds from `start` to this event (both recorded and done).
  StatusOr<float> ElapsedMsSince(const Event& start) const;

 private:
  Event(std::shared_ptr<Device> device, void* event)
      : device_(std::move(device)), event_(event) {}
  std::shared_ptr<Device> device_;
  void* event_;
};

// A device's memory as the CachingAllocator's segments.
class DeviceMemory : public MemoryBackend {
 public:
  explicit DeviceMemory(std::shared_ptr<Device> device)
      : device_(std::move(device)) {}
  StatusOr<void*> Allocate(size_t bytes) override {
    return device_->AllocateRaw(bytes);
  }
  void Free(void* ptr, size_t) override { (void)device_->FreeRaw(ptr); }
  std::string name() const override { return device_->name(); }

 private:
  std::shared_ptr<Device> device_;
};

}  // namespace cuda
}  // namespace kiln

#endif  // KILN_RUNTIME_CUDA_DEVICE_H_
