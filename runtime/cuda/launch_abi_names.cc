// The launch table's names (every build) and its binding.
#include "runtime/cuda/launch_abi.h"

namespace kiln {
namespace cuda {

const std::vector<const char*>& LaunchAbiNames() {
  // LaunchAbiFunctions (launch_abi.cc) lists the same, in this order.
  static const std::vector<const char*> names = {
      "mgpuModuleLoadJIT",     "mgpuModuleLoad",       "mgpuModuleUnload",
      "mgpuModuleGetFunction", "mgpuStreamCreate",     "mgpuStreamDestroy",
      "mgpuStreamSynchronize", "mgpuStreamWaitEvent",  "mgpuEventCreate",
      "mgpuEventDestroy",      "mgpuEventSynchronize", "mgpuEventRecord",
      "mgpuSetDefaultDevice",  "mgpuLaunchKernel",     "mgpuMemAlloc",
      "mgpuMemFree",           "mgpuMemcpy",
  };
  return names;
}

Status BindLaunchAbi(void** table) {
  const std::vector<void*>& functions = LaunchAbiFunctions();
  if (functions.size() != LaunchAbiNames().size()) {
    return FailedPrecondition(
        "the code launches GPU kernels, and this Kiln build has no CUDA "
        "support");
  }
  for (size_t i = 0; i < functions.size(); ++i) table[i] = functions[i];
  return OkStatus();
}

}  // namespace cuda
}  // namespace kiln
