// GpuContext: one per device and process.
#include "runtime/cuda/gpu_context.h"

#include <vector>

#include "runtime/cuda/blas_lt.h"
#include "runtime/cuda/device.h"
#include "runtime/cuda/dnn.h"
#include "runtime/cuda/module.h"

namespace kiln {
namespace cuda {
namespace {

// Tensors' view of the caching allocator.
class DeviceTensorAllocator : public Allocator {
 public:
  DeviceTensorAllocator(CachingAllocator* memory, int ordinal)
      : memory_(memory), ordinal_(ordinal) {}
  std::string Name() const override { return "gpu"; }
  int device_ordinal() const override { return ordinal_; }
  void* Allocate(size_t bytes, size_t alignment) override {
    if (alignment > 256) return nullptr;  // the allocator aligns to 256
    StatusOr<void*> p = memory_->Allocate(bytes);
    return p.ok() ? *p : nullptr;
  }
  void Deallocate(void* ptr, size_t) override { (void)memory_->Free(ptr); }

 private:
  CachingAllocator* memory_;
  int ordinal_;
};

struct Registry {
  std::mutex mu;
  GpuOptions options;
  std::vector<std::shared_ptr<GpuContext>> contexts;  // by ordinal
};

Registry& registry() {
  static Registry* r = new Registry;  // never destroyed: outlives statics
  return *r;
}

bool SameOptions(const GpuOptions& a, const GpuOptions& b) {
  return a.memory_limit_bytes == b.memory_limit_bytes && a.tf32 == b.tf32;
}

}  // namespace

Status ConfigureGpu(const GpuOptions& options) {
  Registry& r = registry();
  std::lock_guard<std::mutex> lock(r.mu);
  for (const auto& context : r.contexts) {
    if (context != nullptr && !SameOptions(context->options(), options)) {
      return FailedPrecondition(
          "GPU options cannot change once the GPU is in use (memory limit "
          "and TF32 are set before the first GPU run)");
    }
  }
  r.options = options;
  return OkStatus();
}

StatusOr<std::shared_ptr<GpuContext>> GpuContext::Get(int ordinal) {
  Registry& r = registry();
  std::lock_guard<std::mutex> lock(r.mu);
  if (ordinal < 0) return InvalidArgument("negative GPU ordinal");
  if (static_cast<size_t>(ordinal) < r.contexts.size() &&
      r.contexts[ordinal] != nullptr) {
    return r.contexts[ordinal];
  }
  std::shared_ptr<GpuContext> context(new GpuContext);
  KILN_ASSIGN_OR_RETURN(context->device_, Device::Open(ordinal));
  KILN_ASSIGN_OR_RETURN(context->stream_, context->device_->NewStream());
  context->options_ = r.options;
  AllocatorOptions memory;
  memory.limit_bytes = r.options.memory_limit_bytes;
  context->memory_ = std::make_unique<CachingAllocator>(
      std::make_unique<DeviceMemory>(context->device_), memory);
  context->tensor_allocator_ =
      std::make_unique<DeviceTensorAllocator>(context->memory_.get(), ordinal);
  if (r.contexts.size() <= static_cast<size_t>(ordinal)) {
    r.contexts.resize(ordinal + 1);
  }
  r.contexts[ordinal] = context;
  return context;
}

GpuContext::~GpuContext() = default;

StatusOr<BlasLt*> GpuContext::blas() {
  std::lock_guard<std::mutex> lock(mu_);
  if (blas_ == nullptr) {
    KILN_ASSIGN_OR_RETURN(blas_, BlasLt::Create(device_));
  }
  return blas_.get();
}

StatusOr<Dnn*> GpuContext::dnn() {
  std::lock_guard<std::mutex> lock(mu_);
  if (dnn_ == nullptr) {
    KILN_ASSIGN_OR_RETURN(dnn_, Dnn::Create(device_));
  }
  return dnn_.get();
}

StatusOr<const Kernel*> GpuContext::Function(const void* ptx,
                                             const char* name) {
  std::lock_guard<std::mutex> lock(mu_);
  auto key = std::make_pair(ptx, std::string(name));
  auto found = kernels_.find(key);
  if (found != kernels_.end()) return found->second.get();
  std::unique_ptr<Module>& module = modules_[ptx];
  if (module == nullptr) {
    KILN_ASSIGN_OR_RETURN(
        module, Module::LoadPtx(device_, static_cast<const char*>(ptx)));
  }
  KILN_ASSIGN_OR_RETURN(Kernel kernel, module->Function(name));
  auto& slot = kernels_[key];
  slot = std::make_unique<Kernel>(std::move(kernel));
  return slot.get();
}

}  // namespace cuda
}  // namespace kiln
