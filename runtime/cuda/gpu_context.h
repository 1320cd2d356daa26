// GpuContext: what the executor needs to run a plan's GPU steps on one
// device: the device, the stream every step of every run goes on (stream
// order is what makes freed-and-reused memory safe), the caching
// allocator, cuBLASLt and the PTX modules generated host code launches.
// One per device per process, made on first use with the options
// configured before it (the seeds' per-process memory limit).
//
//   KILN_RETURN_IF_ERROR(kiln::cuda::ConfigureGpu({.memory_limit_bytes = 2 <<
//   30})); KILN_ASSIGN_OR_RETURN(auto gpu, kiln::cuda::GpuContext::Get(0));
//   Tensor t = ... Tensor::Allocate(DT_FLOAT, shape, gpu->tensor_allocator());
#ifndef KILN_RUNTIME_CUDA_GPU_CONTEXT_H_
#define KILN_RUNTIME_CUDA_GPU_CONTEXT_H_

#include <cstddef>
#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <utility>

#include "runtime/base/status.h"
#include "runtime/cuda/caching_allocator.h"
#include "runtime/tensor/allocator.h"

namespace kiln {
namespace cuda {

class Device;
class Stream;
class BlasLt;
class Dnn;
class Module;
struct Kernel;

struct GpuOptions {
  // Cap on the device memory the allocator reserves (0: no cap).
  size_t memory_limit_bytes = 0;
  // float32 matmuls on TF32 tensor cores (10-bit mantissas).
  bool tf32 = false;
};

// Sets the options of contexts made from now on; an error when a context
// already exists with different ones (as TensorFlow's set_memory_growth
// must come before the GPU is initialized).
Status ConfigureGpu(const GpuOptions& options);

class GpuContext {
 public:
  // The process's context of device `ordinal`.
  static StatusOr<std::shared_ptr<GpuContext>> Get(int ordinal);
  ~GpuContext();
  GpuContext(const GpuContext&) = delete;
  GpuContext& operator=(const GpuContext&) = delete;

  Device& device() const { return *device_; }
  Stream& stream() const { return *stream_; }
  // cuBLASLt and cuDNN, loaded (libcublasLt.so.13, libcudnn.so.9) the first
  // time a step asks for them.
  StatusOr<BlasLt*> blas();
  StatusOr<Dnn*> dnn();
  CachingAllocator& memory() const { return *memory_; }
  const GpuOptions& options() const { return options_; }
  // Device memory for Tensors (never to be read on the host).
  Allocator* tensor_allocator() const { return tensor_allocator_.get(); }
  // The kernel `name` of the NUL-terminated PTX at `ptx`, loaded (and
  // JIT-compiled by the driver) the first time it is asked for; generated
  // code passes the same global each time, so the address is the key.
  StatusOr<const Kernel*> Function(const void* ptx, const char* name);

 private:
  GpuContext() = default;
  std::shared_ptr<Device> device_;
  std::unique_ptr<Stream> stream_;
  std::unique_ptr<BlasLt> blas_;  // guarded by mu_ until made
  std::unique_ptr<Dnn> dnn_;      // guarded by mu_ until made
  std::unique_ptr<CachingAllocator> memory_;
  std::unique_ptr<Allocator> tensor_allocator_;
  GpuOptions options_;
  std::mutex mu_;
  std::map<const void*, std::unique_ptr<Module>> modules_;  // guarded
  std::map<std::pair<const void*, std::string>, std::unique_ptr<Kernel>>
      kernels_;  // guarded by mu_
};

}  // namespace cuda
}  // namespace kiln

#endif  // KILN_RUNTIME_CUDA_GPU_CONTEXT_H_
