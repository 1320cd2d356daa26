// What the CUDA driver says about the machine. The driver is loaded on first
// use (libcuda.so.1 via dlopen), so a Kiln program runs, on the CPU, where
// there is no driver or no GPU: these calls then say why.
//
//   StatusOr<int> n = kiln::cuda::DeviceCount();
//   if (n.ok() && *n > 0) ... kiln::cuda::GetDeviceInfo(0)->name ...
#ifndef KILN_RUNTIME_CUDA_DRIVER_H_
#define KILN_RUNTIME_CUDA_DRIVER_H_

#include <cstddef>
#include <string>

#include "runtime/base/status.h"

namespace kiln {
namespace cuda {

struct DeviceInfo {
  int ordinal = 0;
  std::string name;  // "NVIDIA H100 80GB HBM3"
  int compute_major = 0, compute_minor = 0;
  int multiprocessors = 0;
  size_t total_bytes = 0;
};

// The number of devices (0 when the driver finds none); FailedPrecondition when
// this build has no CUDA or the driver cannot be loaded, saying which.
StatusOr<int> DeviceCount();
StatusOr<DeviceInfo> GetDeviceInfo(int ordinal);

}  // namespace cuda
}  // namespace kiln

#endif  // KILN_RUNTIME_CUDA_DRIVER_H_
