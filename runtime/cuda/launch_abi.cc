// mgpu* over GpuContext: see launch_abi.h.
#include "runtime/cuda/launch_abi.h"

#include <cstdint>
#include <cstdio>

#include "runtime/cuda/device.h"
#include "runtime/cuda/gpu_context.h"
#include "runtime/cuda/module.h"

namespace kiln {
namespace cuda {
namespace {

thread_local LaunchScope* current_scope = nullptr;

// The scope of a call that may proceed; null (after noting why) otherwise.
LaunchScope* ActiveScope(const char* call) {
  LaunchScope* scope = current_scope;
  if (scope == nullptr) {
    std::fprintf(stderr,
                 "kiln: %s called outside a GPU step (no LaunchScope)\n", call);
    return nullptr;
  }
  return scope->status().ok() ? scope : nullptr;
}

// A stand-in for objects the single-stream model does not need (events).
char placeholder;

}  // namespace

LaunchScope::LaunchScope(GpuContext* context)
    : context_(context), outer_(current_scope) {
  current_scope = this;
}

LaunchScope::~LaunchScope() { current_scope = outer_; }

void LaunchScope::Fail(Status status) {
  if (status_.ok()) status_ = std::move(status);
}

}  // namespace cuda
}  // namespace kiln

using kiln::cuda::ActiveScope;
using kiln::cuda::LaunchScope;

extern "C" {

// The module handle is the PTX's address: GpuContext caches by it.
void* mgpuModuleLoadJIT(void* ptx, int /*opt_level*/) { return ptx; }
void* mgpuModuleLoad(void* ptx, size_t /*size*/) { return ptx; }
void mgpuModuleUnload(void* /*module*/) {}

void* mgpuModuleGetFunction(void* module, const char* name) {
  LaunchScope* scope = ActiveScope("mgpuModuleGetFunction");
  if (scope == nullptr) return nullptr;
  kiln::StatusOr<const kiln::cuda::Kernel*> kernel =
      scope->context()->Function(module, name);
  if (!kernel.ok()) {
    scope->Fail(kernel.status());
    return nullptr;
  }
  return const_cast<kiln::cuda::Kernel*>(*kernel);
}

void* mgpuStreamCreate() {
  LaunchScope* scope = ActiveScope("mgpuStreamCreate");
  return scope ? scope->context()->stream().handle() : nullptr;
}
void mgpuStreamDestroy(void* /*stream*/) {}
void mgpuStreamSynchronize(void* /*stream*/) {}
void mgpuStreamWaitEvent(void* /*stream*/, void* /*event*/) {}
void* mgpuEventCreate() { return &kiln::cuda::placeholder; }
void mgpuEventDestroy(void* /*event*/) {}
void mgpuEventSynchronize(void* /*event*/) {}
void mgpuEventRecord(void* /*event*/, void* /*stream*/) {}
void mgpuSetDefaultDevice(int32_t /*device*/) {}

void mgpuLaunchKernel(void* function, intptr_t gx, intptr_t gy, intptr_t gz,
                      intptr_t bx, intptr_t by, intptr_t bz, int32_t smem,
                      void* /*stream*/, void** params, void** /*extra*/,
                      size_t /*param_count*/) {
  LaunchScope* scope = ActiveScope("mgpuLaunchKernel");
  if (scope == nullptr || function == nullptr) return;
  if (gx <= 0 || gy <= 0 || gz <= 0) return;  // an empty problem
  if (gx > INT32_MAX || gy > 65535 || gz > 65535) {
    scope->Fail(kiln::InvalidArgument(
        "GPU kernel grid too large: " + std::to_string(gx) + " x " +
        std::to_string(gy) + " x " + std::to_string(gz) + " blocks"));
    return;
  }
  const auto* kernel = static_cast<const kiln::cuda::Kernel*>(function);
  kiln::cuda::Dim3 grid{static_cast<unsigned>(gx), static_cast<unsigned>(gy),
                        static_cast<unsigned>(gz)};
  kiln::cuda::Dim3 block{static_cast<unsigned>(bx), static_cast<unsigned>(by),
                         static_cast<unsigned>(bz)};
  scope->Fail(kiln::cuda::Launch(*kernel, grid, block,
                                 static_cast<unsigned>(smem),
                                 scope->context()->stream(), params));
}

void* mgpuMemAlloc(uint64_t bytes, void* /*stream*/, bool /*host_shared*/) {
  LaunchScope* scope = ActiveScope("mgpuMemAlloc");
  if (scope == nullptr) return nullptr;
  kiln::StatusOr<void*> p = scope->context()->memory().Allocate(bytes);
  if (!p.ok()) {
    scope->Fail(p.status());
    return nullptr;
  }
  return *p;
}

void mgpuMemFree(void* ptr, void* /*stream*/) {
  LaunchScope* scope = kiln::cuda::current_scope;
  if (scope != nullptr && ptr != nullptr) {
    scope->Fail(scope->context()->memory().Free(ptr));
  }
}

void mgpuMemcpy(void* dst, void* src, size_t bytes, void* /*stream*/) {
  LaunchScope* scope = ActiveScope("mgpuMemcpy");
  if (scope == nullptr) return;
  scope->Fail(scope->context()->stream().CopyOnDevice(dst, src, bytes));
}

}  // extern "C"

namespace kiln {
namespace cuda {

const std::vector<void*>& LaunchAbiFunctions() {
  // In LaunchAbiNames' order (launch_abi_names.cc).
  static const std::vector<void*> functions = {
#define KILN_MGPU(name) reinterpret_cast<void*>(&name)
      KILN_MGPU(mgpuModuleLoadJIT),
      KILN_MGPU(mgpuModuleLoad),
      KILN_MGPU(mgpuModuleUnload),
      KILN_MGPU(mgpuModuleGetFunction),
      KILN_MGPU(mgpuStreamCreate),
      KILN_MGPU(mgpuStreamDestroy),
      KILN_MGPU(mgpuStreamSynchronize),
      KILN_MGPU(mgpuStreamWaitEvent),
      KILN_MGPU(mgpuEventCreate),
      KILN_MGPU(mgpuEventDestroy),
      KILN_MGPU(mgpuEventSynchronize),
      KILN_MGPU(mgpuEventRecord),
      KILN_MGPU(mgpuSetDefaultDevice),
      KILN_MGPU(mgpuLaunchKernel),
      KILN_MGPU(mgpuMemAlloc),
      KILN_MGPU(mgpuMemFree),
      KILN_MGPU(mgpuMemcpy),
#undef KILN_MGPU
  };
  return functions;
}

}  // namespace cuda
}  // namespace kiln
