// The CUDA driver API, resolved at run time from libcuda.so.1 (dlopen), so
// Kiln builds and runs on machines without a driver or a GPU. Only
// runtime/cuda/ includes this (it includes cuda.h). Every call's result goes
// through Check, which names the call and the driver's error.
#ifndef KILN_RUNTIME_CUDA_INTERNAL_DRIVER_API_H_
#define KILN_RUNTIME_CUDA_INTERNAL_DRIVER_API_H_

#include <cuda.h>

#include <string>

#include "runtime/base/status.h"

namespace kiln {
namespace cuda {
namespace internal {

// The driver calls Kiln makes (cuda.h's names; versioned symbols resolved).
#define KILN_CUDA_DRIVER_FUNCTIONS(X)                                          \
  X(cuInit)                                                                    \
  X(cuDriverGetVersion)                                                        \
  X(cuDeviceGetCount) X(cuDeviceGet) X(cuDeviceGetName)                        \
      X(cuDeviceGetAttribute) X(cuDeviceTotalMem) X(cuDevicePrimaryCtxRetain)  \
          X(cuDevicePrimaryCtxRelease) X(cuCtxSetCurrent) X(cuMemAlloc) X(     \
              cuMemFree) X(cuMemHostAlloc) X(cuMemFreeHost) X(cuMemGetInfo)    \
              X(cuMemcpyHtoDAsync) X(cuMemcpyDtoHAsync) X(cuMemcpyDtoDAsync)   \
                  X(cuMemsetD8Async) X(cuStreamCreate) X(cuStreamDestroy)      \
                      X(cuStreamSynchronize) X(cuStreamWaitEvent)              \
                          X(cuEventCreate) X(cuEventRecord)                    \
                              X(cuEventSynchronize) X(cuEventElapsedTime)      \
                                  X(cuEventDestroy) X(cuModuleLoadDataEx)      \
                                      X(cuModuleUnload) X(cuModuleGetFunction) \
                                          X(cuLaunchKernel) X(cuGetErrorName)  \
                                              X(cuGetErrorString)

struct DriverApi {
#define KILN_CUDA_API_FIELD(name) decltype(&::name) name = nullptr;
  KILN_CUDA_DRIVER_FUNCTIONS(KILN_CUDA_API_FIELD)
#undef KILN_CUDA_API_FIELD
};

// The loaded and initialized driver, or FailedPrecondition saying why (no
// libcuda.so.1, a missing symbol, cuInit failing).
StatusOr<const DriverApi*> Driver();

// OK for CUDA_SUCCESS; otherwise "<call>[ (<detail>)]: <ERROR_NAME>: <text>"
// with a code that fits (out of memory: ResourceExhausted).
Status Check(CUresult result, const char* call, const std::string& detail = "");

}  // namespace internal
}  // namespace cuda
}  // namespace kiln

#endif  // KILN_RUNTIME_CUDA_INTERNAL_DRIVER_API_H_
