// ResolveGpuPlacement: SessionOptions::device against the machine.
#include "frontend/device_placement.h"

#include <cctype>
#include <string>

#include "runtime/cuda/driver.h"
#include "runtime/cuda/gpu_context.h"

namespace kiln {
namespace {

enum class Want { kAny, kCpu, kGpu };

// "", "CPU", "GPU", "/device:CPU:0", "/job:.../device:GPU:0", any case.
StatusOr<Want> ParseDevice(const std::string& device) {
  if (device.empty()) return Want::kAny;
  std::string upper;
  for (char c : device) upper += static_cast<char>(std::toupper(c));
  const size_t slash = upper.rfind("DEVICE:");
  std::string kind =
      slash == std::string::npos ? upper : upper.substr(slash + 7);
  if (kind == "CPU" || kind == "CPU:0") return Want::kCpu;
  if (kind == "GPU" || kind == "GPU:0") return Want::kGpu;
  return InvalidArgument("device '" + device +
                         "': expected CPU, GPU, /device:CPU:0 or "
                         "/device:GPU:0 (one GPU per Session)");
}

}  // namespace

StatusOr<bool> ResolveGpuPlacement(const SessionOptions& options) {
  KILN_ASSIGN_OR_RETURN(Want want, ParseDevice(options.device));
  if (want == Want::kCpu) return false;
  if (options.compile.gpu) want = Want::kGpu;  // asked for by the compiler
  StatusOr<int> count = cuda::DeviceCount();
  const bool present = count.ok() && *count > 0;
  if (!present) {
    if (want == Want::kAny) return false;
    return FailedPrecondition("device GPU asked for, and there is none: " +
                              (count.ok()
                                   ? std::string("the driver finds no device")
                                   : count.status().message()));
  }
  cuda::GpuOptions gpu;
  gpu.memory_limit_bytes = options.gpu_memory_limit_bytes;
  gpu.tf32 = options.allow_tf32;
  KILN_RETURN_IF_ERROR(cuda::ConfigureGpu(gpu));
  return true;
}

}  // namespace kiln
