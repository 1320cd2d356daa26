// PTX modules on a device: the driver JIT-compiles the PTX to the device's
// SASS (and caches the result in its compute cache), kernels are looked up
// by name and launched on a stream. A PTX that does not compile is an
// InvalidArgument carrying the JIT's log.
//
//   KILN_ASSIGN_OR_RETURN(auto m, kiln::cuda::Module::LoadPtx(gpu, ptx));
//   KILN_ASSIGN_OR_RETURN(kiln::cuda::Kernel k, m->Function("add_one"));
//   void* args[] = {&out, &in, &n};
//   KILN_RETURN_IF_ERROR(kiln::cuda::Launch(k, {blocks}, {256}, 0, *stream,
//                                           args));
#ifndef KILN_RUNTIME_CUDA_MODULE_H_
#define KILN_RUNTIME_CUDA_MODULE_H_

#include <memory>
#include <string>

#include "runtime/cuda/device.h"

namespace kiln {
namespace cuda {

struct Kernel {
  void* function = nullptr;  // CUfunction
  std::string name;
};

class Module {
 public:
  static StatusOr<std::unique_ptr<Module>> LoadPtx(
      std::shared_ptr<Device> device, const std::string& ptx);
  ~Module();
  Module(const Module&) = delete;
  Module& operator=(const Module&) = delete;
  StatusOr<Kernel> Function(const std::string& name) const;

 private:
  Module(std::shared_ptr<Device> device, void* module)
      : device_(std::move(device)), module_(module) {}
  std::shared_ptr<Device> device_;
  void* module_;  // CUmodule
};

struct Dim3 {
  unsigned x = 1, y = 1, z = 1;
};

// Launches `kernel` with `args` (pointers to each argument's value).
Status Launch(const Kernel& kernel, Dim3 grid, Dim3 block,
              unsigned shared_bytes, Stream& stream, void** args);

}  // namespace cuda
}  // namespace kiln

#endif  // KILN_RUNTIME_CUDA_MODULE_H_
