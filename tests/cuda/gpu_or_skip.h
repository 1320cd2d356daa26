// The device the GPU tests use: device 0, or null after a Catch WARN saying
// why there is none (the test then returns and passes: CI has no GPU).
#ifndef KILN_TESTS_CUDA_GPU_OR_SKIP_H_
#define KILN_TESTS_CUDA_GPU_OR_SKIP_H_

#include <catch2/catch.hpp>
#include <memory>

#include "runtime/cuda/device.h"

namespace kiln {
namespace cuda {

inline std::shared_ptr<Device> GpuOrSkip() {
  StatusOr<int> count = DeviceCount();
  if (!count.ok() || *count == 0) {
    WARN("no CUDA device, GPU test skipped: "
         << (count.ok() ? "the driver found no device"
                        : count.status().ToString()));
    return nullptr;
  }
  StatusOr<std::shared_ptr<Device>> d = Device::Open(0);
  INFO(d.status().ToString());
  REQUIRE(d.ok());
  return *d;
}

}  // namespace cuda
}  // namespace kiln

#endif  // KILN_TESTS_CUDA_GPU_OR_SKIP_H_
